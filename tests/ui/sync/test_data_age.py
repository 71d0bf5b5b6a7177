"""Hazard H4, stale data shown as current: the data-age banner names a trusted teammate's laptop not
heard from for longer than the setting allows, and says nothing otherwise. Only the clock is faked."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.sync_banner import DataAgeBanner
from tests.conftest import FrozenClock
from tests.ui.sync.conftest import CLICK, Answers, Teammate, receive_from_ben, sync_page, trust_each_other


def banner_on(window: MainWindow, key: str) -> DataAgeBanner:
    assert window.shell is not None
    window.show_page(key)
    return window.shell.banner


def test_no_banner_without_teammates_or_while_they_are_heard_from(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path, clock: FrozenClock
) -> None:
    window = sync_window
    clock.advance(days=30)
    assert not banner_on(window, "today").isVisible(), "no trusted teammate: nothing to be stale"
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    for days in (3, 3):
        clock.advance(days=days)
        receive_from_ben(qtbot, window, ben, answers, tmp_path)
        for key in ("today", "caseload", "schools"):
            assert not banner_on(window, key).isVisible(), (days, key)
    clock.advance(days=7)
    assert not banner_on(window, "caseload").isVisible(), "exactly 7 days is not more than 7"


def test_the_banner_names_the_quiet_laptop_and_how_long_and_opens_sync(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path, clock: FrozenClock
) -> None:
    window = sync_window
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    receive_from_ben(qtbot, window, ben, answers, tmp_path)
    clock.advance(days=9, hours=2)
    banner = banner_on(window, "today")
    assert banner.isVisible()
    assert banner.quiet.text() == (
        "Records from ben-laptop may be out of date: nothing has been received from it for 9 days "
        "(more than 7)."
    )
    assert banner_on(window, "caseload").isVisible(), "one banner, above every page of records"
    page = sync_page(window)
    assert not banner.isVisible(), "the Sync page shows the same thing in its table"
    assert page.team.model.data(page.team.model.index(0, 3)) == "9 days ago"
    banner_on(window, "today")
    qtbot.mouseClick(banner.go, CLICK)
    assert window.shell is not None and window.shell.current_key == "sync"

    receive_from_ben(qtbot, window, ben, answers, tmp_path)
    assert not banner_on(window, "today").isVisible(), "heard from again: the banner goes"


def test_the_warning_age_is_a_setting_and_revoked_laptops_do_not_count(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path, clock: FrozenClock
) -> None:
    window = sync_window
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    clock.advance(days=12)
    banner = banner_on(window, "today")
    assert "nothing has been received from it since it was trusted 12 days ago" in banner.quiet.text()
    settings = window.shell.pages["settings"] if window.shell is not None else None
    window.show_page("settings")
    settings.quiet_spin.setValue(14)  # type: ignore[union-attr]
    settings.save()  # type: ignore[union-attr]
    assert not banner_on(window, "today").isVisible()
    settings.quiet_spin.setValue(10)  # type: ignore[union-attr]
    settings.save()  # type: ignore[union-attr]
    assert banner_on(window, "today").isVisible()
    page = sync_page(window)
    page.team.table.selectRow(0)
    qtbot.mouseClick(page.team.revoke_button, CLICK)
    assert not banner_on(window, "today").isVisible(), "a revoked laptop is not expected to send anything"
