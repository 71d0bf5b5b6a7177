"""The audit head anchored in the key file: a log shortened at its end, changes removed, or
committed work a damaged write-ahead log dropped are all noticed when the store is unlocked,
before anything is written to it (so the evidence stays for ``verify`` and for a restore)."""

from __future__ import annotations

import base64
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.errors import StoreDamaged
from linkdesk.services.records import RecordService
from linkdesk.storage.keyfile import KeyFile
from linkdesk.storage.keys import unwrap_dbk
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, MemoryKeyring, make_vault

TODAY = date(2026, 11, 23)


def busy_store(vault: Vault, clock: FrozenClock, schools: int = 5) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        service = RecordService(store, lambda: TODAY)
        for i in range(schools):
            clock.advance(minutes=1)
            service.add("school", {"name": f"School {i}"})


def refusal(vault: Vault) -> str:
    """The plain reason unlocking gives for refusing the store."""
    with pytest.raises(StoreDamaged) as refused:
        vault.unlock(PASSPHRASE)
    return str(refused.value)


def raw(home: Path) -> sqlcipher.Connection:
    """The store opened as an attacker holding the key would, outside LinkDesk."""
    keyfile = KeyFile.load(home / "linkdesk.keys.json")
    dbk = unwrap_dbk(keyfile.passphrase_wrap, keyfile.store_id, PASSPHRASE)
    assert dbk is not None
    conn = sqlcipher.connect(str(home / "linkdesk.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{bytes(dbk).hex()}'\"")
    return conn


def test_an_intact_store_verifies_and_its_key_file_carries_the_anchor(
    vault: Vault, clock: FrozenClock, home: Path
) -> None:
    busy_store(vault, clock)
    anchor = json.loads((home / "linkdesk.keys.json").read_text())["anchor"]
    assert anchor["seq"] > 0 and anchor["ops"] == 5 and len(anchor["mac"]) == 64
    with vault.unlock(PASSPHRASE) as store:
        assert store.verify() == []


def test_audit_events_removed_from_the_end_are_noticed(vault: Vault, clock: FrozenClock, home: Path) -> None:
    busy_store(vault, clock)
    conn = raw(home)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log)")
    conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    conn.close()  # the chain that is left is a valid chain: only the anchor can tell
    problem = refusal(vault)
    assert "events were removed" in problem and "Nothing was changed" in problem, problem


def test_a_change_removed_from_the_op_log_is_noticed(vault: Vault, clock: FrozenClock, home: Path) -> None:
    busy_store(vault, clock)
    conn = raw(home)
    conn.execute("DROP TRIGGER ops_no_delete")
    conn.execute("DELETE FROM ops WHERE seq = (SELECT max(seq) FROM ops)")
    conn.execute(
        "CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops "
        "BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END"
    )
    conn.close()
    problem = refusal(vault)
    assert "op log: 5 changes were held" in problem and "Nothing was changed" in problem, problem


def test_an_altered_anchor_is_noticed(vault: Vault, clock: FrozenClock, home: Path) -> None:
    busy_store(vault, clock)
    path = home / "linkdesk.keys.json"
    data = json.loads(path.read_text())
    data["anchor"]["ops"] = 1  # hide a later removal by lowering what was anchored
    path.write_text(json.dumps(data))
    problem = refusal(vault)
    assert "altered" in problem and "Nothing was changed" in problem, problem


def test_committed_work_a_damaged_write_ahead_log_drops_is_noticed(
    vault: Vault, clock: FrozenClock, home: Path, tmp_path: Path
) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    crashed = tmp_path / "crashed"
    with vault.unlock(PASSPHRASE) as store:
        service = RecordService(store, lambda: TODAY)
        for i in range(5):
            service.add("school", {"name": f"School {i}"})
        store.anchor()
        # the laptop dies here: the committed work is still only in the write-ahead log
        crashed.mkdir()
        for name in ("linkdesk.db", "linkdesk.db-wal", "linkdesk.keys.json"):
            shutil.copy2(home / name, crashed / name)
    wal = bytearray((crashed / "linkdesk.db-wal").read_bytes())
    assert len(wal) > 32 + 3 * (24 + 4096), "the work must still be in the write-ahead log"
    wal[32 + 24 + 100] ^= 0xFF  # one flipped bit pattern in the first frame's page
    (crashed / "linkdesk.db-wal").write_bytes(bytes(wal))
    # SQLite ignores the damaged frame and every frame after it, without an error
    problem = refusal(make_vault(crashed, clock))
    assert "write-ahead log" in problem and "Nothing was changed" in problem, problem


