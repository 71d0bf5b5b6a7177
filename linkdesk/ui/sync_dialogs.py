"""The file and folder choosers and the one question the Sync page asks (tests replace these).

Each returns '' (or False) when the user cancels. Files are offered in the folder last used in
this run (the home folder at first); names suggested carry no personal data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

BUNDLES = "LinkDesk bundles (*.ldsync);;All files (*)"
CARDS = "LinkDesk team cards (*.ldcard *.card);;All files (*)"

_last_folder: list[Path] = []


def start_folder() -> Path:
    return _last_folder[0] if _last_folder and _last_folder[0].is_dir() else Path.home()


def _remember(path: str) -> str:
    if path:
        _last_folder[:] = [Path(path).parent]
    return path


def ask_open(parent: QWidget, title: str, filters: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    return _remember(path)


def ask_save(parent: QWidget, title: str, name: str, filters: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), filters)
    return _remember(path)


def ask_folder(parent: QWidget, title: str, current: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, current or str(Path.home()))


def confirm_revoke(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Revoke this laptop?",
        f"Stop syncing with {name}? Nothing more will be sent to it, and bundles from it will be "
        "refused. What it already sent stays here. To sync with it again, trust its card again.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
