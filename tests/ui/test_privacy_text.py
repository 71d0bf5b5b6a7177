"""Privacy mode (H13) hides what a record says about a child, not only names: concerns, notes,
risk and measure text and a child's flags become "Hidden in privacy mode", and children's names
inside other free text (agreed actions, visit summaries) become their codes through the one name
redactor. Real UK names: diacritics, apostrophes, hyphens, Bengali, Arabic and Polish; every page
that shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItemIterator

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.forms import set_choice
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.measure_entry import MeasureEntryDialog
from tests.conftest import PASSPHRASE
from tests.ui.case_helpers import click, dialog_of, open_cyp, page, query, view_texts
from tests.ui.conftest import all_texts, flush_deletes, unlock
from tests.ui.desk_data import TODAY, Desk, build_desk, iso

HIDDEN = "Hidden in privacy mode"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
#: The children, as recorded: (given, family, initials, code).
CHILDREN = (
    ("Siobhán", "O'Neill-Kowalczyk", "SO", "CYP-5A0001"),
    ("সুমাইয়া", "রহমান", "SR", "CYP-5A0002"),
    ("محمد", "الراشد", "MA", "CYP-5A0003"),
    ("Łukasz", "Wiśniewski", "LW", "CYP-5A0004"),
)
#: Words that must not be on screen in privacy mode: every name (however typed) and the concern,
#: note and referral text.
SECRET = (
    *("Siobhán", "Siobhan", "O'Neill", "ONeill", "Kowalczyk", "সুমাইয়া", "রহমান", "محمد", "الراشد"),
    *("Łukasz", "Lukasz", "Wiśniewski", "self-harming", "sleeping in the car", "Dad's drinking"),
    *("Looked after", "Child in need"),  # flags: on the caseload and the CYP page
)


@dataclass
class Named:
    desk: Desk
    ids: list[str]


@pytest.fixture
def named(vault: Vault) -> Named:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: TODAY))
        desk = build_desk(cw)
        r = cw.records
        ids = [
            r.add(
                "cyp",
                {"school_id": desk.school, "given_name": given, "family_name": family, "initials": initials}
                | {"pseudonym": code, "year_group": 9, "flags": ["looked_after", "child_in_need"]},
            ).id
            for given, family, initials, code in CHILDREN
        ]
        siobhan = ids[0]
        r.update(
            "visit",
            desk.last_visit,
            {"summary": "Siobhán O'Neill-Kowalczyk and Łukasz Wiśniewski to see the school nurse"},
        )
        r.add(
            "discussion_item",
            {
                "visit_id": desk.last_visit,
                "cyp_id": siobhan,
                "concern": "Siobhan ONeill said she has been self-harming; محمد الراشد saw it",
                "concern_categories": ["self_harm"],
                "actions": "Ring সুমাইয়া রহমান's mum about Siobhán",
                "outcome": "watchful_waiting",
            },
        )
        cw.add_note("cyp", siobhan, "Family sleeping in the car; Łukasz Wiśniewski's mum told school")
        r.add(
            "action",
            {"description": "Call Siobhán's mum", "school_id": desk.school, "cyp_id": siobhan}
            | {"due_on": iso(3)},
        )
        cw.make_referral(siobhan, "early_help", reason="Dad's drinking, Siobhán scared", sent_on=iso(-5))
        anonymous = r.add(  # a child not named yet: the label is as typed, and may hold a name
            "discussion_item",
            {"visit_id": desk.last_visit, "anon_label": "Łukasz Wiśniewski's friend"}
            | {"concern": "Says she is self-harming", "outcome": "watchful_waiting"},
        ).id
        r.add(
            "action",
            {"description": "Ask the nurse to see her", "school_id": desk.school}
            | {"discussion_item_id": anonymous, "due_on": iso(2)},
        )
        return Named(desk, ids)


def search(qtbot: QtBot, window: MainWindow, words: str) -> Any:
    window.registry["search"].trigger()
    popup = window.searcher.popup
    assert popup is not None and popup.isVisible()
    popup.box.clear()
    qtbot.keyClicks(popup.box, words)
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query == words, timeout=3000)
    return popup


def tree_texts(tree: QTreeWidget) -> list[str]:
    found = []
    it = QTreeWidgetItemIterator(tree)
    while it.value() is not None:
        item = it.value()
        found += [item.text(n) for n in range(tree.columnCount())] + [item.toolTip(1)]
        it += 1
    return found


def secrets_shown(extra: list[str] | None = None) -> list[str]:
    return [t for t in all_texts() + view_texts() + (extra or []) if any(s in t for s in SECRET)]


def press_privacy(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Shift+P, as typed on the page in front."""
    assert window.shell is not None
    window.activateWindow()  # the search popup had the keyboard
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_P, CTRL_SHIFT)
    flush_deletes()


