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
    # logging, weakening or changing cipher settings (issue #22, finding 6)
    "PRAGMA cipher_profile = '{tmp}/profile.log'",
    "PRAGMA cipher_log = '{tmp}/profile-trace.log'",
    "PRAGMA cipher_log_level = TRACE",
    "PRAGMA cipher_hmac_algorithm = HMAC_SHA1",
    "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1",
    "PRAGMA cipher_default_use_hmac = OFF",
    "PRAGMA cipher_default_kdf_iter = 1",
    "PRAGMA cipher_default_plaintext_header_size = 32",
    "PRAGMA cipher_migrate",
    "PRAGMA cipher_salt = \"x'00112233445566778899aabbccddeeff'\"",
    "PRAGMA cipher_use_hmac = OFF",
    "PRAGMA main.cipher_use_hmac = OFF",
    "PRAGMA kdf_iter = 1",
    "PRAGMA cipher_page_size = 1024",
    "PRAGMA cipher_compatibility = 3",
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA locking_mode = EXCLUSIVE",
    "PRAGMA hexrekey = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'",
]


@pytest.mark.parametrize("sql", DENIED)
def test_denied(vault: Vault, tmp_path: Path, sql: str) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        with pytest.raises(sqlcipher.DatabaseError, match=r"not authorized|authorization denied"):
            store.conn.execute(sql.format(tmp=tmp_path)).fetchall()
        assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not any(p.name.startswith(("plain", "copy", "other", "profile")) for p in tmp_path.iterdir())


def test_load_extension_is_off_at_the_c_level(vault: Vault) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store, pytest.raises(sqlcipher.OperationalError):
        store.conn.load_extension("/nonexistent/extension")


def test_ordinary_reads_and_writes_are_allowed(vault: Vault) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        store.set_setting("k", "v")
        assert store.conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert store.conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert store.conn.execute("PRAGMA locking_mode").fetchone()[0] == "normal"
        assert store.setting("k") == "v"


def test_memory_security_is_on_for_every_open_store(vault: Vault) -> None:
    """SQLCipher has it off by default since 4.5.0; the open turns it on and checks it."""
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        assert store.conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "1"


def test_only_the_rekey_module_can_reach_the_rekey_authorizer() -> None:
    package = Path(__file__).resolve().parents[2] / "linkdesk"
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "rekey_only" in path.read_text(encoding="utf-8")
    )
    assert users == ["storage/authorizer.py", "storage/rekey.py"]
