"""Search everything (Ctrl+F): a small window over the app with results grouped by kind.

Typing waits a moment (debounced) before the search runs on the DB worker; a result that arrives
for an older query is dropped. Down moves from the box into the results, where Enter opens the
chosen result on its page and closes the window. Enter in the box opens a result only when the
search finds exactly one (with several it says to choose); Escape closes the window; Ctrl+L locks.
The last query and its results stay until LinkDesk locks, so Ctrl+F, Enter, Alt+Left walks
through them one by one.
The children's names (for the redactor) are indexed on the DB worker right after unlock, so the
first search is as quick as the next.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from linkdesk.services.casework import Casework
from linkdesk.services.search_view import MIN_QUERY, Hit, Results, SearchView
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.lock import reach_lock
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import em, row, text

DEBOUNCE_MS = 250
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
NO_PAGE = "There is no page for this kind of record yet."


class SearchIndex:
    """The search window's view of the store from unlock to lock, with the children's names
    indexed in the background right after unlock (``prepare``). It is made and used only on the
    DB worker, whose jobs run in order, so a search always finds the index already built."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ready = False
        self._view: SearchView | None = None

    def prepare(self) -> None:
        self.session.casework(self._build, self._built, background=True)

    def _build(self, casework: Casework) -> None:
        self._view = SearchView(casework.records)
        self._view.prepare()

    def _built(self, _none: None) -> None:
        self.ready = True

    def search(self, casework: Casework, query: str, show_names: bool) -> Results:
        """On the DB worker: the grouped results for ``query``."""
        if self._view is None:
            self._build(casework)
        assert self._view is not None
        self._view.show_names = show_names
        return self._view.search(query)


