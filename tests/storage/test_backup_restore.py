"""Encrypted backups: round trip, restore elsewhere with the recovery code, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkdesk.errors import FileProblem, WrongPassphrase
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, make_vault


def test_backup_then_restore_brings_back_the_records(vault: Vault, home: Path, tmp_path: Path) -> None:
    store, _code = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "before backup")
        store.backup(tmp_path / "b.ldbackup")
        store.set_setting("marker", "after backup")
    result = vault.restore(tmp_path / "b.ldbackup", passphrase=PASSPHRASE)
    with vault.unlock(PASSPHRASE) as restored:
        assert restored.setting("marker") == "before backup"
        assert restored.verify() == []
    kept = Path(result["replaced_kept_in"])
    assert (kept / "linkdesk.db").exists(), "the replaced store is kept, never deleted"


def test_a_restored_store_is_a_new_device_that_never_reissues_op_ids(
    vault: Vault, home: Path, tmp_path: Path
) -> None:
    store, _code = vault.create("Team", PASSPHRASE)
    with store:
        first = store.records.create("school", {"name": "Hillside"})
        store.backup(tmp_path / "b.ldbackup")
        old_device = store.device_id
        store.records.update(first, {"name": "Hillside Primary"})  # op 2, already sent to the team
        sent = {str(op.op_id) for op in store.records.all_ops()}
    vault.restore(tmp_path / "b.ldbackup", passphrase=PASSPHRASE)
    with vault.unlock(PASSPHRASE) as restored:
        assert restored.device_id != old_device
        restored.records.update(restored.records.get(first.id), {"name": "Hillside Academy"})  # type: ignore[arg-type]
        new = {str(op.op_id) for op in restored.records.all_ops()} - {f"{old_device}:1"}
        assert new and not new & sent, "a restored laptop must not reuse op ids it already sent"
        assert restored.info()["device_id"] == restored.device_id


def test_backup_file_holds_no_plaintext(vault: Vault, tmp_path: Path) -> None:
    store, _ = vault.create("Plaintextprobe Team", PASSPHRASE)
    with store:
        store.set_setting("address", "Zzcanaryaddress Road")
        store.backup(tmp_path / "b.ldbackup")
    blob = (tmp_path / "b.ldbackup").read_bytes()
    assert b"Zzcanaryaddress" not in blob and b"Plaintextprobe" not in blob


def test_restore_on_a_new_laptop_with_the_recovery_code(vault: Vault, tmp_path: Path) -> None:
    store, code = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "precious")
        store.backup(tmp_path / "b.ldbackup")
    other = make_vault(tmp_path / "new-laptop")
    other.restore(tmp_path / "b.ldbackup", recovery_code=code)
    with other.recover(code, "new laptop passphrase") as restored:
        assert restored.setting("marker") == "precious"


def test_restore_refuses_a_wrong_secret_and_changes_nothing(vault: Vault, home: Path, tmp_path: Path) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "live")
        store.backup(tmp_path / "b.ldbackup")
    before = (home / "linkdesk.db").read_bytes()
    with pytest.raises(WrongPassphrase):
        vault.restore(tmp_path / "b.ldbackup", passphrase="not the passphrase")
    assert (home / "linkdesk.db").read_bytes() == before


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_restore_refuses_a_damaged_backup(vault: Vault, home: Path, tmp_path: Path, damage: str) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.backup(tmp_path / "b.ldbackup")
    path = tmp_path / "b.ldbackup"
    blob = bytearray(path.read_bytes())
    if damage == "truncate":
        blob = blob[: len(blob) - 100]
    elif damage == "flip":
        blob[-50] ^= 0x01
    elif damage == "garbage":
        blob = bytearray(b"this is a shopping list, not a backup")
    else:
        blob = bytearray()
    path.write_bytes(bytes(blob))
    before = (home / "linkdesk.db").read_bytes()
    with pytest.raises(FileProblem):
        vault.restore(path, passphrase=PASSPHRASE)
    assert (home / "linkdesk.db").read_bytes() == before


def test_an_interrupted_restore_is_finished_at_the_next_unlock(
    vault: Vault, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "from backup")
        store.backup(tmp_path / "b.ldbackup")
        store.set_setting("marker", "live")

    calls = {"n": 0}
    real = vault._finish_pending_restore

    def crash_once() -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt  # stands in for the power going off after the journal is written
        real()

    monkeypatch.setattr(vault, "_finish_pending_restore", crash_once)
    with pytest.raises(KeyboardInterrupt):
        vault.restore(tmp_path / "b.ldbackup", passphrase=PASSPHRASE)
    assert (home / "restore-pending.json").exists()
    with vault.unlock(PASSPHRASE) as restored:
        assert restored.setting("marker") == "from backup"
    assert not (home / "restore-pending.json").exists()
