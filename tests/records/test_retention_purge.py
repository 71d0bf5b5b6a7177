"""U3/U4/M6 on one laptop: which closed cases are due, and a purge that leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkdesk.domain.retention import RETENTION_CLASSES
from linkdesk.errors import NotFoundError, ValidationError
from linkdesk.services.records import RecordService
from linkdesk.services.retention import Retention
from linkdesk.services.sar import collect, render_text
from linkdesk.storage import audit
from linkdesk.storage.batch import STUB_BODY
from linkdesk.storage.connection import DatabaseError
from linkdesk.storage.store import Store
from tests.conftest import FrozenClock
from tests.records.conftest import TODAY
from tests.records.test_sar_and_demo import demo_store
from tests.storage.pages import decrypted


def canary(n: int) -> str:
    return f"zqpurge{n:02d}xk"


def write_case(
    records: RecordService,
    school: str,
    n: int,
    *,
    closed: str | None = "2026-09-01",
    confirmed: str | None = None,
) -> str:
    """A case whose name, note, concern and referral carry canary ``n``; closed and confirmed as asked."""
    word = canary(n)
    cyp = records.add(
        "cyp",
        {
            "school_id": school,
            "given_name": f"Ann{word}",
            "date_of_birth": "2012-03-01",
            "opened_on": "2026-01-05",
        },
    ).id
    records.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": f"Mum worried: {word} at home"})
    visit = records.add("visit", {"school_id": school, "date": "2026-02-02", "status": "held"}).id
    records.add("discussion_item", {"visit_id": visit, "cyp_id": cyp, "concern": f"low mood {word}"})
    referral = records.add("referral", {"cyp_id": cyp, "destination": "gp"}).id
    records.add("note", {"subject_type": "referral", "subject_id": referral, "body": f"GP says {word}"})
    if closed:
        fields = {"status": "closed", "closure_reason": "signposted", "closed_on": closed}
        if confirmed:
            fields["epr_closure_confirmed_on"] = confirmed
        records.update("cyp", cyp, fields)
    return cyp


def sar_made(store: Store, cyp: str) -> None:
    store.audit("export", "cyp", cyp, kind="sar", records=6)


def leaks(store: Store, word: str) -> list[str]:
    """Where ``word`` can still be found: the dump, search, the log, or the decrypted file and WAL."""
    found = []
    if word in store.records.dump_text():
        found.append("dump")
    if store.records.search(word):
        found.append("search")
    if any(word in str(op.fields) for op in store.records.all_ops()):
        found.append("op log")
    if word.encode() in decrypted(store.layout.database, bytes(store._key)):
        found.append("file pages")
    return found


def test_every_case_carries_a_retention_class_and_every_closed_case_a_date(tmp_path: Path) -> None:
    store, _ = demo_store(tmp_path, 5)
    with store:
        records = RecordService(store, lambda: TODAY)
        cases = store.records.find("cyp")
        assert cases and all(c.get("retention_class") in RETENTION_CLASSES for c in cases)
        for case in cases[::3]:
            if case.get("status") == "open":
                records.update("cyp", case.id, {"status": "closed", "closure_reason": "other"})
        closed = Retention(store, lambda: TODAY).cases()
        assert len(closed) == len(store.records.find("cyp", {"status": "closed"})) >= len(cases) // 3
        assert all(c.retain_until and c.retain_until > c.closed_on for c in closed)


def test_the_purge_removes_every_eligible_case_and_no_other(
    store: Store, records: RecordService, school: str, clock: FrozenClock
) -> None:
    due = [write_case(records, school, n, confirmed="2026-10-01") for n in range(3)]
    still_open = write_case(records, school, 10, closed=None)
    unconfirmed = write_case(records, school, 11)
    inside_period = write_case(records, school, 12, confirmed="2026-11-01")
    not_exported = write_case(records, school, 13, confirmed="2026-10-01")
    changed_since = write_case(records, school, 14, confirmed="2026-10-01")
    for cyp in [*due, unconfirmed, inside_period, changed_since]:
        sar_made(store, cyp)
    clock.advance(seconds=5)
    records.add("note", {"subject_type": "cyp", "subject_id": changed_since, "body": "one more thing"})

    listing = {c.cyp_id: c for c in Retention(store, lambda: TODAY).cases()}
    assert still_open not in listing
    assert {i for i, c in listing.items() if c.due} == set(due)
    assert listing[unconfirmed].reason == "closure not yet confirmed in the EPR"
    assert listing[inside_period].reason == "kept until 2026-12-01"
    assert listing[not_exported].reason.startswith("no subject access export")
    assert listing[changed_since].reason.startswith("no subject access export")
    assert listing[due[0]].retain_until == "2046-09-01" and listing[due[0]].records == 5

    purged = Retention(store, lambda: TODAY).purge_due()
    assert sorted(c.cyp_id for c in purged) == sorted(due)
    for n in range(3):
        assert leaks(store, canary(n)) == []
    assert leaks(store, canary(10)) == ["dump", "search", "op log", "file pages"]  # the scan finds
    for n, cyp in zip(
        range(10, 15), [still_open, unconfirmed, inside_period, not_exported, changed_since], strict=True
    ):
        assert store.records.get(cyp).fields.get("given_name") == f"Ann{canary(n)}"
        assert store.records.search(canary(n)), "a case not due keeps its content"
    assert store.records.get(due[0]).deleted and store.records.get(due[0]).fields == {}
    assert not store.layout.database.with_name("linkdesk.db-wal").stat().st_size
    assert store.verify(deep=True) == []
    events = [e for e in audit.events(store.conn) if e.action == "purge"]
    assert sorted(e.entity_id for e in events) == sorted(due)
    assert all(canary(n) not in e.detail for e in events for n in range(3))
    with pytest.raises(ValidationError, match="already been purged"):
        store.records.purge(due[0])
    assert Retention(store, lambda: TODAY).purge_due() == []


def test_only_the_purge_path_can_rewrite_the_op_log(
    store: Store, records: RecordService, school: str
) -> None:
    write_case(records, school, 20)
    with pytest.raises(DatabaseError, match="append-only"):
        store.conn.execute("UPDATE ops SET body = ?", (STUB_BODY,))
    with pytest.raises(DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM ops")
    with store.transaction() as conn:  # even holding the gate, only a stub may be written
        conn.execute("INSERT INTO purge_gate (opened) VALUES (1)")
        with pytest.raises(DatabaseError, match="append-only"):
            conn.execute('UPDATE ops SET body = \'{"deps":{},"fields":{"body":"x"}}\'')
        with pytest.raises(DatabaseError, match="append-only"):
            conn.execute(f"UPDATE ops SET body = '{STUB_BODY}', hlc = '0'")
        conn.execute("DELETE FROM purge_gate")
    assert store.verify(deep=True) == []
    store.conn.execute("INSERT INTO purge_gate (opened) VALUES (1)")
    assert "schema: the purge gate is open outside a purge" in store.verify()
    store.conn.execute("DELETE FROM purge_gate")


def test_a_reopened_case_starts_its_retention_again(records: RecordService, school: str) -> None:
    cyp = write_case(records, school, 30, confirmed="2026-10-01")
    reopened = records.update("cyp", cyp, {"status": "open"})
    assert "epr_closure_confirmed_on" not in reopened.fields and "closed_on" not in reopened.fields
    with pytest.raises(ValidationError, match="only a closed case"):
        records.update("cyp", cyp, {"epr_closure_confirmed_on": "2026-11-01"})
    closed = records.update(
        "cyp", cyp, {"status": "closed", "closure_reason": "other", "closed_on": "2026-11-02"}
    )
    with pytest.raises(ValidationError, match="before closed_on"):
        records.update("cyp", closed.id, {"epr_closure_confirmed_on": "2026-11-01"})
    with pytest.raises(ValidationError, match="after today"):
        records.update("cyp", closed.id, {"epr_closure_confirmed_on": "2026-12-01"})


def test_a_purged_record_takes_no_more_changes(store: Store, records: RecordService, school: str) -> None:
    cyp = write_case(records, school, 40, confirmed="2026-10-01")
    seen = store.records.get(cyp)
    store.records.purge(cyp)
    with pytest.raises(ValidationError, match="purged under the retention policy"):
        store.records.update(seen, {"given_name": "Back"})
    with pytest.raises(NotFoundError, match="no child or young person"):
        records.update("cyp", cyp, {"given_name": "Back"})
    with pytest.raises(ValidationError, match="subject_id"):
        records.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": "more"})


def test_a_deleted_closed_case_is_purged_when_due_like_any_other(
    store: Store, records: RecordService, school: str, clock: FrozenClock
) -> None:
    """A tombstone hides a case but its content and history stay in the op log: a case deleted
    after it was closed leaves this laptop by the same rule, its subject access export (which
    covers a deleted case) counting as exported."""
    deleted = write_case(records, school, 50, confirmed="2026-10-01")
    unconfirmed = write_case(records, school, 51)
    sar_made(store, deleted)
    clock.advance(seconds=5)
    records.delete("cyp", deleted)
    records.delete("cyp", unconfirmed)
    listing = {c.cyp_id: c for c in Retention(store, lambda: TODAY).cases()}
    assert listing[deleted].deleted and listing[unconfirmed].deleted
    assert listing[deleted].reason.startswith("no subject access export")  # the delete is a change
    assert listing[unconfirmed].reason == "closure not yet confirmed in the EPR"
    clock.advance(seconds=5)
    export = collect(records, deleted, "Team", clock.now())  # what 'linkdesk sar' does, then audits
    assert export.cyp.deleted and canary(50) in render_text(export)
    store.audit("export", "cyp", deleted, kind="sar", records=sum(len(v) for v in export.records.values()))

    purged = Retention(store, lambda: TODAY).purge_due()
    assert [c.cyp_id for c in purged] == [deleted] and purged[0].deleted
    assert leaks(store, canary(50)) == []
    assert leaks(store, canary(51)) == ["dump", "search", "op log", "file pages"]
    assert store.verify(deep=True) == []
    assert deleted not in {c.cyp_id for c in Retention(store, lambda: TODAY).cases()}
    with pytest.raises(NotFoundError, match="no child or young person"):
        collect(records, deleted, "Team", clock.now())
