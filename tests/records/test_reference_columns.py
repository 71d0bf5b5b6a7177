"""References and dates live in indexed columns beside each record and always match its fields."""

from __future__ import annotations

from pathlib import Path

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.fold import REFERENCE_COLUMNS
from linkdesk.storage.store import Store
from tests.storage.test_lean_migration import open_fixture


def columns_out_of_step(store: Store) -> list[tuple[str, str]]:
    """(record id, column) wherever a reference column differs from the record's own field."""
    found = []
    for name in REFERENCE_COLUMNS:
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
