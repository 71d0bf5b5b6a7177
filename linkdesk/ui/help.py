"""Help and About: a small non-modal window (never blocks the app or a test).

The list of shortcuts scrolls, so the window fits a small screen (or one at high scaling) and
its rows keep their height instead of being squeezed over one another.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from linkdesk import __version__
from linkdesk.ui.lock import reach_lock
from linkdesk.ui.widgets import button, em, row, text

#: The share of the screen's free area the window may take at most.
SCREEN_SHARE = 0.85


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
        self.keys = QWidget()
        self.keys.setObjectName("helpKeys")
        grid = QGridLayout(self.keys)
        grid.setContentsMargins(0, 0, em(self, 0.6), 0)
        grid.setHorizontalSpacing(em(self, 1.0))
        grid.setVerticalSpacing(em(self, 0.35))
        for n, (keys, meaning) in enumerate(shortcuts):
            grid.addWidget(
                text(keys, "kbd", wrap=False), n, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            )
            grid.addWidget(text(meaning), n, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(shortcuts), 1)
        self.key_area = QScrollArea()
        self.key_area.setObjectName("helpScroll")
        self.key_area.setWidget(self.keys)
        self.key_area.setWidgetResizable(True)
        self.key_area.setFrameShape(QFrame.Shape.NoFrame)
        self.key_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.key_area.setAccessibleName("Keyboard shortcuts")
        layout.addWidget(self.key_area, 1)
        close = button("&Close", primary=True, name="closeHelp")
        close.clicked.connect(self.close)
        layout.addLayout(row(None, close))
        self.resize(self.fitted_size())

    def fitted_size(self) -> QSize:
        """Wide enough to read the shortcuts, and no larger than most of the screen it opens on."""
        screen = (self.parentWidget() or self).screen().availableGeometry().size()
        wanted = QSize(em(self, 36), self.keys.sizeHint().height() + em(self, 12))
        return wanted.boundedTo(
            QSize(int(screen.width() * SCREEN_SHARE), int(screen.height() * SCREEN_SHARE))
        )
