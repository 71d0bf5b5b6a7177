"""Today: the first page after unlocking. Today's and this week's visits on the left; on the right,
the prep sheet of the chosen visit (domain.md §3.2). Ctrl+N plans a visit; Ctrl+D, Enter or a double
click on a visit opens its case discussion form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.me import Me, read_me, whose
from linkdesk.services.school_view import VisitRow
from linkdesk.services.visit_day import Agenda, PrepSheet, VisitDay
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.desk_facts import DeskFacts
from linkdesk.ui.errors import user_message
from linkdesk.ui.models import columns
from linkdesk.ui.models.table import TableModel, rows_of
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.prep import PrepView
from linkdesk.ui.plan_visit import PlansVisits, PlanVisitPanel
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.whose_choice import MeNudge, WhoseChoice
from linkdesk.ui.widgets import button, card, em, stack_when_narrow, text

#: The agenda's sections: key, what "none" says.
SECTIONS = (
    ("todays", "No visits today."),
    ("to_write_up", ""),
    ("this_week", "No other visits this week."),
    ("following", "No visits planned next week."),
)


#: Below this many line heights of page width the prep sheet goes under the visits.
NARROW_EM = 60

KEYS = (
    ("Up, Down", "Choose a visit and see its prep sheet"),
    ("Enter", "Record its case discussion"),
    ("Ctrl+N", "Plan a visit"),
    ("Ctrl+L", "Lock now; unsaved work is kept"),
    ("F1", "Every shortcut"),
)


def long_date(services: Services) -> str:
    return L.long_date(services.today())


def span(first: date, last: date) -> str:
    start = f"{first:%a} {first.day}" + ("" if first.month == last.month else f" {first:%b}")
    return f"{start} – {last:%a} {last.day} {last:%b}"


def load_day(
    casework: Casework, wanted: str | None, mine: Callable[[Me | None], str | None]
) -> tuple[Me | None, Agenda, PrepSheet | None]:
    """Who I am, the agenda (of the staff ``mine`` names, else the team's) and the prep sheet of ``wanted``
    (or of the first visit when it is not listed): all Today shows, in one job on the DB worker."""
    me = read_me(casework.records)
    day = VisitDay(casework)
    agenda = day.agenda(whose(casework.records, mine(me)))
    listed = [agenda.todays, agenda.to_write_up, agenda.this_week, agenda.following]
    ids = {visit.id for rows in listed for visit in rows}
    first = agenda.first()
    chosen = wanted if wanted in ids else (first.id if first else None)
    return me, agenda, day.prep(chosen) if chosen else None


class TodayPage(PlansVisits, Page):
    commands = frozenset({"record_discussion"})
    loads_as_built = True

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self._service_name = ""
        self._selected: str | None = None
        self._agenda: Agenda | None = None
        self._focus_visits = False
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(em(self, 0.2))
        titles.addWidget(text("Today", "h1", wrap=False))
        self.subtitle = text(long_date(services), "subtle", record=True)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self.whose = WhoseChoice("visits", "todayWhose")
        self.whose.changed.connect(self.reload)
        # The day's visits load on the DB worker while the rest of the page is built; what
        # arrives before the page is whole waits for it.
        self._building: list[Callable[[], None]] | None = []
        self.reload()
        head.addWidget(self.whose, 0, Qt.AlignmentFlag.AlignBottom)
        self.plan_button = button("Plan a visit   Ctrl+N", name="todayPlan")
        self.plan_button.setAccessibleName("Plan a visit")
        self.plan_button.clicked.connect(self.plan_visit)
        head.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.layout_.addLayout(head)
        self.nudge = MeNudge()
        self.nudge.settings_requested.connect(lambda: self.open_requested.emit("settings", ""))
        self.layout_.addWidget(self.nudge)

        self.plan = PlanVisitPanel(session, services)
        self.plan.planned.connect(self._planned)
        self.layout_.addWidget(self.plan)

        self.columns = cols = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        cols.setSpacing(em(self, 1.0))
        left = QVBoxLayout()
        left.setSpacing(em(self, 1.0))
        left.addWidget(self._agenda_card(colours))
        left.addWidget(self._keys_card())
        left.addStretch(1)
        cols.addLayout(left, 5)
        self.prep = PrepView(colours, services.today)
        self.prep.record_requested.connect(lambda vid: self.open_requested.emit("discussion", vid))
        self.prep.school_requested.connect(lambda sid: self.open_requested.emit("school", sid))
        cols.addWidget(self.prep, 7, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(cols)
        self.problem = text("", "error")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)
        arrived, self._building = self._building, None
        for show in arrived:
            show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        stack_when_narrow(self.columns, self, event.size().width(), NARROW_EM)
        super().resizeEvent(event)

    def _agenda_card(self, colours: theme.Colours) -> QWidget:
        frame, body = card()
        frame.setObjectName("agenda")
        body.setSpacing(em(self, 0.3))
        body.addWidget(text("Visits", "h2"))
        self.models: dict[str, TableModel] = {}
        self.tables: dict[str, Table] = {}
        self.titles: dict[str, QLabel] = {}
        self.counts: dict[str, QLabel] = {}
        self.nothing: dict[str, QLabel] = {}
        self.boxes: dict[str, QWidget] = {}
        for key, none in SECTIONS:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, em(self, 0.2))
            layout.setSpacing(em(self, 0.25))
            self.counts[key] = count_label()
            heading = section_title("", self.counts[key])
            self.titles[key] = heading.findChild(QLabel)  # type: ignore[assignment]
            layout.addWidget(heading)
            model = TableModel(columns.agenda(self.services.today()), colours, self)
            table = Table(model, f"visits_{key}", key.replace("_", " "), compact=True)
            table.set_widths(5.8, 3.6, 0)
            table.on_open(self._open_visit)
            table.selectionModel().currentRowChanged.connect(
                lambda current, _prev, t=table: self._current_changed(t, current.row())
            )
            self.models[key], self.tables[key] = model, table
            layout.addWidget(table)
            self.nothing[key] = text(none, "caption")
            layout.addWidget(self.nothing[key])
            body.addWidget(box)
            self.boxes[key] = box
        return frame

    def _keys_card(self) -> QWidget:
        frame, body = card()
        frame.setObjectName("todayKeys")
        body.addWidget(text("Keys", "h3"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 0.8))
        grid.setVerticalSpacing(em(self, 0.35))
        for number, (keys, meaning) in enumerate(KEYS):
            grid.addWidget(text(keys, "kbd", wrap=False), number, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(text(meaning, "subtle"), number, 1)
        grid.setColumnStretch(1, 1)
        body.addLayout(grid)
        return frame

    # -- loading ----------------------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        """My visits (once Settings says who I am) or the whole team's, and the chosen visit's prep
        sheet, in one job on the DB worker."""
        wanted, choice = self._selected, self.whose
        self.session.casework(
            lambda cw: load_day(cw, wanted, choice.wanted), self._show_agenda, self._failed, self
        )

    def _show_agenda(self, loaded: tuple[Me | None, Agenda, PrepSheet | None]) -> None:
        if self._building is not None:
            self._building.append(lambda: self._show_agenda(loaded))
            return
        me, agenda, sheet = loaded
        self.whose.set_me(me)
        self.nudge.set_me(me)
        self._agenda = agenda
        self.problem.hide()
        in_week = agenda.week[0] <= agenda.today <= agenda.week[1]
        titles = {
            "todays": f"Today · {L.short_date(agenda.today, agenda.today)}",
            "to_write_up": "Still to write up",
            "this_week": ("Later this week" if in_week else "This week") + f" · {span(*agenda.week)}",
            "following": f"Next week · {span(*agenda.next_week)}",
        }
        lists = {
            "todays": agenda.todays,
            "to_write_up": agenda.to_write_up,
            "this_week": agenda.this_week,
            "following": agenda.following,
        }
        for key, rows in lists.items():
            self.models[key].columns = tuple(columns.agenda(agenda.today))
            self.models[key].set_rows(rows)
            self.titles[key].setText(titles[key])
            self.titles[key].setAccessibleName(titles[key])
            self.tables[key].setAccessibleName(f"Visits: {titles[key]}")
            self.counts[key].setText(str(len(rows)))
            self.tables[key].setVisible(bool(rows))
            self.nothing[key].setVisible(not rows and bool(self.nothing[key].text()))
        self.boxes["to_write_up"].setVisible(bool(agenda.to_write_up))
        self._selected = sheet.visit.id if sheet is not None else None
        found = self._find(self._selected)
        if found is not None:
            key, number = found
            self._set_current(self.tables[key], number)
        self.prep.show_sheet(sheet, self.services.today())
        if self._focus_visits and self.isVisible():
            self.focus_start()
        self._focus_visits = False

    def focus_start(self) -> None:
        """The cursor on the visits list (the chosen visit's), ready for Up, Down and Enter; until
        the agenda has loaded, once it does."""
        if self._agenda is None:
            self._focus_visits = True
            return
        shown = [t for t in self.tables.values() if not t.isHidden()]
        chosen = [t for t in shown if t.selectionModel().hasSelection()]
        target: QWidget = chosen[0] if chosen else shown[0] if shown else self.plan_button
        target.setFocus()

    def _find(self, visit_id: str | None) -> tuple[str, int] | None:
        for key, model in self.models.items():
            for number, visit in enumerate(rows_of(model)):
                if visit.id == visit_id:
                    return key, number
        return None

    def select(self, visit_id: str | None) -> None:
        """Make ``visit_id`` the chosen visit and load its prep sheet."""
        found = self._find(visit_id)
        if found is None:
            self._selected = None
            self.prep.show_sheet(None)
            return
        key, number = found
        self._set_current(self.tables[key], number)
        self._load_prep(str(visit_id))

    def _set_current(self, table: Table, number: int) -> None:
        table.selectionModel().setCurrentIndex(
            table.model().index(number, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _current_changed(self, source: Table, number: int) -> None:
        visit = source.current_row() if number >= 0 else None
        if visit is None:
            return
        for table in self.tables.values():
            if table is not source:
                table.clearSelection()
        if visit.id != self._selected:
            self._load_prep(visit.id)

    def _load_prep(self, visit_id: str) -> None:
        self._selected = visit_id
        self.session.casework(lambda cw: VisitDay(cw).prep(visit_id), self._show_prep, self._failed, self)

    def _show_prep(self, sheet: PrepSheet) -> None:
        if sheet.visit.id == self._selected:
            self.prep.show_sheet(sheet, self.services.today())

    def _open_visit(self, visit: VisitRow) -> None:
        if visit.status in ("planned", "held"):
            self.open_requested.emit("discussion", visit.id)
        else:
            self.open_requested.emit("school", visit.school_id)

    def _failed(self, exc: BaseException) -> None:
        if self._building is not None:
            self._building.append(lambda: self._failed(exc))
            return
        self.problem.setText(user_message(exc))
        self.problem.show()

    # -- commands ---------------------------------------------------------------------------------

    def command(self, name: str) -> None:
        if name == "record_discussion" and self._selected:
            self.open_requested.emit("discussion", self._selected)

    def plan_visit(self) -> bool:
        self.plan.open_for(None)
        return True

    def _planned(self, visit_id: str, message: str) -> None:
        self.message.emit(message)
        self._selected = visit_id
        self.reload()

    # -- the desk facts -----------------------------------------------------------------------------

    def set_facts(self, facts: DeskFacts | None) -> None:
        self._service_name = facts.service_name if facts else ""
        self.subtitle_text(
            long_date(self.services) + (f"  ·  {self._service_name}" if self._service_name else "")
        )

    def subtitle_text(self, value: str) -> None:
        self.subtitle.setText(value)

    def wipe(self) -> None:
        super().wipe()
        self.prep.sheet = None
        self._agenda = None
