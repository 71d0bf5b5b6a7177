"""The unlock screen, which is also the lock screen: the only thing shown while locked.

Unlocking (and recovery) runs on the DB worker: the key derivation takes about half a second,
so the screen shows a busy state meanwhile. Failures are shown inline under the field, in
plain English, never as a traceback dialog. A missing or changed keychain leads prominently to
the recovery code; a missing store points to ``linkdesk init`` / ``linkdesk demo``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from linkdesk.errors import KeychainUnavailable, StoreMissing, WrongPassphrase
from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.tasks import TaskRunner
from linkdesk.ui.unlock_offers import REKEY, STRENGTHEN, UnlockOffer
from linkdesk.ui.widgets import button, card, em, icon_label, row, text

PASSPHRASE_MODE, RECOVERY_MODE, FIRST_RUN_MODE = 0, 1, 2


def _secret_field(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return field


def _error_label(name: str) -> QLabel:
    label = text("", "error")
    label.setObjectName(name)
    label.hide()
    return label


def _unlock(vault: Any, passphrase: str) -> tuple[Any, UnlockOffer | None]:
    """On the DB worker: the store, and the offer to strengthen a weakly protected passphrase."""
    store = vault.unlock(passphrase)
    weak = store.kdf_below_recommended()
    return store, UnlockOffer(STRENGTHEN, passphrase) if weak else None


def _recover(vault: Any, code: str, new_passphrase: str) -> tuple[Any, UnlockOffer | None]:
    """On the DB worker: the store opened with the recovery code, and the offer of a new key."""
    return vault.recover(code, new_passphrase), UnlockOffer(REKEY, new_passphrase)


class UnlockScreen(QWidget):
    #: The unlocked store (created on the DB worker; only ever used through it).
    unlocked = Signal(object)
    #: An ``UnlockOffer`` to make once the store is adopted.
    offer = Signal(object)
    #: The store is being opened on the DB worker: time the GUI thread has to spare.
    opening = Signal()

    def __init__(self, services: Services, runner: TaskRunner, colours: theme.Colours) -> None:
        super().__init__()
        self.services = services
        self.runner = runner
        self.setObjectName("LockScreen")
        self._working = False

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        middle = QHBoxLayout()
        middle.addStretch(1)
        self.card, body = card()
        self.card.setMaximumWidth(em(self, 30))
        self.card.setMinimumWidth(em(self, 26))
        margin = em(self, 1.8)
        body.setContentsMargins(margin, margin, margin, margin)
        body.setSpacing(em(self, 0.55))
        middle.addWidget(self.card, 3)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(3)

        brand = QHBoxLayout()
        brand.setSpacing(em(self, 0.5))
        brand.addWidget(icon_label("lock", colours.accent, em(self, 1.4)))
        brand.addWidget(text("LinkDesk", "brand", wrap=False), 1)
        body.addLayout(brand)
        body.addSpacing(em(self, 0.4))
        self.heading = text("Unlock LinkDesk", "h1")
        self.heading.setObjectName("lockHeading")
        self.subtitle = text("", "subtle")
        body.addWidget(self.heading)
        body.addWidget(self.subtitle)
        #: What unsaved work was kept at the lock (said only once it is safely in the store).
        self.kept = text("", "notice")
        self.kept.setObjectName("lockKept")
        self.kept.hide()
        body.addWidget(self.kept)
        body.addSpacing(em(self, 0.5))

        # Shown one at a time (not a QStackedWidget, which would size to the tallest panel).
        self.panels = [self._passphrase_panel(), self._recovery_panel(), self._first_run_panel()]
        for panel in self.panels:
            body.addWidget(panel)
        self.mode = PASSPHRASE_MODE
        self._locked = False
        self._set_mode(PASSPHRASE_MODE)

        self.busy = QProgressBar()

        self.busy.setObjectName("unlockBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Unlocking")
        self.busy.hide()
        body.addWidget(self.busy)

    # -- panels -----------------------------------------------------------------------------------

    def _passphrase_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.45))
        self.passphrase = _secret_field("passphrase", "Passphrase")
        self.passphrase.returnPressed.connect(self.submit)
        layout.addWidget(label_for("&Passphrase", self.passphrase))
        layout.addWidget(self.passphrase)
        self.error = _error_label("unlockError")
        layout.addWidget(self.error)
        self.keychain_notice = text(user_message(KeychainUnavailable("")), "notice")
        self.keychain_notice.setObjectName("keychainNotice")
        self.keychain_notice.hide()
        layout.addWidget(self.keychain_notice)
        layout.addSpacing(em(self, 0.3))
        self.unlock_button = button("&Unlock", primary=True, name="unlockButton")
        self.unlock_button.clicked.connect(self.submit)
        self.recovery_button = button("Use recovery code", link=True, name="useRecovery")
        self.recovery_button.clicked.connect(self.show_recovery)
        layout.addLayout(row(self.recovery_button, None, self.unlock_button))
        QWidget.setTabOrder(self.passphrase, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.recovery_button)
        return panel

    def _recovery_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.45))
        layout.addWidget(
            text(
                "Your recovery code was shown once, when this store was created. Type it in any "
                "case, with or without the dashes, then choose a new passphrase. Nothing is lost.",
                "subtle",
            )
        )
        self.code = QLineEdit()
        self.code.setObjectName("recoveryCode")
        self.code.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.new_passphrase = _secret_field("newPassphrase", "New passphrase")
        self.repeat_passphrase = _secret_field("repeatPassphrase", "Repeat new passphrase")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(em(self, 0.3))
        form.addRow(label_for("Recovery &code", self.code), self.code)
        form.addRow(label_for("&New passphrase", self.new_passphrase), self.new_passphrase)
        form.addRow(label_for("&Repeat new passphrase", self.repeat_passphrase), self.repeat_passphrase)
        layout.addLayout(form)
        self.repeat_passphrase.returnPressed.connect(self.submit_recovery)
        self.recovery_error = _error_label("recoveryError")
        layout.addWidget(self.recovery_error)
        layout.addSpacing(em(self, 0.3))
        self.back_button = button("&Back", name="recoveryBack")
        self.back_button.clicked.connect(self.show_passphrase)
        self.recover_button = button("Unlock and &set passphrase", primary=True, name="recoverButton")
        self.recover_button.clicked.connect(self.submit_recovery)
        layout.addLayout(row(self.back_button, None, self.recover_button))
        return panel

    def _first_run_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.5))
        layout.addWidget(text("There is no store in this folder yet", "h2"))
        self.first_run_text = text("", "subtle")
        self.first_run_text.setObjectName("firstRunText")
        self.first_run_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.first_run_text)
        self.recheck_button = button("&Check again", primary=True, name="recheckButton")
        self.recheck_button.clicked.connect(self.start)
        layout.addLayout(row(None, self.recheck_button))
        return panel

    # -- state ------------------------------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        """``locked``: the app locked itself (after a session) rather than just started."""
        self._locked = locked
        self._set_mode(self.mode)

    def set_kept(self, titles: list[str]) -> None:
        """Say which unsaved work is kept, encrypted, for after unlocking (nothing: say nothing)."""
        self.kept.setText(
            "Kept, encrypted, and put back when you unlock: " + "; ".join(titles) + "." if titles else ""
        )
        self.kept.setVisible(bool(titles) and self._locked)

    def _titles(self) -> tuple[str, str]:
        if self.mode == RECOVERY_MODE:
            return "Use your recovery code", ""
        if self.mode == FIRST_RUN_MODE:
            return "Welcome to LinkDesk", ""
        if self._locked:
            return (
                "Your desk is locked",
                "Your records are hidden and the store is closed. Enter your passphrase to carry on.",
            )
        return "Unlock your desk", "Enter your passphrase to open your encrypted records."

    def start(self) -> None:
        """Check that a store exists (on the worker) and show the right panel."""
        vault = self.services.vault
        self.runner.run_db(vault.exists, self._checked, self._failed, receiver=self)

    def _checked(self, exists: bool) -> None:
        if exists:
            # The keychain's first use loads keyring and asks the OS: done while the person types.
            self.runner.run_db(self.services.secrets.available, background=True)
            self.show_passphrase()
        else:
            self._show_first_run()

    def _show_first_run(self) -> None:
        self.first_run_text.setText(
            f"LinkDesk keeps its encrypted store in {self.services.home}. To create one, open a "
            "terminal and run 'linkdesk init' for your own service, or 'linkdesk demo' for a "
            "made-up service to try things out. Then choose Check again."
        )
        self._set_mode(FIRST_RUN_MODE)
        self.recheck_button.setFocus()

    def _set_mode(self, mode: int) -> None:
        self.mode = mode
        for index, panel in enumerate(self.panels):
            panel.setVisible(index == mode)
        heading, subtitle = self._titles()
        self.heading.setText(heading)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def show_passphrase(self) -> None:
        self._set_mode(PASSPHRASE_MODE)
        self.passphrase.setFocus()

    def show_recovery(self) -> None:
        self._set_mode(RECOVERY_MODE)
        self.code.setFocus()

    def offer_recovery(self, prominent: bool) -> None:
        self.keychain_notice.setVisible(prominent)
        self.recovery_button.setProperty("link", not prominent)
        self.recovery_button.setProperty("primary", prominent)
        self.unlock_button.setProperty("primary", not prominent)
        self.unlock_button.setDefault(not prominent)
        for widget in (self.recovery_button, self.unlock_button):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _set_busy(self, busy: bool) -> None:
        self._working = busy
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.code, self.new_passphrase, self.repeat_passphrase):
            widget.setReadOnly(busy)
        for btn in (self.unlock_button, self.recover_button, self.back_button, self.recovery_button):
            btn.setEnabled(not busy)
        self.unlock_button.setText("Unlocking…" if busy else "&Unlock")

    def _show(self, label: QLabel, field: QLineEdit, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))
        field.setAccessibleDescription(message)
        if message:
            field.setFocus()
            field.selectAll()

    def clear(self) -> None:
        """Forget everything typed (after unlocking, and on lock)."""
        self.set_kept([])
        for field in (self.passphrase, self.code, self.new_passphrase, self.repeat_passphrase):
            field.clear()
        self._show(self.error, self.passphrase, "")
        self._show(self.recovery_error, self.code, "")
        self.offer_recovery(False)

    # -- unlocking --------------------------------------------------------------------------------

    def submit(self) -> None:
        if self._working:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show(self.error, self.passphrase, "Enter your passphrase.")
            return
        vault = self.services.vault
        self._set_busy(True)
        self.runner.run_db(lambda: _unlock(vault, passphrase), self._opened, self._failed, receiver=self)
        self.opening.emit()

    def submit_recovery(self) -> None:
        if self._working:
            return
        code, new, repeat = (
            self.code.text().strip(),
            self.new_passphrase.text(),
            self.repeat_passphrase.text(),
        )
        if not code:
            self._show(self.recovery_error, self.code, "Enter the recovery code.")
            return
        if new != repeat:
            self._show(
                self.recovery_error, self.repeat_passphrase, "The two new passphrases are not the same."
            )
            return
        vault = self.services.vault
        self._set_busy(True)
        self.runner.run_db(
            lambda: _recover(vault, code, new), self._opened, self._recovery_failed, receiver=self
        )
        self.opening.emit()

    def _opened(self, result: tuple[Any, UnlockOffer | None]) -> None:
        store, offer = result
        self._set_busy(False)
        self.clear()
        self._set_mode(PASSPHRASE_MODE)
        self.unlocked.emit(store)
        if offer is not None:
            self.offer.emit(offer)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, StoreMissing):
            self._show_first_run()
            return
        self._set_mode(PASSPHRASE_MODE)
        keychain = isinstance(exc, KeychainUnavailable)
        self.offer_recovery(keychain)
        self._show(self.error, self.passphrase, "" if keychain else user_message(exc))
        if keychain:
            self.passphrase.setAccessibleDescription(self.keychain_notice.text())
            self.recovery_button.setFocus()

    def _recovery_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        message = str(exc) if isinstance(exc, WrongPassphrase) else user_message(exc)
        self._show(self.recovery_error, self.code, message)
