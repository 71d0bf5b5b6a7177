"""Form building blocks: a labelled field with its own error line, and refusals shown in place.

``FieldErrors`` maps the field names a ``ValidationError`` uses (``group_size``, ``anon_label``…)
to the widget that holds them, so a refusal from the services is shown right under the field that
is wrong, the field is outlined and focused, and a screen reader hears the message with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from linkdesk.errors import ValidationError
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.widgets import em, text

#: Clearer words for refusals whose service message is written for the command line.
FRIENDLY = {
    "anon_label": "Choose a case from the list, or type an anonymous label such as 'Y8 girl'.",
    "group_size": "Say how many children or young people the group is.",
    "items": "Fill in at least one item: who was discussed and the concern.",
    "school_id": "Choose the school.",
    "date": "Give the date as day/month/year, for example 07/12/2026.",
}
_PREFIX = re.compile(r"^[a-z_]+: ")


def field_message(exc: ValidationError) -> str:
    """The refusal in words for the screen: no field-name prefix, and plainer where we know better."""
    if exc.field in FRIENDLY:
        return FRIENDLY[exc.field]
    message = _PREFIX.sub("", str(exc)).strip()
    return message[:1].upper() + message[1:]


def caption(content: str) -> QLabel:
    return text(content, "caption")


class Field(QWidget):
    """A label above an input, a hint or status line under it, and an error line (hidden when fine)."""

    def __init__(
        self, title: str, widget: QWidget, hint: str = "", accessible: str = "", target: QWidget | None = None
    ) -> None:
        super().__init__()
        self.widget = widget
        #: The input an error is about (the widget itself, or one input inside it).
        self.target = target or widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.2))
        if accessible:
            widget.setAccessibleName(accessible)
        self.label = label_for(title, widget)
        layout.addWidget(self.label)
        layout.addWidget(widget)
        self.hint = caption(hint)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)
        self.error = text("", "fielderror")
        self.error.hide()
        layout.addWidget(self.error)
        self._description = self.target.accessibleDescription()

    def set_hint(self, hint: str, role: str = "caption") -> None:
        self.hint.setText(hint)
        self.hint.setProperty("role", role)
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)
        self.hint.setVisible(bool(hint))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.target.setProperty("invalid", bool(message))
        self.target.setAccessibleDescription(message or self._description)
        self.target.style().unpolish(self.target)
        self.target.style().polish(self.target)


class FieldErrors:
    """Field name -> the ``Field`` that shows it; shows one refusal and clears the others."""

    def __init__(self) -> None:
        self.fields: dict[str, Field] = {}

    def add(self, name: str, field: Field) -> Field:
        self.fields[name] = field
        return field

    def clear(self) -> None:
        for field in self.fields.values():
            field.show_error("")

    def show(self, name: str | None, message: str) -> bool:
        """Show ``message`` under field ``name``; False when this form has no such field."""
        field = self.fields.get(name or "")
        if field is None:
            return False
        field.show_error(message)
        field.target.setFocus()
        if isinstance(field.target, QLineEdit):
            field.target.selectAll()
        return True

    def error_of(self, name: str) -> str:
        field = self.fields.get(name)
        return field.error.text() if field is not None and field.error.isVisible() else ""


def text_box(name: str, lines: float) -> QPlainTextEdit:
    """A few lines of free text; Tab moves on (it never types a tab), as in every other field."""
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(em(edit, lines * 1.25 + 0.9))
    return edit


def minutes_box(name: str, maximum: int = 600, step: int = 5) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(0, maximum)
    box.setSingleStep(step)
    box.setSuffix(" min")
    box.setMinimumWidth(em(box, 6.5))
    return box


def choice_box(name: str, choices: Mapping[Any, str], empty: str = "") -> QComboBox:
    """A combo of (stored value -> plain words); ``empty`` adds a first 'nothing chosen' entry."""
    box = QComboBox()
    box.setObjectName(name)
    box.view().setAccessibleName("Choices")  # the drop-down list, announced when it opens
    if empty:
        box.addItem(empty, None)
    for value, words in choices.items():
        box.addItem(words, value)
    return box


def set_choice(box: QComboBox, value: str | None) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(0, index))


def show_failure(errors: FieldErrors, problem: QLabel, exc: BaseException) -> None:
    """A refused save: next to the field it names when there is one, else one plain line."""
    if isinstance(exc, ValidationError) and errors.show(exc.field, field_message(exc)):
        return
    problem.setText(user_message(exc))
    problem.show()
