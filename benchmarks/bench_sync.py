"""Team sync: bundles of the large demo, a week's bundle, and a service syncing through one folder.

Run: ``.venv/bin/python -m benchmarks.bench_sync [service] [WORKERS [WEEKS [OPS [SYNCS]]]]``
(default 50 workers, 52 weeks, 10 new records per worker a week, 2 syncs each a week;
``service`` runs only the third part).

1. Full export and import of the large demo's whole log between two laptops, beside a raw
   ``executemany`` of the same op rows into an ops-shaped table (issue 15: import at most 3x).
2. A week of one worker's work as an incremental bundle: export and import (budget: 1 s each).
3. A service of WORKERS laptops that each week write, then sync with one shared folder: time
   and bytes per week should follow the week's new ops, not the history before it. Each week's
   row gives the time of all its syncs (wall and CPU), bundles opened, bytes written to the
   folder (and per new op) and read from it, and whether every laptop holds every op.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks._harness import Row
from benchmarks.bench_batch import raw
from linkdesk.domain.records import Op
from linkdesk.domain.team import Identity, Manifest
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.demo import build_demo
from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from linkdesk.sync.bundle import BundleCodec

CODEC = BundleCodec()
PASSPHRASE = "benchmark passphrase"


class Clock:
    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def now(self) -> datetime:
        return self.current


def laptop(folder: Path, name: str, clock: Clock, codec: BundleCodec = CODEC) -> tuple[Store, TeamSync]:
    store, _ = Vault(folder / name, KeychainSecrets(enabled=False), clock, KdfParams.minimum()).create(
        "Bench", PASSPHRASE
    )
    return store, TeamSync(store, codec, clock, name)


def befriend(syncs: list[TeamSync]) -> None:
    cards = [s.card()[0] for s in syncs]
    for s in syncs:
        for card in cards:
            if card != s.card()[0]:
                s.trust(card)


def add_a_week(store: Store) -> None:
    """A week of one worker's work: 60 new cases, each with a note (120 ops)."""
    week = RecordService(store, date.today)
    school = week.find("school")[0].id
    for i in range(60):
        cyp = week.add("cyp", {"school_id": school, "initials": f"W{i % 10}"}).id
        week.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": "Seen at the weekly visit."})


def rows(tmp: Path, demo: Path, passphrase: str = PASSPHRASE, repeat: int = 5) -> list[Row]:
    """A week's incremental bundle from the demo's laptop to a teammate who holds the rest.

    The demo store gains the weeks' records: run this last."""
    clock = Clock()
    a = Vault(demo, KeychainSecrets(enabled=False), clock, KdfParams.minimum()).unlock(passphrase)
    sa = TeamSync(a, CODEC, clock, "demo")
    b, sb = laptop(tmp, "teammate", clock)
    befriend([sa, sb])
    sa.export(tmp / "full.ldsync", full=True)
    sb.import_bundle((tmp / "full.ldsync").read_bytes())
    exports, imports = [], []
    for n in range(repeat):
        sb.export(tmp / f"ack{n}.ldsync")  # the teammate tells the demo's laptop what it holds
        sa.import_bundle((tmp / f"ack{n}.ldsync").read_bytes())
        add_a_week(a)
        started = time.perf_counter()
        sa.export(tmp / f"week{n}.ldsync")
        exports.append(time.perf_counter() - started)
        blob = (tmp / f"week{n}.ldsync").read_bytes()
        started = time.perf_counter()
        sb.import_bundle(blob)
        imports.append(time.perf_counter() - started)
    a.close()
    b.close()
    return [
        Row("a week's bundle (120 ops): export", statistics.median(exports) * 1000, limit=1000),
        Row("a week's bundle (120 ops): import", statistics.median(imports) * 1000, limit=1000),
    ]


