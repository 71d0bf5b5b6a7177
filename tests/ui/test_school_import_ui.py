"""Schools → Import from GIAS…: choosing local authorities, the preview, linking a near match,
stopping, and the closed flag in the list and on the school's page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.services.records import RecordService
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages import schools as schools_page
from linkdesk.ui.pages.school import SchoolPage
from linkdesk.ui.pages.schools import SchoolsPage
from linkdesk.ui.school_import_dialog import SchoolImportDialog
from tests.records.gias_layout import FIXTURE_2024, HEADER_2024, ROWS_2024, school, write_file
from tests.ui.conftest import unlock

CLICK = Qt.MouseButton.LeftButton
CHECKED = Qt.CheckState.Checked


def query(window: MainWindow, op: Callable[[RecordService], Any]) -> Any:
    found: list[Any] = []
    assert window.session is not None
    window.session.casework(lambda cw: op(cw.records), found.append)
    return found[0]


def open_import(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path
) -> SchoolImportDialog:
    unlock(qtbot, window)
    assert window.shell is not None
    window.shell.show_page("schools")
    page = window.shell.pages["schools"]
    assert isinstance(page, SchoolsPage)
    monkeypatch.setattr(schools_page, "ask_gias_file", lambda parent: str(path))
    dialog = page.import_schools()
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(dialog: SchoolImportDialog, *names: str) -> None:
    for index in range(dialog.la_list.count()):
        item = dialog.la_list.item(index)
        if item.data(Qt.ItemDataRole.UserRole) in names:
            item.setCheckState(CHECKED)


def school_rows(window: MainWindow) -> dict[str, Any]:
    assert window.shell is not None
    page = window.shell.pages["schools"]
    assert isinstance(page, SchoolsPage)
    return {r.name: r for r in rows_of(page.model)}


def test_import_the_schools_of_a_local_authority(
    qtbot: QtBot, recovery_code: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_import(qtbot, window, monkeypatch, FIXTURE_2024)
    offered = [dialog.la_list.item(i).text() for i in range(dialog.la_list.count())]
    assert offered == [
        "BSO Overseas  (1 open)",
        "Bedford  (1 open)",
        "City of London  (2 open)",
        "Luton  (13 open)",
        "Powys  (1 open)",
    ]
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.preview_button, CLICK)
    assert "Choose at least one local authority" in dialog.problem.text()
    choose(dialog, "Luton")
    qtbot.mouseClick(dialog.preview_button, CLICK)
    shown = dialog.preview_text.toPlainText()
    assert "create  190101  Marsh Farm Primary School  (primary)" in shown
    assert "create  190109  Ferrars Junior School  (junior; proposed to close)" in shown
    assert "100000" not in shown and "13 to create" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    messages: list[str] = []
    dialog.imported.connect(messages.append)
    qtbot.mouseClick(dialog.import_button, CLICK)
    assert not dialog.isVisible() and messages and "13 to create" in messages[0]
    assert len(query(window, lambda r: r.find("school"))) == 13
    rows = school_rows(window)
    assert rows["Ferrars Junior School"].gias_status == "proposed_to_close"


def test_a_near_match_is_linked_when_the_user_says_so(
    qtbot: QtBot, recovery_code: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    unlock(qtbot, window)
    hart = query(window, lambda r: r.add("school", {"name": "Hart Hill School", "postcode": "LU2 0XX"})).id
    query(window, lambda r: r.add("school", {"name": "Beech", "local_authority": "Luton"}))
    dialog = open_import(qtbot, window, monkeypatch, FIXTURE_2024)
    assert [dialog.la_list.item(i).checkState() == CHECKED for i in range(5)] == [False] * 3 + [True, False]
    qtbot.mouseClick(dialog.preview_button, CLICK)
    assert dialog.near_box.isVisibleTo(dialog) and list(dialog.near_choices) == ["190106"]
    combo = dialog.near_choices["190106"]
    combo.setCurrentIndex(combo.findData(hart))
    assert not dialog.import_button.isEnabled() and dialog.preview_button.text() == "Preview again"
    qtbot.mouseClick(dialog.preview_button, CLICK)
    assert "link    190106  Hart Hill School" in dialog.preview_text.toPlainText()
    assert dialog.near_choices["190106"].currentData() == hart  # the choice stays on show
    qtbot.mouseClick(dialog.import_button, CLICK)
    linked = query(window, lambda r: r.get("school", hart))
    assert linked.get("urn") == "190106" and linked.get("name") == "Hart Hill School"


def test_stop_writes_nothing(
    qtbot: QtBot, recovery_code: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = [school(f"{200000 + n}", f"Filler {n}", postcode="LU1 1XX") for n in range(5000)]
    dialog = open_import(qtbot, window, monkeypatch, write_file(tmp_path / "big.csv", HEADER_2024, rows))
    choose(dialog, "Luton")
    qtbot.mouseClick(dialog.preview_button, CLICK)
    assert dialog.import_button.isEnabled()

    def press_stop(done: int, total: int) -> None:  # as a click on the progress dialog's Stop
        if dialog._progress is not None:
            dialog._progress.canceled.emit()

    dialog._relay.moved.connect(press_stop)
    qtbot.mouseClick(dialog.import_button, CLICK)
    assert dialog.isVisible() and dialog.problem.text() == "Stopped. Nothing was changed."
    assert query(window, lambda r: r.find("school")) == []


def test_a_school_gias_lists_as_closed_is_flagged(
    qtbot: QtBot, recovery_code: str, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = open_import(qtbot, window, monkeypatch, FIXTURE_2024)
    choose(dialog, "Luton")
    qtbot.mouseClick(dialog.preview_button, CLICK)
    qtbot.mouseClick(dialog.import_button, CLICK)
    closed = [
        {**r, "EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"}
        if r["URN"] == "190101"
        else r
        for r in ROWS_2024
    ]
    assert window.shell is not None
    page = window.shell.pages["schools"]
    assert isinstance(page, SchoolsPage)
    monkeypatch.setattr(
        schools_page, "ask_gias_file", lambda parent: str(write_file(tmp_path / "c.csv", HEADER_2024, closed))
    )
    again = page.import_schools()
    assert again is not None and not again.existing.isChecked()
    qtbot.mouseClick(again.preview_button, CLICK)
    assert "closed  190101  Marsh Farm Primary School" in again.preview_text.toPlainText()
    qtbot.mouseClick(again.import_button, CLICK)
    row = school_rows(window)["Marsh Farm Primary School"]
    assert page.model.data(page.model.index(0, 0)) is not None
    texts = [page.model.data(page.model.index(n, 0)) for n in range(page.model.rowCount())]
    assert "Marsh Farm Primary School · closed (GIAS)" in texts
    window.shell.open_record("school", row.id)
    detail = window.shell.pages["school"]
    assert isinstance(detail, SchoolPage)
    assert detail.gias_note.isVisibleTo(detail)
    assert detail.gias_note.text().startswith("GIAS lists this school as closed since")
