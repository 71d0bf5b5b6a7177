"""The caseload and CYP pages through real widgets: open a case, record consent, make a referral
and add its events, notes with addenda and corrections, and closing a case with a confirm step."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.forms import set_choice
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.caseload import CaseloadPage
from linkdesk.ui.pages.cyp import CypPage
from linkdesk.ui.pages.cyp_dialogs import (
    CloseCaseDialog,
    ConsentDialog,
    EnteredInErrorDialog,
    EventDialog,
    NoteDialog,
    ReferralDialog,
)
from linkdesk.ui.pages.cyp_sections import NoteCard, ReferralCard
from tests.ui.case_helpers import click, desk_fixture, dialog_of, open_cyp, page, query  # noqa: F401
from tests.ui.conftest import unlock
from tests.ui.desk_data import Desk, iso


def cyp_page(qtbot: QtBot, window: MainWindow, cyp_id: str) -> CypPage:
    found = open_cyp(qtbot, window, cyp_id)
    assert isinstance(found, CypPage)
    return found


def test_caseload_lists_filters_searches_and_opens(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.show_page("caseload")
    caseload = page(window, "caseload")
    assert isinstance(caseload, CaseloadPage)
    assert {r.id for r in rows_of(caseload.model)} == {desk.case_ab, desk.case_cd}
    set_choice(caseload.status, "all")
    assert caseload.model.rowCount() == 3
    set_choice(caseload.status, "closed")
    assert [r.id for r in rows_of(caseload.model)] == [desk.closed_case]
    set_choice(caseload.status, "open")
    qtbot.keyClicks(caseload.search, "CYP-AB")
    assert [r.id for r in rows_of(caseload.proxy)] == [desk.case_ab]
    row = rows_of(caseload.proxy)[0]
    assert row.referral is not None and row.referral.stalled
    texts = [caseload.proxy.data(caseload.proxy.index(0, c)) for c in range(caseload.proxy.columnCount())]
    assert texts[0] == "AB · Y8 · CYP-AB0001" and "stalled" in texts[6] and "Call mum" in texts[8]
    qtbot.keyClick(caseload.search, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "cyp"
    cyp = page(window, "cyp")
    assert cyp.record_id == desk.case_ab and "CYP-AB0001" in cyp.facts.text()
    assert not unnamed_focusables(caseload), describe(unnamed_focusables(caseload))


def test_record_consent_with_errors_beside_the_fields(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    cyp = cyp_page(qtbot, window, desk.case_ab)
    assert cyp.findChild(QLabel, "consent_share_with_school").text() == "Asked, no answer"
    cyp.command("record_consent")
    form = dialog_of(cyp, ConsentDialog)
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    assert form.scope.currentData() == "identifiable_discussion"  # the first scope still missing
    set_choice(form.scope, "share_with_school")
    click(qtbot, form.ok_button)
    assert form.errors.error_of("given_by") == "Say who gave, refused or withdrew consent."
    set_choice(form.given_by, "parent_carer")
    form.decided_on.setText("31/02/2026")
    click(qtbot, form.ok_button)
    assert "day/month/year" in form.errors.error_of("decided_on") and form.isVisible()
    form.decided_on.setText(iso(-1)[8:] + "/" + iso(-1)[5:7] + "/" + iso(-1)[:4])
    click(qtbot, form.ok_button)
    assert cyp.dialog is None  # saved, closed and gone
    assert cyp.findChild(QLabel, "consent_share_with_school").text() == "Given"
    states = query(window, lambda r: [c.get("status") for c in r.find("consent", {"cyp_id": desk.case_ab})])
    assert sorted(states) == ["given", "sought"]


def test_make_a_referral_and_add_its_events(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    cyp = cyp_page(qtbot, window, desk.case_cd)
    cyp.command("make_referral")
    form = dialog_of(cyp, ReferralDialog)
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    click(qtbot, form.ok_button)
    assert form.errors.error_of("destination") == "Choose where the referral goes."
    set_choice(form.destination, "early_help")
    form.reason.setPlainText("Family support needed")
    click(qtbot, form.ok_button)
    cards = cyp.findChildren(ReferralCard)
    assert [c.referral.destination for c in cards] == ["early_help"] and cards[0].referral.status == "sent"
    assert cyp.tabs.tabText(3) == "Referrals (1)"
    click(qtbot, cards[0].findChild(type(cyp.close_button), "referralEvent"))
    event = dialog_of(cyp, EventDialog)
    assert not unnamed_focusables(event), describe(unnamed_focusables(event))
    set_choice(event.kind, "accepted")
    event.note.setText("Worker allocated next week")
    click(qtbot, event.ok_button)
    [card] = cyp.findChildren(ReferralCard)
    assert card.referral.status == "accepted"
    assert sorted(e.event for e in card.referral.events) == ["accepted", "sent"]  # both today
    notes = {e.event: e.note for e in rows_of(card.model)}
    assert notes["accepted"] == "Worker allocated next week"


def test_notes_addenda_and_entered_in_error(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    cyp = cyp_page(qtbot, window, desk.case_ab)
    cyp.command("add_note")
    form = dialog_of(cyp, NoteDialog)
    click(qtbot, form.ok_button)
    assert form.errors.error_of("body") == "Write the note first."
    form.body.setPlainText("Met mum after school")
    click(qtbot, form.ok_button)
    [card] = [c for c in cyp.findChildren(NoteCard) if not c.note.addenda]
    assert card.note.body == "Met mum after school"
    click(qtbot, card.findChild(type(cyp.close_button), "noteAddendum"))
    addendum = dialog_of(cyp, NoteDialog)
    assert "Met mum after school" in addendum.intro.text()
    addendum.body.setPlainText("Mum rang back to confirm")
    click(qtbot, addendum.ok_button)
    [card] = [c for c in cyp.findChildren(NoteCard) if c.note.addenda]
    assert [a.body for a in card.note.addenda] == ["Mum rang back to confirm"]
    click(qtbot, card.findChild(type(cyp.close_button), "noteError"))
    wrong = dialog_of(cyp, EnteredInErrorDialog)
    assert not unnamed_focusables(wrong), describe(unnamed_focusables(wrong))
    click(qtbot, wrong.ok_button)
    assert wrong.errors.error_of("entered_in_error_reason")
    wrong.reason.setText("Written on the wrong record")
    click(qtbot, wrong.ok_button)
    struck = next(c for c in cyp.findChildren(NoteCard) if c.note.in_error)
    assert struck.body.text() == "Met mum after school" and struck.body.font().strikeOut()
    assert (
        struck.findChild(QLabel, "noteErrorReason").text() == "Entered in error: Written on the wrong record"
    )
    assert struck.findChild(type(cyp.close_button), "noteAddendum") is None
    notes = query(window, lambda r: r.find("note", {"subject_id": desk.case_ab}))
    assert len(notes) == 2 and {n.get("status") for n in notes} == {"current", "entered_in_error"}


def test_close_a_case_after_confirming(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    cyp = cyp_page(qtbot, window, desk.case_cd)
    cyp.command("close_case")
    form = dialog_of(cyp, CloseCaseDialog)
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    click(qtbot, form.ok_button)
    assert form.errors.error_of("closure_reason") == "Choose why the case is closing."
    set_choice(form.reason, "school_managing")
    click(qtbot, form.ok_button)
    assert form.isVisible() and form.notice.isVisible() and "School is managing" in form.notice.text()
    assert form.ok_button.text() == "Yes, close the case"
    assert query(window, lambda r: r.get("cyp", desk.case_cd).get("status")) == "open"
    click(qtbot, form.ok_button)
    closed = query(window, lambda r: r.get("cyp", desk.case_cd))
    assert closed.get("status") == "closed" and closed.get("closure_reason") == "school_managing"
    assert cyp.findChild(QLabel, "cypClosed") is not None and not cyp.close_button.isEnabled()
    assert "School is managing" in cyp.facts.text()


def test_cyp_page_shows_the_record_and_every_control_is_named(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    cyp = cyp_page(qtbot, window, desk.case_ab)
    assert cyp.title.text() == "Zed Quillfeather"
    assert "Greenfield Primary" in cyp.facts.text() and "AB" in cyp.facts.text()
    assert [t.split(" (")[0] for t in (cyp.tabs.tabText(i) for i in range(6))][:2] == ["Overview", "Notes"]
    for index in range(cyp.tabs.count()):
        cyp.tabs.setCurrentIndex(index)
        assert not unnamed_focusables(cyp), describe(unnamed_focusables(cyp))
    window.registry["back"].trigger()
    assert window.shell is not None and window.shell.current_key == "today"
