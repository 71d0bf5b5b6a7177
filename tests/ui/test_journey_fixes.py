"""What the whole journey of a new child tripped over (issue #18), each fixed and tested on its own:
Alt+M makes a school's anonymous item into a case, and once the child is named the draft referral
the discussion called for is offered, and the actions agreed for them become theirs."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.services.records import RecordService
from linkdesk.ui.cyp_form import CypFormDialog
from linkdesk.ui.follow_through import NextStepsDialog
from linkdesk.ui.main_window import MainWindow
from tests.ui.case_helpers import desk_fixture, page, query  # noqa: F401
from tests.ui.conftest import flush_deletes, unlock
from tests.ui.desk_data import Desk

ALT = Qt.KeyboardModifier.AltModifier


def anonymous_item(window: MainWindow, desk: Desk, outcome: str) -> str:
    """An item about "Y8 girl" at Oakhill, with an action agreed for her; returns the item's id."""

    def add(records: RecordService) -> str:
        visit = records.add("visit", {"school_id": desk.other_school, "date": "2026-11-18", "status": "held"})
        item = records.add(
            "discussion_item",
            {"visit_id": visit.id, "anon_label": "Y8 girl", "outcome": outcome, "follow_up_on": "2026-11-27"},
        ).id
        records.add(
            "action",
            {
                "description": "Ring mum",
                "school_id": desk.other_school,
                "discussion_item_id": item,
                "due_on": "2026-11-27",
            },
        )
        return item

    return query(window, add)


def make_case_by_keys(qtbot: QtBot, window: MainWindow, desk: Desk) -> CypFormDialog:
    window.open_record("school", desk.other_school)
    school = page(window, "school")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: school.dialog is not None)  # a mnemonic clicks after a short delay
    form = school.dialog
    assert isinstance(form, CypFormDialog) and form.item_id is not None
    return form


def test_alt_m_on_a_school_page_makes_the_chosen_anonymous_item_into_a_case(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    item = anonymous_item(window, desk, "watchful_waiting")
    form = make_case_by_keys(qtbot, window, desk)
    assert form.item_id == item and form.boxes["year_group"].currentData() == 8  # type: ignore[attr-defined]


def test_naming_an_item_referred_to_camhs_offers_its_draft_referral(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    item = anonymous_item(window, desk, "referred_specialist")
    form = make_case_by_keys(qtbot, window, desk)
    form.boxes["given_name"].setText("Róisín")  # type: ignore[attr-defined]
    qtbot.keyClick(form.boxes["given_name"], Qt.Key.Key_Return)
    flush_deletes()
    cyp_id = page(window, "cyp").record_id
    offer = page(window, "school").findChild(NextStepsDialog)
    assert offer is not None and offer.isVisible()
    assert [t.text() for t in offer.ticks] == ["Draft referral for R · Y8 to"]
    qtbot.keyClick(offer.focusWidget() or offer, Qt.Key.Key_Return)
    [referral] = query(window, lambda r: r.find("referral", {"cyp_id": cyp_id}))
    assert (referral.get("status"), referral.get("origin_item_id")) == ("draft", item)
    [action] = query(window, lambda r: r.find("action", {"discussion_item_id": item}))
    assert action.get("cyp_id") == cyp_id, "the action agreed for her follows her onto her record"


def test_naming_an_item_not_referred_offers_nothing(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    anonymous_item(window, desk, "watchful_waiting")
    form = make_case_by_keys(qtbot, window, desk)
    form.boxes["given_name"].setText("Róisín")  # type: ignore[attr-defined]
    qtbot.keyClick(form.boxes["given_name"], Qt.Key.Key_Return)
    flush_deletes()
    assert window.shell is not None and window.shell.current_key == "cyp"
    assert page(window, "school").findChild(NextStepsDialog) is None
