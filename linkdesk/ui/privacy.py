"""Privacy mode for shared rooms (security.md H13): names on screen become initials, and what a
record says about a child (concerns, notes, risk and measure text) is hidden.

One ``Privacy`` object lives as long as the window, so the mode survives a lock and unlock; the
window also keeps it as a store setting so the next start opens the same way. Pages read it
through their ``Session`` and redraw when it changes. Every place that shows a child's given or
family name, or a school contact's name, goes through ``Privacy.name``.

Free text goes through ``Privacy.screen``: ``WHOLE`` text (a concern, a note, a risk banner, a
measure's note) becomes ``HIDDEN``, a ``LABEL`` (a child's flags in a narrow column) "Hidden";
other free text (``NAMES``: agreed actions, summaries, descriptions) keeps its words but every
child's name in it becomes their code, through the one name redactor
(``domain.redaction.NameRedactor``, built on the DB worker at each unlock and dropped at lock).
Generic hooks do the redrawing, so any page, and any widget added later, is
covered the same way: a label shown with ``Privacy.show`` and a table column marked ``private``
(``models.table.Column``) are redrawn whenever the mode changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QToolButton

from linkdesk.domain.redaction import HIDDEN, NameRedactor
from linkdesk.services.child_names import child_redactor
from linkdesk.ui.widgets import text

if TYPE_CHECKING:
    from linkdesk.ui.session import Session

#: The store setting that remembers the mode between starts ("1" on, "0" off).
SETTING = "privacy_mode"
#: How free text is screened: all of it hidden (a label: in one word), or only the children's names.
WHOLE, LABEL, NAMES = "whole", "label", "names"
#: A label's own text and how to screen it (set by ``Privacy.show``).
_TEXT, _KIND = "privacyText", "privacyKind"


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
        #: Replaces children's names in free text with their codes (None: not loaded, or locked).
        self.redactor: Callable[[str | None], str] | None = None

    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool) -> None:
        if on != self._on:
            self._on = on
            self.changed.emit(on)
            self.redraw()

    def name(self, full: str, known_initials: str = "") -> str:
        """The name as it may be shown now: in full, or only its initials in privacy mode."""
        if not self._on:
            return full
        return known_initials or initials(full)

    def screen(self, value: str, kind: str = WHOLE) -> str:
        """Free text as it may be shown now: in full, hidden, or with children's names as codes
        (hidden too while the redactor is not loaded: never a name by default)."""
        if not self._on or not value or not kind:
            return value
        if kind == NAMES and self.redactor is not None:
            return self.redactor(value)
        return "Hidden" if kind == LABEL else HIDDEN

    def show(self, label: QLabel, value: str, kind: str = WHOLE) -> None:
        """Put free text on a label, screened now and again whenever the mode changes."""
        label.setProperty(_TEXT, value)
        label.setProperty(_KIND, kind)
        label.setText(self.screen(value, kind))

    def redraw(self) -> None:
        """Screen every label shown with ``show`` again, and repaint every list (their private
        columns read the mode as they paint)."""
        for widget in QApplication.allWidgets():
            value = widget.property(_TEXT)
            if isinstance(widget, QLabel) and isinstance(value, str):
                widget.setText(self.screen(value, str(widget.property(_KIND))))
            elif isinstance(widget, QAbstractItemView):
                widget.viewport().update()


#: The window's privacy mode, for lists (``models.table``), which have no session of their own.
_current: list[Privacy] = []


def current() -> Privacy | None:
    return _current[-1] if _current else None


def show_private(label: QLabel, value: str, kind: str = WHOLE) -> None:
    """``Privacy.show`` with the window's privacy mode, for widgets without a session."""
    mode = current()
    if mode is None:
        label.setText(value)  # no window: nothing is on a screen
    else:
        mode.show(label, value, kind)


def private_label(value: str, kind: str = WHOLE, role: str | None = None, wrap: bool = True) -> QLabel:
    """A label of free text from the store, screened by the window's privacy mode (see module doc)."""
    label = text("", role, wrap=wrap, record=True)
    show_private(label, value, kind)
    return label


class PrivacySwitch(QObject):
    """The window's end of privacy mode: its action (Ctrl+Shift+P, in the Tools menu), a button in
    the status bar, and the store setting read at the first unlock and written on every change."""

    #: A line for the status bar.
    message = Signal(str)

    def __init__(self, action: QAction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.privacy = Privacy(parent=self)
        _current[:] = [self.privacy]
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
        """A new unlock: read the stored mode first, queued before any page loads a record. The
        name redactor (every child's name) is read only while the mode is on, after the first
        page's own job; until then a text it would screen is hidden (``Privacy.screen``)."""
        self.session = session
        if not self.known:
            session.run(lambda store: store.setting(SETTING), self._loaded, receiver=self)
        elif self.privacy.on:
            self._load_redactor()

    def detach(self) -> None:
        """Locking: the redactor (every child's name) goes with the store."""
        self.session = None
        self.privacy.redactor = None

    def refresh(self) -> None:
        """Another page is shown: while the mode is on, take up children added, renamed or
        imported since the redactor was loaded (the store keeps it, so asking costs a lookup)."""
        if self.privacy.on:
            self._load_redactor()

    def _load_redactor(self) -> None:
        if self.session is not None and self.session.open:
            self.session.casework(lambda cw: child_redactor(cw.records), self._redactor_loaded, receiver=self)

    def _redactor_loaded(self, redactor: NameRedactor) -> None:
        if self.session is not None and redactor is not self.privacy.redactor:
            self.privacy.redactor = redactor
            self.privacy.redraw()

    def _loaded(self, value: str | None) -> None:
        if not self.known:
            self.known = True
            self.privacy.set_on(value == "1")
        if self.privacy.on:
            self._load_redactor()

    def set_on(self, on: bool) -> None:
        if on == self.privacy.on:
            return
        self.known = True
        if on:
            self._load_redactor()  # names added since the unlock are caught too
        self.privacy.set_on(on)
        self.message.emit(
            "Privacy mode on: names are shown as initials; concerns, notes and risk are hidden."
            if on
            else "Privacy mode off."
        )
        if self.session is not None and self.session.open:
            value = "1" if on else "0"
            self.session.run(lambda store: store.set_setting(SETTING, value), receiver=self)
