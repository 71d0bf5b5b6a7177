"""R4: every SQL path to an unencrypted or unaudited copy is denied on an open store."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

DENIED = [
    "ATTACH DATABASE '{tmp}/plain.db' AS plain KEY ''",
    "ATTACH DATABASE '{tmp}/other.db' AS other",
    "DETACH DATABASE main",
    "SELECT sqlcipher_export('plain')",
    "SELECT sqlcipher_export('main', 'plain')",
    "VACUUM INTO '{tmp}/copy.db'",
    "SELECT load_extension('/tmp/evil.so')",
    "PRAGMA temp_store = FILE",
    "PRAGMA temp_store = 1",
    "PRAGMA temp_store_directory = '{tmp}'",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA synchronous = OFF",
    "PRAGMA secure_delete = OFF",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA rekey = 'weak'",
    "PRAGMA key = 'other'",
    "PRAGMA cipher_plaintext_header_size = 32",
    "PRAGMA writable_schema = ON",
]


@pytest.mark.parametrize("sql", DENIED)
def test_denied(vault: Vault, tmp_path: Path, sql: str) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        with pytest.raises(sqlcipher.DatabaseError, match=r"not authorized|authorization denied"):
            store.conn.execute(sql.format(tmp=tmp_path)).fetchall()
        assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not any(p.name.startswith(("plain", "copy", "other")) for p in tmp_path.iterdir())


def test_load_extension_is_off_at_the_c_level(vault: Vault) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store, pytest.raises(sqlcipher.OperationalError):
        store.conn.load_extension("/nonexistent/extension")


def test_ordinary_reads_and_writes_are_allowed(vault: Vault) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        store.set_setting("k", "v")
        assert store.conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert store.setting("k") == "v"
