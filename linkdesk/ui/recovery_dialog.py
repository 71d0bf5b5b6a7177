"""Make a new recovery code and show it once.

Two steps in one small window: first what a new code means (the old one stops unlocking the key file),
then the code itself with a box to tick that it has been written down. The window cannot be
closed before that box is ticked, because the code is never stored and cannot be shown again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QStackedWidget, QVBoxLayout, QWidget

from linkdesk.services import settings_admin
from linkdesk.ui.errors import user_message
from linkdesk.ui.session import Session, StoreOp
from linkdesk.ui.widgets import button, em, row, text


class RecoveryCodeDialog(QDialog):
    #: A new code was made (the old one stops unlocking this store's key file).
    rotated = Signal()

    TITLE = "New recovery code"
    EXPLANATION = (
        "The recovery code unlocks this store if the passphrase is forgotten or this computer's "
        "keychain is reset. A new code replaces the old one in the key file at once. The store's key "
        "itself does not change, so backups and copies of the key file made before now still open "
        'with the old code; to stop that, use a new key instead (Settings, "New key").'
    )
    MAKE = "&Make a new code"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.TITLE)
        self.setModal(True)
        self._code_shown = False
        layout = QVBoxLayout(self)
        margin = em(self, 1.2)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(em(self, 0.6))
        layout.addWidget(text(self.TITLE, "h2"))
        self.steps = QStackedWidget()
        self.steps.addWidget(self._ask_step())
        self.steps.addWidget(self._code_step())
        layout.addWidget(self.steps)
        self.setMinimumWidth(em(self, 30))

    def _ask_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text(self.EXPLANATION, "subtle"))
        self._add_fields(layout)
        self.problem = text("", "error")
        self.problem.setObjectName("recoveryProblem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.cancel_button = button("Cancel", name="recoveryCancel")
        self.cancel_button.clicked.connect(self.reject)
        self.make_button = button(self.MAKE, primary=True, name="recoveryMake")
        self.make_button.clicked.connect(self.make_code)
        layout.addLayout(row(None, self.cancel_button, self.make_button, spacing=em(self, 0.6)))
        return page

    def _code_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.6))
        layout.addWidget(
            text(
                "Write this code down now and keep it somewhere safe, away from this laptop. It is "
                "shown only this once and LinkDesk does not keep it.",
                "notice",
            )
        )
        self.code = QLabel("")
        self.code.setObjectName("recoveryCode")
        self.code.setProperty("record", True)
        self.code.setProperty("role", "code")
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setAccessibleName("New recovery code")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 1.5)
        mono.setBold(True)
        self.code.setFont(mono)
        layout.addWidget(self.code)
        self.copy_button = button("&Copy", name="recoveryCopy")
        self.copy_button.setAccessibleName("Copy the code (the clipboard is cleared when you close this)")
        self.copy_button.clicked.connect(self._copy)
        layout.addLayout(row(None, self.copy_button, None))
        self.written = QCheckBox("I have written the new code down and will keep it away from this laptop")
        self.written.setObjectName("recoveryWritten")
        layout.addWidget(self.written)
        self.done_button = button("&Done", primary=True, name="recoveryDone")
        self.written.toggled.connect(self.done_button.setEnabled)
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        self.reminder = text(
            "Tick the box once the code is written down: it cannot be shown again.", "caption"
        )
        layout.addLayout(row(self.reminder, None, self.done_button, spacing=em(self, 0.6)))
        return page

    # -- steps --------------------------------------------------------------------------------------

    def _add_fields(self, layout: QVBoxLayout) -> None:
        """Fields a subclass asks for before making the code (none here)."""

    def _operation(self) -> StoreOp | None:
        """What makes the code on the DB worker; None when a field first needs fixing."""
        return settings_admin.rotate_recovery_code

    def make_code(self) -> None:
        operation = self._operation()
        if operation is None:
            return
        self.make_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.problem.hide()
        self.session.run(operation, self._show_code, self._failed, self)

    def _show_code(self, code: str) -> None:
        self._code_shown = True
        self.code.setText(code)
        self.steps.setCurrentIndex(1)
        self.written.setFocus()
        self.rotated.emit()

    def _failed(self, exc: BaseException) -> None:
        self.make_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.problem.setText(user_message(exc))
        self.problem.show()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code.text())
        self.copy_button.setText("Copied")

    # -- closing --------------------------------------------------------------------------------------

    def can_close(self) -> bool:
        return not self._code_shown or self.written.isChecked()

    def reject(self) -> None:
        if self.can_close():
            self._forget()
            super().reject()
        else:
            self.reminder.setProperty("role", "fielderror")
            self.reminder.style().unpolish(self.reminder)
            self.reminder.style().polish(self.reminder)

    def accept(self) -> None:
        if self.can_close():
            self._forget()
            super().accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.can_close():
            self._forget()
            event.accept()
        else:
            event.ignore()
            self.reject()

    def _forget(self) -> None:
        """The code leaves the screen and the clipboard (if it is still what we put there)."""
        clipboard = QGuiApplication.clipboard()
        if self.code.text() and clipboard.text() == self.code.text():
            clipboard.clear()
        self.code.clear()
