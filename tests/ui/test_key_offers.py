"""Issue #22 in the app: a new key from Settings, the offer to strengthen a weakly protected
passphrase after unlock, and the offer of a new key after a recovery code was used."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from linkdesk.errors import StoreDamaged, WrongPassphrase
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE, FrozenClock
from tests.ui.conftest import flush_deletes, leaked, make_services, open_window, unlock
from tests.ui.test_settings_ui import settings

CLICK = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "violet kettle marathon"
#: Above the minimum the test stores are made with, and still cheap: the app's "recommended" here.
HIGHER = KdfParams(time_cost=2, memory_kib=256, parallelism=1)


def offer_box(name: str) -> QMessageBox | None:
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
    ]
    return next((b for b in boxes if b.isVisible()), None)


def press(qtbot: QtBot, box: QMessageBox, name: str) -> None:
    button = box.findChild(QPushButton, name)
    assert button is not None
    qtbot.mouseClick(button, CLICK)


def test_new_key_from_settings_stops_old_key_file_copies_opening_new_data(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault, home: Path, tmp_path: Path
) -> None:
    old_keyfile = (home / "linkdesk.keys.json").read_bytes()
    page = settings(qtbot, window)
    qtbot.mouseClick(page.keys.rekey_button, CLICK)
    dialog = page.keys.dialog
    assert dialog is not None and dialog.isVisible() and "Backups made before now" in dialog.EXPLANATION
    dialog.passphrase.setText("not the passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.problem.isVisible() and "not the current passphrase" in dialog.problem.text()
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.make_button, CLICK)
    code = dialog.code.text()
    assert code and code != recovery_code
    dialog.written.setChecked(True)
    qtbot.mouseClick(dialog.done_button, CLICK)
    assert leaked([code, PASSPHRASE]) == []
    window.lock("test")
    flush_deletes()
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    (stolen / "linkdesk.db").write_bytes((home / "linkdesk.db").read_bytes())
    (stolen / "linkdesk.keys.json").write_bytes(old_keyfile)
    with pytest.raises(StoreDamaged):
        Vault(stolen, KeychainSecrets(enabled=False), FrozenClock(), KdfParams.minimum()).unlock(PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        vault.recover(recovery_code, NEW_PASSPHRASE)
    vault.recover(code, NEW_PASSPHRASE).close()


def test_a_weakly_protected_passphrase_is_offered_strengthening_after_unlock(
    qtbot: QtBot, recovery_code: str, home: Path, clock: FrozenClock, runner: TaskRunner
) -> None:
    stronger = Vault(home, KeychainSecrets(enabled=False), clock, HIGHER)
    window = open_window(qtbot, make_services(stronger, home, clock), runner)
    try:
        unlock(qtbot, window)
        assert window.unlocked
        box = offer_box("strengthenOffer")
        assert box is not None and "less key stretching" in box.text()
        press(qtbot, box, "strengthenOfferYes")
        assert "strengthened" in window.status.message_label.text()
        window.lock("test")
        flush_deletes()
        with stronger.unlock(PASSPHRASE) as store:
            assert store.keyfile.passphrase_wrap.kdf == HIGHER and not store.kdf_below_recommended()
        unlock(qtbot, window)
        assert window.unlocked and offer_box("strengthenOffer") is None  # asked only while weak
    finally:
        window.shut_down()


def test_no_offer_when_the_cost_is_already_recommended(
    qtbot: QtBot, recovery_code: str, window: MainWindow
) -> None:
    unlock(qtbot, window)
    assert window.unlocked and offer_box("strengthenOffer") is None


def test_after_a_recovery_code_a_new_key_is_offered(
    qtbot: QtBot, recovery_code: str, window: MainWindow, vault: Vault
) -> None:
    screen = window.lock_screen
    qtbot.mouseClick(screen.recovery_button, CLICK)
    screen.code.setText(recovery_code)
    screen.new_passphrase.setText(NEW_PASSPHRASE)
    screen.repeat_passphrase.setText(NEW_PASSPHRASE)
    qtbot.keyClick(screen.repeat_passphrase, Qt.Key.Key_Return)
    assert window.unlocked
    box = offer_box("rekeyOffer")
    assert box is not None and "new key" in box.text()
    press(qtbot, box, "rekeyOfferYes")
    dialog = window.offers.dialog
    assert dialog is not None and dialog.isVisible()
    code = dialog.code.text()
    assert code and code != recovery_code
    dialog.written.setChecked(True)
    qtbot.mouseClick(dialog.done_button, CLICK)
    window.lock("test")
    flush_deletes()
    with pytest.raises(WrongPassphrase):
        vault.recover(recovery_code, PASSPHRASE)
    with vault.recover(code, PASSPHRASE) as store:
        assert store.setting("service_name") == "Canary Team Service"
