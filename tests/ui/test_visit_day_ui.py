"""The visit day, driven through real widgets: Today, planning a visit, recording a case
discussion, errors shown beside the field, and a half-typed discussion surviving a lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models import columns
from linkdesk.ui.models.table import TableModel, rows_of
from linkdesk.ui.pages.discussion import DiscussionPage
from linkdesk.ui.pages.school import SchoolPage
from linkdesk.ui.pages.schools import SchoolsPage
from linkdesk.ui.pages.today import TodayPage
from tests.conftest import PASSPHRASE
from tests.ui.conftest import flush_deletes, leaked, unlock
from tests.ui.desk_data import TODAY, Desk, build_desk

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def desk(vault: Vault) -> Desk:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        return build_desk(Casework(RecordService(store, lambda: TODAY)))


def query(window: MainWindow, op: Callable[[RecordService], Any]) -> Any:
    """Read the store through the window's session (the worker is synchronous in tests)."""
    found: list[Any] = []
    assert window.session is not None
    window.session.casework(lambda cw: op(cw.records), found.append)
    return found[0]


def page(window: MainWindow, key: str) -> Any:
    assert window.shell is not None
    return window.shell.pages[key]


def today_page(window: MainWindow) -> TodayPage:
    result = page(window, "today")
    assert isinstance(result, TodayPage)
    return result


def discussion(window: MainWindow) -> DiscussionPage:
    result = page(window, "discussion")
    assert isinstance(result, DiscussionPage)
    return result


def open_discussion_from_today(qtbot: QtBot, window: MainWindow) -> DiscussionPage:
    today = today_page(window)
    table = today.tables["todays"]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "discussion"
    return discussion(window)


