"""Privacy mode (Ctrl+Shift+P): no given or family name, and no school contact's name, anywhere in
the widget tree or the lists while it is on; kept across a lock and in the store."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.privacy import SETTING, initials
from tests.ui.case_helpers import desk_fixture, open_cyp, page, query, shown_names  # noqa: F401
from tests.ui.conftest import flush_deletes, unlock
from tests.ui.desk_data import Desk


def visit_name_pages(qtbot: QtBot, window: MainWindow, desk: Desk) -> None:
    """Show every page that can show a name: the caseload, the school, the CYP page."""
    window.show_page("caseload")
    window.open_record("school", desk.school)
    open_cyp(qtbot, window, desk.case_ab)
    flush_deletes()


def test_privacy_mode_hides_every_name_and_brings_them_back(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    visit_name_pages(qtbot, window, desk)
    shown = shown_names()
    assert any("Zed Quillfeather" in t for t in shown) and any("Ann Spoc" in t for t in shown)
    action = window.registry["privacy"]
    assert action.isCheckable() and action.shortcut().toString() == "Ctrl+Shift+P"
    action.trigger()
    flush_deletes()
    assert shown_names() == []
    cyp = page(window, "cyp")
    assert cyp.title.text() == "AB" and window.privacy_switch.button.isChecked()
    assert page(window, "caseload").table.isColumnHidden(1)
    assert query(window, lambda r: r.session.setting(SETTING)) == "1"
    visit_name_pages(qtbot, window, desk)  # pages loaded while it is on
    assert shown_names() == []
    window.lock("test")
    flush_deletes()
    unlock(qtbot, window)
    visit_name_pages(qtbot, window, desk)
    assert window.privacy.on and shown_names() == []
    action.trigger()
    flush_deletes()
    assert any("Zed Quillfeather" in t for t in shown_names()) and not window.privacy.on
    assert query(window, lambda r: r.session.setting(SETTING)) == "0"


def test_privacy_mode_is_read_back_from_the_store_at_the_first_unlock(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    assert window.session is not None
    window.session.run(lambda s: s.set_setting(SETTING, "1"))
    window.lock("test")
    flush_deletes()
    window.privacy_switch.known = False  # as after a restart
    unlock(qtbot, window)
    visit_name_pages(qtbot, window, desk)
    assert window.privacy.on and window.registry["privacy"].isChecked() and shown_names() == []


def test_initials() -> None:
    assert initials("Darren Liu") == "DL"
    assert initials("Mary-Jane O'Neil") == "MJO"
    assert initials("  ") == ""
