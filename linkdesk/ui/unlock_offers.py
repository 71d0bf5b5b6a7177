"""Small offers made just after an unlock, each a question the person may decline.

* The passphrase protects the store's key with less key stretching than recommended (an older or
  weakly made store): offer to strengthen it now, while the passphrase is at hand.
* A recovery code was just used: offer a new key for the store (``RekeyDialog``), since the code
  may have been seen, and old copies of the key file open the store with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from linkdesk.ui.errors import user_message
from linkdesk.ui.rekey_dialog import RekeyDialog
from linkdesk.ui.session import Session

STRENGTHEN, REKEY = "strengthen", "rekey"


@dataclass(frozen=True)
class UnlockOffer:
    kind: str
    #: The passphrase just typed (the current one, or the new one after a recovery code).
    passphrase: str


class UnlockOffers(QObject):
    """Makes the lock screen's offers over the main window, once it holds a session."""

    #: A short message for the status bar.
    message = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window: QWidget = window
        self.box: QMessageBox | None = None
        self.dialog: RekeyDialog | None = None
        self.message.connect(lambda words: window.show_message(words, 10_000))
        window.lock_screen.offer.connect(self._offered)

    def _offered(self, offer: UnlockOffer) -> None:
        session = getattr(self.window, "session", None)
        if session is not None:
            self.show(offer, session)

    def show(self, offer: UnlockOffer, session: Session) -> None:
        if offer.kind == STRENGTHEN:
            box = self._ask(
                "strengthenOffer",
                "Strengthen your passphrase's protection?",
                "Your passphrase protects this store's key with less key stretching than LinkDesk now "
                "recommends, so a stolen copy of the store would be quicker to guess. Strengthening takes "
                "a second and keeps the same passphrase.",
                "&Strengthen now",
            )
            box.accepted.connect(lambda: self._strengthen(offer.passphrase, session))
        else:
            box = self._ask(
                "rekeyOffer",
                "Use a new key for the store?",
                "A recovery code was just used. If anyone else could have seen it, give the store a new "
                "key: copies of the key file made before now then open nothing written from now on, and "
                "you get a new recovery code.",
                "&New key…",
            )
            box.accepted.connect(lambda: self._rekey(offer.passphrase, session))
        box.open()

    def _ask(self, name: str, title: str, words: str, yes: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, words, parent=self.window)
        box.setObjectName(name)
        box.addButton(yes, QMessageBox.ButtonRole.AcceptRole).setObjectName(f"{name}Yes")
        box.setDefaultButton(box.addButton("Not now", QMessageBox.ButtonRole.RejectRole))
        self.box = box
        return box

    def _strengthen(self, passphrase: str, session: Session) -> None:
        session.run(
            lambda store: store.strengthen_kdf(passphrase),
            lambda _changed: self.message.emit("Your passphrase's protection was strengthened."),
            lambda exc: self.message.emit(user_message(exc)),
            self,
        )

    def _rekey(self, passphrase: str, session: Session) -> None:
        self.dialog = RekeyDialog(session, self.window, passphrase=passphrase)
        self.dialog.rotated.connect(
            lambda: self.message.emit("The store now has a new key and a new recovery code.")
        )
        self.dialog.open()
        self.dialog.make_code()
