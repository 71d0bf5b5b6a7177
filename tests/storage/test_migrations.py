"""Numbered migrations: from every earlier version, backed up first; newer stores refused."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.errors import SchemaTooNew
from linkdesk.storage import migrate
from linkdesk.storage.backup import read_backup
from linkdesk.storage.connection import open_store
from linkdesk.storage.keyfile import KeyFile
from linkdesk.storage.keys import KdfParams, new_recovery_code, wrap_dbk
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

#: Data written at each historical schema version, in that version's own shape.
SEED_AT_VERSION = {
    1: "INSERT INTO store_meta (key, value) VALUES ('service_name', 'Version One Team')",
    2: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    3: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    4: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    5: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    6: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    7: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    8: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    9: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    10: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
    11: "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', 'Version Two Team', 'x')",
}


def build_store_at(home: Path, version: int) -> None:
    """A store exactly as LinkDesk at ``version`` left it (key file included)."""
    home.mkdir(parents=True)
    store_id = "00000000-0000-4000-8000-000000000001"
    dbk = bytearray(secrets.token_bytes(32))
    conn = open_store(home / "linkdesk.db", bytes(dbk), create=True)
    migrate.migrate(conn, target=version)
    conn.execute("INSERT INTO store_meta (key, value) VALUES ('store_id', ?)", (store_id,))
    conn.execute(SEED_AT_VERSION[version])
    conn.close()
    KeyFile(
        store_id=store_id,
        device_id="device-1",
        keychain_backend="off",
        passphrase_wrap=wrap_dbk(dbk, store_id, "passphrase", PASSPHRASE, KdfParams.minimum()),
        recovery_wrap=wrap_dbk(dbk, store_id, "recovery", new_recovery_code(), KdfParams.minimum()),
        created_at="2026-01-01T00:00:00+00:00",
    ).save(home / "linkdesk.keys.json", dbk)


def test_every_version_is_covered_by_a_seed() -> None:
    assert sorted(SEED_AT_VERSION) == list(range(1, migrate.latest_version() + 1))


@pytest.mark.parametrize("version", sorted(SEED_AT_VERSION))
def test_migrates_from_every_earlier_version(vault: Vault, home: Path, version: int) -> None:
    build_store_at(home, version)
    with vault.unlock(PASSPHRASE) as store:
        assert store.schema_version() == migrate.latest_version()
        expected = "Version One Team" if version == 1 else "Version Two Team"
        assert store.setting("service_name") == expected
        assert store.verify() == []
    backups = sorted((home / "backups").glob("before-migration-*.ldbackup"))
    if version < migrate.latest_version():
        assert len(backups) == 1
        assert read_backup(backups[0]).schema_version == version
    else:
        assert backups == []


def test_a_failing_migration_leaves_the_store_at_its_old_version(
    vault: Vault, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_store_at(home, 1)
    real = migrate.available()
    broken = [
        *real[:1],
        migrate.Migration(2, "0002_broken.sql", "CREATE TABLE settings (x); SELECT nonsense(;"),
    ]
    monkeypatch.setattr(migrate, "available", lambda: broken)
    with pytest.raises(sqlcipher.Error):
        vault.unlock(PASSPHRASE)
    monkeypatch.setattr(migrate, "available", lambda: real)
    with vault.unlock(PASSPHRASE) as store:  # the real migration then applies cleanly
        assert store.setting("service_name") == "Version One Team"


def test_a_store_from_a_newer_linkdesk_is_refused_and_left_alone(vault: Vault, home: Path) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    keyfile = KeyFile.load(home / "linkdesk.keys.json")
    from linkdesk.storage.keys import unwrap_dbk

    dbk = unwrap_dbk(keyfile.passphrase_wrap, keyfile.store_id, PASSPHRASE)
    assert dbk is not None
    raw = sqlcipher.connect(str(home / "linkdesk.db"))
    raw.execute(f"PRAGMA key = \"x'{bytes(dbk).hex()}'\"")
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    before = (home / "linkdesk.db").read_bytes()
    with pytest.raises(SchemaTooNew, match="newer LinkDesk"):
        vault.unlock(PASSPHRASE)
    assert (home / "linkdesk.db").read_bytes() == before
    assert not (home / "backups").exists() or not any((home / "backups").iterdir())
