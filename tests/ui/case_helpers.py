"""Helpers for the caseload, CYP and measures UI tests: a desk with names, and ways to reach pages,
forms and every text a view shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.conftest import all_texts, flush_deletes, unlock
from tests.ui.desk_data import TODAY, Desk, build_desk

T = TypeVar("T")
#: Names in the desk that privacy mode must hide.
NAMES = ("Zed", "Quillfeather", "Ann Spoc")


@pytest.fixture(name="desk")
def desk_fixture(vault: Vault) -> Desk:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: TODAY))
        built = build_desk(cw)
        cw.records.update(
            "cyp", built.case_ab, {"family_name": "Quillfeather", "date_of_birth": "2013-01-10"}
        )
        cw.records.update("cyp", built.case_ab, {"sex": "female"})
        return built


def open_cyp(qtbot: QtBot, window: MainWindow, cyp_id: str) -> Any:
    if window.shell is None:
        unlock(qtbot, window)
    window.open_record("cyp", cyp_id)
    flush_deletes()
    assert window.shell is not None and window.shell.current_key == "cyp"
    return window.shell.pages["cyp"]


def page(window: MainWindow, key: str) -> Any:
    assert window.shell is not None
    return window.shell.pages[key]


def query(window: MainWindow, op: Callable[[RecordService], T]) -> T:
    found: list[T] = []
    assert window.session is not None
    window.session.casework(lambda cw: op(cw.records), found.append)
    return found[0]


def dialog_of(owner: Any, kind: type[T]) -> T:
    dialog = owner.dialog
    assert isinstance(dialog, kind) and isinstance(dialog, QDialog) and dialog.isVisible()
    return dialog


def click(qtbot: QtBot, widget: Any) -> None:
    """Click, then let the widgets the page replaced be deleted (so lookups find the new ones)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    flush_deletes()


def view_texts() -> list[str]:
    """Every cell and tooltip of every list on screen (model data is not a widget's text)."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if not isinstance(widget, QAbstractItemView) or widget.model() is None:
            continue
        model = widget.model()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                index = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if value:
                        texts.append(str(value))
    return texts


def shown_names() -> list[str]:
    return [t for t in all_texts() + view_texts() if any(name in t for name in NAMES)]
