"""Where a child's consent stands, in words, with the action that changes it: "Record consent…"
opens the consent form for that child with the scope already chosen. Used beside a child named in
a case discussion and under a letter the consent gate refused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from linkdesk.ui.pages.cyp_dialogs import ConsentDialog
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, text


class ConsentPrompt(QWidget):
    #: A consent was recorded through the form: a line for the status bar.
    recorded = Signal(str)

    def __init__(self, session: Session, name: str, role: str = "caption") -> None:
        super().__init__()
        self.session = session
        self.line = text("", role, record=True)
        self.line.setObjectName(f"{name}Line")
        self.record_button = button("Record consent…", link=True, name=f"{name}Record")
        self.record_button.setAccessibleName("Record consent")
        self.record_button.clicked.connect(self.record)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.5))
        layout.addWidget(self.line, 1)
        layout.addWidget(self.record_button)
        self.dialog: ConsentDialog | None = None
        self._target: tuple[str, str, str] | None = None
        self.offer(None)

    def offer(self, target: tuple[str, str, str] | None) -> None:
        """Offer "Record consent…" for (child's id, case label, scope), or not at all (None)."""
        self._target = target
        self.record_button.setVisible(target is not None)

    def record(self) -> None:
        if self._target is None:
            return
        cyp_id, case, scope = self._target
        if self.dialog is not None:
            self.dialog.close()
        dialog = self.dialog = ConsentDialog(self.session, self, cyp_id, case, scope)
        dialog.saved.connect(self.recorded)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: ConsentDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
