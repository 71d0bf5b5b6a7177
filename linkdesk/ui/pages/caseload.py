"""Caseload: the children and young people on this desk, open ones by default.

Filter by open, closed or all and by school; typing filters at once across every column. Enter in
the search opens a case only when the search leaves exactly one (with several it says to choose:
Down moves into the list, where Enter or a double click opens the chosen case). Names are shown
only outside privacy mode (Ctrl+Shift+P), and then in a column of their own, so the case column
is the same in both modes. "New child…" (Ctrl+N) opens the form for a child or young person;
once saved, their record opens.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLineEdit

from linkdesk.services.app_services import Services
from linkdesk.services.caseload_view import CaseloadRow, CaseloadView
from linkdesk.services.casework import Casework
from linkdesk.ui import theme
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.cyp_form import CypFormDialog, HoldsCypForm
from linkdesk.ui.errors import user_message
from linkdesk.ui.forms import choice_box, set_choice
from linkdesk.ui.models import case_columns
from linkdesk.ui.models.table import TableModel
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, sorted_filtered
from linkdesk.ui.widgets import button, card, em, row, stack_when_narrow, text

#: Below this many line heights of page width "New child…" goes under the filters.
NARROW_EM = 66
STATUSES = {"open": "Open cases", "closed": "Closed cases", "all": "All cases"}
NAME_COLUMN = 1

Loaded = tuple[list[CaseloadRow], list[tuple[str, str]]]


def _load(cw: Casework) -> Loaded:
    view = CaseloadView(cw)
    return view.rows(), view.schools()


class CaseloadPage(HoldsCypForm, Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.rows: list[CaseloadRow] = []
        self.dialog: CypFormDialog | None = None
        self.subtitle = self.add_heading("Caseload", "Loading…", record=True)
        frame, body = card()
        self.status = choice_box("caseloadStatus", STATUSES)
        self.school = choice_box("caseloadSchool", {}, empty="All schools")
        self.school.setMinimumWidth(em(self, 14))
        self.search = QLineEdit()
        self.search.setObjectName("caseloadSearch")
        self.search.setPlaceholderText("Type initials, a code, a school, a referral or a flag")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(em(self, 12))  # grows to 26 where the window has room
        self.search.setMaximumWidth(em(self, 26))
        self.new_button = button("New child…   Ctrl+N", name="new_child")
        self.new_button.setAccessibleName("New child or young person")
        self.new_button.clicked.connect(self.new_record)
        gap = em(self, 0.6)
        filters = row(
            label_for("Sho&w", self.status),
            self.status,
            label_for("Sch&ool", self.school),
            self.school,
            label_for("&Search", self.search),
            self.search,
            None,
            spacing=gap,
        )
        filters.setStretchFactor(self.search, 1)
        self.tools = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.tools.setSpacing(gap)
        self.tools.addLayout(filters, 1)
        self.tools.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignRight)
        body.addLayout(self.tools)
        self.model = TableModel(case_columns.caseload(services.today(), session.privacy), colours, self)
        self.proxy = sorted_filtered(self.model)
        self.proxy.setParent(self)
        self.table = Table(self.proxy, "caseloadTable", "Caseload")
        self.table.setSortingEnabled(True)
        self.table.set_widths(11, 8, 9.5, 4.6, 5.4, 5, 8.3, 7, 0)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.on_open(self._open)
        self.table.setMinimumHeight(em(self, 24))
        body.addWidget(self.table, 1)
        self.shown = text("", "caption", record=True)
        self.shown.setObjectName("caseloadShown")
        body.addWidget(self.shown)
        self.problem = text("", "error")
        self.problem.hide()
        body.addWidget(self.problem)
        self.layout_.addWidget(frame, 1)
        self.status.currentIndexChanged.connect(self._refilter)
        self.school.currentIndexChanged.connect(self._refilter)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._open_only_match)
        self.search.installEventFilter(self)
        self.setFocusProxy(self.search)
        session.privacy.changed.connect(self._privacy)
        self._privacy(session.privacy.on)

    # -- loading ------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        stack_when_narrow(self.tools, self, event.size().width(), NARROW_EM)
        super().resizeEvent(event)

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.session.casework(_load, self._loaded, self._failed, self)

    def _loaded(self, data: Loaded) -> None:
        rows, schools = data
        self.problem.hide()
        self.rows = rows
        chosen = self.school.currentData()
        self.school.blockSignals(True)
        self.school.clear()
        self.school.addItem("All schools", None)
        for school_id, name in schools:
            self.school.addItem(name, school_id)
        set_choice(self.school, chosen)
        self.school.blockSignals(False)
        self.model.columns = tuple(case_columns.caseload(self.services.today(), self.session.privacy))
        self._refilter()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _refilter(self) -> None:
        status, school = self.status.currentData(), self.school.currentData()
        shown = [r for r in self.rows if status in ("all", r.status) and school in (None, r.school_id)]
        self.model.set_rows(shown)
        open_count = sum(1 for r in self.rows if r.status == "open")
        stalled = sum(1 for r in self.rows if r.status == "open" and r.referral and r.referral.stalled)
        risk = sum(1 for r in self.rows if r.status == "open" and r.risk)
        facts = [f"{open_count} open", f"{len(self.rows) - open_count} closed"]
        if stalled:
            facts.append(f"{stalled} with a stalled referral")
        if risk:
            facts.append(f"{risk} with a risk item on their latest measure")
        if self.subtitle is not None:
            self.subtitle.setText(
                " · ".join(facts) if self.rows else "No cases yet: they are opened from a case discussion."
            )
        self._search(self.search.text())

    def _search(self, value: str) -> None:
        self.proxy.setFilterFixedString(value.strip())
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.shown.setText(
            f"Showing {shown} of {total}" if value.strip() else f"{total} shown · Enter opens the case"
        )

    def _privacy(self, on: bool) -> None:
        self.table.setColumnHidden(NAME_COLUMN, on)
        self.model.set_rows(self.model.rows())  # redraw every cell through Privacy.name

    # -- opening ------------------------------------------------------------------------------------

    def _open_only_match(self) -> None:
        """Enter in the search: open the one case it leaves; with several, say how to choose one."""
        count = self.proxy.rowCount()
        if count == 1:
            self.table.selectRow(0)
            self._open(self.table.current_row())
        elif count > 1:
            self.shown.setText(f"{count} cases match: type more, or press Down to choose one, then Enter.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        if watched is self.search and event.type() == QEvent.Type.KeyPress and down and self.proxy.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _open(self, case: CaseloadRow) -> None:
        self.open_requested.emit("cyp", case.id)

    def new_record(self) -> bool:
        """Ctrl+N here: a new child, at the school chosen in the filter if one is."""
        school = self.school.currentData()
        self.child_form({"school_id": school} if school else None)
        return True

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()
