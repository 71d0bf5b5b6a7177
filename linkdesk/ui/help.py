"""Help and About: a small non-modal window (never blocks the app or a test)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QVBoxLayout, QWidget

from linkdesk import __version__
from linkdesk.ui.lock import reach_lock
from linkdesk.ui.widgets import button, em, row, text


class HelpWindow(QDialog):
    def __init__(self, shortcuts: list[tuple[str, str]], home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if parent is not None:
            reach_lock(self, parent)  # Ctrl+L locks from here too
        self.setObjectName("helpWindow")
        self.setWindowTitle("LinkDesk help")
        self.setModal(False)
        layout = QVBoxLayout(self)
        margin = em(self, 1.2)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(em(self, 0.6))
        layout.addWidget(text("LinkDesk help", "h1"))
        layout.addWidget(
            text(
                f"LinkDesk {__version__}: the encrypted desk of a CAMHS link worker. Everything is kept "
                f"in an encrypted store in {home}, on this computer only.",
                "subtle",
            )
        )
        layout.addWidget(text("Keyboard shortcuts", "h2"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 1.0))
        for n, (keys, meaning) in enumerate(shortcuts):
            grid.addWidget(text(keys, "kbd", wrap=False), n, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(text(meaning), n, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        close = button("&Close", primary=True, name="closeHelp")
        close.clicked.connect(self.close)
        layout.addLayout(row(None, close))
