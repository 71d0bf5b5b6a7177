"""The Settings page's "This store" card: where the store is, how it is encrypted, the sync folder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from linkdesk.ui.widgets import card, em, text

ROWS = (
    ("data_dir", "Data folder"),
    ("cipher_version", "Encryption"),
    ("schema_version", "Schema version"),
    ("sync_folder", "Sync folder"),
)


def store_card(page: QWidget) -> tuple[QFrame, dict[str, QLabel]]:
    """The card and, by key, the labels its values are shown in (filled once the store is read)."""
    info_card, body = card()
    body.addWidget(text("This store", "h2"))
    grid = QGridLayout()
    grid.setHorizontalSpacing(em(page, 1.2))
    grid.setVerticalSpacing(em(page, 0.35))
    values: dict[str, QLabel] = {}
    for n, (key, title) in enumerate(ROWS):
        value = text("…", record=True)
        value.setObjectName(f"info_{key}")
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        values[key] = value
        grid.addWidget(text(title, "subtle", wrap=False), n, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, n, 1)
    grid.setColumnStretch(1, 1)
    body.addLayout(grid)
    return info_card, values
