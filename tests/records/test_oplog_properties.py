"""D3 properties: replay gives the same state; concurrent writes are kept; deletes stick.

Each example uses real SQLCipher stores, one per simulated device, exchanging ops the way a
bundle import will (``apply_remote``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.conftest import PASSPHRASE, FrozenClock, make_vault
from tests.records.conftest import TODAY

FIELDS = {
    "name": st.text(
        st.characters(codec="utf-8", exclude_characters="\x00", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=12,
    ),
    "phone": st.sampled_from(["01234 567890", "020 7946 0000", None]),
    "setting_type": st.sampled_from(["primary", "secondary", "special", None]),
}

step = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 1)),
    st.tuples(
        st.just("update"), st.integers(0, 1), st.integers(0, 20), st.sampled_from(sorted(FIELDS)), st.data()
    ),
    st.tuples(st.just("delete"), st.integers(0, 1), st.integers(0, 20)),
    st.tuples(st.just("sync"), st.integers(0, 1)),
    st.tuples(st.just("tick"), st.integers(0, 1), st.integers(-3600, 3600)),
)


@contextmanager
def devices(n: int) -> Iterator[list[tuple[Store, RecordService, FrozenClock]]]:
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        out = []
        for i in range(n):
            clock = FrozenClock()
            store, _ = make_vault(Path(tmp) / f"device-{i}", clock).create("Team", PASSPHRASE)
            stack.callback(store.close)
            out.append((store, RecordService(store, lambda: TODAY), clock))
        yield out


def sync(source: Store, target: Store) -> int:
    with target.transaction():
        return target.records.apply_remote(source.records.all_ops()).new


def live_schools(service: RecordService) -> list[str]:
    return [r.id for r in service.find("school")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, max_size=25))
def test_devices_converge_and_replay_gives_the_same_state(steps: list[tuple]) -> None:
    with devices(2) as devs:
        for action, dev, *rest in steps:
            store, service, clock = devs[dev]
            clock.advance(seconds=1)
            schools = live_schools(service)
            if action == "create":
                service.add("school", {"name": "School"})
            elif action == "update" and schools:
                index, field, data = rest
                value = data.draw(FIELDS[field]) if field != "name" else data.draw(FIELDS["name"])
                if field == "name" and value is None:
                    continue
                service.update("school", schools[index % len(schools)], {field: value})
            elif action == "delete" and schools:
                service.delete("school", schools[rest[0] % len(schools)])
            elif action == "sync":
                sync(devs[1 - dev][0], store)
            elif action == "tick":
                clock.advance(seconds=rest[0])  # clock skew and clocks going backwards
        (a, _, _), (b, _, _) = devs
        sync(a, b)
        sync(b, a)
        hashes = {a.records.state_hash(), b.records.state_hash()}
        assert len(hashes) == 1, "devices that have seen the same ops must agree"
        assert {str(op.op_id) for op in a.records.all_ops()} == {str(op.op_id) for op in b.records.all_ops()}
        before = a.records.state_hash()
        a.records.replay()
        assert a.records.state_hash() == before


def test_concurrent_writes_to_one_field_are_both_kept() -> None:
    with devices(2) as ((a, sa, _), (b, sb, _)):
        school = sa.add("school", {"name": "Hillside Academy"})
        sync(a, b)
        sa.update("school", school.id, {"phone": "01111 111111"})
        sb.update("school", school.id, {"phone": "02222 222222"})
        sync(a, b)
        sync(b, a)
        for store in (a, b):
            [conflict] = store.records.conflicts()
            assert conflict.field == "phone"
            assert sorted(v.value for v in conflict.values) == ["01111 111111", "02222 222222"]
        assert a.records.state_hash() == b.records.state_hash()
        resolved = sa.resolve(f"{school.id}:phone", "01111 111111")
        assert resolved.conflicted == () and a.records.conflicts() == []
        sync(a, b)
        assert b.records.conflicts() == [] and b.records.state_hash() == a.records.state_hash()


def test_an_older_write_never_undoes_a_delete() -> None:
    with devices(2) as ((a, sa, clock_a), (b, sb, _)):
        school = sa.add("school", {"name": "Riverside"})
        sync(a, b)
        sb.update("school", school.id, {"phone": "01234 567890"})  # b edits, not having seen the delete
        clock_a.advance(hours=1)
        sa.delete("school", school.id)
        sync(b, a)  # the older edit arrives after the delete
        assert sa.find("school") == []
        sync(a, b)
        assert sb.find("school") == []
        assert a.records.state_hash() == b.records.state_hash()


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(5)))
def test_any_arrival_order_gives_the_same_state(order: list[int]) -> None:
    with devices(3) as ((a, sa, _), (b, sb, _), (c, _, _)):
        school = sa.add("school", {"name": "Oakwood"})
        sync(a, b)
        sa.update("school", school.id, {"phone": "01111 111111"})
        sb.update("school", school.id, {"phone": "02222 222222"})
        sb.update("school", school.id, {"name": "Oakwood Primary"})
        sa.delete("school", sa.add("school", {"name": "Closed school"}).id)
        ops = a.records.all_ops() + [op for op in b.records.all_ops() if op.op_id.device_id == b.device_id]
        chunks = [ops[i::5] for i in range(5)]
        with c.transaction():
            for i in order:
                c.records.apply_remote(chunks[i])
        sync(a, b)
        sync(b, a)
        assert c.records.state_hash() == a.records.state_hash()
