"""Creating and unlocking real SQLCipher stores; PRAGMAs; key custody; the audit of unlocks."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.errors import (
    InsecureStore,
    StoreDamaged,
    StoreExists,
    StoreLocked,
    StoreMissing,
    ValidationError,
    WrongPassphrase,
)
from linkdesk.storage import audit
from linkdesk.storage.connection import open_store
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, make_vault


def create(vault: Vault, name: str = "Test Link Team") -> str:
    store, code = vault.create(name, PASSPHRASE)
    store.close()
    return code


def test_wrong_passphrase_is_refused_and_the_right_one_still_works(vault: Vault) -> None:
    create(vault)
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        vault.unlock("not the passphrase")
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("service_name") == "Test Link Team"
        assert store.verify() == []


def test_the_store_file_is_encrypted_from_the_first_byte(vault: Vault, home: Path) -> None:
    create(vault, name="Plaintextcheck Service")
    raw = (home / "linkdesk.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Plaintextcheck" not in raw
    with pytest.raises(sqlcipher.DatabaseError):
        sqlcipher.connect(str(home / "linkdesk.db")).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_failed_unlocks_are_counted_outside_and_audited_at_the_next_unlock(vault: Vault, home: Path) -> None:
    create(vault)
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            vault.unlock("wrong passphrase")
    assert json.loads((home / "failed-unlocks.json").read_text())["count"] == 3
    with vault.unlock(PASSPHRASE) as store:
        events = audit.events(store.conn)
        failed = [e for e in events if e.action == "unlock_failed"]
        assert len(failed) == 1 and json.loads(failed[0].detail) == {"count": 3}
        assert events[-1].action == "unlock"
    assert not (home / "failed-unlocks.json").exists()


def test_unlock_never_creates_a_store(vault: Vault, home: Path) -> None:
    with pytest.raises(StoreMissing, match="linkdesk init"):
        vault.unlock(PASSPHRASE)
    assert not home.exists() or not any(home.iterdir())


def test_init_refuses_to_overwrite(vault: Vault) -> None:
    create(vault)
    with pytest.raises(StoreExists):
        create(vault)
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("service_name") == "Test Link Team"


def test_short_passphrase_refused_at_init(vault: Vault, home: Path) -> None:
    with pytest.raises(ValidationError, match="at least 8"):
        vault.create("Team", "short")
    assert not (home / "linkdesk.db").exists()


def test_second_open_of_the_same_folder_is_refused(vault: Vault, home: Path) -> None:
    create(vault)
    with vault.unlock(PASSPHRASE), pytest.raises(StoreLocked, match="already using"):
        make_vault(home).unlock(PASSPHRASE)
    make_vault(home).unlock(PASSPHRASE).close()  # released on close


def test_every_file_is_owner_only(vault: Vault, home: Path) -> None:
    create(vault)
    with vault.unlock(PASSPHRASE) as store:
        store.set_setting("letterhead_address", "1 High Street")
        store.backup(home / "backups" / "b.ldbackup")
    assert home.stat().st_mode & 0o777 == 0o700
    for path in home.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path


@pytest.mark.parametrize(
    ("setting", "value"),
    [("cipher_page_size", "1024"), ("cipher_use_hmac", "OFF"), ("cipher_plaintext_header_size", "32")],
)
def test_a_store_made_with_weaker_cipher_settings_is_refused(
    tmp_path: Path, setting: str, value: str
) -> None:
    key = secrets.token_bytes(32)
    path = tmp_path / "weak.db"
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA {setting} = {value}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises((InsecureStore, StoreDamaged)):
        open_store(path, key)


def test_open_store_refuses_when_a_required_pragma_does_not_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linkdesk.storage import connection

    key = secrets.token_bytes(32)
    open_store(tmp_path / "s.db", key, create=True).close()
    weakened = (
        *(p for p in connection.OPEN_PRAGMAS if "secure_delete" not in p),
        "PRAGMA secure_delete = OFF",
    )
    monkeypatch.setattr(connection, "OPEN_PRAGMAS", weakened)
    with pytest.raises(InsecureStore, match="secure_delete"):
        open_store(tmp_path / "s.db", key)


def test_unlock_is_audited_with_no_clinical_text(vault: Vault, clock: FrozenClock) -> None:
    create(vault, name="Canaryname Service")
    clock.advance(minutes=5)
    with vault.unlock(PASSPHRASE) as store:
        rows = store.conn.execute("SELECT * FROM audit_log").fetchall()
        assert [r[4] for r in rows] == ["init", "unlock"]
        assert "Canaryname" not in repr(rows)


def test_drafts_survive_lock_and_unlock_encrypted(vault: Vault, home: Path) -> None:
    store, _ = vault.create("Team", PASSPHRASE)
    with store:
        store.save_draft("discussion", '{"concern": "Zzdraftcanary low mood"}')
    assert b"Zzdraftcanary" not in (home / "linkdesk.db").read_bytes()
    with vault.unlock(PASSPHRASE) as store:
        assert store.drafts() == {"discussion": '{"concern": "Zzdraftcanary low mood"}'}
        store.discard_draft("discussion")
        assert store.drafts() == {}