def large_demo_exchange(tmp: Path) -> None:
    clock = Clock()
    (a, sa), (b, sb) = laptop(tmp, "a", clock), laptop(tmp, "b", clock)
    befriend([sa, sb])
    build_demo(RecordService(a, date.today), "large", 1, date.today())
    ops = a.records.all_ops()
    started = time.perf_counter()
    sa.export(tmp / "full.ldsync", full=True)
    exported = time.perf_counter() - started
    blob = (tmp / "full.ldsync").read_bytes()
    started = time.perf_counter()
    sb.import_bundle(blob)
    imported = time.perf_counter() - started
    baseline = sum(raw(tmp, ops))
    print(f"large demo, {len(ops):,} ops, bundle {len(blob) / 1e6:.1f} MB")
    print(
        f"  full export {exported:.1f} s; full import {imported:.1f} s; raw insert {baseline:.2f} s "
        f"({imported / baseline:.1f}x, budget 3x)"
    )
    sb.export(tmp / "ack.ldsync")  # b tells a what it holds
    sa.import_bundle((tmp / "ack.ldsync").read_bytes())
    add_a_week(a)
    started = time.perf_counter()
    sa.export(tmp / "week.ldsync")
    exported = time.perf_counter() - started
    started = time.perf_counter()
    summary = sb.import_bundle((tmp / "week.ldsync").read_bytes())
    imported = time.perf_counter() - started
    print(
        f"  a week's bundle ({summary.ops} ops): export {exported * 1000:.0f} ms, import "
        f"{imported * 1000:.0f} ms (budget 1 s each)"
    )
    a.close()
    b.close()


class CountingCodec(BundleCodec):
    """The real codec, counting the bundles it opens (imports and read-backs) and their bytes."""

    def __init__(self) -> None:
        self.opened = 0
        self.read = 0

    def open(
        self, raw: bytes, identity: Identity, sender_key: Callable[[str], bytes]
    ) -> tuple[Manifest, list[Op]]:
        self.opened += 1
        self.read += len(raw)
        return super().open(raw, identity, sender_key)


def service(tmp: Path, workers: int, weeks: int, per_week: int, syncs: int) -> None:
    """WORKERS laptops, each writing PER_WEEK notes a week and syncing SYNCS times a week."""
    clock, codec = Clock(), CountingCodec()
    team = [laptop(tmp, f"w{i:02d}", clock, codec) for i in range(workers)]
    befriend([s for _, s in team])
    folder = tmp / "shared"
    folder.mkdir()
    services = [RecordService(store, date.today) for store, _ in team]
    schools = [svc.add("school", {"name": f"School {i}"}).id for i, svc in enumerate(services)]
    print(
        f"service of {workers} workers, {per_week} new records each a week, {syncs} syncs each a week, "
        "one shared folder"
    )
    print(
        f"{'week':>4} {'new ops':>7} {'time':>7} {'cpu':>7} {'opened':>6} {'per open':>8} "
        f"{'written':>10} {'per new op':>10} {'read':>10} {'ops held':>8} converged"
    )
    for week in range(1, weeks + 1):
        clock.current += timedelta(days=7)
        for svc, school in zip(services, schools, strict=True):
            for _ in range(per_week):
                svc.add(
                    "note", {"subject_type": "school", "subject_id": school, "body": "Weekly visit held."}
                )
        opened, read, written = codec.opened, codec.read, 0
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(syncs):  # say at lock and at quit
            for _store, sync in team:
                exported = sync.folder(folder).exported
                written += exported.path.stat().st_size if exported else 0
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        opened, read = codec.opened - opened, codec.read - read
        held = {json.dumps(store.team.holdings(), sort_keys=True) for store, _ in team}
        new_ops = workers * per_week
        print(
            f"{week:>4} {new_ops:>7} {took:>6.1f}s {cpu:>6.1f}s {opened:>6} {took / opened * 1000:>6.1f}ms "
            f"{written:>10,} {written / new_ops:>9,.0f}B {read:>10,} {team[0][0].records.ops_count():>8,} "
            f"{len(held) == 1}",
            flush=True,
        )
    hashes = {store.records.state_hash() for store, _ in team}
    print(f"same state-hash on every laptop: {len(hashes) == 1}")
    for store, _ in team:
        store.close()


def main(args: list[str]) -> None:
    service_only = args[:1] == ["service"]
    numbers = [int(a) for a in args[1:] if service_only] or [int(a) for a in args]
    workers, weeks, per_week, syncs = [*numbers, *(50, 52, 10, 2)[len(numbers) :]]
    if not service_only:
        with tempfile.TemporaryDirectory() as folder:
            large_demo_exchange(Path(folder))
    with tempfile.TemporaryDirectory() as folder:
        service(Path(folder), workers, weeks, per_week, syncs)


if __name__ == "__main__":
    main(sys.argv[1:])
