"""The Sync page's "Teammates' laptops" card: the trusted devices, trusting a card, revoking one.

Trusting is a two-step form: the chosen card is read and checked first, its fingerprint shown
large, and the card is trusted only once the user ticks that it matches the fingerprint on the
teammate's own screen (compared in person). The form opens with the focus on that tick box.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHeaderView, QVBoxLayout, QWidget

from linkdesk.domain.ports import StoreSession
from linkdesk.domain.team import Card, TeamDevice
from linkdesk.services import sync_view as sv
from linkdesk.services.app_services import Services
from linkdesk.services.team_sync import TeamSync
from linkdesk.ui import sync_dialogs, theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.models.table import ALERT, MUTED, Column, TableModel
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table
from linkdesk.ui.widgets import button, card, em, row, text

SyncOp = Callable[[TeamSync], Any]


def sync_op(services: Services, op: SyncOp) -> Callable[[StoreSession], Any]:
    """``op(team sync)`` for ``Session.run``: the sync service built on the DB worker."""
    codec, clock = services.bundles, services.clock
    if codec is None:
        raise RuntimeError("no bundle codec")

    def run(store: StoreSession) -> Any:
        return op(sv.team_sync(store, codec, clock))

    return run


def device_columns(now: datetime, quiet: frozenset[str]) -> list[Column]:
    def status(d: TeamDevice) -> str:
        return f"Revoked {sv.ago(d.revoked_at, now).lower()}" if d.revoked_at else "Trusted"

    def received_tone(d: TeamDevice) -> str | None:
        if d.card.device_id in quiet:
            return ALERT
        return MUTED if d.last_received_at is None else None

    return [
        Column(
            "Laptop", lambda d: d.card.name, bold=lambda d: d.revoked_at is None, tip=lambda d: d.card.name
        ),
        Column("Device", lambda d: sv.short_id(d.card.device_id), tip=lambda d: d.card.device_id),
        Column("Fingerprint", lambda d: d.card.fingerprint),
        Column(
            "Last received",
            lambda d: sv.ago(d.last_received_at, now),
            sort=lambda d: d.last_received_at or "",
            tone=received_tone,
            tip=lambda d: sv.local_time(d.last_received_at) if d.last_received_at else "Nothing yet",
        ),
        Column(
            "Last sent",
            lambda d: sv.ago(d.last_sent_at, now),
            sort=lambda d: d.last_sent_at or "",
            tip=lambda d: sv.local_time(d.last_sent_at) if d.last_sent_at else "Nothing yet",
        ),
        Column("Status", status, tone=lambda d: MUTED if d.revoked_at else None),
    ]


class TeamCard(QFrame):
    #: Something changed that the rest of the page shows (trusted or revoked a laptop).
    changed = Signal()
    #: A short message for the status bar.
    message = Signal(str)

    def __init__(self, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__()
        self.session = session
        self.services = services
        self.setObjectName("teamCard")
        self.setProperty("role", "card")
        self._raw_card: bytes | None = None
        self.card_shown: Card | None = None
        body = QVBoxLayout(self)
        pad = em(self, 0.9)
        body.setContentsMargins(pad + 4, pad, pad + 4, pad + 2)
        body.setSpacing(em(self, 0.45))
        body.addWidget(text("Teammates' laptops", "h2"))
        body.addWidget(
            text(
                "Bundles are made for these laptops only, and only bundles from them are accepted.",
                "caption",
            )
        )
        self.model = TableModel(device_columns(services.clock.now(), frozenset()), colours, self)
        self.table = Table(self.model, "teamTable", "Trusted laptops", compact=True)
        self.table.set_widths(9, 5.5, 14, 7.5, 7.5, 0)
        # A fingerprint is compared character by character: never cut short.
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())
        body.addWidget(self.table)
        self.none = text("No teammate's laptop is trusted yet: trust a teammate's card to start.", "subtle")
        self.none.hide()
        body.addWidget(self.none)
        self.trust_button = button("T&rust a teammate's card…", name="trustCard")
        self.trust_button.clicked.connect(self.choose_card)
        self.revoke_button = button("Revo&ke…", name="revokeDevice")
        self.revoke_button.setAccessibleName("Revoke the chosen laptop")
        self.revoke_button.clicked.connect(self.revoke)
        body.addLayout(row(self.trust_button, self.revoke_button, None, spacing=em(self, 0.6)))
        self.panel = self._trust_panel()
        body.addWidget(self.panel)
        self.problem = text("", "error")
        self.problem.setObjectName("teamProblem")
        self.problem.hide()
        body.addWidget(self.problem)
        self.update_buttons()

    def _trust_panel(self) -> QWidget:
        panel, layout = card()
        panel.setObjectName("trustPanel")
        panel.setProperty("role", "inset")
        layout.addWidget(text("Check the fingerprint before trusting", "h3", wrap=False))
        self.card_words = text("", record=True)
        self.card_words.setObjectName("trustCardWords")
        layout.addWidget(self.card_words)
        self.fingerprint = text("", "fingerprint", wrap=False, record=True)
        self.fingerprint.setObjectName("trustFingerprint")
        self.fingerprint.setAccessibleName("Fingerprint of the chosen card")
        layout.addWidget(self.fingerprint)
        layout.addWidget(
            text(
                "Ask your teammate to open Sync on their laptop and read out the fingerprint shown "
                "there. Trust the card only if every character matches: a card that does not match "
                "may not be theirs.",
                "caption",
            )
        )
        self.cancel_button = button("Cancel", name="trustCancel")
        self.cancel_button.clicked.connect(self.close_panel)
        self.confirm_button = button("Trust this laptop", primary=True, name="trustConfirm")
        self.confirm_button.setDefault(False)
        self.confirm_button.clicked.connect(self.trust)
        self.matches = QCheckBox("It &matches the fingerprint on my teammate's laptop")
        self.matches.setObjectName("trustMatches")
        self.matches.toggled.connect(self.confirm_button.setEnabled)
        layout.addWidget(self.matches)
        layout.addLayout(row(None, self.cancel_button, self.confirm_button, spacing=em(self, 0.6)))
        QWidget.setTabOrder(self.matches, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.confirm_button)
        panel.hide()
        return panel

    # -- showing ------------------------------------------------------------------------------------

    def set_devices(self, devices: list[TeamDevice], now: datetime, quiet: frozenset[str]) -> None:
        chosen = self.chosen()
        self.model.columns = tuple(device_columns(now, quiet))
        self.model.set_rows(devices)
        self.table.setVisible(bool(devices))
        self.none.setVisible(not devices)
        for number, device in enumerate(devices):
            if chosen is not None and device.card.device_id == chosen.card.device_id:
                self.table.selectRow(number)
        self.update_buttons()

    def chosen(self) -> TeamDevice | None:
        found = self.table.current_row()
        return found if isinstance(found, TeamDevice) else None

    def update_buttons(self) -> None:
        device = self.chosen()
        self.revoke_button.setEnabled(device is not None and device.revoked_at is None)

    def _show_problem(self, exc: BaseException | None) -> None:
        self.problem.setText(user_message(exc) if exc is not None else "")
        self.problem.setVisible(exc is not None)

    # -- trusting -----------------------------------------------------------------------------------

    def choose_card(self) -> None:
        path = sync_dialogs.ask_open(self, "Choose your teammate's card", sync_dialogs.CARDS)
        if path:
            self.open_card(Path(path))

    def open_card(self, path: Path) -> None:
        """Read and check a card, then show its fingerprint to compare (nothing is trusted yet)."""
        self._show_problem(None)

        def read(sync: TeamSync) -> tuple[bytes, Card]:
            raw = sv.read_file(path, "a team card")
            return raw, sync.read_card(raw)

        self.session.run(sync_op(self.services, read), self._card_read, self._show_problem, self)

    def _card_read(self, result: tuple[bytes, Card]) -> None:
        self._raw_card, card_ = result
        self.card_shown = card_
        self.card_words.setText(
            f"This card is from {card_.name} (device {sv.short_id(card_.device_id)}). Its fingerprint:"
        )
        self.fingerprint.setText(card_.fingerprint)
        self.matches.setChecked(False)
        self.confirm_button.setEnabled(False)
        self.panel.show()
        self.matches.setFocus()

    def close_panel(self) -> None:
        self._raw_card = self.card_shown = None
        self.card_words.clear()
        self.fingerprint.clear()
        self.matches.setChecked(False)
        self.panel.hide()
        self.trust_button.setFocus()

    def trust(self) -> None:
        raw = self._raw_card
        if raw is None or not self.matches.isChecked():
            return
        self.confirm_button.setEnabled(False)
        self.session.run(
            sync_op(self.services, lambda sync: sync.trust(raw)), self._trusted, self._trust_failed, self
        )

    def _trusted(self, card_: Card) -> None:
        self.close_panel()
        self.message.emit(f"Now trusting {card_.name}: bundles are made for it from now on.")
        self.changed.emit()

    def _trust_failed(self, exc: BaseException) -> None:
        self.confirm_button.setEnabled(self.matches.isChecked())
        self._show_problem(exc)

    # -- revoking -----------------------------------------------------------------------------------

    def revoke(self) -> None:
        device = self.chosen()
        if device is None or device.revoked_at is not None:
            return
        if not sync_dialogs.confirm_revoke(self, device.card.name):
            return
        device_id = device.card.device_id
        self.session.run(
            sync_op(self.services, lambda sync: sync.revoke(device_id)),
            self._revoked,
            self._show_problem,
            self,
        )

    def _revoked(self, device: TeamDevice) -> None:
        self.message.emit(f"{device.card.name} is revoked: nothing is sent to it or accepted from it.")
        self.changed.emit()

    def wipe(self) -> None:
        self.close_panel()
        self.model.clear()
