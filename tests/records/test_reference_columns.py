"""References and dates live in indexed columns beside each record and always match its fields."""

from __future__ import annotations

from pathlib import Path

from linkdesk.domain.records import with_status
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.fold import COLUMN_FIELDS
from linkdesk.storage.store import Store
from tests.storage.test_lean_migration import open_fixture


def columns_out_of_step(store: Store) -> list[tuple[str, str]]:
    """(record id, column) wherever a reference column differs from the record's own field."""
    found = []
    for name in COLUMN_FIELDS:
        rows = store.conn.execute(
            f"SELECT id FROM records WHERE {name} IS NOT "
            f"(CASE json_type(data, '$.{name}') WHEN 'text' THEN json_extract(data, '$.{name}') END)"
        )
        found += [(str(row[0]), name) for row in rows]
    return found


def test_a_record_moved_to_another_school_is_found_under_that_school_only(
    records: RecordService, store: Store, school: str, cyp: str
) -> None:
    other = records.add("school", {"name": "Ysgol Gymraeg Llundain", "urn": "100001"}).id
    records.update("cyp", cyp, {"school_id": other})
    assert records.find("cyp", {"school_id": school}) == []
    assert [r.id for r in records.find("cyp", {"school_id": other})] == [cyp]
    assert columns_out_of_step(store) == []


def test_visits_are_found_by_date_after_a_change_of_date(
    casework: Casework, records: RecordService, store: Store, school: str
) -> None:
    visit = casework.plan_visit(school, "2026-11-20", planned_minutes=60)
    records.update("visit", visit.id, {"date": "2026-12-02"})
    assert store.records.find_dated("visit", "2026-11-16", "2026-11-22") == []
    assert [r.id for r in store.records.find_dated("visit", "2026-11-30", "2026-12-04")] == [visit.id]
    records.delete("visit", visit.id)
    assert store.records.find_dated("visit", "2026-11-30", "2026-12-04") == []
    assert columns_out_of_step(store) == []


def test_deep_verify_reports_a_column_that_disagrees_with_the_log(
    records: RecordService, store: Store, cyp: str
) -> None:
    store.conn.execute("UPDATE records SET school_id = 'somewhere else' WHERE id = ?", (cyp,))
    assert store.verify() == []  # the quick check reads no record
    [problem] = store.verify(deep=True)
    assert problem.startswith("records: 1 row(s) differ from a replay of the operation log")


def test_the_release_store_gets_its_columns_from_its_records(tmp_path: Path) -> None:
    vault, expected = open_fixture(tmp_path)
    with vault.unlock(expected["passphrase"]) as store:
        assert columns_out_of_step(store) == []
        named = store.conn.execute(
            "SELECT id, type, json_extract(data, '$.school_id') FROM records "
            "WHERE deleted = 0 AND json_extract(data, '$.school_id') IS NOT NULL"
        ).fetchall()
        assert named  # the release store has records that name their school
        for record_id, kind, school_id in named:
            assert record_id in [r.id for r in store.records.find(kind, {"school_id": school_id})]


def test_a_lookup_by_child_type_and_status_is_answered_from_the_index(
    records: RecordService, store: Store, cyp: str
) -> None:
    """The index holds the type and status after the reference, so "this child's waiting
    referrals" is answered without reading the child's notes, actions or seen referrals."""
    [plan] = [
        row[3]
        for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM records INDEXED BY records_cyp_id "
            "WHERE cyp_id IN (?, ?) AND type IN ('consent', 'referral') AND status IN ('sent', 'waiting')",
            (cyp, "another"),
        )
    ]
    assert "(cyp_id=? AND type=? AND status=?)" in plan


def test_open_actions_are_found_by_their_status_column(
    records: RecordService, store: Store, school: str
) -> None:
    done = records.add("action", {"school_id": school, "description": "Send leaflet", "status": "open"})
    records.update("action", done.id, {"status": "done"})
    still = records.add(
        "action", {"school_id": school, "description": "Ring Mrs Ní Bhriain", "status": "open"}
    )
    found = store.records.find_linked(("action",), "school_id", [school], {"action": with_status("open")})
    assert [a.id for a in found["action"]] == [still.id]
    assert [a.id for a in store.records.each("action", with_status("done"))] == [done.id]
    assert columns_out_of_step(store) == []
    # the lookup trusts the column: one out of step with the record is what verify --deep finds
    store.conn.execute("UPDATE records SET status = 'done' WHERE id = ?", (still.id,))
    assert store.records.find_linked(("action",), "school_id", [school], {"action": with_status("open")}) == {
        "action": []
    }
    [problem] = store.verify(deep=True)
    assert problem.startswith("records: 1 row(s) differ from a replay of the operation log")
