"""Search everything (Ctrl+F), through real widgets: type, see results grouped by kind, open one."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.services.records import RecordService
from linkdesk.services.search_view import SearchView
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.search import HIT_ROLE, SearchPopup
from tests.conftest import PASSPHRASE
from tests.ui.conftest import flush_deletes, leaked, unlock
from tests.ui.desk_data import TODAY
from tests.ui.wider_data import Wider, open_desk


@pytest.fixture
def wider(vault: Vault) -> Wider:
    return open_desk(vault)


def search(qtbot: QtBot, window: MainWindow, words: str) -> SearchPopup:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    popup = window.searcher.popup
    assert popup is not None and popup.isVisible()
    popup.box.clear()
    qtbot.keyClicks(popup.box, words)
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query == words, timeout=3000)
    return popup


def groups(popup: SearchPopup) -> dict[str, list[str]]:
    found = {}
    for n in range(popup.tree.topLevelItemCount()):
        group = popup.tree.topLevelItem(n)
        assert group is not None
        hits = [group.child(c) for c in range(group.childCount())]
        found[group.text(0).split("  (")[0]] = [
            h.text(0) for h in hits if h is not None and h.data(0, HIT_ROLE)
        ]
    return found


def test_typing_shows_results_grouped_by_kind_and_enter_opens_the_school(
    qtbot: QtBot, wider: Wider, window: MainWindow
) -> None:
    unlock(qtbot, window)
    popup = search(qtbot, window, "greenfield")
    found = groups(popup)
    assert found["Schools"] == ["Greenfield Primary"]
    assert "1 result" in popup.status.text() or "results" in popup.status.text()
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "school"
    assert window.shell.pages["school"].record_id == wider.desk.school
    assert not popup.isVisible()


def test_children_are_shown_by_case_label_in_privacy_mode(
    qtbot: QtBot, wider: Wider, window: MainWindow
) -> None:
    unlock(qtbot, window)
    window.privacy.set_on(True)
    popup = search(qtbot, window, "Zed")
    found = groups(popup)
    assert found["Children and young people"] == ["AB · Year 8 · CYP-AB0001 · Greenfield Primary"]
    assert any("CYP-AB0001" in hit for hit in found["Notes"])
    calls = popup.tree.findItems("Phone", Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)
    assert [c.text(1) for c in calls] == ["CYP-AB0001's mum rang about sleep"]
    typed = {"Zed", f"{popup.results.count if popup.results else 0} results for “Zed”, newest first"}
    assert [t for t in leaked(["Zed"]) if t not in typed] == [], "only what was typed shows the name"


def test_names_are_shown_with_privacy_mode_off(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.privacy.set_on(False)
    popup = search(qtbot, window, "Zed")
    assert groups(popup)["Children and young people"][0].startswith("Zed · AB · Year 8")


def test_down_then_enter_opens_an_action_on_the_service_page(
    qtbot: QtBot, wider: Wider, window: MainWindow
) -> None:
    unlock(qtbot, window)
    popup = search(qtbot, window, "overdue letter")
    assert groups(popup) == {"Actions": ["Overdue letter"]}
    qtbot.keyClick(popup.box, Qt.Key.Key_Down)
    assert popup.tree.hasFocus()
    qtbot.keyClick(popup.tree, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "service"
    service = window.shell.pages["service"]
    assert service.tabs.currentWidget() is service.tab["actions"]
    assert service.tab["actions"].table.current_row().description == "Overdue letter"


def test_a_visit_item_opens_the_case_discussion(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    unlock(qtbot, window)
    popup = search(qtbot, window, "low mood")
    assert list(groups(popup)) == ["Case discussions"]
    popup.open_item(None)
    assert window.shell is not None and window.shell.current_key == "discussion"
    assert window.shell.pages["discussion"].record_id == wider.desk.last_visit


def test_short_queries_and_nothing_found_say_so(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    unlock(qtbot, window)
    popup = search(qtbot, window, "qqqzzz")
    assert popup.tree.topLevelItemCount() == 0 and "Nothing found" in popup.status.text()
    popup.box.setText("q")
    popup.run_query()
    assert "at least two letters" in popup.status.text()


def test_locking_forgets_the_search(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    unlock(qtbot, window)
    search(qtbot, window, "greenfield")
    window.lock("test")
    flush_deletes()
    assert window.searcher.popup is None
    assert leaked(["Greenfield"]) == []


def test_search_view_groups_in_a_fixed_order_and_caps_each_group(wider: Wider, vault: Vault) -> None:
    with vault.unlock(PASSPHRASE) as store:
        records = RecordService(store, lambda: TODAY)
        for n in range(12):
            records.add("action", {"description": f"Greenfield follow-up {n}"})
        results = SearchView(records).search("greenfield", per_group=5)
    kinds = [g.kind for g in results.groups]
    assert kinds[0] == "school" and "action" in kinds
    actions = next(g for g in results.groups if g.kind == "action")
    assert len(actions.hits) == 5 and actions.more == 7
