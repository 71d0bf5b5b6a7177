"""The unlock screen, driven through its real widgets against a real store."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox

from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.tasks import TaskRunner
from linkdesk.ui.unlock import FIRST_RUN_MODE, PASSPHRASE_MODE, RECOVERY_MODE
from tests.conftest import PASSPHRASE, FrozenClock, MemoryKeyring, make_vault
from tests.ui.conftest import make_services, open_window, unlock

NEW_PASSPHRASE = "a brand new passphrase"


def no_dialogs() -> bool:
    return not any(
        isinstance(w, QMessageBox | QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_the_passphrase_field_hides_what_is_typed(recovery_code: str, window: MainWindow) -> None:
    field = window.lock_screen.passphrase
    assert field.echoMode() == QLineEdit.EchoMode.Password
    assert field.accessibleName() == "Passphrase"
    assert window.lock_screen.recovery_button.isVisible()


def test_right_passphrase_opens_the_shell(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    assert not window.unlocked and window.menuBar().isHidden()
    unlock(qtbot, window)
    assert window.unlocked and window.shell is not None
    assert window.stack.currentWidget() is window.shell
    assert window.shell.current_key == "today"
    assert window.lock_screen.passphrase.text() == "", "the passphrase is not kept in the widget"
    assert window.status.service_label.text() == "Canary Team Service"
    assert window.registry["lock"].isEnabled()


def test_wrong_passphrase_is_shown_inline_and_the_right_one_still_works(
    qtbot: QtBot, recovery_code: str, window: MainWindow
) -> None:
    screen = window.lock_screen
    unlock(qtbot, window, "not the passphrase at all")
    assert not window.unlocked
    assert screen.error.isVisible()
    assert "does not unlock" in screen.error.text()
    assert "Traceback" not in screen.error.text()
    assert screen.passphrase.hasFocus() or screen.passphrase.selectedText() == "not the passphrase at all"
    assert no_dialogs()
    unlock(qtbot, window)
    assert window.unlocked
    assert not screen.error.isVisible()


def test_empty_passphrase_asks_for_one(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert window.lock_screen.error.text() == "Enter your passphrase."
    assert not window.unlocked


def test_missing_keychain_item_leads_to_recovery_which_works(
    qtbot: QtBot, home: Path, clock: FrozenClock, memory_keyring: MemoryKeyring, runner: TaskRunner
) -> None:
    vault = make_vault(home, clock, keychain=True)
    store, code = vault.create("Keychain Team", PASSPHRASE)
    store.close()
    memory_keyring.items.clear()  # the keychain was reset: the device secret is gone
    window = open_window(qtbot, make_services(vault, home, clock), runner)
    screen = window.lock_screen
    unlock(qtbot, window)
    assert not window.unlocked
    assert screen.keychain_notice.isVisible()
    assert "recovery code" in screen.keychain_notice.text()
    assert screen.recovery_button.property("primary") is True, "recovery is offered prominently"
    assert no_dialogs()

    qtbot.mouseClick(screen.recovery_button, Qt.MouseButton.LeftButton)
    assert screen.mode == RECOVERY_MODE
    screen.code.setText(code.lower())
    screen.new_passphrase.setText(NEW_PASSPHRASE)
    screen.repeat_passphrase.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    assert window.unlocked
    assert screen.code.text() == "" and screen.new_passphrase.text() == ""
    window.lock("test")
    vault.unlock(NEW_PASSPHRASE).close()  # the new passphrase (and a new device secret) work
    window.shut_down()


def test_recovery_refuses_mismatched_passphrases_and_a_wrong_code(
    qtbot: QtBot, recovery_code: str, window: MainWindow
) -> None:
    screen = window.lock_screen
    qtbot.mouseClick(screen.recovery_button, Qt.MouseButton.LeftButton)
    screen.code.setText(recovery_code)
    screen.new_passphrase.setText(NEW_PASSPHRASE)
    screen.repeat_passphrase.setText(NEW_PASSPHRASE + "x")
    qtbot.keyClick(screen.repeat_passphrase, Qt.Key.Key_Return)
    assert "not the same" in screen.recovery_error.text()
    wrong = "-".join(["AAAA"] * (len(recovery_code.split("-"))))
    screen.code.setText(wrong)
    screen.repeat_passphrase.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    assert not window.unlocked
    assert screen.recovery_error.isVisible()
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert screen.mode == PASSPHRASE_MODE
    unlock(qtbot, window)
    assert window.unlocked


def test_first_run_points_to_init_and_demo(qtbot: QtBot, window: MainWindow, vault: Vault) -> None:
    screen = window.lock_screen
    assert screen.mode == FIRST_RUN_MODE
    assert "linkdesk init" in screen.first_run_text.text()
    assert "linkdesk demo" in screen.first_run_text.text()
    vault.create("Now It Exists", PASSPHRASE)[0].close()
    qtbot.mouseClick(screen.recheck_button, Qt.MouseButton.LeftButton)
    assert screen.mode == PASSPHRASE_MODE


def test_store_in_use_is_explained(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    held = vault.unlock(PASSPHRASE)  # another "window" holds the folder
    try:
        unlock(qtbot, window)
        assert not window.unlocked
        assert "in use" in window.lock_screen.error.text()
    finally:
        held.close()
    unlock(qtbot, window)
    assert window.unlocked


def test_unlock_runs_on_the_worker_with_a_busy_state(
    qtbot: QtBot, recovery_code: str, services: object, qapp: QApplication
) -> None:
    threaded = TaskRunner()
    try:
        window = open_window(qtbot, services, threaded)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: window.lock_screen.mode == PASSPHRASE_MODE)
        screen = window.lock_screen
        screen.passphrase.setText(PASSPHRASE)
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        assert screen.busy.isVisible() and not screen.unlock_button.isEnabled()
        qtbot.waitUntil(lambda: window.unlocked, timeout=10_000)
        assert not screen.busy.isVisible()
        window.shut_down()
    finally:
        threaded.shutdown()