def test_today_lists_the_visits_and_the_prep_sheet(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    today = today_page(window)
    assert [v.id for v in rows_of(today.models["todays"])] == [desk.today_visit]
    assert [v.id for v in rows_of(today.models["this_week"])] == [desk.week_visit]
    assert [v.id for v in rows_of(today.models["to_write_up"])] == [desk.unwritten_visit]
    prep = today.prep
    assert prep.title.text() == "Greenfield Primary"
    assert prep.counts["open_cases"].text() == "2" and prep.counts["referrals"].text() == "1"
    assert "stalled" in prep.models["referrals"].data(prep.models["referrals"].index(0, 3))
    assert prep.last_summary.text() == "Agreed plan"
    assert leaked(["Zed"]) == [], "a case's name is never on screen"
    today.tables["this_week"].selectRow(0)
    assert prep.title.text() == "Oakhill Academy"


def test_plan_a_visit_with_ctrl_n(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.show_page("settings")
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    today = today_page(window)
    assert window.shell is not None and window.shell.current_key == "today" and today.plan.isVisible()
    panel = today.plan
    panel.school.setCurrentIndex(panel.school.findText("Oakhill Academy"))
    panel.date.clear()
    qtbot.keyClicks(panel.date, "32/11/2026")
    qtbot.keyClick(panel.date, Qt.Key.Key_Return)
    assert panel.errors.error_of("date").startswith("Give the date as day/month/year")
    panel.date.clear()
    qtbot.keyClicks(panel.date, "24/11/2026")
    panel.time.clear()
    qtbot.keyClicks(panel.time, "1115")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    planned = query(window, lambda r: r.find("visit", {"school_id": desk.other_school, "date": "2026-11-24"}))
    assert [(v.get("start_time"), v.get("status"), v.get("planned_minutes")) for v in planned] == [
        ("11:15", "planned", 120)
    ]
    assert "Visit planned: Oakhill Academy" in window.status.message_label.text()
    assert any(v.id == planned[0].id for v in rows_of(today.models["this_week"]))


def test_record_a_case_discussion_with_an_anonymous_and_a_named_item(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    first = form.editors[0]
    assert first.who.hasFocus() or not window.isActiveWindow()
    qtbot.keyClicks(first.who, "Y8 girl")
    qtbot.keyClicks(first.concern, "Cutting, friends worried")
    first.categories.item(0).setCheckState(Qt.CheckState.Checked)
    first.outcome.setCurrentIndex(first.outcome.findData("parent_meeting"))
    qtbot.keyClicks(first.follow_up, "7/12/2026")
    assert first.fields["anon_label"][1].hint.text().startswith("Not linked")
    qtbot.keyClick(first.concern, Qt.Key.Key_Return, CTRL)
    assert len(form.editors) == 2 and form.editors[1].title.text() == "Item 2"
    second = form.editors[1]
    qtbot.keyClicks(second.who, "AB")
    completer = second.who.completer()
    assert completer is not None and completer.completionCount() == 1
    second.who.setText(completer.currentCompletion())  # what choosing it from the list does
    assert second.fields["anon_label"][1].hint.text() == "Linked to this case"
    qtbot.keyClicks(second.agreed, "School to call mum")
    second.outcome.setCurrentIndex(second.outcome.findData("referred_specialist"))
    form.travel.setValue(25)
    assert window.registry["save"].isEnabled()
    qtbot.keyClick(second.agreed, Qt.Key.Key_S, CTRL)

    assert window.shell is not None and window.shell.current_key == "today", "back where it was opened"
    assert "Case discussion saved: 2 items" in window.status.message_label.text()
    visit = query(window, lambda r: r.get("visit", desk.today_visit))
    assert (visit.get("status"), visit.get("duration_minutes"), visit.get("travel_minutes")) == (
        "held",
        120,
        25,
    )
    items = query(window, lambda r: r.find("discussion_item", {"visit_id": desk.today_visit}))
    by_who = {i.get("anon_label") or i.get("cyp_id"): i for i in items}
    assert set(by_who) == {"Y8 girl", desk.case_ab}
    anonymous = by_who["Y8 girl"]
    assert anonymous.get("cyp_id") is None and anonymous.get("concern_categories") == ["self_harm"]
    assert (anonymous.get("outcome"), anonymous.get("follow_up_on")) == ("parent_meeting", "2026-12-07")
    assert by_who[desk.case_ab].get("actions") == "School to call mum"
    assert not form.has_unsaved()


def test_refusals_are_shown_beside_the_field_and_nothing_is_written(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    first = form.editors[0]
    qtbot.keyClicks(first.who, "Y9 group")
    qtbot.mouseClick(first.group, Qt.MouseButton.LeftButton)
    assert first.group.isChecked() and first.group_size.isEnabled()
    second = form.add_item()
    assert second is not None
    qtbot.keyClicks(second.concern, "Nobody named")
    form.save()
    group_field = first.fields["group_size"][1]
    assert group_field.error.isVisible() and "group" in group_field.error.text()
    assert first.group_size.property("invalid") is True
    assert not second.fields["anon_label"][1].error.isVisible()
    assert query(window, lambda r: r.find("discussion_item", {"visit_id": desk.today_visit})) == []

    first.group_size.setValue(6)
    form.save()
    assert not group_field.error.isVisible()
    assert not form.problem.isVisible(), form.problem.text()
    who_field = second.fields["anon_label"][1]
    assert who_field.error.isVisible() and "anonymous label" in who_field.error.text()
    assert "Traceback" not in who_field.error.text() and "cyp_id" not in who_field.error.text()
    qtbot.keyClicks(second.follow_up, "next week")
    form.save()
    assert second.fields["follow_up_on"][1].error.isVisible()
    assert query(window, lambda r: r.get("visit", desk.today_visit)).get("status") == "planned"
    assert window.shell is not None and window.shell.current_key == "discussion"


def test_idle_lock_keeps_the_half_typed_discussion_and_puts_it_back(
    qtbot: QtBot, desk: Desk, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    qtbot.keyClicks(form.editors[0].who, "Y7 boy")
    qtbot.keyClicks(form.editors[0].concern, "DRAFT-CANARY refusing school")
    second = form.add_item()
    assert second is not None
    second.who.setText("AB · Year 8 · CYP-AB0001")
    form.admin.setValue(35)
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: not window.unlocked, timeout=5000)
    flush_deletes()
    assert leaked(["DRAFT-CANARY", "Y7 boy", "CYP-AB0001"]) == []
    with vault.unlock(PASSPHRASE) as store:
        assert set(store.drafts()) == {"discussion.capture"}
        assert (
            RecordService(store, lambda: TODAY).find("discussion_item", {"visit_id": desk.today_visit}) == []
        )

    unlock(qtbot, window)
    assert window.shell is not None and window.shell.current_key == "discussion"
    form = discussion(window)
    assert len(form.editors) == 2
    assert form.editors[0].who.text() == "Y7 boy"
    assert form.editors[0].concern.toPlainText() == "DRAFT-CANARY refusing school"
    assert form.editors[1].fields["anon_label"][1].hint.text() == "Linked to this case"
    assert form.admin.value() == 35 and form.has_unsaved() and form.notice.isVisible()
    assert window.registry["save"].isEnabled()
    window.registry["save"].trigger()
    items = query(window, lambda r: r.find("discussion_item", {"visit_id": desk.today_visit}))
    assert len(items) == 2
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}


def test_schools_filter_and_the_school_page(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    schools = page(window, "schools")
    assert isinstance(schools, SchoolsPage) and schools.proxy.rowCount() == 2
    qtbot.keyClicks(schools.filter, "oak")
    assert schools.proxy.rowCount() == 1
    schools.filter.clear()
    qtbot.keyClicks(schools.filter, "green")
    qtbot.keyClick(schools.filter, Qt.Key.Key_Return)
    school = page(window, "school")
    assert isinstance(school, SchoolPage) and window.shell is not None
    assert window.shell.current_key == "school" and school.title.text() == "Greenfield Primary"
    assert school.time_stat.value.text() == "2 h 30 of 6 h"
    assert school.agreement_stat.value.text() == "Active"
    assert school.models["cases"].rowCount() == 3 and school.models["visits"].rowCount() == 5
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert school.plan.isVisible() and not school.plan.school.isEnabled()
    assert school.plan.school.currentData() == desk.school
    school.plan.close_panel()
    window.registry["record_discussion"].trigger()
    assert window.shell.current_key == "discussion" and discussion(window).record_id == desk.today_visit
    window.registry["back"].trigger()
    assert window.shell.current_key == "school"
    window.registry["back"].trigger()
    assert window.shell.current_key == "schools"


def test_every_input_of_the_new_pages_has_a_name(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    assert window.shell is not None
    today = today_page(window)
    today.plan_visit()
    assert describe(unnamed_focusables(today)) == []
    window.shell.open_record("school", desk.school)
    page(window, "school").plan_visit()
    assert describe(unnamed_focusables(page(window, "school"))) == []
    window.shell.open_record("discussion", desk.today_visit)
    form = discussion(window)
    form.add_item()
    form.add_item()
    assert len(form.editors) == 3
    assert describe(unnamed_focusables(form)) == []
    names = [form.editors[1].who.accessibleName(), form.editors[2].remove_button.accessibleName()]
    assert names == ["Item 2: Who was discussed", "Remove item 3"]
    window.show_page("schools")
    assert describe(unnamed_focusables(window)) == []


def test_the_tab_order_of_an_item_follows_the_discussion(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    assert window.shell is not None
    window.shell.open_record("discussion", desk.today_visit)
    editor = discussion(window).editors[0]

    def stop(widget: Any) -> bool:
        inner = widget.objectName().startswith("qt_")  # the line edit inside a spin box
        shown = widget.isVisible()  # Tab passes over "Record consent…" while nobody is named
        return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and not inner and shown

    chain: list[Any] = [editor.who]
    for _ in range(9):
        chain.append(chain[-1].nextInFocusChain())
        while not stop(chain[-1]):
            chain[-1] = chain[-1].nextInFocusChain()
    names = [w.objectName() for w in chain]
    assert names[:9] == [
        "itemWho",
        "itemGroup",
        "itemGroupSize",
        "itemJudgement",
        "itemConcern",
        "itemCategories",
        "itemOutcome",
        "itemFollowUp",
        "itemActions",
    ]


def test_the_table_model_passes_the_model_tester(qtmodeltester: Any, qapp: QApplication, desk: Desk) -> None:
    from linkdesk.services.school_view import SchoolRow

    model = TableModel(columns.schools(TODAY))
    model.set_rows(
        [
            SchoolRow("1", "Alpha", "primary", "LU1", "W", TODAY, 3, "active"),
            SchoolRow("2", "Beta", None, "", "", None, 0, "missing"),
        ]
    )
    qtmodeltester.check(model)
    assert model.data(model.index(1, 4)) == "None planned"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Open cases"


def test_a_clashing_visit_is_warned_about_and_can_be_planned_anyway(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    panel = today_page(window).plan
    panel.school.setCurrentIndex(panel.school.findText("Greenfield Primary"))
    panel.date.clear()
    qtbot.keyClicks(panel.date, "23/11/2026")  # Greenfield already has 10:00 for two hours today
    panel.time.clear()
    qtbot.keyClicks(panel.time, "11:00")
    qtbot.keyClick(panel.time, Qt.Key.Key_Return)

    def greenfield_today() -> list[Any]:
        return query(window, lambda r: r.find("visit", {"school_id": desk.school, "date": "2026-11-23"}))

    assert panel.isVisible() and len(greenfield_today()) == 1  # nothing planned yet
    assert panel.clash.isVisible()
    assert "Greenfield Primary already has a visit Mon 23 Nov at 10:00 for 120 minutes" in panel.clash.text()
    assert panel.save_button.text().replace("&", "") == "Plan anyway"
    qtbot.keyClicks(panel.time, "1")  # a change asks again ("11:001" is not a time)
    assert not panel.clash.isVisible() and panel.save_button.text().replace("&", "") == "Plan visit"
    qtbot.keyClick(panel.time, Qt.Key.Key_Backspace)
    qtbot.keyClick(panel.time, Qt.Key.Key_Return)
    assert panel.clash.isVisible() and len(greenfield_today()) == 1
    qtbot.keyClick(panel.time, Qt.Key.Key_Return)  # the second press plans it anyway
    assert not panel.isVisible() and len(greenfield_today()) == 2
    assert "Visit planned: Greenfield Primary" in window.status.message_label.text()


def test_naming_a_child_shows_their_consent_to_discussion_and_records_it(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    assert window.session is not None
    window.session.casework(
        lambda cw: cw.record_consent(
            desk.case_ab, "identifiable_discussion", "given", given_by="both", decided_on="2026-10-03"
        )
    )
    form = open_discussion_from_today(qtbot, window)
    item = form.editors[0]
    assert not item.consent.isVisible()  # nobody named yet
    qtbot.keyClicks(item.who, "Y8 girl")
    assert not item.consent.isVisible()  # an anonymous label needs no consent
    item.who.clear()
    qtbot.keyClicks(item.who, "AB")
    completer = item.who.completer()
    assert completer is not None
    item.who.setText(completer.currentCompletion())
    assert item.consent.isVisible()
    assert item.consent.line.text() == "Consent to identifiable discussion: given 3 Oct 2026"

    item.who.clear()
    qtbot.keyClicks(item.who, "CD")
    item.who.setText(completer.currentCompletion())
    assert item.consent.line.text() == "Consent to identifiable discussion: not recorded"
    qtbot.keyClick(item.who, Qt.Key.Key_Tab)  # the next stop is the way to record it
    record = item.consent.record_button
    assert record.hasFocus() or not window.isActiveWindow()
    qtbot.keyClick(record, Qt.Key.Key_Space)
    consent = item.consent.dialog
    assert consent is not None and consent.isVisible() and "CD · Year 5 · CYP-CD0002" in consent.intro.text()
    assert consent.scope.currentData() == "identifiable_discussion"
    consent.given_by.setCurrentIndex(consent.given_by.findData("parent_carer"))
    qtbot.keyClick(consent.ok_button, Qt.Key.Key_Space)
    flush_deletes()
    assert item.consent.line.text() == "Consent to identifiable discussion: given 23 Nov 2026"
    assert "Consent recorded: Named discussion." in window.status.message_label.text()
    assert item.who.text().startswith("CD") and form.has_unsaved()  # the item as typed is kept
    states = query(window, lambda r: [c.get("status") for c in r.find("consent", {"cyp_id": desk.case_cd})])
    assert sorted(states) == ["given", "given"]


def test_withdrawn_and_asked_for_consent_read_in_words() -> None:
    from linkdesk.services.consent_view import ConsentScope, refusal, state_line

    def scope(state: str, **dates: Any) -> ConsentScope:
        fields = {"decided_on": None, "sought_on": None, "expires_on": None, **dates}
        return ConsentScope("identifiable_discussion", state, None, method=None, **fields)

    assert state_line(scope("withdrawn", decided_on=TODAY)) == (
        "Consent to identifiable discussion: withdrawn 23 Nov 2026"
    )
    assert state_line(scope("sought", sought_on=TODAY)).endswith("asked 23 Nov 2026, no answer yet")
    assert refusal(scope("refused", decided_on=TODAY), "AB") == (
        "Consent to identifiable discussion for AB: refused 23 Nov 2026."
    )
