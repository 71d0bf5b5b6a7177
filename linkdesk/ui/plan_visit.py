"""Plan a visit (Ctrl+N): an inline form on Today and on a school's page, never a modal dialog.

School, date (typed the UK way), start time, planned length and kind, then how and with whom the
contact will be (``visit_contact``). The visit is added on the DB worker through
``Casework.plan_visit``; a refusal is shown under the field it names. A form left half-filled is
kept as a draft at lock by the page it is on (``PlansVisits``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.school_view import SchoolView
from linkdesk.ui import form_state
from linkdesk.ui import labels as L
from linkdesk.ui.forms import (
    Field,
    FieldErrors,
    choice_box,
    field_message,
    minutes_box,
    set_choice,
    show_failure,
)
from linkdesk.ui.session import Session
from linkdesk.ui.visit_contact import ContactChoice
from linkdesk.ui.widgets import button, em, row, text

DEFAULT_TIME = "09:30"
DEFAULT_MINUTES = 120


class PlanVisitPanel(QFrame):
    #: A visit was planned: (its id, a sentence saying so).
    planned = Signal(str, str)

    def __init__(self, session: Session, services: Services) -> None:
        super().__init__()
        self.session = session
        self.services = services
        self.setObjectName("planVisit")
        self.setProperty("role", "card")
        self._school: str | None = None
        self._fixed = False
        self._opened_with: dict[str, Any] | None = None
        self._pending: dict[str, Any] | None = None
        #: The values a clash was last shown for: planning them again plans anyway.
        self._warned: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        margin = em(self, 0.9)
        layout.setContentsMargins(margin + 4, margin, margin + 4, margin)
        layout.setSpacing(em(self, 0.5))
        layout.addWidget(text("Plan a visit", "h2"))

        self.errors = FieldErrors()
        self.school = choice_box("planSchool", {})
        self.date = QLineEdit()
        self.date.setObjectName("planDate")
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.time = QLineEdit(DEFAULT_TIME)
        self.time.setObjectName("planTime")
        self.time.setPlaceholderText("hh:mm")
        self.time.setMaximumWidth(em(self, 6))
        self.minutes = minutes_box("planMinutes", step=15)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.kind = choice_box("planKind", L.VISIT_KINDS)
        self.contact = ContactChoice("plan")
        set_choice(self.contact.contact_type, "face_to_face")
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 1.0))
        fields = (
            ("school_id", Field("&School", self.school), 3),
            ("date", Field("&Date", self.date), 2),
            ("start_time", Field("Start &time", self.time), 1),
            ("planned_minutes", Field("Planned &length", self.minutes), 1),
            ("kind", Field("&Kind of visit", self.kind), 2),
        )
        for column, (name, field, stretch) in enumerate(fields):
            grid.addWidget(self.errors.add(name, field), 0, column)
            grid.setColumnStretch(column, stretch)
        for column, (name, field) in zip((0, 1), self.contact.fields(), strict=True):
            grid.addWidget(self.errors.add(name, field), 1, column)
        layout.addLayout(grid)
        self.problem = text("", "error")
        self.problem.setObjectName("planProblem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.clash = text("", "notice")
        self.clash.setObjectName("planClash")
        self.clash.hide()
        layout.addWidget(self.clash)
        self.cancel_button = button("Cancel", name="planCancel")
        self.save_button = button("&Plan visit", primary=True, name="planSave")
        self.save_button.setDefault(False)
        self.cancel_button.clicked.connect(self.close_panel)
        self.save_button.clicked.connect(self.submit)
        for edit in (self.date, self.time):
            edit.returnPressed.connect(self.submit)
        layout.addLayout(row(None, self.cancel_button, self.save_button, spacing=em(self, 0.6)))
        for edit in (self.date, self.time):
            edit.textEdited.connect(self._values_changed)
        for box in (self.school, self.kind):
            box.currentIndexChanged.connect(self._values_changed)
        self.minutes.valueChanged.connect(self._values_changed)
        self.hide()

    # -- opening ----------------------------------------------------------------------------------

    def open_for(self, school_id: str | None = None, fixed: bool = False) -> None:
        """Show the form with ``school_id`` chosen (the only choice if ``fixed``) and load the schools."""
        self._school, self._fixed = school_id, fixed
        self.errors.clear()
        self.problem.hide()
        today = self.services.today()
        nxt = today + timedelta(days=1)
        while nxt.weekday() >= 5:
            nxt += timedelta(days=1)
        if not self.date.text():
            self.date.setText(L.uk_date(nxt))
        self.show()
        self.session.casework(lambda cw: SchoolView(cw.records).choices(), self._fill, self._failed, self)

    def _fill(self, choices: list[tuple[str, str]]) -> None:
        current = self._school or self.school.currentData()
        self.school.clear()
        for school_id, name in choices:
            self.school.addItem(name, school_id)
        if current:
            set_choice(self.school, current)
        self.school.setEnabled(not self._fixed)
        self._opened_with = self.values_now()
        pending, self._pending = self._pending, None
        if pending is not None:
            form_state.write(self.inputs(), pending)
        (self.date if self._fixed else self.school).setFocus()

    # -- drafts -----------------------------------------------------------------------------------

    def inputs(self) -> dict[str, QWidget]:
        return {
            "school": self.school,
            "date": self.date,
            "time": self.time,
            "minutes": self.minutes,
            "kind": self.kind,
            "contact_type": self.contact.contact_type,
            "with_whom": self.contact.with_whom,
        }

    def values_now(self) -> dict[str, Any]:
        return form_state.read(self.inputs())

    def draft_state(self) -> dict[str, Any] | None:
        """The half-filled form (None when it is closed or untouched since it opened)."""
        if self._pending is not None:
            return {"fixed": self._fixed, "values": dict(self._pending)}
        values = self.values_now()
        if self.isHidden() or self._opened_with is None or values == self._opened_with:
            return None
        return {"fixed": self._fixed, "values": values}

    def restore_draft(self, state: dict[str, Any]) -> None:
        values = state.get("values")
        if isinstance(values, dict):
            self._pending = dict(values)
            self.open_for(values.get("school"), fixed=bool(state.get("fixed")))

    def close_panel(self) -> None:
        self.date.clear()
        self.time.setText(DEFAULT_TIME)
        self.minutes.setValue(DEFAULT_MINUTES)
        set_choice(self.kind, "case_discussion")
        self.contact.set_values({"contact_type": "face_to_face"})
        self._opened_with = None
        self._values_changed()
        self.hide()

    # -- planning ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What to plan, checked here for what only the form knows (dates typed the UK way)."""
        try:
            when = L.parse_date(self.date.text(), self.services.today())
        except ValueError as exc:
            raise ValidationError("Give the date as day/month/year, for example 07/12/2026.", "date") from exc
        if when is None:
            raise ValidationError("Give the date of the visit.", "date")
        try:
            start = L.parse_time(self.time.text())
        except ValueError as exc:
            raise ValidationError("Give the start time like 09:30, or leave it empty.", "start_time") from exc
        return {
            "school_id": self.school.currentData(),
            "date": when.isoformat(),
            "start_time": start,
            "planned_minutes": self.minutes.value() or None,
            "kind": self.kind.currentData(),
            **self.contact.values(),
        }

    def submit(self) -> None:
        self.errors.clear()
        self.problem.hide()
        try:
            values = self.values()
        except ValidationError as exc:
            self.errors.show(exc.field, str(exc))
            return
        if not values["school_id"]:
            self.errors.show("school_id", field_message(ValidationError("", "school_id")))
            return
        school = self.school.currentText()
        check = values != self._warned  # a clash already shown for these values is overridden

        def plan(cw: Casework) -> Record | list[Record]:
            school_id, day = values["school_id"], values["date"]
            fields = {k: val for k, val in values.items() if k not in ("school_id", "date")}
            clashes = cw.visit_clashes(school_id, day, **fields) if check else []
            return clashes or cw.plan_visit(school_id, day, **fields)

        self.save_button.setEnabled(False)
        self.session.casework(plan, lambda done: self._planned(done, school, values), self._failed, self)

    def _planned(self, done: Record | list[Record], school: str, values: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        if isinstance(done, list):
            self._warn(done, school, values)
            return
        when = L.parse_date(done.get("date"), self.services.today())
        at = f" at {done.get('start_time')}" if done.get("start_time") else ""
        self.close_panel()
        self.planned.emit(done.id, f"Visit planned: {school}, {L.short_date(when)}{at}.")

    def _warn(self, clashes: list[Record], school: str, values: dict[str, Any]) -> None:
        """Another visit to the school overlaps: say which, and let a second press plan anyway."""
        today = self.services.today()

        def described(visit: Record) -> str:
            at = f" at {visit.get('start_time')}" if visit.get("start_time") else " (no start time)"
            length = f" for {visit.get('planned_minutes')} minutes" if visit.get("planned_minutes") else ""
            return f"{L.short_date(L.parse_date(visit.get('date'), today), today)}{at}{length}"

        self._warned = values
        self.clash.setText(
            f"{school} already has a visit {'; '.join(described(v) for v in clashes)}, at the same "
            "time as this one. Change the date or time, or press Plan anyway to keep both."
        )
        self.clash.show()
        self.save_button.setText("Plan &anyway")
        self.save_button.setAccessibleName("Plan anyway")

    def _values_changed(self) -> None:
        """Any change asks again: a clash warning holds only for the values it was shown for."""
        if self._warned is not None:
            self._warned = None
            self.clash.hide()
            self.save_button.setText("&Plan visit")
            self.save_button.setAccessibleName("Plan visit")

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        show_failure(self.errors, self.problem, exc)


class PlansVisits:
    """For a page with a plan-a-visit panel (``plan``): a half-filled form is kept at lock."""

    plan: PlanVisitPanel
    spec: Any
    open_requested: Any

    @property
    def draft_name(self) -> str:
        return f"{self.spec.key}.plan"

    def draft_state(self) -> dict[str, Any] | None:
        state = self.plan.draft_state()
        return {**state, "record_id": getattr(self, "record_id", None)} if state else None

    def draft_title(self) -> str:
        return "the “Plan a visit” form"

    def restore_draft(self, state: dict[str, Any]) -> None:
        record_id = state.get("record_id")
        if isinstance(record_id, str):
            self.open_requested.emit(self.spec.key, record_id)  # a school's page: that school again
        self.plan.restore_draft(state)
