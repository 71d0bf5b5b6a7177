"""Keyboard safety in the case discussion (issue #17, findings 1 and 3): Tab stays within a child's
item until it moves on to the next one, and Enter in "Who was discussed" links only a unique match."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.discussion import DiscussionPage
from linkdesk.ui.pages.discussion_item import ItemEditor
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock
from tests.ui.desk_data import TODAY, Desk, build_desk


@pytest.fixture
def desk(vault: Vault) -> Desk:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: TODAY))
        built = build_desk(cw)
        for initials, year in (("AL", 7), ("AL", 9)):
            cw.records.add("cyp", {"school_id": built.school, "initials": initials, "year_group": year})
        return built


def discussion_with_items(qtbot: QtBot, window: MainWindow, desk: Desk, count: int) -> DiscussionPage:
    unlock(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.shell is not None
    window.shell.open_record("discussion", desk.today_visit)
    page = window.shell.pages["discussion"]
    assert isinstance(page, DiscussionPage)
    while len(page.editors) < count:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return page


def owner(page: DiscussionPage) -> ItemEditor | None:
    focus = QApplication.focusWidget()
    return next((e for e in page.editors if focus is not None and e.isAncestorOf(focus)), None)


def walk(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier, steps: int) -> list[QWidget]:
    seen = []
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_from_item_2_stays_in_item_2_then_moves_to_item_3(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    page = discussion_with_items(qtbot, window, desk, 3)
    first, second, third = page.editors
    second.who.setFocus()
    qtbot.keyClicks(second.who, "Y8 girl")
    stops = walk(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, 9)
    assert second.isAncestorOf(stops[0]), "Tab from item 2's Who went to another item"
    assert all(second.isAncestorOf(w) for w in stops[:-1]), "Tab left item 2 before its last field"
    assert second.concern in stops and second.agreed in stops
    assert stops[-1] is third.who, "after item 2's fields Tab goes on to item 3"
    qtbot.keyClicks(third.who, "Y6 boy")
    back = walk(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier, 2)
    assert back[0] is second.remove_button and back[1] is second.agreed, "Shift+Tab goes back the same way"
    assert first.who.text() == "" and first.concern.toPlainText() == ""


def test_tab_order_is_linked_again_after_an_item_is_removed(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    page = discussion_with_items(qtbot, window, desk, 3)
    page.remove_item(page.editors[1])
    first, last = page.editors
    first.agreed.setFocus()
    assert walk(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, 2)[-1] is last.who


def type_who(qtbot: QtBot, editor: ItemEditor, typed: str) -> None:
    editor.who.setFocus()
    qtbot.keyClicks(editor.who, typed)


def test_enter_with_one_suggestion_links_the_child(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    page = discussion_with_items(qtbot, window, desk, 1)
    item = page.editors[0]
    type_who(qtbot, item, "CD")
    completer = item.who.completer()
    assert completer.popup().isVisible() and completer.completionCount() == 1
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)  # the open list has the keyboard
    assert item.values()["cyp_id"] == desk.case_cd and item.values()["anon_label"] is None
    assert item.fields["anon_label"][1].hint.text() == "Linked to this case"


def test_enter_with_several_suggestions_says_to_choose_and_links_nothing(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    page = discussion_with_items(qtbot, window, desk, 1)
    item = page.editors[0]
    type_who(qtbot, item, "AL")
    popup = item.who.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else item.who, Qt.Key.Key_Return)
    assert item.who.text() == "AL" and item.values()["cyp_id"] is None
    assert "2 cases match" in item.fields["anon_label"][1].hint.text()
    assert not window.status.message_label.text().startswith("Case discussion saved")
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # choosing one with the arrow keys, then Enter, links it
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert item.values()["cyp_id"] is not None


def test_alt_letter_goes_to_a_field_of_the_item_being_edited(
    qtbot: QtBot, window: MainWindow, desk: Desk
) -> None:
    """Each item repeats its labels: Alt+E in item 3 went to item 1's concern (Qt hands a repeated
    mnemonic to each label in turn), and what was typed next was about another child."""
    page = discussion_with_items(qtbot, window, desk, 3)
    for number in (3, 2, 3, 1):
        page.editors[number - 1].who.setFocus()
        for _ in range(2):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
            assert QApplication.focusWidget() is page.editors[number - 1].concern
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is page.editors[number - 1].outcome
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.activePopupWidget() is not None, "Alt+C is the Case menu's alone"
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
