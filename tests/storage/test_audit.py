"""The hash-chained audit log: append-only, tamper-evident, free of clinical text."""

from __future__ import annotations

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.storage import audit
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock


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
