"""Re-encrypt the store under a new key, then show the new recovery code once.

The recovery-code window's two steps, with the current passphrase asked for first (the new key is
wrapped under it again). Opened from Settings, or from the offer after a recovery code was used,
when the new passphrase is already at hand and is not asked for again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from linkdesk.services import settings_admin
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.recovery_dialog import RecoveryCodeDialog
from linkdesk.ui.session import Session, StoreOp
from linkdesk.ui.widgets import secret_field


class RekeyDialog(RecoveryCodeDialog):
    TITLE = "New key for the store"
    EXPLANATION = (
        "LinkDesk makes a new random key, re-encrypts the store with it and makes a new recovery "
        "code; the passphrase stays the same. From then on the old recovery code and old copies of "
        "the key file open nothing written afterwards. Backups made before now (the automatic ones "
        "too) still open the data as it was when they were made, with the passphrase and recovery "
        "code of that time: delete the ones you no longer need."
    )
    MAKE = "&Make a new key"

    def __init__(
        self, session: Session, parent: QWidget | None = None, passphrase: str | None = None
    ) -> None:
        self._known = passphrase
        super().__init__(session, parent)
        self.setObjectName("rekeyDialog")
        for plain in (self.cancel_button, self.make_button):  # Return in the field makes the key
            plain.setAutoDefault(False)
        self.passphrase.returnPressed.connect(self.make_code)

    def _add_fields(self, layout: QVBoxLayout) -> None:
        self.passphrase = secret_field("rekeyPassphrase")
        self.passphrase.setAccessibleName("Current passphrase")
        if self._known is None:
            layout.addWidget(label_for("C&urrent passphrase", self.passphrase))
            layout.addWidget(self.passphrase)
        else:
            self.passphrase.hide()

    def open(self) -> None:
        super().open()
        if self._known is None:
            self.passphrase.setFocus()

    def _operation(self) -> StoreOp | None:
        secret = self._known if self._known is not None else self.passphrase.text()
        if not secret:
            self.problem.setText("Enter the current passphrase.")
            self.problem.show()
            self.passphrase.setFocus()
            return None
        self.passphrase.clear()
        return lambda store: settings_admin.rekey(store, secret)

    def _forget(self) -> None:
        self._known = None
        self.passphrase.clear()
        super()._forget()
