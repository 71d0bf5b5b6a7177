"""Recording from the case-discussion page that a visit did not go ahead."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.ui.main_window import MainWindow
from tests.ui.conftest import unlock
from tests.ui.desk_data import Desk
from tests.ui.test_visit_day_ui import desk, open_discussion_from_today, query

__all__ = ["desk"]  # the fixture, shared with the visit-day tests


def test_a_visit_cancelled_by_the_school_is_recorded_in_one_step(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    control = form.not_held
    control.reason.setCurrentIndex(control.reason.findData("cancelled_by_school"))
    qtbot.mouseClick(control.record_button, Qt.MouseButton.LeftButton)
    visit = query(window, lambda r: r.get("visit", desk.today_visit))
    assert visit.get("status") == "cancelled_by_school"
    assert query(window, lambda r: r.find("discussion_item", {"visit_id": desk.today_visit})) == []
    assert "did not go ahead" in window.status.message_label.text()


def test_typed_items_are_not_thrown_away_by_recording_not_held(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    qtbot.keyClicks(form.editors[0].concern, "Worried about sleep")
    qtbot.mouseClick(form.not_held.record_button, Qt.MouseButton.LeftButton)
    assert query(window, lambda r: r.get("visit", desk.today_visit)).get("status") == "planned"
    assert form.has_unsaved()
