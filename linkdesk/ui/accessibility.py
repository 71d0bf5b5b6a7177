"""Accessibility checks and helpers (style.md §15, WCAG 2.1 AA).

``unnamed_focusables(root)`` lists the widgets a keyboard user can reach that a screen reader
would announce with no name. The name is the one Qt's accessibility layer gives (accessible
name, buddy label, button text), so the check matches what assistive technology hears.
``alt_key_clashes(window)`` finds Alt+letter keys that two things on screen answer to: Qt then
alternates between them on each press (Alt+C opened the Case menu, then went to the concern).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QTabBar, QWidget


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


def mnemonic(text: str) -> str:
    """The letter after the first single ``&`` of ``text``, lower case ('' if none)."""
    i = 0
    while (i := text.find("&", i)) >= 0 and i + 1 < len(text):
        if text[i + 1] != "&":
            return text[i + 1].lower()
        i += 2
    return ""


def _alt_keys(widget: QWidget) -> list[str]:
    """The texts whose Alt+letter ``widget`` answers to while it is shown."""
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabEnabled(i)]
    if isinstance(widget, QMenuBar):
        return [action.text() for action in widget.actions() if action.isVisible()]
    return []


def alt_key_clashes(window: QWidget) -> dict[str, list[str]]:
    """{letter: what answers to it} for each Alt+letter that more than one shown thing takes:
    mnemonics of labels with a buddy, buttons, tabs and menu titles, and Alt+letter actions."""
    taken: dict[str, list[str]] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is window and (widget is window or widget.isVisibleTo(window)):
            for text in _alt_keys(widget):
                if letter := mnemonic(text):
                    taken.setdefault(letter, []).append(text)
    for action in window.findChildren(QAction):
        owner = action.parent()
        if not action.isEnabled() or (isinstance(owner, QWidget) and owner.window() is not window):
            continue
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text.startswith("Alt+") and len(text) == 5:
                taken.setdefault(text[-1].lower(), []).append(f"{action.text()} ({text})")
    return {letter: texts for letter, texts in taken.items() if len(texts) > 1}
