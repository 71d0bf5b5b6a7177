"""The "me / whole team" choice of Today, Tasks and Reports, and the nudge while "me" is unset.

It shows my own work by default once Settings says who I am; the user's pick then holds until the
app locks. While nobody is chosen, only "whole team" is offered and a line says where to choose.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from linkdesk.services.me import UNSET_PROMPT, Me
from linkdesk.ui.widgets import button, em, text

ME, TEAM = "me", "team"


class WhoseChoice(QWidget):
    #: The user chose the other view: the page reloads.
    changed = Signal()

    def __init__(self, noun: str, name: str) -> None:
        super().__init__()
        self.noun = noun
        self._picked: str | None = None
        self._me: Me | None = None
        self.combo = QComboBox()
        self.combo.setObjectName(name)
        self.combo.setAccessibleName(f"Whose {noun} to show")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.view().setAccessibleName("Choices")
        self.combo.activated.connect(self._activated)
        label = QLabel("Sho&w")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.4))
        layout.addWidget(label)
        layout.addWidget(self.combo)
        self._fill()

    def _fill(self) -> None:
        self.combo.clear()
        if self._me is not None:
            self.combo.addItem(f"My {self.noun} ({self._me.name})", ME)
        self.combo.addItem(f"Whole team's {self.noun}", TEAM)
        self.combo.setCurrentIndex(max(0, self.combo.findData(self.mode)))

    @property
    def mode(self) -> str:
        """ "me" or "team": the user's pick, else "me" whenever "me" is set."""
        if self._me is None:
            return TEAM
        return self._picked or ME

    def wanted(self, me: Me | None) -> str | None:
        """The staff id to show the work of with ``me`` as this laptop's user (None: the team)."""
        if me is None or (self._picked or ME) == TEAM:
            return None
        return me.staff_id

    def set_me(self, me: Me | None) -> None:
        if me != self._me:
            self._me = me
            self._fill()

    def _activated(self, index: int) -> None:
        picked = str(self.combo.itemData(index))
        if picked != self._picked:
            self._picked = picked
            self.changed.emit()


class MeNudge(QWidget):
    """ "Choose who you are in Settings", with a button that goes there; hidden once chosen."""

    settings_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("meNudge")
        self.words = text(UNSET_PROMPT, "notice")
        self.go = button("Choose in &Settings", name="meNudgeSettings")
        self.go.setDefault(False)
        self.go.clicked.connect(self.settings_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.go)
        self.hide()

    def set_me(self, me: Me | None) -> None:
        self.setVisible(me is None)
