"""What the whole journey of a new child tripped over (issue #18), each fixed and tested on its own:
Alt+M makes a school's anonymous item into a case; once the child is named the draft referral the
discussion called for is offered, and the actions agreed for them become theirs; and the child
form, half typed, is kept as a draft at lock like every other form."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.cyp_form import CypFormDialog
from linkdesk.ui.follow_through import NextStepsDialog
from linkdesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.case_helpers import desk_fixture, open_cyp, page, query  # noqa: F401
from tests.ui.conftest import flush_deletes, leaked, unlock
from tests.ui.desk_data import Desk

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


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


def test_a_new_child_half_typed_on_caseload_is_back_after_a_lock(
    qtbot: QtBot, desk: Desk, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    window.show_page("caseload")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page(window, "caseload").dialog
    assert isinstance(form, CypFormDialog)
    form.boxes["given_name"].setText("Róisín")  # type: ignore[attr-defined]
    form.boxes["nhs_number"].setText("943 476 5919")  # type: ignore[attr-defined]
    form.boxes["school_id"].setCurrentIndex(2)  # type: ignore[attr-defined]
    school = form.boxes["school_id"].currentData()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # Ctrl+L works in the active window
    qtbot.keyClick(form.boxes["given_name"], Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“New child or young person”" in window.lock_screen.kept.text()
    flush_deletes()
    assert leaked(["Róisín"]) == [], "nothing typed is on screen while locked"
    unlock(qtbot, window)
    again = page(window, "caseload").dialog
    assert isinstance(again, CypFormDialog) and again.isVisible()
    assert again.boxes["given_name"].text() == "Róisín"  # type: ignore[attr-defined]
    assert again.boxes["nhs_number"].text() == "943 476 5919"  # type: ignore[attr-defined]
    assert again.boxes["school_id"].currentData() == school  # type: ignore[attr-defined]
    assert again.notice.text().startswith("Put back")
    qtbot.keyClick(again.boxes["given_name"], Qt.Key.Key_Return)
    flush_deletes()
    assert page(window, "cyp").title.text() == "Róisín"
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}


def test_a_case_half_made_from_an_anonymous_item_is_back_after_a_lock_and_still_links_it(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    item = anonymous_item(window, desk, "referred_specialist")
    form = make_case_by_keys(qtbot, window, desk)
    form.boxes["given_name"].setText("Róisín")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # Ctrl+L works in the active window
    qtbot.keyClick(form.boxes["given_name"], Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“New child or young person”" in window.lock_screen.kept.text()
    unlock(qtbot, window)
    school = page(window, "school")
    again = school.dialog
    assert (
        isinstance(again, CypFormDialog) and again.item_id == item and school.record_id == desk.other_school
    )
    assert again.boxes["given_name"].text() == "Róisín"  # type: ignore[attr-defined]
    qtbot.keyClick(again.boxes["given_name"], Qt.Key.Key_Return)
    flush_deletes()
    cyp_id = page(window, "cyp").record_id
    assert query(window, lambda r: r.get("discussion_item", item)).get("cyp_id") == cyp_id
    assert school.findChild(NextStepsDialog) is not None, "the referral is still offered"


def test_changed_details_half_typed_are_back_after_a_lock(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    cyp = open_cyp(qtbot, window, desk.case_ab)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    cyp.edit()
    form = cyp.dialog
    assert isinstance(form, CypFormDialog) and form.record_id == desk.case_ab
    form.boxes["gp_practice"].setText("Riverside Medical Centre")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # Ctrl+L works in the active window
    qtbot.keyClick(form.boxes["gp_practice"], Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“Change details”" in window.lock_screen.kept.text()
    unlock(qtbot, window)
    again = page(window, "cyp").dialog
    assert isinstance(again, CypFormDialog) and again.record_id == desk.case_ab
    assert again.boxes["gp_practice"].text() == "Riverside Medical Centre"  # type: ignore[attr-defined]
    assert again.boxes["given_name"].text() == "Zed"  # type: ignore[attr-defined]
