"""An inline add/edit form for one kind of record, built from a list of fields.

Dates are typed the UK way; whole numbers may be left empty. Saving runs on the DB worker through
``RecordService.add`` / ``update``, so every rule is checked where it lives; a refusal is shown
under the field it names, the field outlined and focused. The form is a card on its page, never a
modal dialog; Enter in a one-line field saves, Escape (the Cancel button) closes it. What is typed
and not saved is its ``draft()``, which its page keeps at lock and ``put_back`` after unlocking.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.school_view import SchoolView
from linkdesk.ui import form_state
from linkdesk.ui import labels as L
from linkdesk.ui.forms import (
    Field,
    FieldErrors,
    choice_box,
    field_message,
    set_choice,
    show_failure,
    text_box,
)
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, row, text

TEXT, LONG, DATE, WHOLE, CHOICE, SCHOOL, YES_NO = "text", "long", "date", "int", "choice", "school", "bool"


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = TEXT
    choices: dict[str, str] = field(default_factory=dict)
    required: bool = False
    span: int = 1
    hint: str = ""
    #: A value for a new record: a constant, or a function of today's date.
    default: Any = None


@dataclass(frozen=True)
class FormSpec:
    record_type: str
    noun: str
    fields: tuple[FormField, ...]
    columns: int = 3


class RecordForm(QFrame):
    #: A record was added or changed: (its id, a sentence saying so).
    saved = Signal(str, str)

    def __init__(self, spec: FormSpec, session: Session, today: Callable[[], date], name: str) -> None:
        super().__init__()
        self.spec = spec
        self.session = session
        self.today = today
        self.record_id: str | None = None
        self.fixed: dict[str, Any] = {}
        #: What the inputs held when the form opened (None while it is closed; {} once put back).
        self._opened_with: dict[str, Any] | None = None
        self.setObjectName(name)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        margin = em(self, 0.9)
        layout.setContentsMargins(margin + 4, margin, margin + 4, margin)
        layout.setSpacing(em(self, 0.45))
        self.title = text(f"Add {spec.noun}", "h2")
        layout.addWidget(self.title)
        self.notice = text("Put back from before LinkDesk locked: not saved yet.", "notice")
        self.notice.setObjectName(f"{name}Notice")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.errors = FieldErrors()
        self.inputs: dict[str, QWidget] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 1.0))
        grid.setVerticalSpacing(em(self, 0.2))
        r = c = 0
        for spec_field in spec.fields:
            widget = self._input(spec_field)
            self.inputs[spec_field.name] = widget
            span = min(spec_field.span, spec.columns)
            if c + span > spec.columns:
                r, c = r + 1, 0
            label = spec_field.label + (" *" if spec_field.required else "")
            shown = Field(label, widget, spec_field.hint)
            grid.addWidget(self.errors.add(spec_field.name, shown), r, c, 1, span, Qt.AlignmentFlag.AlignTop)
            c += span
        for column in range(spec.columns):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        self.problem = text("", "error")
        self.problem.setObjectName(f"{name}Problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.cancel_button = button("Cancel", name=f"{name}Cancel")
        self.cancel_button.clicked.connect(self.close_form)
        self.save_button = button(f"&Save {spec.noun}", primary=True, name=f"{name}Save")
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.submit)
        layout.addLayout(
            row(
                text("* needed", "caption"), None, self.cancel_button, self.save_button, spacing=em(self, 0.6)
            )
        )
        self._tab_order()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_form)
        self.hide()

    def _input(self, spec: FormField) -> QWidget:
        name = f"{self.objectName()}_{spec.name}"
        if spec.kind == LONG:
            return text_box(name, 2)
        if spec.kind in (CHOICE, SCHOOL):
            empty = "" if spec.required else "—"
            return choice_box(name, spec.choices, empty=empty)
        if spec.kind == YES_NO:
            box = QCheckBox("Yes")
            box.setObjectName(name)
            return box
        edit = QLineEdit()
        edit.setObjectName(name)
        if spec.kind == DATE:
            edit.setPlaceholderText("dd/mm/yyyy")
        edit.returnPressed.connect(self.submit)
        return edit

    def _tab_order(self) -> None:
        chain = [*self.inputs.values(), self.cancel_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- opening ----------------------------------------------------------------------------------

    def open_new(self, defaults: dict[str, Any] | None = None, fixed: dict[str, Any] | None = None) -> None:
        """An empty form (with ``defaults`` filled in); ``fixed``: values the new record gets that
        the form does not show (a contact's school)."""
        values = {
            f.name: f.default(self.today()) if callable(f.default) else f.default for f in self.spec.fields
        }
        self._open(None, {**values, **(defaults or {})})
        self.fixed = dict(fixed or {})

    def open_edit(self, record: Record) -> None:
        self._open(record.id, dict(record.fields))

    def _open(self, record_id: str | None, values: dict[str, Any]) -> None:
        self.record_id = record_id
        self.fixed = {}
        self.title.setText(f"Change {self.spec.noun}" if record_id else f"Add {self.spec.noun}")
        self.errors.clear()
        self.problem.hide()
        self.notice.hide()
        self.save_button.setEnabled(True)
        self._fill(values)
        self._opened_with = form_state.read(self.inputs)
        self.show()
        first = next(iter(self.inputs.values()))
        first.setFocus()
        if any(f.kind == SCHOOL for f in self.spec.fields):
            chosen = values.get(next(f.name for f in self.spec.fields if f.kind == SCHOOL))
            self.session.casework(
                lambda cw: SchoolView(cw.records).choices(),
                lambda c: self._schools(c, chosen),
                self._failed,
                self,
            )

    def _schools(self, choices: list[tuple[str, str]], chosen: str | None) -> None:
        for spec in self.spec.fields:
            if spec.kind != SCHOOL:
                continue
            box = self.inputs[spec.name]
            assert isinstance(box, QComboBox)
            box.clear()
            if not spec.required:
                box.addItem("—", None)
            for school_id, name in choices:
                box.addItem(name, school_id)
            set_choice(box, chosen)
            if self._opened_with:  # the school list arrives after the form opened
                self._opened_with[spec.name] = box.currentData()

    def _fill(self, values: dict[str, Any]) -> None:
        for spec in self.spec.fields:
            widget, value = self.inputs[spec.name], values.get(spec.name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            elif isinstance(widget, QComboBox):
                set_choice(widget, value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                shown = L.uk_date(date.fromisoformat(value)) if spec.kind == DATE and value else value
                widget.setText("" if shown is None else str(shown))

    def close_form(self) -> None:
        self.errors.clear()
        self.problem.hide()
        self._fill({})
        self.record_id = None
        self.fixed = {}
        self._opened_with = None
        self.hide()

    def draft(self) -> dict[str, Any] | None:
        """What is typed and not saved (with the record it changes), or None."""
        values = form_state.read(self.inputs)
        if self._opened_with is None or values == self._opened_with:
            return None
        return {"record_id": self.record_id, "fixed": self.fixed, "values": values}

    def put_back(self, draft: dict[str, Any]) -> None:
        """Open the form again as ``draft`` left it, saying that it is not saved yet."""
        values = draft.get("values")
        record_id, fixed = draft.get("record_id"), draft.get("fixed")
        if not isinstance(values, dict):
            return
        schools = {f.name: values.get(f.name) for f in self.spec.fields if f.kind == SCHOOL}
        self._open(record_id if isinstance(record_id, str) else None, schools)
        self.fixed = dict(fixed) if isinstance(fixed, dict) else {}
        form_state.write(self.inputs, values)
        self._opened_with = {}  # still unsaved work, however it is left
        self.notice.show()

    # -- saving ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every field as the services take it (None for empty); ValidationError naming a field."""
        out: dict[str, Any] = {}
        for spec in self.spec.fields:
            widget = self.inputs[spec.name]
            if isinstance(widget, QPlainTextEdit):
                value: Any = widget.toPlainText().strip() or None
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            else:
                assert isinstance(widget, QLineEdit)
                value = self._typed(spec, widget.text().strip())
            if spec.required and value in (None, ""):
                raise ValidationError(f"Give the {L.word({}, spec.name).lower()}.", spec.name)
            out[spec.name] = value
        return out

    def _typed(self, spec: FormField, raw: str) -> Any:
        if not raw:
            return None
        if spec.kind == DATE:
            try:
                parsed = L.parse_date(raw, self.today())
            except ValueError as exc:
                raise ValidationError(
                    "Give the date as day/month/year, for example 07/12/2026.", spec.name
                ) from exc
            return parsed.isoformat() if parsed else None
        if spec.kind == WHOLE:
            if not raw.isdigit():
                raise ValidationError("Give a whole number, or leave it empty.", spec.name)
            return int(raw)
        return raw

    def submit(self) -> None:
        self.errors.clear()
        self.problem.hide()
        try:
            values = self.values()
        except ValidationError as exc:
            self.errors.show(exc.field, field_message(exc))
            return
        record_type, record_id, fixed = self.spec.record_type, self.record_id, self.fixed

        def write(cw: Casework) -> Record:
            if record_id is None:
                added = {k: v for k, v in values.items() if v is not None}
                return cw.records.add(record_type, {**added, **fixed})
            current = cw.records.get(record_type, record_id)
            changes = {
                k: v
                for k, v in values.items()
                if v != current.get(k) and not (v is False and current.get(k) is None)
            }
            return cw.records.update(record_type, record_id, changes) if changes else current

        self.save_button.setEnabled(False)
        verb = "changed" if record_id else "added"
        self.session.casework(write, lambda rec: self._saved(rec, verb), self._failed, self)

    def _saved(self, record: Record, verb: str) -> None:
        self.save_button.setEnabled(True)
        self.close_form()
        self.saved.emit(record.id, f"{self.spec.noun.capitalize()} {verb}.")

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        show_failure(self.errors, self.problem, exc)
