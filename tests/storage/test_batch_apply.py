"""The one batch write path: imports checked before anything is written, lean registers, replay."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkdesk.domain.ids import is_uuid
from linkdesk.domain.records import Op
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService
from linkdesk.storage.batch import ROWS_PER_INSERT
from linkdesk.storage.store import Store
from tests.conftest import PASSPHRASE, FrozenClock, make_vault

TODAY = date(2026, 11, 23)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, RecordService, Store, RecordService, FrozenClock]]:
    """Two devices of one team: ``a`` writes, ``b`` imports."""
    with ExitStack() as stack:
        clock = FrozenClock()
        a, _ = make_vault(tmp_path / "a", clock).create("Team", PASSPHRASE)
        b, _ = make_vault(tmp_path / "b", clock).create("Team", PASSPHRASE)
        stack.callback(a.close)
        stack.callback(b.close)
        yield a, RecordService(a, lambda: TODAY), b, RecordService(b, lambda: TODAY), clock


def some_work(service: RecordService) -> list[str]:
    school = service.add("school", {"name": "Greenfield Primary", "setting_type": "primary"}).id
    cyp = service.add("cyp", {"school_id": school, "initials": "ZŁ", "family_name": "Łukasiewicz-Nowak"}).id
    note = service.add(
        "note", {"subject_type": "cyp", "subject_id": cyp, "body": "Sleeping badly before exams."}
    )
    service.update("school", school, {"phone": "01582 111111"})
    return [school, cyp, note.id]


def import_all(source: Store, target: Store) -> int:
    with target.transaction():
        return target.records.apply_remote(source.records.all_ops()).new


def refuse(target: Store, ops: list[Op], message: str) -> None:
    before, count = target.records.state_hash(), target.records.ops_count()
    with pytest.raises(ValidationError, match=message), target.transaction():
        target.records.apply_remote(ops)
    assert target.records.state_hash() == before and target.records.ops_count() == count


# -- checked before anything is written ---------------------------------------------------------------


def test_an_op_that_arrives_again_changed_is_refused_not_ignored(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, b, _sb, _ = pair
    some_work(sa)
    import_all(a, b)
    ops = a.records.all_ops()
    forged = dataclasses.replace(ops[0], fields={**ops[0].fields, "name": "Another School"})
    refuse(b, [forged], "arrived again with different content")
    assert import_all(a, b) == 0  # the same ops again change nothing


def test_one_bad_op_refuses_the_whole_bundle(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, b, _sb, clock = pair
    some_work(sa)
    good = a.records.all_ops()
    last = good[-1]
    ahead_ms = int((clock.now() + timedelta(hours=30)).timestamp() * 1000)
    bad = {
        "unknown type": dataclasses.replace(last, entity_type="spaceship"),
        "unknown field": dataclasses.replace(last, fields={"colour": "red"}, deps={}),
        "bad value": dataclasses.replace(last, fields={"phone": "not a phone"}, deps={}),
        "malformed clock": dataclasses.replace(last, hlc="yesterday"),
        "far future": dataclasses.replace(last, hlc=f"{ahead_ms:015d}.000000"),
        "bad kind": dataclasses.replace(last, kind="explode"),
        "bad dep": dataclasses.replace(last, deps={"phone": ["nonsense"]}),
    }
    messages = {
        "unknown type": "not a record type",
        "unknown field": "has no field 'colour'",
        "bad value": "value for 'phone'",
        "malformed clock": "clock reading is malformed",
        "far future": "30 hours ahead",
        "bad kind": "not a kind of change",
        "bad dep": "malformed earlier value",
    }
    for name, op in bad.items():
        refuse(b, [*good[:-1], op], messages[name])
    assert b.records.ops_count() == 0


def test_a_reference_to_a_record_of_the_wrong_type_is_refused(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, b, _sb, _ = pair
    school, cyp, _note = some_work(sa)
    import_all(a, b)
    create_cyp = next(op for op in a.records.all_ops() if op.entity_id == cyp)
    wrong = dataclasses.replace(
        create_cyp,
        op_id=dataclasses.replace(create_cyp.op_id, seq=999),
        entity_id="01890000-0000-7000-8000-000000000001",
        fields={**create_cyp.fields, "school_id": cyp},  # a child is not a school
    )
    refuse(b, [wrong], "is a cyp")
    assert school  # the right reference was accepted above


def test_a_change_that_retypes_a_record_is_refused(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, b, _sb, _ = pair
    school, _cyp, _note = some_work(sa)
    import_all(a, b)
    update = next(op for op in a.records.all_ops() if op.entity_id == school and op.kind == "update")
    retyped = dataclasses.replace(
        update, op_id=dataclasses.replace(update.op_id, seq=999), entity_type="agency", fields={}, deps={}
    )
    refuse(b, [retyped], "calls it a agency, but it is a school")


# -- lean registers ----------------------------------------------------------------------------------


def register_fields(store: Store) -> list[tuple[str, str]]:
    return [tuple(r) for r in store.conn.execute("SELECT DISTINCT entity_id, field FROM register_values")]


def test_registers_hold_rows_only_for_concurrent_values(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, b, sb, _ = pair
    school, _cyp, _note = some_work(sa)
    import_all(a, b)
    assert register_fields(a) == [] and register_fields(b) == []
    heads = dict(a.conn.execute("SELECT id, heads FROM records").fetchall())
    assert heads[school] is not None and all(v is None for k, v in heads.items() if k != school)
    sa.update("school", school, {"phone": "01582 222222"})
    sb.update("school", school, {"phone": "01582 333333"})
    import_all(a, b)
    import_all(b, a)
    assert register_fields(a) == register_fields(b) == [(school, "phone")]
    assert a.records.state_hash() == b.records.state_hash()
    sa.resolve(f"{school}:phone", "01582 222222")
    import_all(a, b)
    assert register_fields(a) == register_fields(b) == []
    assert b.records.get(school).get("phone") == "01582 222222"  # type: ignore[union-attr]


def test_creates_add_one_audit_event_per_batch(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, *_ = pair
    school = sa.add("school", {"name": "Hillside"}).id
    events = a.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with sa.batch():
        ids = [sa.add("cyp", {"school_id": school, "initials": f"A{i}"}).id for i in range(50)]
        notes = [sa.add("note", {"subject_type": "cyp", "subject_id": c, "body": "seen"}).id for c in ids]
    assert a.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == events + 1
    [detail] = a.conn.execute("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert json.loads(detail) == {"records": 100, "types": "cyp+note"}
    assert all(is_uuid(i) for i in ids + notes) and ids == sorted(ids)  # time-ordered ids
    assert len(sa.find("note")) == 50 and a.verify(deep=True) == []


def test_a_refused_add_in_a_batch_writes_nothing(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, *_ = pair
    before = a.records.state_hash()
    with pytest.raises(ValidationError), sa.batch():
        school = sa.add("school", {"name": "Hillside"}).id
        sa.add("cyp", {"school_id": school, "initials": "AB"})
        sa.add("cyp", {"school_id": "01890000-0000-7000-8000-00000000dead", "initials": "CD"})
    assert a.records.state_hash() == before and a.records.ops_count() == 0


# -- the same state however the ops arrive --------------------------------------------------------------


def test_one_batch_equals_one_op_at_a_time(tmp_path: Path) -> None:
    clock = FrozenClock()
    stores = [make_vault(tmp_path / n, clock).create("Team", PASSPHRASE)[0] for n in ("a", "b", "c")]
    a, batch, single = stores
    with a, batch, single:
        sa = RecordService(a, lambda: TODAY)
        school, *_ = some_work(sa)
        sa.delete("school", sa.add("school", {"name": "Closed"}).id)
        sa.update("school", school, {"name": "Greenfield Primary Academy"})
        ops = a.records.all_ops()
        with batch.transaction():
            batch.records.apply_remote(ops)
        for op in reversed(ops):
            with single.transaction():
                single.records.apply_remote([op])
        assert a.records.state_hash() == batch.records.state_hash() == single.records.state_hash()
        assert batch.verify(deep=True) == [] and single.verify(deep=True) == []


def test_a_batch_of_several_multi_row_inserts_writes_every_row(pair) -> None:  # type: ignore[no-untyped-def]
    """Rows go in ``ROWS_PER_INSERT`` to a statement; the last, shorter part must not be lost."""
    a, sa, b, sb, _ = pair
    school = sa.add("school", {"name": "Hillside"}).id
    count = 2 * ROWS_PER_INSERT + 3
    with sa.batch():
        for i in range(count):
            sa.add("cyp", {"school_id": school, "initials": "AB", "family_name": f"Family{i:04d}"})
    assert import_all(a, b) == count + 1
    assert b.records.state_hash() == a.records.state_hash() and b.records.ops_count() == count + 1
    first, last = b.records.search("Family0000"), b.records.search(f"Family{count - 1:04d}")
    assert [len(sb.find("cyp")), len(first), len(last)] == [count, 1, 1]
    assert a.verify(deep=True) == [] and b.verify(deep=True) == []


def test_a_row_the_database_refuses_mid_batch_leaves_nothing_of_the_batch(pair) -> None:  # type: ignore[no-untyped-def]
    """Batch INSERTs stop at a failed constraint without undoing their own earlier rows (OR FAIL);
    the transaction around them must then undo every row of the batch, in every table."""
    a, sa, b, _sb, _ = pair
    school = sa.add("school", {"name": "Hillside"}).id
    with sa.batch():
        cyps = [sa.add("cyp", {"school_id": school, "initials": "AB"}).id for _ in range(ROWS_PER_INSERT + 5)]
    # the database refuses a row near the end of the batch, as a failed constraint would
    b.conn.execute(
        f"CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.records WHEN NEW.id = '{cyps[-3]}' "
        "BEGIN SELECT RAISE(FAIL, 'refused by the test'); END"
    )
    with pytest.raises(Exception, match="refused by the test"), b.transaction():
        b.records.apply_remote(a.records.all_ops())
    assert b.records.ops_count() == 0
    assert b.conn.execute("SELECT count(*) FROM records").fetchone() == (0,)
    assert b.conn.execute("SELECT count(*) FROM search_index").fetchone() == (0,)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_any_split_of_an_import_gives_the_same_state(rng) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        clock = FrozenClock()
        a, _ = make_vault(Path(tmp) / "a", clock).create("Team", PASSPHRASE)
        b, _ = make_vault(Path(tmp) / "b", clock).create("Team", PASSPHRASE)
        with a, b:
            sa = RecordService(a, lambda: TODAY)
            school, cyp, _ = some_work(sa)
            for i in range(rng.randint(0, 6)):
                sa.update("cyp", cyp, {"initials": f"Z{i}"})
            ops = a.records.all_ops()
            rng.shuffle(ops)
            cut = sorted(rng.sample(range(len(ops) + 1), 2))
            for part in (ops[: cut[0]], ops[cut[0] : cut[1]], ops[cut[1] :], ops):
                with b.transaction():
                    b.records.apply_remote(part)
            assert b.records.state_hash() == a.records.state_hash()
            assert b.verify(deep=True) == []
            assert school


# -- verify --deep and the search key ------------------------------------------------------------------


def test_deep_verify_finds_a_record_that_is_not_the_fold_of_its_log(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, *_ = pair
    school, *_ = some_work(sa)
    assert a.verify(deep=True) == []
    a.conn.execute("UPDATE records SET data = json_set(data, '$.name', 'Forged') WHERE id = ?", (school,))
    assert a.verify() == []  # pages, structure and audit chain are intact...
    [problem] = a.verify(deep=True)  # ...but the record is not what its ops say
    assert problem.startswith("records: 1 row(s) differ") and school in problem
    assert a.records.get(school).get("name") == "Forged"  # type: ignore[union-attr] # the check changed nothing


def test_search_survives_a_vacuum(pair) -> None:  # type: ignore[no-untyped-def]
    a, sa, *_ = pair
    some_work(sa)
    sa.add("note", {"subject_type": "school", "subject_id": sa.find("school")[0].id, "body": "Football club"})
    a.conn.set_authorizer(None)  # VACUUM uses a temporary attached database, denied in normal use
    a.conn.execute("DELETE FROM records WHERE rid = 1")  # a gap VACUUM would close in an implicit rowid
    a.conn.execute("VACUUM")
    [(record, snippet)] = a.records.search("football")
    assert record.type == "note" and "Football" in snippet
