"""Nothing lost: simulated teams of 2-5 laptops writing, exchanging bundles (damaged, repeated,
out of order), restoring from backups, with clocks up to 23 hours apart and reopened stores, and
purging closed cases while teammates still add to them.

After a full exchange every laptop has the same ``state-hash``, every op that survives anywhere
is everywhere, and every field shows exactly the writes no later write replaced: one value, or
all of them as a visible conflict (checked against a reference fold of the whole log); a purged
case's canary is in no laptop's dump, search index, log or decrypted file. About 50
examples in the default run; thousands with ``-m slow``.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from linkdesk.domain.records import Op
from linkdesk.errors import LinkDeskError
from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from tests.conftest import PASSPHRASE, FrozenClock, make_vault
from tests.records.test_retention_purge import leaks
from tests.sync.conftest import CODEC, TODAY, Device, befriend, make_device

PHONES = st.sampled_from(["01582 111111", "01582 222222", "020 7946 0000", None])
NAMES = st.sampled_from(["Greenfield", "Hillside", "Łukasiewicz Academy", "O’Sullivan Primary"])


class Team(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp())
        self.devices: list[Device] = []
        self.clocks: list[FrozenClock] = []
        self.bundles: list[bytes] = []
        self.backups: dict[int, Path] = {}
        #: The canary written in each case, and the cases purged somewhere.
        self.case_words: dict[str, str] = {}
        self.purged: set[str] = set()

    @initialize(n=st.integers(2, 5))
    def start(self, n: int) -> None:
        for i in range(n):
            clock = FrozenClock()
            self.clocks.append(clock)
            self.devices.append(make_device(self.tmp, f"d{i}", clock))
        befriend(*self.devices)

    def pick(self, i: int) -> tuple[int, Device]:
        return i % len(self.devices), self.devices[i % len(self.devices)]

    def schools(self, device: Device) -> list[str]:
        return [r.id for r in device.records.find("school")]

    # -- work --------------------------------------------------------------------------------------

    @rule(i=st.integers(0, 4), name=NAMES)
    def add_school(self, i: int, name: str) -> None:
        self.pick(i)[1].records.add("school", {"name": name})

    @rule(i=st.integers(0, 4), j=st.integers(0, 50), phone=PHONES, name=st.none() | NAMES)
    def edit(self, i: int, j: int, phone: str | None, name: str | None) -> None:
        _, device = self.pick(i)
        schools = self.schools(device)
        if schools:
            changes: dict[str, Any] = {"phone": phone} if name is None else {"name": name}
            device.records.update("school", schools[j % len(schools)], changes)

    @rule(i=st.integers(0, 4), j=st.integers(0, 50))
    def delete(self, i: int, j: int) -> None:
        _, device = self.pick(i)
        schools = self.schools(device)
        if schools:
            device.records.delete("school", schools[j % len(schools)])

    @rule(i=st.integers(0, 4), j=st.integers(0, 50))
    def note(self, i: int, j: int) -> None:
        _, device = self.pick(i)
        schools = self.schools(device)
        if schools:
            target = schools[j % len(schools)]
            device.records.add(
                "note", {"subject_type": "school", "subject_id": target, "body": "Visit held."}
            )

    @rule(i=st.integers(0, 4), j=st.integers(0, 50))
    def add_case(self, i: int, j: int) -> None:
        _, device = self.pick(i)
        schools = self.schools(device) or [device.records.add("school", {"name": "Case School"}).id]
        word = f"zqcase{len(self.case_words):03d}x"
        fields = {"school_id": schools[j % len(schools)], "given_name": f"Kit{word}", "status": "closed"}
        cyp = device.records.add("cyp", {**fields, "closure_reason": "other"}).id
        self.case_words[cyp] = word
        device.records.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": f"seen {word}"})

    @rule(i=st.integers(0, 4), j=st.integers(0, 50))
    def case_note(self, i: int, j: int) -> None:
        """A note on a case, perhaps one a teammate has purged already (it arrives late)."""
        _, device = self.pick(i)
        cases = [r.id for r in device.records.find("cyp")]
        if cases:
            cyp = cases[j % len(cases)]
            word = self.case_words[cyp]
            device.records.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": f"more {word}"})

    @precondition(lambda self: set(self.case_words) - self.purged)
    @rule(i=st.integers(0, 4), j=st.integers(0, 50))
    def purge(self, i: int, j: int) -> None:
        """A teammate holding the case purges it (the privileged path, eligibility aside)."""
        cases = sorted(set(self.case_words) - self.purged)
        cyp = cases[j % len(cases)]
        n = len(self.devices)
        for device in [self.devices[(i + k) % n] for k in range(n)]:
            record = device.store.records.get(cyp)
            if record is not None and not record.deleted:
                device.store.records.purge(cyp)
                device.store.records.scrub()
                self.purged.add(cyp)
                return

    @rule(i=st.integers(0, 4), hours=st.integers(-23, 23))
    def skew(self, i: int, hours: int) -> None:
        self.clocks[i % len(self.clocks)].current = FrozenClock().current + timedelta(hours=hours)

    # -- exchange --------------------------------------------------------------------------------------

    @rule(i=st.integers(0, 4), full=st.booleans())
    def export(self, i: int, full: bool) -> None:
        self.bundles.append(self.pick(i)[1].sync.bundle(full=full)[0])

    @precondition(lambda self: self.bundles)
    @rule(
        i=st.integers(0, 4), b=st.integers(0, 100), mangle=st.sampled_from(["as_is", "twice", "cut", "flip"])
    )
    def import_(self, i: int, b: int, mangle: str) -> None:
        _, device = self.pick(i)
        raw = self.bundles[b % len(self.bundles)]
        if mangle in ("cut", "flip"):
            bad = raw[: len(raw) // 2] if mangle == "cut" else raw[:-9] + bytes([raw[-9] ^ 4]) + raw[-8:]
            before = device.state()
            with pytest.raises(LinkDeskError):
                device.sync.import_bundle(bad)
            assert device.state() == before
            return
        for _ in range(2 if mangle == "twice" else 1):
            try:
                device.sync.import_bundle(raw)
            except LinkDeskError as exc:  # not for this device, a gap, or from a revoked device
                assert any(w in str(exc) for w in ("not made for", "full bundle", "revoked", "not trust")), (
                    exc
                )

    # -- the laptops themselves ---------------------------------------------------------------------------

    @rule(i=st.integers(0, 4))
    def reopen(self, i: int) -> None:
        index, device = self.pick(i)
        home = device.store.layout.home
        device.store.close()
        store = make_vault(home, self.clocks[index]).unlock(PASSPHRASE)
        self.devices[index] = Device(
            device.name,
            store,
            RecordService(store, lambda: TODAY),
            TeamSync(store, CODEC, self.clocks[index], device.name),
        )

    @rule(i=st.integers(0, 4))
    def back_up(self, i: int) -> None:
        index, device = self.pick(i)
        path = self.tmp / f"{device.name}-{len(self.backups)}.ldbackup"
        device.store.backup(path)
        self.backups[index] = path

    @precondition(lambda self: self.backups)
    @rule(i=st.integers(0, 4))
    def restore(self, i: int) -> None:
        index = sorted(self.backups)[i % len(self.backups)]
        device = self.devices[index]
        home = device.store.layout.home
        device.store.close()
        vault = make_vault(home, self.clocks[index])
        vault.restore(self.backups[index], passphrase=PASSPHRASE)
        store = vault.unlock(PASSPHRASE)
        restored = Device(
            device.name,
            store,
            RecordService(store, lambda: TODAY),
            TeamSync(store, CODEC, self.clocks[index], device.name),
        )
        self.devices[index] = restored
        befriend(*self.devices)  # teammates trust the restored laptop's new card

    @invariant()
    def no_lone_conflict_values(self) -> None:
        for device in self.devices:
            assert all(len(c.values) > 1 for c in device.records.conflicts())

    def teardown(self) -> None:
        try:
            if self.devices:
                self.converge()
        finally:
            for device in self.devices:
                device.store.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def converge(self) -> None:
        for clock in self.clocks:
            clock.current = FrozenClock().current + timedelta(days=2)  # past every skewed write
        befriend(*self.devices)
        for _round in range(2):
            for sender in self.devices:
                sealed = sender.sync.bundle(full=True)[0]
                for target in self.devices:
                    if target is not sender:
                        target.sync.import_bundle(sealed)
        hashes = {d.store.records.state_hash() for d in self.devices}
        assert len(hashes) == 1, "laptops that exchanged everything must agree"
        logs = [{str(op.op_id): op for op in d.store.records.all_ops()} for d in self.devices]
        assert all(log.keys() == logs[0].keys() for log in logs), "every op everywhere"
        check_nothing_hidden(self.devices[0], list(logs[0].values()))
        assert self.devices[0].store.verify(deep=True) == []
        for device in self.devices:  # purged content is nowhere, whatever arrived late
            for cyp in self.purged:
                assert leaks(device.store, self.case_words[cyp]) == [], device.name


def check_nothing_hidden(device: Device, ops: list[Op]) -> None:
    """Each live field holds exactly the writes no later write replaced (reference fold)."""
    replaced = {(op.entity_id, f, dep) for op in ops for f, deps in op.deps.items() for dep in deps}
    deleted = {op.entity_id for op in ops if op.kind == "delete"}
    current: dict[tuple[str, str], set[str]] = {}
    values: dict[tuple[str, str], Any] = {}
    for op in ops:
        for field, value in op.fields.items():
            key = str(op.op_id)
            values[(key, field)] = value
            if (op.entity_id, field, key) not in replaced and op.entity_id not in deleted:
                current.setdefault((op.entity_id, field), set()).add(key)
    conflicts = {(c.record_id, c.field): {v.op for v in c.values} for c in device.records.conflicts()}
    for (entity, field), heads in current.items():
        if len(heads) > 1:
            assert conflicts.get((entity, field)) == heads, f"a concurrent write to {field} is hidden"
        else:
            record = device.store.records.get(entity)
            assert record is not None and record.fields.get(field) == values[(next(iter(heads)), field)]
            assert (entity, field) not in conflicts


Team.TestCase.settings = settings(
    max_examples=50, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)
)
test_teams_converge_and_lose_nothing = Team.TestCase


@pytest.mark.slow
def test_teams_converge_and_lose_nothing_at_length() -> None:
    from hypothesis import run_state_machine_as_test

    run_state_machine_as_test(
        Team,
        settings=settings(
            max_examples=2000, stateful_step_count=40, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
