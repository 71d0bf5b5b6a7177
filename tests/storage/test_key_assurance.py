"""Issue #22 findings 3, 4 and 7 on real SQLCipher stores: the KDF cost, rekey, damaged key files
and backup headers, leftovers of a refused restore."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linkdesk.errors import FileProblem, StoreDamaged, ValidationError, WrongPassphrase
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.storage import rekey
from linkdesk.storage import store as store_module
from linkdesk.storage.backup import MAGIC
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, MemoryKeyring, make_vault

#: Above the suite's minimum and still cheap: stands in for the recommended cost.
HIGHER = KdfParams(time_cost=2, memory_kib=256, parallelism=1)


def audit_actions(store: object) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]  # type: ignore[attr-defined]


# -- finding 3: the KDF cost ------------------------------------------------------------------------


def test_a_weak_store_opens_reports_its_cost_and_is_raised_on_request(home: Path, clock: FrozenClock) -> None:
    make_vault(home, clock).create("Team", PASSPHRASE)[0].close()
    vault = Vault(home, KeychainSecrets(enabled=False), clock, HIGHER)
    with vault.unlock(PASSPHRASE) as store:
        assert store.info()["kdf"] == KdfParams.minimum().describe()
        assert store.info()["kdf"]["algorithm"] == "argon2id"
        assert store.kdf_below_recommended()
        warning = store.kdf_warning()
        assert warning is not None and "less key stretching than recommended" in warning
        assert store.strengthen_kdf(PASSPHRASE)
        assert not store.kdf_below_recommended() and store.kdf_warning() is None
    with vault.unlock(PASSPHRASE) as store:
        assert store.info()["kdf"]["memory_kib"] == 256 and store.info()["kdf"]["time_cost"] == 2
        assert "kdf_raised" in audit_actions(store)


def test_changing_the_passphrase_never_keeps_a_weak_cost(home: Path, clock: FrozenClock) -> None:
    make_vault(home, clock).create("Team", PASSPHRASE)[0].close()
    vault = Vault(home, KeychainSecrets(enabled=False), clock, HIGHER)
    with vault.unlock(PASSPHRASE) as store:
        store.change_passphrase("a brand new passphrase")
        assert store.keyfile.passphrase_wrap.kdf == HIGHER


def edit_keyfile(home: Path, change: object) -> None:
    path = home / "linkdesk.keys.json"
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    "kdf",
    [
        {"time_cost": 1, "memory_kib": 1, "parallelism": 1},
        {"time_cost": 0, "memory_kib": 64, "parallelism": 1},
        {"time_cost": 1, "memory_kib": 64, "parallelism": 0},
        {"time_cost": 1, "memory_kib": 2**40, "parallelism": 1},
        {"time_cost": 10**9, "memory_kib": 64, "parallelism": 1},
    ],
)
def test_a_key_file_asking_for_an_absurd_cost_is_refused_plainly(vault: Vault, home: Path, kdf: dict) -> None:
    vault.create("Team", PASSPHRASE)[0].close()

    def absurd(data: dict) -> None:
        data["wraps"]["passphrase"]["kdf"] = kdf
        data.pop("checksum", None)  # as a hand-edited or hostile file would be

    edit_keyfile(home, absurd)
    with pytest.raises(StoreDamaged, match="The key file is damaged: it asks for a key-stretching cost"):
        vault.unlock(PASSPHRASE)
    assert not (home / "failed-unlocks.json").exists()


# -- finding 7: damaged key files and backup headers ------------------------------------------------


def flip_ciphertext(data: dict) -> None:
    text = data["wraps"]["passphrase"]["ciphertext"]
    data["wraps"]["passphrase"]["ciphertext"] = ("B" if text[0] == "A" else "A") + text[1:]


def bad_base64(data: dict) -> None:
    data["wraps"]["passphrase"]["salt"] = "not base64!"
    data.pop("checksum", None)


def short_nonce(data: dict) -> None:
    data["wraps"]["passphrase"]["nonce"] = "AAAA"
    data.pop("checksum", None)


@pytest.mark.parametrize("damage", [flip_ciphertext, bad_base64, short_nonce])
def test_a_damaged_key_file_is_named_and_not_counted_as_a_failed_unlock(
    vault: Vault, home: Path, damage: object
) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    edit_keyfile(home, damage)
    with pytest.raises(StoreDamaged, match="The key file is damaged") as caught:
        vault.unlock(PASSPHRASE)
    assert "no failed attempt was counted" in str(caught.value)
    assert not (home / "failed-unlocks.json").exists()


def test_a_wrong_passphrase_is_still_counted(vault: Vault, home: Path) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with pytest.raises(WrongPassphrase):
        vault.unlock("not the passphrase at all")
    assert json.loads((home / "failed-unlocks.json").read_text())["count"] == 1


def backup_with_header(path: Path, header: object) -> Path:
    raw = json.dumps(header).encode()
    path.write_bytes(MAGIC + len(raw).to_bytes(8, "big") + raw)
    return path


@pytest.mark.parametrize(
    "header",
    [["a", "list"], {"format": "one"}, {"format": 1, "db_size": 0, "db_sha256": "", "schema_version": 1}],
)
def test_a_damaged_backup_header_is_called_damaged(vault: Vault, tmp_path: Path, header: object) -> None:
    import hashlib

    if isinstance(header, dict) and "db_size" in header:
        header["db_sha256"] = hashlib.sha256(b"").hexdigest()  # consistent, but no key file
    path = backup_with_header(tmp_path / "b.ldbackup", header)
    with pytest.raises(FileProblem, match="is damaged") as caught:
        vault.restore(path, passphrase=PASSPHRASE)
    assert "newer LinkDesk" not in str(caught.value)


def test_a_damaged_key_file_inside_a_backup_is_named(vault: Vault, home: Path, tmp_path: Path) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.backup(tmp_path / "b.ldbackup")
    blob = (tmp_path / "b.ldbackup").read_bytes()
    start = len(MAGIC) + 8
    length = int.from_bytes(blob[len(MAGIC) : start], "big")
    header = json.loads(blob[start : start + length])
    header["keyfile"]["wraps"]["recovery"]["kdf"]["memory_kib"] = 1
    backup_with_header(tmp_path / "c.ldbackup", header)
    with (tmp_path / "c.ldbackup").open("ab") as handle:
        handle.write(blob[start + length :])
    with pytest.raises(StoreDamaged, match="The backup's key file is damaged"):
        vault.restore(tmp_path / "c.ldbackup", passphrase=PASSPHRASE)


def test_a_refused_restore_leaves_nothing_behind(vault: Vault, home: Path, tmp_path: Path) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.backup(tmp_path / "b.ldbackup")
    # what a restore killed before its journal was written leaves in the data folder
    for name in ("linkdesk.db.restoring", "linkdesk.db.restoring-wal", "linkdesk.keys.json.restoring"):
        (home / name).write_bytes(b"half a backup")
    (tmp_path / "damaged.ldbackup").write_bytes(b"not a backup")
    with pytest.raises(FileProblem):
        vault.restore(tmp_path / "damaged.ldbackup", passphrase=PASSPHRASE)
    assert not [p.name for p in home.iterdir() if "restoring" in p.name]


# -- finding 4: rekey --------------------------------------------------------------------------------


def test_rekey_gives_a_new_key_so_old_key_file_copies_stop_opening_new_data(
    vault: Vault, home: Path, tmp_path: Path
) -> None:
    store, old_code = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "before")
        store.backup(tmp_path / "before.ldbackup")
    old_keyfile = (home / "linkdesk.keys.json").read_bytes()
    with vault.unlock(PASSPHRASE) as store:
        with pytest.raises(ValidationError):
            store.rekey("not the passphrase")
        new_code = store.rekey(PASSPHRASE)
        store.set_setting("marker", "after")
        assert "rekeyed" in audit_actions(store)
    assert new_code != old_code
    # an old key-file copy with the old passphrase no longer opens the data written since
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    shutil.copy(home / "linkdesk.db", stolen / "linkdesk.db")
    (stolen / "linkdesk.keys.json").write_bytes(old_keyfile)
    with pytest.raises(StoreDamaged):
        make_vault(stolen).unlock(PASSPHRASE)
    # the live store: same passphrase, the new recovery code, not the old one
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("marker") == "after" and store.verify() == []
    with pytest.raises(WrongPassphrase):
        vault.recover(old_code, "a brand new passphrase")
    vault.recover(new_code, "a brand new passphrase").close()
    # an old backup still opens the data as it was, with the old code
    elsewhere = make_vault(tmp_path / "elsewhere")
    elsewhere.restore(tmp_path / "before.ldbackup", recovery_code=old_code)
    with elsewhere.recover(old_code, "another new passphrase") as restored:
        assert restored.setting("marker") == "before"


@pytest.mark.parametrize("committed", [True, False])
def test_an_interrupted_rekey_is_settled_at_the_next_unlock(
    vault: Vault, home: Path, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    store, code = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "kept")
    real = rekey.reencrypt

    def power_cut(conn: object, key: bytes) -> None:
        if committed:
            real(conn, key)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the power goes before the key file names the new key

    monkeypatch.setattr(rekey, "reencrypt", power_cut)
    store = vault.unlock(PASSPHRASE)
    with pytest.raises(KeyboardInterrupt):
        store.rekey(PASSPHRASE)
    store.close()
    assert json.loads((home / "linkdesk.keys.json").read_text()).get("rekey")
    monkeypatch.setattr(rekey, "reencrypt", real)
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("marker") == "kept" and store.verify() == []
        assert ("rekeyed" in audit_actions(store)) is committed
    assert "rekey" not in json.loads((home / "linkdesk.keys.json").read_text())
    if not committed:
        vault.recover(code, "a brand new passphrase").close()  # nothing changed: the code still works


def test_a_rekey_interrupted_after_the_keychain_anchor_is_settled_with_nothing_lost(
    memory_keyring: MemoryKeyring, home: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keychain's anchor is made under the new key before the key file stops naming the old
    one: the next unlock accepts either key's anchor, finishes the rekey and anchors it again."""
    vault = make_vault(home, clock, keychain=True)
    store, _code = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "kept")
    real = store_module.write_keychain_anchor

    def power_cut(*args: object) -> None:
        real(*args)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the power goes before the key file names the new key

    monkeypatch.setattr(store_module, "write_keychain_anchor", power_cut)
    store = vault.unlock(PASSPHRASE)
    with pytest.raises(KeyboardInterrupt):
        store.rekey(PASSPHRASE)
    monkeypatch.setattr(store_module, "write_keychain_anchor", real)
    store.close()
    assert json.loads((home / "linkdesk.keys.json").read_text()).get("rekey")
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("marker") == "kept" and store.verify() == []
        assert "rekeyed" in audit_actions(store)
    with vault.unlock(PASSPHRASE) as store:
        assert store.verify() == []
