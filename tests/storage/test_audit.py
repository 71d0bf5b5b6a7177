"""The hash-chained audit log: append-only, tamper-evident, free of clinical text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.errors import LinkDeskError
from linkdesk.services.records import RecordService
from linkdesk.storage import audit
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock

TODAY = date(2026, 11, 23)


def busy_store(vault: Vault, clock: FrozenClock) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store:
        for i in range(10):
            clock.advance(minutes=1)
            store.audit("view", "cyp", f"cyp-{i}")


def test_chain_is_intact_after_ordinary_use(vault: Vault, clock: FrozenClock) -> None:
    busy_store(vault, clock)
    with vault.unlock(PASSPHRASE) as store:
        assert audit.verify_chain(store.conn) == []
        assert [e.seq for e in audit.events(store.conn)] == list(range(1, 14))


def test_the_log_cannot_be_updated_or_deleted_through_sql(vault: Vault, clock: FrozenClock) -> None:
    busy_store(vault, clock)
    with vault.unlock(PASSPHRASE) as store:
        with pytest.raises(sqlcipher.IntegrityError, match="append-only"):
            store.conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3")
        with pytest.raises(sqlcipher.IntegrityError, match="append-only"):
            store.conn.execute("DELETE FROM audit_log WHERE seq = 3")


@pytest.mark.parametrize("tamper", ["edit", "delete", "swap"])
def test_tampering_is_detected(vault: Vault, clock: FrozenClock, tamper: str) -> None:
    busy_store(vault, clock)
    with vault.unlock(PASSPHRASE) as store:
        conn = store.conn
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        if tamper == "edit":
            conn.execute("UPDATE audit_log SET entity_id = 'cyp-99' WHERE seq = 5")
        elif tamper == "delete":
            conn.execute("DELETE FROM audit_log WHERE seq = 5")
        else:
            conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = 5")
            conn.execute("UPDATE audit_log SET seq = 5 WHERE seq = 6")
            conn.execute("UPDATE audit_log SET seq = 6 WHERE seq = -1")
        problems = store.verify()
    assert any("audit event" in p for p in problems), problems


def test_free_text_cannot_enter_the_log(vault: Vault) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    with vault.unlock(PASSPHRASE) as store, pytest.raises(ValueError, match="never free text"):
        store.audit("update", "note", "n-1", body="Worried about self harm at home")


def test_the_op_log_cannot_lose_a_change(vault: Vault, clock: FrozenClock) -> None:
    busy_store(vault, clock)
    with vault.unlock(PASSPHRASE) as store:
        RecordService(store, lambda: TODAY).add("school", {"name": "Greenfield Primary"})
        count = store.records.ops_count()
        with pytest.raises(sqlcipher.IntegrityError, match="append-only"):
            store.conn.execute("DELETE FROM ops")
        assert store.records.ops_count() == count and store.verify() == []


@pytest.mark.parametrize(
    "guard", ["audit_log_no_update", "audit_log_no_delete", "ops_no_update", "ops_no_delete"]
)
def test_verify_and_backups_notice_a_dropped_append_only_guard(
    vault: Vault, clock: FrozenClock, guard: str, tmp_path: Path
) -> None:
    busy_store(vault, clock)
    with vault.unlock(PASSPHRASE) as store:
        store.conn.execute(f"DROP TRIGGER {guard}")  # nothing else changed: only the guard is gone
        problems = store.verify()
        assert any(guard in p and "append-only" in p for p in problems), problems
        with pytest.raises(LinkDeskError):
            store.backup(tmp_path / "copy.ldbackup")
    assert not (tmp_path / "copy.ldbackup").exists()
