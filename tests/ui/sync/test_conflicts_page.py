"""The Conflicts page with real widgets: a conflict made by two real stores is shown side by side
with who and when, settled by clicking "Keep this value" (gone, and the record holds the value),
and named without children's names in privacy mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.main import resolve_page
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.conflicts import ConflictsPage
from tests.ui.conftest import all_texts, flush_deletes
from tests.ui.sync.conftest import (
    CLICK,
    Answers,
    Teammate,
    receive_from_ben,
    send_to_ben,
    sync_page,
    trust_each_other,
)


def casework(window: MainWindow, op: Any) -> Any:
    assert window.session is not None
    found: list[Any] = []
    window.session.casework(op, found.append)
    return found[0]


def conflicts_page(window: MainWindow) -> ConflictsPage:
    assert window.shell is not None
    page = window.shell.pages["conflicts"]
    assert isinstance(page, ConflictsPage)
    return page


def labels(page: ConflictsPage) -> list[str]:
    return [label.text() for label in page.list.findChildren(QLabel) if label.isVisible()]


def make_conflict(
    qtbot: QtBot,
    window: MainWindow,
    ben: Teammate,
    answers: Answers,
    tmp_path: Path,
    field: str,
    values: tuple[Any, Any],
    record: str,
) -> None:
    """``record`` (on both laptops) gets ``values[0]`` here and ``values[1]`` on Ben's laptop."""
    rtype = casework(window, lambda cw: cw.records.records.get(record).type)
    casework(window, lambda cw: cw.records.update(rtype, record, {field: values[0]}))
    ben.records.update(rtype, record, {field: values[1]})
    words = receive_from_ben(qtbot, window, ben, answers, tmp_path)
    assert "1 field holds two people's changes" in words


def test_a_conflict_is_shown_side_by_side_and_settled_with_keep_this_value(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    window = sync_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert resolve_page("conflicts", None) == "conflicts"
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    school = casework(window, lambda cw: cw.records.add("school", {"name": "Greenfield Primary"}).id)
    assert send_to_ben(qtbot, window, ben, answers, tmp_path) == 1
    make_conflict(qtbot, window, ben, answers, tmp_path, "phone", ("01582 111111", "01582 222222"), school)

    sync = sync_page(window)
    assert sync.conflict_words.text().startswith("1 field holds") and sync.conflicts_button.isEnabled()
    qtbot.mouseClick(sync.conflicts_button, CLICK)
    assert window.shell is not None and window.shell.current_key == "conflicts"
    page = conflicts_page(window)
    assert page.list.isVisible() and not page.empty.isVisible()
    shown = labels(page)
    assert "School · Greenfield Primary" in shown and "Phone: 2 values" in shown
    assert shown.count("01582 111111") == shown.count("01582 222222") == 1
    assert any(t.startswith("By ") and t.endswith("on this laptop") for t in shown)
    assert any(t.startswith("By ") and t.endswith("on ben-laptop") for t in shown)
    assert shown.count("Mon 23 Nov 2026 at 09:00") == 2, "when each was written, in UK time"
    assert len(page.keep_buttons) == 2
    assert unnamed_focusables(page) == [], describe(unnamed_focusables(page))
    bens = next(b for b in page.keep_buttons if "01582 222222" in b.accessibleName())
    bens.setFocus()
    qtbot.keyClick(bens, Qt.Key.Key_Space)

    assert page.empty.isVisible() and not page.list.isVisible() and page.keep_buttons == []
    assert "No conflicts" in [w.text() for w in page.empty.findChildren(QLabel)]
    assert "Conflict settled" in window.status.message_label.text()
    record = casework(window, lambda cw: cw.records.get("school", school))
    assert record.get("phone") == "01582 222222" and record.conflicted == ()
    assert casework(window, lambda cw: cw.records.conflicts()) == []
    send_to_ben(qtbot, window, ben, answers, tmp_path)
    assert ben.records.conflicts() == [], "the choice travels with the next bundle"
    assert ben.records.get("school", school).get("phone") == "01582 222222"

    window.registry["back"].trigger()
    assert window.shell.current_key == "sync"
    assert sync.conflict_words.text() == "No conflicts: nothing needs settling."
    assert not sync.conflicts_button.isEnabled()


def test_conflicts_name_children_only_by_case_label_and_privacy_mode_hides_names(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    window = sync_window
    trust_each_other(qtbot, window, ben, answers, tmp_path)

    def add_case(cw: Any) -> str:
        school = cw.records.add("school", {"name": "Greenfield Primary"}).id
        return str(
            cw.records.add(
                "cyp",
                {
                    "school_id": school,
                    "given_name": "Zoë",
                    "family_name": "Quill",
                    "initials": "ZC",
                    "year_group": 8,
                },
            ).id
        )

    cyp = casework(window, add_case)
    send_to_ben(qtbot, window, ben, answers, tmp_path)
    make_conflict(qtbot, window, ben, answers, tmp_path, "given_name", ("Zoë", "Zoe"), cyp)
    window.show_page("conflicts")
    page = conflicts_page(window)
    [title] = [t for t in labels(page) if t.startswith("Child or young person")]
    assert "ZC" in title and "Quill" not in title, "the record is named by its case label"
    assert {"Zoë", "Zoe"} <= set(labels(page)), "outside privacy mode the values are what is chosen between"

    window.registry["privacy"].trigger()
    assert window.session is not None and window.session.privacy.on
    shown = labels(page)
    assert shown.count("Z (name hidden)") == 2
    flush_deletes()
    assert not [t for t in all_texts() if "Zoë" in t or "Quill" in t]
    window.registry["privacy"].trigger()


def test_no_conflicts_says_so_in_plain_words(qtbot: QtBot, sync_window: MainWindow) -> None:
    sync_window.show_page("conflicts")
    page = conflicts_page(sync_window)
    assert page.empty.isVisible() and not page.list.isVisible()
    texts = [w.text() for w in page.empty.findChildren(QLabel)]
    assert "No conflicts" in texts
    assert unnamed_focusables(page) == []


def test_a_change_made_without_seeing_a_delete_is_listed_to_read_not_lost(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    window = sync_window
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    school = casework(window, lambda cw: cw.records.add("school", {"name": "Greenfield Primary"}).id)
    send_to_ben(qtbot, window, ben, answers, tmp_path)
    ben.records.update("school", school, {"phone": "01582 222222"})  # Ben corrects the phone...
    casework(window, lambda cw: cw.records.delete("school", school))  # ...as it is deleted here
    receive_from_ben(qtbot, window, ben, answers, tmp_path)

    window.show_page("conflicts")
    page = conflicts_page(window)
    assert page.hidden.isVisible() and not page.empty.isVisible() and page.keep_buttons == []
    shown = [label.text() for label in page.hidden.findChildren(QLabel) if label.isVisible()]
    assert "Changes to deleted records" in shown and "School · Greenfield Primary" in shown
    assert "01582 222222" in shown
    assert any(t.startswith("By ") and "on ben-laptop" in t for t in shown)
    assert unnamed_focusables(page) == []
