"""Privacy mode for shared rooms (security.md H13): names on screen become initials.

One ``Privacy`` object lives as long as the window, so the mode survives a lock and unlock; the
window also keeps it as a store setting so the next start opens the same way. Pages read it
through their ``Session`` and redraw when it changes. Every place that shows a child's given or
family name, or a school contact's name, goes through ``Privacy.name``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

if TYPE_CHECKING:
    from linkdesk.ui.session import Session

#: The store setting that remembers the mode between starts ("1" on, "0" off).
SETTING = "privacy_mode"


def initials(name: str) -> str:
    """``Darren Liu`` -> ``DL``; ``Mary-Jane O'Neil`` -> ``MO`` (letters only, upper case)."""
    letters = [part[0] for part in name.replace("-", " ").split() if part and part[0].isalpha()]
    return "".join(letters).upper()


class Privacy(QObject):
    #: The mode changed (True: names hidden).
    changed = Signal(bool)

    def __init__(self, on: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on = on

    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool) -> None:
        if on != self._on:
            self._on = on
            self.changed.emit(on)

    def name(self, full: str, known_initials: str = "") -> str:
        """The name as it may be shown now: in full, or only its initials in privacy mode."""
        if not self._on:
            return full
        return known_initials or initials(full)


class PrivacySwitch(QObject):
    """The window's end of privacy mode: its action (Ctrl+Shift+P, in the Tools menu), a button in
    the status bar, and the store setting read at the first unlock and written on every change."""

    #: A line for the status bar.
    message = Signal(str)

    def __init__(self, action: QAction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.privacy = Privacy(parent=self)
        self.session: Session | None = None
        #: The mode is known for this run (read from the store, or set by the user).
        self.known = False
        self.button = QToolButton()
        self.button.setObjectName("statusPrivacy")
        self.button.setDefaultAction(action)
        self.button.setAccessibleName("Privacy mode")
        action.toggled.connect(self.set_on)
        self.privacy.changed.connect(action.setChecked)

    def attach(self, session: Session) -> None:
        """A new unlock: read the stored mode first, queued before any page loads a record."""
        self.session = session
        if not self.known:
            session.run(lambda store: store.setting(SETTING), self._loaded, receiver=self)

    def _loaded(self, value: str | None) -> None:
        if not self.known:
            self.known = True
            self.privacy.set_on(value == "1")

    def set_on(self, on: bool) -> None:
        if on == self.privacy.on:
            return
        self.known = True
        self.privacy.set_on(on)
        self.message.emit("Privacy mode on: names are shown as initials." if on else "Privacy mode off.")
        if self.session is not None and self.session.open:
            value = "1" if on else "0"
            self.session.run(lambda store: store.set_setting(SETTING, value), receiver=self)
