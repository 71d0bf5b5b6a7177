"""Backups and restores check what they copy: a damaged store is never backed up or restored."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import pytest

from linkdesk.errors import FileProblem, StoreDamaged
from linkdesk.storage.backup import MAGIC, read_backup
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE


def break_audit_chain(store: Store) -> None:
    """Remove an audit event the way an attacker with the key could (pages stay valid)."""
    conn = store.conn
    conn.set_authorizer(None)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log)")


def test_a_store_with_a_broken_audit_chain_is_not_backed_up_over_a_good_backup(
    vault: Vault, tmp_path: Path
) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "good")
        good = tmp_path / "weekly.ldbackup"
        store.backup(good)
        before = good.read_bytes()
        break_audit_chain(store)
        with pytest.raises(StoreDamaged, match="did not check out"):
            store.backup(good)
    assert good.read_bytes() == before, "a good backup must never be replaced by a bad one"
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["weekly.ldbackup"]


def test_a_backup_of_a_damaged_store_is_refused_by_restore_and_leaves_nothing(
    vault: Vault, home: Path, tmp_path: Path
) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.set_setting("marker", "current")
        store.backup(tmp_path / "good.ldbackup")
        break_audit_chain(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        damaged_db = (home / "linkdesk.db").read_bytes()
    good = read_backup(tmp_path / "good.ldbackup")
    # A backup file of the damaged store as the old release wrote one: a true header over bad data.
    header = {
        "format": 1,
        "created_at": good.created_at,
        "schema_version": good.schema_version,
        "db_size": len(damaged_db),
        "db_sha256": hashlib.sha256(damaged_db).hexdigest(),
        "keyfile": json.loads(good.keyfile.to_bytes()),
    }
    body = json.dumps(header, sort_keys=True).encode()
    (tmp_path / "bad.ldbackup").write_bytes(MAGIC + struct.pack(">Q", len(body)) + body + damaged_db)
    vault.restore(tmp_path / "good.ldbackup", passphrase=PASSPHRASE)  # back to a sound store first
    listing = sorted(p.name for p in home.iterdir())
    with pytest.raises(FileProblem, match="damaged"):
        vault.restore(tmp_path / "bad.ldbackup", passphrase=PASSPHRASE)
    assert sorted(p.name for p in home.iterdir()) == listing, "a refused restore leaves nothing behind"
    with vault.unlock(PASSPHRASE) as restored:
        assert restored.setting("marker") == "current" and restored.verify() == []
