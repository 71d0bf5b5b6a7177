"""The unlocked shell: the navigation list on the left and the pages beside it.

On a narrow window (a small screen, or high display scaling) the list shows its icons only,
each named by its tooltip and accessible text, to leave the room to the page.

A shell exists only while the store is open. On lock the window wipes it and destroys it, so
nothing of the records stays in the widget tree; the next unlock builds a new one. Each page is
built (and its module imported) on its first visit, through the page catalog (``pages/catalog.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkdesk.services.app_services import Services
from linkdesk.ui import drafts, theme
from linkdesk.ui.desk_facts import DeskFacts
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import (
    DETAIL_PAGES,
    DETAIL_PARENTS,
    NAV_PAGES,
    NavPage,
    nav_shortcuts,
    page_class,
)
from linkdesk.ui.session import Session
from linkdesk.ui.sync_banner import DataAgeBanner
from linkdesk.ui.widgets import em, icon_label, text

#: Below this many line heights of window width the page list shows its icons only.
NARROW_NAV_EM = 70
NAV_EM, NARROW_PANEL_EM = 11.5, 3.6


class Pages(Mapping[str, Page]):
    """Every page the shell can show, by key; each is built the first time it is asked for.

    ``built`` holds the pages made so far (what locking wipes and asks for drafts)."""

    def __init__(
        self, specs: Iterable[NavPage], build: Callable[[NavPage], Page], on_built: Callable[[Page], None]
    ) -> None:
        self._specs = {spec.key: spec for spec in specs}
        self._build = build
        self._on_built = on_built
        self.built: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        page = self.built.get(key)
        if page is None:
            page = self.built[key] = self._build(self._specs[key])
            self._on_built(page)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


class Shell(QWidget):
    #: The page shown changed (its key).
    page_changed = Signal(str)
    #: A page was built (on its first visit): the window connects to it.
    page_built = Signal(object)

    def __init__(
        self, session: Session, services: Services, colours: theme.Colours, lock_action: QAction
    ) -> None:
        super().__init__()
        self.setObjectName("Shell")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        panel = self._nav_panel(colours, lock_action)
        self.stack = QStackedWidget()
        self.stack.setObjectName("PageStack")
        self._context = (session, services, colours)
        self._facts: DeskFacts | None = None
        self.pages = Pages((*NAV_PAGES, *DETAIL_PAGES), self._build, self.page_built.emit)
        keys = nav_shortcuts()
        for spec in NAV_PAGES:
            item = QListWidgetItem(theme.icon(spec.icon, colours.subtle, colours.accent), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} ({keys[spec.key]})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spec.title)
            item.setSizeHint(QSize(0, em(self, 2.3)))
            self.nav.addItem(item)
        #: What each record page was opened from, to go back to.
        self.opened_from: dict[str, str] = {}
        #: Hazard H4: a teammate's laptop not heard from for too long, above every page of records.
        self.banner = DataAgeBanner(session, services, colours)
        self.banner.open_sync.connect(lambda: self.show_page("sync"))
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        main.addWidget(self.banner)
        main.addWidget(self.stack, 1)
        layout.addWidget(panel)
        layout.addLayout(main, 1)
        self.nav.setCurrentRow(0)  # highlighted only: no page is built until the window shows one
        self.nav.currentRowChanged.connect(self._row_changed)

    def _nav_panel(self, colours: theme.Colours, lock_action: QAction) -> QFrame:
        """The page list with the app's name above it and Lock now below (filled by the caller)."""
        self.panel = panel = QFrame()
        panel.setObjectName("NavPanel")
        panel.setFixedWidth(em(self, NAV_EM))
        self.nav_narrow = False
        side = QVBoxLayout(panel)
        side.setContentsMargins(em(self, 0.5), em(self, 0.9), em(self, 0.5), em(self, 0.6))
        side.setSpacing(em(self, 0.3))
        brand = QHBoxLayout()
        brand.setContentsMargins(em(self, 0.6), 0, 0, em(self, 0.5))
        brand.setSpacing(em(self, 0.4))
        brand.addWidget(icon_label("lock", colours.accent, em(self, 1.1)))
        self.brand_name = text("LinkDesk", "brand", wrap=False)
        brand.addWidget(self.brand_name, 1)
        side.addLayout(brand)

        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setAccessibleName("Pages")
        self.nav.setAccessibleDescription(
            "Choose a page; Ctrl+1 to Ctrl+9 jump straight to one, Ctrl+T to Tasks"
        )
        self.nav.setIconSize(QSize(em(self, 1.15), em(self, 1.15)))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(em(self, 0.08))
        side.addWidget(self.nav, 1)
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("navLock")
        self.lock_button.setDefaultAction(lock_action)
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.lock_button.setIcon(theme.icon("lock", colours.text))
        self.lock_button.setText("Lock now")
        self.lock_button.setAccessibleName("Lock now")
        self.lock_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        side.addWidget(self.lock_button)
        return panel

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.set_narrow_nav(event.size().width() < em(self, NARROW_NAV_EM))
        super().resizeEvent(event)

    def set_narrow_nav(self, narrow: bool) -> None:
        """Show the page list as icons only (``narrow``) or with the pages' names."""
        if narrow == self.nav_narrow:
            return
        self.nav_narrow = narrow
        self.panel.setFixedWidth(em(self, NARROW_PANEL_EM if narrow else NAV_EM))
        self.brand_name.setVisible(not narrow)
        for row, spec in enumerate(NAV_PAGES):
            self.nav.item(row).setText("" if narrow else spec.title)
        self.lock_button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonIconOnly if narrow else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )

    def draft_pages(self, stored: dict[str, str]) -> list[Page]:
        """The pages the drafts belong to (a draft's name starts with its page's key), built now."""
        return [self.pages[key] for key in drafts.page_keys(stored) if key in self.pages]

    def set_facts(self, facts: DeskFacts) -> None:
        """The desk facts for every page built so far, and for each one built from now on."""
        self._facts = facts
        for page in self.pages.built.values():
            page.set_facts(facts)

    def _build(self, spec: NavPage) -> Page:
        page = page_class(spec.key)(spec, *self._context)
        page.set_facts(self._facts)
        self.stack.addWidget(page)
        page.open_requested.connect(self.open_record)
        return page

    @property
    def current_key(self) -> str:
        page = self.stack.currentWidget()
        return page.spec.key if isinstance(page, Page) else NAV_PAGES[0].key

    @property
    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def show_page(self, key: str) -> None:
        if key in DETAIL_PARENTS:
            self._show(key)
            return
        row = self._nav_row(key)
        if row < 0:
            raise KeyError(key)
        if row == self.nav.currentRow():
            self._show(key)
        else:
            self.nav.setCurrentRow(row)

    def open_record(self, key: str, record_id: str) -> None:
        """Show page ``key`` (school, discussion) for one record; Back returns to where it was opened.

        ``key`` "back" goes back instead (a record page asking to be left).
        """
        if key == "back":
            self.back()
            return
        if self.current_key != key:
            self.opened_from[key] = self.current_key
        self.pages[key].show_record(record_id)
        self._show(key)

    def back(self) -> None:
        """From a record page to the page it was opened from (or its parent in the navigation)."""
        key = self.current_key
        if key in DETAIL_PARENTS:
            self.show_page(self.opened_from.get(key, DETAIL_PARENTS[key]))

    def _nav_row(self, key: str) -> int:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                return row
        return -1

    def _show(self, key: str) -> None:
        fresh = key not in self.pages.built
        page = self.pages[key]
        row = self._nav_row(DETAIL_PARENTS.get(key, key))
        if row != self.nav.currentRow():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.stack.setCurrentWidget(page)
        if not (fresh and page.loads_as_built):
            page.activated()
        self.banner.set_page(key)
        self.banner.refresh()
        self.page_changed.emit(key)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self._show(str(self.nav.item(row).data(Qt.ItemDataRole.UserRole)))

    def wipe(self) -> None:
        """Clear every page's forms, labels and models (before the shell is destroyed)."""
        self.banner.wipe()
        for page in self.pages.built.values():
            page.wipe()
