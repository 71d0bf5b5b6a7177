"""Keyboard safety around locking (issue #17, findings 2 and 4): every form opens with the cursor in
its first field; Ctrl+L locks from inside a form; what a form holds is kept as an encrypted draft
and put back after unlocking; the lock screen says what was kept only when it was; after unlocking
the cursor is on Today's visits."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.measure_entry import MeasureEntryDialog
from linkdesk.ui.pages.cyp import CypPage
from linkdesk.ui.pages.cyp_dialogs import ConsentDialog, NoteDialog, ReferralDialog
from linkdesk.ui.record_dialog import RecordDialog
from tests.conftest import PASSPHRASE
from tests.ui.case_helpers import desk_fixture, open_cyp, page  # noqa: F401
from tests.ui.conftest import flush_deletes, leaked, unlock
from tests.ui.desk_data import Desk

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
NOTE = "NOTE-CANARY-4417 mum phoned about sleep"


def active(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()  # offscreen: shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)


def open_form(qtbot: QtBot, window: MainWindow, desk: Desk, key: Qt.Key) -> RecordDialog:
    cyp = open_cyp(qtbot, window, desk.case_ab)
    active(qtbot, window)
    qtbot.keyClick(window, key, CTRL | SHIFT)
    assert isinstance(cyp, CypPage) and cyp.dialog is not None and cyp.dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is cyp.dialog)
    return cyp.dialog


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is (the focused widget)."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


@pytest.mark.parametrize(
    ("key", "kind", "first"),
    [
        (Qt.Key.Key_N, NoteDialog, "noteBody"),
        (Qt.Key.Key_C, ConsentDialog, "consentScope"),
        (Qt.Key.Key_R, ReferralDialog, "referralDestination"),
        (Qt.Key.Key_M, MeasureEntryDialog, "measureKind"),  # the case is fixed on a child's page
    ],
)
def test_every_form_opens_with_the_cursor_in_its_first_field(
    qtbot: QtBot, desk: Desk, window: MainWindow, key: Qt.Key, kind: type, first: str
) -> None:
    form = open_form(qtbot, window, desk, key)
    assert isinstance(form, kind)
    focus = QApplication.focusWidget()
    assert focus is not None and focus.objectName() == first, "the form opened with the cursor elsewhere"
    chain, widget = [], focus.nextInFocusChain()
    while widget is not focus and len(chain) < 400:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain.index(form.ok_button) > chain.index(form.cancel_button), "Save comes last in the Tab order"


def test_typing_a_note_with_spaces_never_presses_save(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    form = open_form(qtbot, window, desk, Qt.Key.Key_N)
    qtbot.keyClicks(QApplication.focusWidget(), "Mum rang ")
    assert isinstance(form, NoteDialog) and form.body.toPlainText() == "Mum rang "
    assert form.isVisible(), "a Space in the note did not submit it"


def test_a_note_typed_in_add_a_note_is_back_after_an_idle_lock(
    qtbot: QtBot, desk: Desk, window: MainWindow, vault: Vault
) -> None:
    open_form(qtbot, window, desk, Qt.Key.Key_N)
    qtbot.keyClicks(QApplication.focusWidget(), NOTE)
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: not window.unlocked, timeout=5000)

    kept = window.lock_screen.kept
    assert kept.isVisible() and "“Add a note”" in kept.text(), "the lock screen says what was kept"
    flush_deletes()
    assert leaked([NOTE, "CANARY"]) == [], "the note is not on screen while locked"
    with vault.unlock(PASSPHRASE) as store:
        drafts = store.drafts()
    assert set(drafts) == {"cyp.form"} and NOTE in json.loads(drafts["cyp.form"])["state"]["values"]["body"]

    unlock(qtbot, window)
    cyp = page(window, "cyp")
    assert isinstance(cyp.dialog, NoteDialog) and cyp.dialog.isVisible()
    assert cyp.dialog.body.toPlainText() == NOTE
    assert cyp.dialog.notice.text().startswith("Put back")
    qtbot.keyClick(cyp.dialog.ok_button, Qt.Key.Key_Space)  # now save it
    notes = [n.body for n in cyp.detail.notes] if cyp.detail else []
    assert NOTE in notes
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}, "the draft put back was discarded from the store"


def test_ctrl_l_with_the_consent_form_open_locks_and_keeps_the_form(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    form = open_form(qtbot, window, desk, Qt.Key.Key_C)
    assert isinstance(form, ConsentDialog)
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, "Verbal, at the school gate")
    press(qtbot, Qt.Key.Key_L, CTRL)

    assert not window.unlocked, "Ctrl+L locked with the form open"
    assert window.stack.currentWidget() is window.lock_screen
    flush_deletes()
    assert not any(isinstance(w, RecordDialog) for w in QApplication.topLevelWidgets()), "the form closed"
    assert "“Record consent”" in window.lock_screen.kept.text()

    unlock(qtbot, window)
    cyp = page(window, "cyp")
    assert isinstance(cyp.dialog, ConsentDialog) and cyp.dialog.notes.text() == "Verbal, at the school gate"
    assert window.shell is not None and window.shell.current_key == "cyp"


def test_ctrl_l_in_an_untouched_form_locks_and_says_nothing_was_kept(
    qtbot: QtBot, desk: Desk, window: MainWindow, vault: Vault
) -> None:
    open_form(qtbot, window, desk, Qt.Key.Key_R)
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked
    assert window.lock_screen.kept.isHidden() and "kept" not in window.lock_screen.subtitle.text()
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}


def test_a_measure_half_keyed_is_back_after_a_lock(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    form = open_form(qtbot, window, desk, Qt.Key.Key_M)
    assert isinstance(form, MeasureEntryDialog) and form.answers is not None
    form.answers.setFocus()
    qtbot.keyClicks(form.answers, "0123")
    keyed = form.answers.values()
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“Enter an outcome measure”" in window.lock_screen.kept.text()
    unlock(qtbot, window)
    again = page(window, "cyp").dialog
    assert isinstance(again, MeasureEntryDialog) and again.answers is not None
    assert again.answers.values() == keyed and keyed[:4] == ["0", "1", "2", "3"]


def test_after_unlocking_the_cursor_is_on_todays_visits(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    active(qtbot, window)
    today = page(window, "today")
    assert QApplication.focusWidget() is today.tables["todays"], "not in the page list"
    press(qtbot, Qt.Key.Key_L, CTRL)
    unlock(qtbot, window)
    active(qtbot, window)
    assert QApplication.focusWidget() is page(window, "today").tables["todays"]


def test_a_half_planned_visit_is_back_after_a_lock(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    panel = page(window, "today").plan
    assert panel.isVisible() and QApplication.focusWidget() is panel.school
    press(qtbot, Qt.Key.Key_Tab)
    panel.date.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "3/12/2026")
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“Plan a visit”" in window.lock_screen.kept.text()
    unlock(qtbot, window)
    panel = page(window, "today").plan
    assert panel.isVisible() and panel.date.text() == "3/12/2026"


def test_ctrl_l_in_the_search_window_locks(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    popup = window.searcher.popup
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.box, "Greenfield")
    qtbot.keyClick(popup.box, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and not popup.isVisible()


def test_an_action_half_typed_on_the_service_page_is_back_after_a_lock(
    qtbot: QtBot, desk: Desk, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    window.show_page("service")
    service = page(window, "service")
    tab = service.open_tab("actions")
    active(qtbot, window)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    box = tab.form.inputs["description"]
    assert QApplication.focusWidget() is box, "the form opens in its first field"
    qtbot.keyClicks(box, "Ring Ms O'Neill-Kowalczyk about the EHCP review")  # QTest types Latin-1 only
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "a form on the Service page" in window.lock_screen.kept.text()
    assert leaked(["Kowalczyk", "EHCP review"]) == [], "nothing of it on screen while locked"
    unlock(qtbot, window)
    service = page(window, "service")
    form = service.tab["actions"].form
    assert form.isVisible() and service.tabs.currentWidget() is service.tab["actions"]
    assert form.inputs["description"].text() == "Ring Ms O'Neill-Kowalczyk about the EHCP review"
    assert form.notice.isVisible() and "not saved yet" in form.notice.text()
    form.close_form()  # Cancel: the work is dropped, and not kept again at the next lock
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}


def test_an_untouched_service_form_is_not_kept(
    qtbot: QtBot, desk: Desk, window: MainWindow, vault: Vault
) -> None:
    """The offer form's school list arrives after it opens: that is not the worker's typing."""
    unlock(qtbot, window)
    window.show_page("service")
    tab = page(window, "service").open_tab("offers")
    active(qtbot, window)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    school = tab.form.inputs["school_id"]
    qtbot.waitUntil(lambda: school.count() > 1)
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and window.lock_screen.kept.isHidden()
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}


def test_a_contact_half_added_on_a_school_page_is_back_on_that_school_after_a_lock(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    assert window.shell is not None
    window.shell.open_record("school", desk.school)
    school = page(window, "school")
    school.new_contact()
    form = school.forms["contact"]
    active(qtbot, window)
    qtbot.keyClicks(form.inputs["name"], "Mrs Nowak-Ahmed")
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“Add contact”" in window.lock_screen.kept.text()
    unlock(qtbot, window)
    school = page(window, "school")
    form = school.forms["contact"]
    assert window.shell.current_key == "school" and school.record_id == desk.school
    assert form.isVisible() and form.inputs["name"].text() == "Mrs Nowak-Ahmed"
    assert form.fixed == {"school_id": desk.school}, "saving it adds the contact to this school"


def test_a_new_school_half_typed_is_back_after_a_lock(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.show_page("schools")
    schools = page(window, "schools")
    schools.new_school()
    active(qtbot, window)
    qtbot.keyClicks(schools.form.inputs["name"], "St Mary's RC Primary")
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert not window.unlocked and "“Add school”" in window.lock_screen.kept.text()
    unlock(qtbot, window)
    form = page(window, "schools").form
    assert form.isVisible() and form.inputs["name"].text() == "St Mary's RC Primary"
