"""The Settings page's "Locking and keys" card: the idle lock, the keychain, the passphrase, the
recovery code and a new key for the store.

The passphrase form asks for the current passphrase and the new one twice, with a strength hint as
it is typed; the change runs on the DB worker and re-wraps the store's key under the keychain in use
now. Passphrases never go into a draft and are cleared as soon as the change is done or cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QSpinBox, QVBoxLayout, QWidget

from linkdesk.errors import ValidationError
from linkdesk.services import settings_admin as sa
from linkdesk.ui.errors import user_message
from linkdesk.ui.forms import Field, FieldErrors, field_message
from linkdesk.ui.recovery_dialog import RecoveryCodeDialog
from linkdesk.ui.rekey_dialog import RekeyDialog
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, row, secret_field, text

STRENGTH_ROLES = {0: "fielderror", 1: "fielderror", 2: "caption", 3: "good"}


class KeysCard(QFrame):
    #: A short message for the status bar.
    message = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setProperty("role", "card")
        self.setObjectName("keysCard")
        body = QVBoxLayout(self)
        pad = em(self, 0.9)
        body.setContentsMargins(pad + 4, pad, pad + 4, pad + 2)
        body.setSpacing(em(self, 0.45))
        body.addWidget(text("Locking and keys", "h2"))
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setRange(sa.IDLE.low, sa.IDLE.high)
        self.idle_spin.setSuffix(" minutes")
        self.idle_spin.setMaximumWidth(em(self, 9))
        self.idle_field = Field(
            "Lock aft&er", self.idle_spin, "LinkDesk locks after this long without use (1 to 15 minutes)."
        )
        body.addWidget(self.idle_field)
        body.addWidget(text("Keychain", "h3", wrap=False))
        self.keychain = text("…", "subtle", record=True)
        self.keychain.setObjectName("keychainWords")
        body.addWidget(self.keychain)
        self.passphrase_button = button("Change &passphrase…", name="changePassphrase")
        self.passphrase_button.clicked.connect(self.open_passphrase)
        self.recovery_button = button("New rec&overy code…", name="newRecoveryCode")
        self.recovery_button.clicked.connect(self.open_recovery)
        self.rekey_button = button("New &key…", name="newKey")
        self.rekey_button.setToolTip("Re-encrypt the store under a new key, with a new recovery code")
        self.rekey_button.clicked.connect(self.open_rekey)
        # two rows: three buttons side by side do not fit a narrow column at 200% scaling
        body.addLayout(row(self.passphrase_button, self.recovery_button, None, spacing=em(self, 0.6)))
        body.addLayout(row(self.rekey_button, None))
        self.panel = self._passphrase_panel()
        body.addWidget(self.panel)
        self.dialog: RecoveryCodeDialog | None = None

    def _passphrase_panel(self) -> QWidget:
        panel, layout = card()
        panel.setObjectName("passphrasePanel")
        panel.setProperty("role", "inset")
        layout.addWidget(text("Change the passphrase", "h3", wrap=False))
        layout.addWidget(
            text(
                "The store's key is wrapped again under the new passphrase and the keychain in use now. "
                "The recovery code is not changed.",
                "caption",
            )
        )
        self.errors = FieldErrors()
        self.current = secret_field("currentPassphrase")
        self.new = secret_field("newPassphrase")
        self.repeat = secret_field("repeatPassphrase")
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 0.8))
        self.new_field = Field("&New passphrase", self.new, sa.strength("").words)
        grid.addWidget(self.errors.add("current", Field("C&urrent passphrase", self.current)), 0, 0, 1, 2)
        grid.addWidget(self.errors.add("new", self.new_field), 1, 0)
        grid.addWidget(self.errors.add("repeat", Field("Re&peat new passphrase", self.repeat)), 1, 1)
        layout.addLayout(grid)
        self.problem = text("", "error")
        self.problem.setObjectName("passphraseProblem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.cancel_button = button("Cancel", name="passphraseCancel")
        self.cancel_button.clicked.connect(self.close_passphrase)
        self.change_button = button("C&hange passphrase", primary=True, name="passphraseSave")
        self.change_button.setDefault(False)
        self.change_button.clicked.connect(self.change_passphrase)
        layout.addLayout(row(None, self.cancel_button, self.change_button, spacing=em(self, 0.6)))
        self.new.textChanged.connect(self._hint)
        self.repeat.returnPressed.connect(self.change_passphrase)
        QWidget.setTabOrder(self.current, self.new)
        QWidget.setTabOrder(self.new, self.repeat)
        QWidget.setTabOrder(self.repeat, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.change_button)
        panel.hide()
        return panel

    def set_keychain(self, backend: str) -> None:
        self.keychain.setText(sa.keychain_words(backend))

    # -- passphrase ---------------------------------------------------------------------------------

    def open_passphrase(self) -> None:
        self.panel.show()
        self.current.setFocus()

    def close_passphrase(self) -> None:
        for edit in (self.current, self.new, self.repeat):
            edit.clear()
        self.errors.clear()
        self.problem.hide()
        self.panel.hide()

    def _hint(self, value: str) -> None:
        hint = sa.strength(value)
        self.new_field.set_hint(hint.words, STRENGTH_ROLES[hint.level])

    def change_passphrase(self) -> None:
        self.errors.clear()
        self.problem.hide()
        current, new, repeat = self.current.text(), self.new.text(), self.repeat.text()
        try:
            sa.check_new_passphrase(current, new, repeat)
        except ValidationError as exc:
            self.errors.show(exc.field, field_message(exc))
            return
        self.change_button.setEnabled(False)
        self.session.run(
            lambda store: sa.change_passphrase(store, current, new, repeat), self._changed, self._failed, self
        )

    def _changed(self, checked: bool) -> None:
        self.change_button.setEnabled(True)
        self.close_passphrase()
        self.message.emit(
            "Passphrase changed: use the new one from the next unlock. Old backups still open with the "
            "old one; use New key to stop old key-file copies opening new data."
        )

    def _failed(self, exc: BaseException) -> None:
        self.change_button.setEnabled(True)
        if isinstance(exc, ValidationError) and self.errors.show(exc.field, field_message(exc)):
            return
        self.problem.setText(user_message(exc))
        self.problem.show()

    # -- recovery code ---------------------------------------------------------------------------

    def open_recovery(self) -> None:
        self.dialog = RecoveryCodeDialog(self.session, self)
        self.dialog.rotated.connect(
            lambda: self.message.emit(
                "New recovery code made. Backups and key-file copies made before now still open with "
                "the old one; use New key to stop that for data written from now on."
            )
        )
        self.dialog.open()

    def open_rekey(self) -> None:
        self.dialog = RekeyDialog(self.session, self)
        self.dialog.rotated.connect(
            lambda: self.message.emit("The store now has a new key and a new recovery code.")
        )
        self.dialog.open()
