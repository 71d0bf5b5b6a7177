"""The prep sheet for one visit (domain.md §3.2 step 1): children whose current risk is high or
medium, open cases, consent to chase, referrals waiting, actions due and what was agreed last
time, each a short list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from linkdesk.services.school_view import VisitRow
from linkdesk.services.visit_day import PrepSheet
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.models import columns
from linkdesk.ui.models.table import Column, TableModel
from linkdesk.ui.privacy import NAMES, show_private
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.widgets import button, card, em, row, text

#: (key, heading, columns, widths in line heights, what "none" means)
SECTIONS = (
    (
        "risks",
        "Risk: high or medium",
        columns.risks,
        (6, 5, 5.5, 0),
        "No open case here has a high or medium risk recorded.",
    ),
    ("open_cases", "Open cases", columns.open_cases, (6, 7.5, 6, 0), "No open cases at this school."),
    ("consents", "Consent to chase", columns.consents, (6, 10, 0), "Nothing to chase."),
    ("referrals", "Referrals waiting", columns.referrals, (6, 10, 0, 10.5), "No referrals waiting."),
    ("actions", "Actions due in the next 14 days", columns.actions, (8.5, 0, 8, 6), "No actions due."),
)


def visit_line(visit: VisitRow, today: date) -> str:
    parts = [L.relative_day(visit.date, today)]
    if visit.start_time:
        parts.append(visit.start_time)
    parts.append(L.word(L.VISIT_KINDS, visit.kind))
    if visit.contact_type:
        parts.append(L.word(L.CONTACT_TYPES, visit.contact_type))
    length = visit.held_minutes if visit.status == "held" else visit.planned_minutes
    if length:
        parts.append(L.duration(length))
    if visit.status != "planned":
        parts.append(L.word(L.VISIT_STATUSES, visit.status))
    return " · ".join(parts)


class PrepView(QFrame):
    #: Open the case discussion form for this visit id.
    record_requested = Signal(str)
    #: Open the school page for this school id.
    school_requested = Signal(str)

    def __init__(self, colours: theme.Colours, today: Callable[[], date]) -> None:
        super().__init__()
        self.setObjectName("prepView")
        #: Today's date, from the service clock (never the machine's own date).
        self.today = today
        self.sheet: PrepSheet | None = None
        self.frame, body = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        body.setSpacing(em(self, 0.35))
        self.title = text("Prep sheet", "h2", record=True)
        self.title.setObjectName("prepTitle")
        self.when = text("", "subtle", record=True)
        self.when.setObjectName("prepWhen")
        self.record_button = button("&Record case discussion", primary=True, name="prepRecord")
        self.record_button.setDefault(False)
        self.school_button = button("Open sch&ool", name="prepSchool")
        self.record_button.clicked.connect(self._record)
        self.school_button.clicked.connect(self._school)
        body.addWidget(self.title)
        body.addLayout(row(self.when, None, self.school_button, self.record_button, spacing=em(self, 0.5)))
        body.addSpacing(em(self, 0.2))

        self.empty = text("Choose a visit to see what to prepare.", "subtle")
        body.addWidget(self.empty)
        self.models: dict[str, TableModel] = {}
        self.tables: dict[str, Table] = {}
        self.counts: dict[str, QLabel] = {}
        self.nothing: dict[str, QLabel] = {}
        self.sections: list[QWidget] = []
        for key, title, make, widths, none in SECTIONS:
            self._section(body, key, title, make, widths, none, colours)
        self._last_time(body, colours)
        self._set_shown(False)  # "choose a visit"; the lists are empty already

    def _section(
        self,
        body: QVBoxLayout,
        key: str,
        title: str,
        make: Callable[[date], list[Column]],
        widths: tuple[float, ...],
        none: str,
        colours: theme.Colours,
    ) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.25))
        self.counts[key] = count_label()
        layout.addWidget(section_title(title, self.counts[key]))
        model = TableModel(make(self.today()), colours, self)
        table = Table(model, f"prep_{key}", title, compact=True)
        table.set_widths(*widths)
        self.models[key], self.tables[key] = model, table
        layout.addWidget(table)
        self.nothing[key] = text(none, "caption")
        layout.addWidget(self.nothing[key])
        body.addWidget(box)
        self.sections.append(box)
        return box

    def _last_time(self, body: QVBoxLayout, colours: theme.Colours) -> None:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.25))
        self.counts["last"] = count_label()
        layout.addWidget(section_title("Agreed last time", self.counts["last"]))
        self.last_when = text("", "caption", record=True)
        self.last_summary = text("", record=True)
        self.last_summary.setObjectName("prepLastSummary")
        layout.addWidget(self.last_when)
        layout.addWidget(self.last_summary)
        model = TableModel(columns.last_items(self.today()), colours, self)
        table = Table(model, "prep_last", "Agreed last time", compact=True)
        table.set_widths(11, 13, 0)
        self.models["last"], self.tables["last"] = model, table
        layout.addWidget(table)
        body.addWidget(box)
        self.sections.append(box)

    # -- showing ----------------------------------------------------------------------------------

    def set_today(self, today: date) -> None:
        for key, _title, make, _w, _none in SECTIONS:
            self.models[key].columns = tuple(make(today))
        self.models["last"].columns = tuple(columns.last_items(today))

    def show_sheet(self, sheet: PrepSheet | None, today: date | None = None) -> None:
        self.sheet = sheet
        self._set_shown(sheet is not None)
        if sheet is None:
            self.title.setText("Prep sheet")
            self.when.setText("")
            for model in self.models.values():
                model.clear()
            return
        today = today or self.today()
        self.set_today(today)
        self.title.setText(sheet.visit.school)
        self.when.setText(visit_line(sheet.visit, today))
        self.record_button.setEnabled(sheet.visit.status in ("planned", "held"))
        self.record_button.setText(
            "&Record case discussion" if sheet.visit.status == "planned" else "&Add to case discussion"
        )
        lists: dict[str, Sequence[object]] = {
            "risks": sheet.risks,
            "open_cases": sheet.open_cases,
            "consents": sheet.consents,
            "referrals": sheet.referrals,
            "actions": sheet.actions,
            "last": sheet.last_time.items if sheet.last_time else [],
        }
        for key, rows in lists.items():
            self.models[key].set_rows(rows)
            self.tables[key].setVisible(bool(rows))
            self.counts[key].setText(str(len(rows)))
            if key in self.nothing:
                self.nothing[key].setVisible(not rows)
        last = sheet.last_time
        if last is None:
            self.last_when.setText("No case discussion held at this school yet.")
            self.last_summary.hide()
        else:
            length = f" · {L.duration(last.visit.held_minutes)}" if last.visit.held_minutes else ""
            self.last_when.setText(f"{L.long_date(last.visit.date)}{length}")
            show_private(self.last_summary, last.visit.summary or "", NAMES)
            self.last_summary.setVisible(bool(last.visit.summary))

    def _set_shown(self, shown: bool) -> None:
        self.empty.setVisible(not shown)
        for box in self.sections:
            box.setVisible(shown)
        self.record_button.setVisible(shown)
        self.school_button.setVisible(shown)

    def _record(self) -> None:
        if self.sheet is not None:
            self.record_requested.emit(self.sheet.visit.id)

    def _school(self) -> None:
        if self.sheet is not None:
            self.school_requested.emit(self.sheet.visit.school_id)