def enter_risky_measure(qtbot: QtBot, window: MainWindow, cyp_id: str) -> None:
    window.show_page("measures")
    measures = page(window, "measures")
    window.registry["enter_measure"].trigger()
    form = dialog_of(measures, MeasureEntryDialog)
    set_choice(form.case, cyp_id)
    assert form.answers is not None
    form.answers.setFocus()
    qtbot.keyClicks(form.answers, "1111111111")  # YP-CORE: raises its risk item
    click(qtbot, form.ok_button)


def show_every_page(qtbot: QtBot, window: MainWindow, named: Named) -> list[str]:
    """Today with the prep sheet, the CYP page (every tab), the school page, Tasks, the caseload,
    measures, search; the search results' texts (a tree's items are not widgets) are returned."""
    window.show_page("today")
    today = page(window, "today")
    today.select(named.desk.today_visit)
    cyp = open_cyp(qtbot, window, named.ids[0])
    for tab in range(cyp.tabs.count()):
        cyp.tabs.setCurrentIndex(tab)
    window.open_record("school", named.desk.school)  # its children discussed anonymously
    window.show_page("tasks")  # an anonymous child's action
    window.show_page("caseload")
    window.show_page("measures")
    flush_deletes()
    texts = []
    for words in ("school", "siobhan", "car", "drinking"):  # a summary, a name, a note, a reason
        popup = search(qtbot, window, words)
        texts += tree_texts(popup.tree)
        popup.hide()
    return texts


def test_privacy_mode_hides_concerns_notes_risk_and_names_in_free_text(
    qtbot: QtBot, named: Named, window: MainWindow
) -> None:
    unlock(qtbot, window)
    enter_risky_measure(qtbot, window, named.ids[0])
    search = show_every_page(qtbot, window, named)
    cyp = page(window, "cyp")
    assert not cyp.risk.isHidden() and "Risk item raised" in cyp.risk.text()
    assert secrets_shown(search), "the test must see the text before privacy mode"

    press_privacy(qtbot, window)
    assert window.privacy.on
    assert secrets_shown() == []
    assert not cyp.risk.isHidden() and cyp.risk.text() == HIDDEN  # the banner stays; its words go
    search = show_every_page(qtbot, window, named)  # pages loaded while it is on
    assert secrets_shown(search) == []
    shown = all_texts() + view_texts()
    assert HIDDEN in shown  # concerns and notes: a placeholder, not a blank
    prep = page(window, "today").prep
    assert prep.last_summary.text() == "CYP-5A0001 and CYP-5A0004 to see the school nurse"
    assert any(t.endswith("Call CYP-5A0001's mum") or "CYP-5A0001" in t for t in shown)

    press_privacy(qtbot, window)  # off: everything is back
    assert "Siobhán O'Neill-Kowalczyk and Łukasz" in prep.last_summary.text()
    assert cyp.risk.text().startswith("Risk item raised")


def test_a_child_added_while_privacy_mode_is_on_is_screened_on_the_next_page(
    qtbot: QtBot, named: Named, window: MainWindow
) -> None:
    unlock(qtbot, window)
    press_privacy(qtbot, window)
    assert window.privacy.on

    def add(r: RecordService) -> None:  # as an import or another page would, after the mode came on
        fields = {"school_id": named.desk.school, "given_name": "Jolyon", "family_name": "Quartermain"}
        r.add("cyp", fields | {"pseudonym": "CYP-JQ0009"})
        r.add("action", {"description": "Ring Jolyon Quartermain's dad", "school_id": named.desk.school})

    query(window, add)
    window.show_page("tasks")
    qtbot.waitUntil(
        lambda: any("Ring CYP-JQ0009's dad" in t for t in all_texts() + view_texts()), timeout=3000
    )
    assert not [t for t in all_texts() + view_texts() if "Quartermain" in t]