class SearchPopup(QDialog):
    #: Open a record's page: (page key, record id).
    open_requested = Signal(str, str)

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        show_names: bool = False,
        index: SearchIndex | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.show_names = show_names
        self.index = index or SearchIndex(session)
        self.results: Results | None = None
        self._asked = ""
        #: Enter was pressed before the answer came: open it when it is the only one.
        self._open_when_one = False
        self.setObjectName("searchPopup")
        self.setWindowTitle("Search LinkDesk")
        self.setModal(False)
        layout = QVBoxLayout(self)
        margin = em(self, 1.0)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(em(self, 0.5))
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Schools, cases by initials or code, notes, actions, agencies…")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        layout.addLayout(row(label_for("&Search", self.box), self.box, spacing=em(self, 0.6)))
        self.status = text("Type at least two letters.", "caption", record=True)
        self.status.setObjectName("searchStatus")
        layout.addWidget(self.status)
        self.tree = QTreeWidget()
        self.tree.setObjectName("searchResults")
        self.tree.setAccessibleName("Search results")
        self.tree.setAccessibleDescription("Grouped by kind; Enter opens the result")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemsExpandable(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setColumnWidth(0, em(self, 27))
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        layout.addWidget(self.tree, 1)
        keys = "↓ to the results · Enter opens · Esc closes · Alt+Left goes back to where you were"
        layout.addWidget(text(keys, "caption"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_query)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self._enter)
        self.resize(em(self, 54), em(self, 28))
        if parent is not None:
            reach_lock(self, parent)

    # -- showing ----------------------------------------------------------------------------------

    def popup(self) -> None:
        """Show over the window, with the last query selected so typing replaces it."""
        parent = self.parentWidget()
        if parent is not None:
            window = parent.window()
            centre = window.geometry().center()
            self.move(centre.x() - self.width() // 2, window.geometry().top() + em(self, 4))
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus()
        self.box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        if watched is self.box and event.type() == QEvent.Type.KeyPress and down and self._hit_items():
            self.tree.setFocus()
            self._select_first()
            return True
        return super().eventFilter(watched, event)

    # -- searching --------------------------------------------------------------------------------

    def run_query(self) -> None:
        self.timer.stop()
        query = self.box.text().strip()
        self._asked = query
        if len(query) < MIN_QUERY:
            self.results = None
            self.tree.clear()
            self.status.setText("Type at least two letters.")
            return
        show, index = self.show_names, self.index
        self.session.casework(lambda cw: index.search(cw, query, show), self._show, self._failed, self)

    def _show(self, results: Results) -> None:
        if results.query != self._asked:
            return  # an older query's answer
        self.results = results
        self.tree.clear()
        for group in results.groups:
            heading = QTreeWidgetItem([f"{group.title}  ({len(group.hits) + group.more})", ""])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            self.tree.addTopLevelItem(heading)
            for hit in group.hits:
                item = QTreeWidgetItem([hit.title, hit.snippet])
                item.setData(0, HIT_ROLE, hit)
                item.setToolTip(0, hit.title)
                item.setToolTip(1, hit.snippet)
                if not hit.page:
                    item.setForeground(0, self.palette().placeholderText())
                heading.addChild(item)
            if group.more:
                more = QTreeWidgetItem([f"and {group.more} more: add a word to narrow the search", ""])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                more.setForeground(0, self.palette().placeholderText())
                heading.addChild(more)
        self.tree.expandAll()
        count = results.count
        self.status.setText(
            f"{count} result{'s' if count != 1 else ''} for “{results.query}”, newest first"
            if count
            else f"Nothing found for “{results.query}”."
        )
        self._select_first()
        if self._open_when_one:
            self._open_when_one = False
            self._open_only_one()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(user_message(exc))

    def _hit_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for n in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(n)
            for c in range(group.childCount() if group is not None else 0):
                assert group is not None
                child = group.child(c)
                if child is not None and child.data(0, HIT_ROLE):
                    items.append(child)
        return items

    def _select_first(self) -> None:
        items = self._hit_items()
        if items:
            self.tree.setCurrentItem(items[0])

    # -- opening ----------------------------------------------------------------------------------

    def _enter(self) -> None:
        """Enter in the box: open the result only when there is exactly one (once it has come)."""
        if self.timer.isActive() or self.box.text().strip() != self._asked:
            self._open_when_one = True
            self.run_query()
            return
        self._open_only_one()

    def _open_only_one(self) -> None:
        results = self.results
        if results is None or results.count == 0:
            return
        if results.count == 1:
            self.open_item(None)
        else:
            self.status.setText(
                f"{results.count} results for “{results.query}”: press Down to choose one, then Enter, "
                "or add a word."
            )

    def open_item(self, item: QTreeWidgetItem | None) -> None:
        items = self._hit_items()
        item = item or (items[0] if items else None)
        hit = item.data(0, HIT_ROLE) if item is not None else None
        if not isinstance(hit, Hit):
            return
        if not hit.page:
            self.status.setText(NO_PAGE)
            return
        self.hide()
        self.open_requested.emit(hit.page, hit.page_id)

    def wipe(self) -> None:
        """Forget the query and every result (before LinkDesk locks)."""
        self.timer.stop()
        self.box.clear()
        self.tree.clear()
        self.status.clear()
        self.results = None


class SearchLauncher(QObject):
    """The window's end of Ctrl+F: makes the search window over the shell, forgets it on lock.

    The window it serves has ``shell``, ``session``, ``privacy`` and ``show_message``.
    """

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.popup: SearchPopup | None = None
        self.index: SearchIndex | None = None
        #: Index the names after each unlock (a screenshot turns it off: it has no search window).
        self.indexing = True

    def prepare(self, session: Session) -> None:
        """After unlock: index the names for search in the background, before the first search
        (once the first page has its records, so as not to slow it)."""
        self.index = SearchIndex(session)
        if self.indexing:
            session.runner.when_idle(self.index.prepare)

    def show(self, _checked: bool = False) -> None:
        shell, session = self.window.shell, self.window.session
        if shell is None or session is None:
            return
        show_names = not session.privacy.on
        if self.popup is None:
            self.popup = SearchPopup(session, shell, show_names=show_names, index=self.index)
            self.popup.open_requested.connect(self.open_hit)
        if self.popup.show_names != show_names and self.popup.results is not None:
            self.popup.show_names = show_names
            self.popup.run_query()
        self.popup.popup()

    def open_hit(self, key: str, record_id: str) -> None:
        shell = self.window.shell
        if shell is None:
            return
        if key not in shell.pages:
            self.window.show_message("That record's page is not in this version yet.", 8000)
            return
        shell.open_record(key, record_id)
        self.window.activateWindow()

    def forget(self) -> None:
        """Before the shell is destroyed on lock: the window and its results go with it."""
        self.index = None
        if self.popup is not None:
            self.popup.wipe()
            self.popup.hide()
            self.popup = None