def anchored_ops(home: Path) -> int:
    return int(json.loads((home / "linkdesk.keys.json").read_text())["anchor"]["ops"])


def test_work_is_anchored_every_few_minutes_of_writing_not_at_each_write(
    vault: Vault, clock: FrozenClock, home: Path
) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        service = RecordService(store, lambda: TODAY)
        service.add("school", {"name": "School 0"})
        assert not store.anchor_if_due() and anchored_ops(home) == 0  # a write alone: no anchor
        clock.advance(minutes=4, seconds=59)
        service.add("school", {"name": "School 1"})
        assert not store.anchor_if_due() and anchored_ops(home) == 0
        clock.advance(seconds=1)  # five minutes since the last anchor, with work written
        assert store.anchor_if_due() and anchored_ops(home) == 2
        clock.advance(minutes=30)  # nothing written since: nothing to anchor
        assert not store.anchor_if_due()
        store.set_setting("anchor_minutes", "1")  # a setting, clamped to 1..60 minutes
        service.add("school", {"name": "School 2"})
        clock.advance(minutes=1)
        assert store.anchor_if_due() and anchored_ops(home) == 3


# -- the anchor kept in the OS keychain too, where a trusted one is in use ---------------------------


def keychain_anchor(keychain: MemoryKeyring) -> dict[str, object]:
    [value] = [v for k, v in keychain.items.items() if k[1].startswith("audit-anchor/")]
    return dict(json.loads(base64.b64decode(value)))


def test_a_store_put_back_as_it_was_is_refused_by_the_keychain_anchor(
    memory_keyring: MemoryKeyring, clock: FrozenClock, home: Path, tmp_path: Path
) -> None:
    vault = make_vault(home, clock, keychain=True)
    busy_store(vault, clock, schools=2)
    earlier = shutil.copytree(home, tmp_path / "earlier")  # a consistent copy: store and key file
    with vault.unlock(PASSPHRASE) as store:
        RecordService(store, lambda: TODAY).add("school", {"name": "Seen after the copy"})
    assert keychain_anchor(memory_keyring)["ops"] == 3
    for name in ("linkdesk.db", "linkdesk.keys.json"):  # the later work removed, files and all
        shutil.copy2(earlier / name, home / name)
    problem = refusal(vault)
    assert "op log: 3 changes were held" in problem and "as the keychain records" in problem, problem


def test_no_keychain_entry_is_not_an_error(
    memory_keyring: MemoryKeyring, clock: FrozenClock, home: Path
) -> None:
    vault = make_vault(home, clock, keychain=True)
    busy_store(vault, clock, schools=2)
    memory_keyring.items = {
        k: v for k, v in memory_keyring.items.items() if not k[1].startswith("audit-anchor/")
    }
    with vault.unlock(PASSPHRASE) as store:
        assert store.verify() == []
    assert keychain_anchor(memory_keyring)["ops"] == 2  # kept again at the close


def test_an_altered_keychain_anchor_is_noticed(
    memory_keyring: MemoryKeyring, clock: FrozenClock, home: Path
) -> None:
    vault = make_vault(home, clock, keychain=True)
    busy_store(vault, clock, schools=2)
    [key] = [k for k in memory_keyring.items if k[1].startswith("audit-anchor/")]
    anchor = keychain_anchor(memory_keyring)
    memory_keyring.items[key] = base64.b64encode(json.dumps({**anchor, "ops": 0}).encode()).decode()
    problem = refusal(vault)
    assert "the keychain's record of this store's audit log has been altered" in problem, problem
