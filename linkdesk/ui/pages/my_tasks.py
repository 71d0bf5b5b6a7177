"""Tasks: my actions, follow-ups due, consents to chase and stalled referrals, overdue first.

A thin page over ``services.my_tasks``: the list is gathered on the DB worker for me (once Settings
says who I am) or for the whole team; Enter or a double click opens the case (or the school, for
an anonymous item or a whole-school action). Cases are shown by initials, year and code only.
"""

from __future__ import annotations

from datetime import date

from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.me import Me, read_me, whose
from linkdesk.services.my_tasks import TaskList, TaskRow, Tasks
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.models.table import ALERT, Column, TableModel
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.privacy import NAMES
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table
from linkdesk.ui.whose_choice import MeNudge, WhoseChoice
from linkdesk.ui.widgets import card, em, row, text

KIND_WORDS = {
    "action": ("action", "actions"),
    "follow_up": ("follow-up due", "follow-ups due"),
    "consent": ("consent to chase", "consents to chase"),
    "referral": ("stalled referral", "stalled referrals"),
}


def task_words(r: TaskRow) -> str:
    if r.kind == "action":
        return r.what
    if r.kind == "follow_up":
        return f"Follow up: {r.what}"
    if r.kind == "consent":
        scope = L.word(C.CONSENT_SCOPES, r.what)
        return f"Consent expiring: {scope}" if r.detail == "expiring" else f"Chase consent: {scope}"
    return f"Stalled referral to {L.word(C.DESTINATIONS, r.what)}: no news, chase it"


def columns(today: date) -> list[Column]:
    def due(r: TaskRow) -> str:
        when = L.relative_day(r.due, today) if r.due else "No date"
        return f"{when} · overdue" if r.overdue else when

    return [
        Column("Due", due, tone=lambda r: ALERT if r.overdue else None, bold=lambda r: r.overdue),
        Column("Task", task_words, tip=task_words, private=NAMES),
        Column(
            "Case",
            lambda r: L.short_case(r.case) if r.case else "Whole school",
            tip=lambda r: r.case,
            private=NAMES,  # an anonymous child's label, as typed
            private_tip=NAMES,
        ),
        Column("School", lambda r: r.school, tip=lambda r: r.school),
    ]


def summary(tasks: TaskList) -> str:
    if not tasks.rows:
        return "Nothing to chase." + ("" if tasks.team else " The whole team's list is one choice away.")
    parts = [f"{tasks.overdue} overdue"] if tasks.overdue else []
    for kind, (one, many) in KIND_WORDS.items():
        if number := tasks.count(kind):
            parts.append(f"{number} {one if number == 1 else many}")
    return " · ".join(parts)


class MyTasksPage(Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.tasks: TaskList | None = None
        self.add_heading("Tasks", "What needs doing, overdue first. Enter opens the case or school.")
        self.nudge = MeNudge()
        self.nudge.settings_requested.connect(lambda: self.open_requested.emit("settings", ""))
        self.layout_.addWidget(self.nudge)
        frame, body = card()
        self.whose = WhoseChoice("tasks", "tasksWhose")
        self.whose.changed.connect(self.reload)
        self.shown = text("", "subtle", wrap=False, record=True)
        self.shown.setObjectName("tasksShown")
        body.addLayout(row(self.whose, self.shown, None, spacing=em(self, 1.0)))
        self.model = TableModel(columns(services.today()), colours, self)
        self.table = Table(self.model, "tasksTable", "Tasks")
        self.table.set_widths(12.5, 0, 9, 13)
        self.table.on_open(self._open)
        self.table.setMinimumHeight(em(self, 22))
        body.addWidget(self.table, 1)
        self.problem = text("", "error")
        self.problem.hide()
        body.addWidget(self.problem)
        self.layout_.addWidget(frame, 1)

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        choice = self.whose

        def load(cw: Casework) -> tuple[Me | None, TaskList]:
            me = read_me(cw.records)
            return me, Tasks(cw).gather(whose(cw.records, choice.wanted(me)))

        self.session.casework(load, self._show, self._failed, self)

    def _show(self, loaded: tuple[Me | None, TaskList]) -> None:
        me, self.tasks = loaded
        self.problem.hide()
        self.whose.set_me(me)
        self.nudge.set_me(me)
        self.model.columns = tuple(columns(self.tasks.today))
        self.model.set_rows(self.tasks.rows)
        self.shown.setText(summary(self.tasks))
        if self.tasks.rows and self.table.isVisible():
            self.table.selectRow(0)

    def _open(self, task: TaskRow) -> None:
        if task.page_id:
            self.open_requested.emit(task.page, task.page_id)

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    def wipe(self) -> None:
        super().wipe()
        self.tasks = None
