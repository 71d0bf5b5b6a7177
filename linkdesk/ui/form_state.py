"""What a form's inputs hold, as plain values a draft keeps, and back again.

``read`` and ``write`` cover the inputs LinkDesk's forms use (one-line and multi-line text, choice
boxes by their stored value, tick boxes, numbers), so a dialog or panel becomes draft-capable by
naming its inputs. Text is kept as typed, even when it is not valid yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from linkdesk.ui.forms import set_choice


def read(inputs: Mapping[str, QWidget]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, widget in inputs.items():
        if isinstance(widget, QLineEdit):
            values[name] = widget.text()
        elif isinstance(widget, QPlainTextEdit):
            values[name] = widget.toPlainText()
        elif isinstance(widget, QComboBox):
            values[name] = widget.currentData()
        elif isinstance(widget, QCheckBox):
            values[name] = widget.isChecked()
        elif isinstance(widget, QSpinBox):
            values[name] = widget.value()
    return values


def write(inputs: Mapping[str, QWidget], values: Mapping[str, Any]) -> None:
    """Put ``values`` back (names the form does not have, or values of the wrong kind, are skipped)."""
    for name, value in values.items():
        widget = inputs.get(name)
        if isinstance(widget, QLineEdit) and isinstance(value, str):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox) and widget.isEnabled():
            set_choice(widget, value)
        elif isinstance(widget, QCheckBox) and isinstance(value, bool):
            widget.setChecked(value)
        elif isinstance(widget, QSpinBox) and isinstance(value, int):
            widget.setValue(value)


def first_input(inputs: list[QWidget]) -> QWidget | None:
    """The first input a person can type into (enabled, not hidden, reached by Tab)."""
    for widget in inputs:
        if widget.isEnabled() and not widget.isHidden() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return widget
    return None
