"""How and with whom contact took place (issue #18), recorded in the visit forms: planned with the
visit, carried to the case discussion form, changed there and saved with the discussion."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.ui.forms import set_choice
from linkdesk.ui.main_window import MainWindow
from tests.ui.case_helpers import desk_fixture, query  # noqa: F401
from tests.ui.conftest import unlock
from tests.ui.desk_data import Desk
from tests.ui.test_visit_day_ui import CTRL, open_discussion_from_today, today_page


def test_plan_a_video_call_with_school_staff(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    panel = today_page(window).plan
    assert panel.contact.contact_type.currentData() == "face_to_face"  # most visits are
    panel.school.setCurrentIndex(panel.school.findText("Oakhill Academy"))
    panel.date.clear()
    qtbot.keyClicks(panel.date, "24/11/2026")
    set_choice(panel.contact.contact_type, "video")
    set_choice(panel.contact.with_whom, "school_staff")
    qtbot.keyClick(panel.date, Qt.Key.Key_Return)
    [planned] = query(
        window, lambda r: r.find("visit", {"school_id": desk.other_school, "date": "2026-11-24"})
    )
    assert (planned.get("contact_type"), planned.get("with_whom")) == ("video", "school_staff")


def test_the_case_discussion_form_saves_how_and_with_whom(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    assert form.contact.contact_type.currentData() is None  # nothing recorded on this visit yet
    qtbot.keyClicks(form.editors[0].who, "Y8 girl")
    qtbot.keyClicks(form.editors[0].concern, "Friends worried")
    set_choice(form.contact.contact_type, "face_to_face")
    set_choice(form.contact.with_whom, "school_staff_and_family")
    assert form.state()["contact"] == {"contact_type": "face_to_face", "with_whom": "school_staff_and_family"}
    qtbot.keyClick(form.editors[0].concern, Qt.Key.Key_S, CTRL)
    visit = query(window, lambda r: r.get("visit", desk.today_visit))
    assert visit.get("status") == "held"
    assert (visit.get("contact_type"), visit.get("with_whom")) == ("face_to_face", "school_staff_and_family")
