"""Settings through real widgets: the idle lock, the letterhead keys, a passphrase change and a new
recovery code, each checked against the store itself afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.errors import WrongPassphrase
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages import settings as settings_module
from linkdesk.ui.pages.settings import SettingsPage
from tests.conftest import PASSPHRASE
from tests.ui.conftest import flush_deletes, leaked, unlock

NEW_PASSPHRASE = "violet kettle marathon"
CLICK = Qt.MouseButton.LeftButton


def settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    unlock(qtbot, window)
    window.registry["go_settings"].trigger()
    assert window.shell is not None
    page = window.shell.pages["settings"]
    assert isinstance(page, SettingsPage)
    return page


def test_change_the_idle_lock(qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault) -> None:
    page = settings(qtbot, window)
    page.keys.idle_spin.setValue(3)
    assert window.registry["save"].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.has_unsaved()
    assert window.facts is not None and window.facts.idle_minutes == 3
    assert "3 min" in window.status.countdown_label.text()
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("idle_lock_minutes") == "3"


def test_letterhead_keys_and_the_old_box_moved_to_the_address(
    qtbot: QtBot,
    recovery_code: str,
    window: MainWindow,
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with vault.unlock(PASSPHRASE) as store:
        store.set_setting("letterhead", "1 Old Road\nLuton")
    page = settings(qtbot, window)
    assert page.address_edit.toPlainText() == "1 Old Road\nLuton"
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    monkeypatch.setattr(settings_module, "ask_logo", lambda parent: str(logo))
    qtbot.mouseClick(page.logo_button, CLICK)
    page.contact_edit.setText("01582 000000 · team@nhs.net")
    page.signature_edit.setPlainText("Link team\nCAMHS")
    page.suppress_spin.setValue(5)
    page.stalled_spin.setValue(30)
    page.save()
    assert not page.has_unsaved()
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("letterhead_address") == "1 Old Road\nLuton"
        assert store.setting("letterhead") == ""
        assert store.setting("letterhead_contact") == "01582 000000 · team@nhs.net"
        assert store.setting("letterhead_signature") == "Link team\nCAMHS"
        assert store.setting("letterhead_logo") == str(logo)
        assert (store.setting("suppress_under"), store.setting("stalled_referral_days")) == ("5", "30")


def test_refusals_show_under_the_field(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    page = settings(qtbot, window)
    page.name_edit.clear()
    page.save()
    assert page.errors.error_of("service_name").startswith("Give the service or team name")
    assert page.name_edit.hasFocus()
    page.name_edit.setText("Team")
    page.logo_edit.setText("/no/such/logo.gif")
    page.save()
    assert page.errors.error_of("letterhead_logo") == "Choose a PNG or JPEG image file for the logo."


def test_change_the_passphrase_then_unlock_with_the_new_one(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    page = settings(qtbot, window)
    keys = page.keys
    qtbot.mouseClick(keys.passphrase_button, CLICK)
    assert keys.panel.isVisible() and keys.current.hasFocus()
    qtbot.keyClicks(keys.current, PASSPHRASE)
    qtbot.keyClicks(keys.new, "short")
    assert keys.new_field.hint.text().startswith("Too short")
    keys.new.clear()
    qtbot.keyClicks(keys.new, NEW_PASSPHRASE)
    assert keys.new_field.hint.text() == "Strong."
    qtbot.keyClicks(keys.repeat, NEW_PASSPHRASE + "x")
    qtbot.keyClick(keys.repeat, Qt.Key.Key_Return)
    assert keys.errors.error_of("repeat").startswith("The two new passphrases are not the same")
    keys.repeat.clear()
    qtbot.keyClicks(keys.repeat, NEW_PASSPHRASE)
    qtbot.keyClick(keys.repeat, Qt.Key.Key_Return)  # by key: a click depends on where the page scrolled
    assert not keys.panel.isVisible() and keys.new.text() == ""
    assert "Passphrase changed" in window.status.message_label.text()
    window.lock("test")
    flush_deletes()
    unlock(qtbot, window, PASSPHRASE)
    assert not window.unlocked, "the old passphrase no longer opens the store"
    unlock(qtbot, window, NEW_PASSPHRASE)
    assert window.unlocked


def test_a_new_recovery_code_is_shown_once_and_works(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    page = settings(qtbot, window)
    qtbot.mouseClick(page.keys.recovery_button, CLICK)
    dialog = page.keys.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.make_button, CLICK)
    code = dialog.code.text()
    assert code and code != recovery_code
    dialog.reject()
    assert dialog.isVisible(), "cannot close before confirming the code is written down"
    assert not dialog.done_button.isEnabled()
    dialog.written.setChecked(True)
    qtbot.mouseClick(dialog.done_button, CLICK)
    assert not dialog.isVisible() and dialog.code.text() == ""
    assert leaked([code]) == []
    window.lock("test")
    flush_deletes()
    with pytest.raises(WrongPassphrase):
        vault.recover(recovery_code, NEW_PASSPHRASE)
    with vault.recover(code, NEW_PASSPHRASE) as store:
        assert store.setting("service_name") == "Canary Team Service"


def test_passphrases_never_go_into_a_draft(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    page = settings(qtbot, window)
    page.keys.open_passphrase()
    page.keys.current.setText(PASSPHRASE)
    page.name_edit.setText("Renamed team")
    state = page.draft_state()
    assert state is not None and PASSPHRASE not in str(state)


def test_an_empty_contact_line_is_prompted_for(qtbot: QtBot, recovery_code: str, window: MainWindow) -> None:
    """Letters to parents point to the contact line; Settings asks for it while it is empty."""
    page = settings(qtbot, window)
    hint = page.contact_field.hint
    page.contact_edit.setText("")
    assert "Add a telephone number or email" in hint.text() and hint.isVisibleTo(page)
    page.contact_edit.setText("01582 000000")
    assert "Add a telephone" not in hint.text()
