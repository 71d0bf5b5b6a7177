"""Locking: idle, Ctrl+L and OS events; drafts kept across the lock; nothing left on screen."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from linkdesk.storage.vault import Vault
from linkdesk.ui.lock import IdleLock, countdown_text
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE
from tests.ui.conftest import flush_deletes, leaked, open_window, unlock

CANARY_NAME = "Zoë Canary-7731 Link Service"
CANARY_LETTERHEAD = "CANARY-LETTERHEAD 12 Rose Lane, Luton"
STORE_NAME = "Canary Team Service"


def open_store_files(vault: Vault) -> list[str]:
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return []
    home = str(vault.layout.home)
    found = []
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith(home) and ".db" in target:
                found.append(target)
    return found


def settings_page(window: MainWindow) -> SettingsPage:
    assert window.shell is not None
    page = window.shell.pages["settings"]
    assert isinstance(page, SettingsPage)
    return page


def half_fill_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    window.activateWindow()  # offscreen: shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.runner.busy)  # the page is built, and loads, on its first visit
    page = settings_page(window)
    assert window.shell is not None and window.shell.current_key == "settings"
    page.name_edit.setText(CANARY_NAME)  # non-ASCII: setText, not keyClicks (stack.md §3.2)
    page.address_edit.setPlainText(CANARY_LETTERHEAD)
    assert page.has_unsaved() and window.registry["save"].isEnabled()
    return page


def test_idle_lock_keeps_the_half_filled_form_as_a_draft_and_leaves_nothing_on_screen(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    assert open_store_files(vault) or not Path("/proc/self/fd").is_dir(), "the check can see open files"
    half_fill_settings(qtbot, window)
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: not window.unlocked, timeout=5000)

    assert window.stack.currentWidget() is window.lock_screen
    assert window.lock_screen.heading.text() == "Your desk is locked"
    assert window.shell is None and window.session is None
    assert window.menuBar().isHidden() and window.statusBar().isHidden()
    flush_deletes()
    assert leaked([CANARY_NAME, "CANARY", STORE_NAME, str(vault.layout.home)]) == []
    assert open_store_files(vault) == [], "no file descriptor left on the store's files"

    with vault.unlock(PASSPHRASE) as store:  # the GUI released the folder: a second open works
        drafts = store.drafts()
        assert store.setting("service_name") == STORE_NAME, "the draft was not saved as a setting"
    assert set(drafts) == {"settings.service"}
    assert CANARY_LETTERHEAD in json.loads(drafts["settings.service"])["state"]["letterhead_address"]

    unlock(qtbot, window)
    page = settings_page(window)
    assert window.shell is not None and window.shell.current_key == "settings", "back where we were"
    assert page.name_edit.text() == CANARY_NAME
    assert page.address_edit.toPlainText() == CANARY_LETTERHEAD
    assert page.has_unsaved() and page.notice.isVisible()
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        # restored then discarded; the lock just now kept the still-unsaved form again
        assert set(store.drafts()) == {"settings.service"}


def test_restored_draft_is_discarded_once_saved(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    half_fill_settings(qtbot, window)
    window.registry["lock"].trigger()
    unlock(qtbot, window)
    page = settings_page(window)
    window.registry["save"].trigger()
    assert not page.has_unsaved()
    assert window.status.service_label.text() == CANARY_NAME
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}
        assert store.setting("service_name") == CANARY_NAME
        assert store.setting("letterhead_address") == CANARY_LETTERHEAD


def test_lock_with_nothing_unsaved_keeps_no_draft(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    window.registry["lock"].trigger()
    assert not window.unlocked
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {}


def test_ctrl_l_locks(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.unlocked


@pytest.mark.parametrize("event", ["screensaver", "sleep"])
def test_os_screen_lock_and_sleep_lock_the_app(
    qtbot: QtBot, recovery_code: str, window: MainWindow, event: str
) -> None:
    unlock(qtbot, window)
    signal = window.os_lock.on_screensaver if event == "screensaver" else window.os_lock.on_prepare_for_sleep
    signal(False)  # screen unlocked / resumed: nothing happens
    assert window.unlocked
    signal(True)
    assert not window.unlocked


def test_idle_minutes_come_from_the_store(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    with vault.unlock(PASSPHRASE) as store:
        store.set_setting("idle_lock_minutes", "2")
    unlock(qtbot, window)
    assert window.idle.timeout_ms == 120_000 and window.idle.running
    assert window.status.countdown_label.text() == "Locks in 2 min"


def test_default_idle_is_five_minutes(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    unlock(qtbot, window)
    assert window.idle.timeout_ms == 5 * 60_000


def test_activity_anywhere_restarts_the_idle_clock(qtbot: QtBot, qapp: QApplication) -> None:
    idle = IdleLock()
    idle.set_timeout_ms(400)
    idle.start()
    try:
        qtbot.wait(250)
        assert idle.remaining_ms() < 200
        target = QApplication.topLevelWidgets()[0] if QApplication.topLevelWidgets() else None
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(target or qapp, event)
        assert idle.remaining_ms() > 300
        with qtbot.waitSignal(idle.idle, timeout=2000):
            pass
        assert not idle.running
    finally:
        idle.stop()


def test_activity_after_unlocking_restarts_the_idle_clock(
    qtbot: QtBot, recovery_code: str, window: MainWindow
) -> None:
    """The watch for activity starts once Today has loaded, not with the first paint."""
    unlock(qtbot, window)
    window.idle.set_timeout_ms(600)
    qtbot.wait(350)
    assert window.idle.remaining_ms() < 300
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    assert window.idle.remaining_ms() > 500


def test_countdown_text() -> None:
    assert countdown_text(5 * 60_000) == "Locks in 5 min"
    assert countdown_text(4 * 60_000 + 1) == "Locks in 5 min"
    assert countdown_text(61_000) == "Locks in 2 min"
    assert countdown_text(60_000) == "Locks in under 1 min"


def test_quit_keeps_unsaved_work_as_a_draft_and_closes_the_store(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    unlock(qtbot, window)
    half_fill_settings(qtbot, window)
    window.registry["quit"].trigger()
    assert not window.unlocked
    with vault.unlock(PASSPHRASE) as store:
        assert set(store.drafts()) == {"settings.service"}


def test_lock_with_the_threaded_worker_releases_the_store(
    qtbot: QtBot, recovery_code: str, services: object, vault: Vault, qapp: QApplication
) -> None:
    threaded = TaskRunner()
    try:
        window = open_window(qtbot, services, threaded)  # type: ignore[arg-type]
        qtbot.waitUntil(window.lock_screen.passphrase.isVisible)
        unlock(qtbot, window)
        qtbot.waitUntil(lambda: window.unlocked and not threaded.busy, timeout=10_000)
        page = half_fill_settings(qtbot, window)
        assert page.has_unsaved()
        window.registry["lock"].trigger()
        assert not window.unlocked  # the screen locks at once; the store closes on the worker
        qtbot.waitUntil(lambda: not threaded.busy, timeout=10_000)
        with vault.unlock(PASSPHRASE) as store:
            assert set(store.drafts()) == {"settings.service"}
        unlock(qtbot, window)
        qtbot.waitUntil(lambda: window.unlocked and not threaded.busy, timeout=10_000)
        assert settings_page(window).name_edit.text() == CANARY_NAME
        window.shut_down()
    finally:
        threaded.shutdown()
