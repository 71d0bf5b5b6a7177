"""Accessibility checks and helpers (style.md §15, WCAG 2.1 AA).

``unnamed_focusables(root)`` lists the widgets a keyboard user can reach that a screen reader
would announce with no name. The name is the one Qt's accessibility layer gives (accessible
name, buddy label, button text), so the check matches what assistive technology hears.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget


def accessible_name(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _is_focus_proxy_part(widget: QWidget) -> bool:
    """The line edit inside a spin box or combo box: its owner carries the name."""
    parent = widget.parentWidget()
    if parent is None:
        return False
    return parent.focusProxy() is widget or widget.focusProxy() is parent


def focusable(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def unnamed_focusables(root: QWidget) -> list[QWidget]:
    """Keyboard-reachable widgets under ``root`` (visible or not) with no accessible name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not focusable(widget) or _is_focus_proxy_part(widget):
            continue
        if not accessible_name(widget):
            found.append(widget)
    return found


def describe(widgets: list[QWidget]) -> list[str]:
    """Readable names for a failure message: class and object name."""
    return [f"{type(w).__name__}({w.objectName() or '?'})" for w in widgets]


def name(widget: QWidget, text: str, description: str = "") -> QWidget:
    """Set the accessible name (and description) of ``widget``; returns it for chaining."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def label_for(text: str, buddy: QWidget) -> QLabel:
    """A visible label tied to ``buddy``: the screen reader reads it as the field's name."""
    label = QLabel(text)
    label.setBuddy(buddy)
    if not buddy.accessibleName():
        buddy.setAccessibleName(text.replace("&", ""))
    return label
