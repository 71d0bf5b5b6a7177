"""The batch write path against a raw ``executemany`` of the same rows, measured in one run.

Run: ``.venv/bin/python -m benchmarks.bench_batch [N ...]`` (default 20000 100000).

The ops are the large demo's own (a realistic mix: schools, children, visits, case-discussion
items, notes, referrals, consents, measures), taken in the order they were written. LinkDesk
applies them to a new store as an import would: ``apply_remote``, which checks every op, then
folds them through ``batch.apply_batch``, 5,000 ops to a transaction. The baseline writes the
same op rows with one ``executemany`` per 5,000 into a bare ops-shaped table (same columns and
primary key, the device as its local number) of a new SQLCipher file with the store's PRAGMAs.
Budgets (issue 14): at most 3x the baseline, and the last chunk within 1.3x of the first.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from benchmarks._harness import Row
from linkdesk.domain.clock import SystemClock
from linkdesk.domain.records import Op
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.demo import build_demo
from linkdesk.services.records import RecordService
from linkdesk.storage.batch import op_row
from linkdesk.storage.connection import OPEN_PRAGMAS
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

CHUNK = 5000
PASSPHRASE = "benchmark passphrase"


def demo_ops(tmp: Path) -> list[Op]:
    vault = Vault(tmp / "source", KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum())
    store, _ = vault.create("Bench", PASSPHRASE)
    with store:
        build_demo(RecordService(store, date.today), "large", 1, date.today())
        return store.records.all_ops()


def ours(tmp: Path, ops: list[Op]) -> list[float]:
    """Seconds per chunk, applying ``ops`` to a new store as an import does."""
    vault = Vault(
        tmp / f"ours-{len(ops)}", KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()
    )
    store, _ = vault.create("Bench", PASSPHRASE)
    laps = []
    with store:
        for start in range(0, len(ops), CHUNK):
            began = time.perf_counter()
            with store.transaction():
                store.records.apply_remote(ops[start : start + CHUNK])
            laps.append(time.perf_counter() - began)
    return laps


def raw(tmp: Path, ops: list[Op]) -> list[float]:
    """Seconds per chunk for a bare ``executemany`` of the same op rows."""
    conn = sqlcipher.connect(str(tmp / f"raw-{len(ops)}.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
    for pragma in OPEN_PRAGMAS:
        conn.execute(pragma).fetchall()
    conn.execute(
        "CREATE TABLE ops (device INTEGER NOT NULL, seq INTEGER NOT NULL, hlc TEXT NOT NULL, "
        "author TEXT NOT NULL, kind TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, "
        "body TEXT NOT NULL, PRIMARY KEY (device, seq)) WITHOUT ROWID"
    )
    laps = []
    for start in range(0, len(ops), CHUNK):
        began = time.perf_counter()
        rows = [(1, *op_row(op)[1:]) for op in ops[start : start + CHUNK]]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO ops VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        laps.append(time.perf_counter() - began)
    conn.close()
    return laps


def rows(tmp: Path, ops: list[Op], size: int = 20_000, repeat: int = 5) -> list[Row]:
    """``size`` of the demo's ops applied as an import does, beside a raw ``executemany``."""
    part = ops[:size]
    bases, runs = [], []
    for n in range(repeat):  # in turn, so both see the same load
        folder = tmp / f"batch-{n}"
        folder.mkdir()
        bases.append(sum(raw(folder, part)))
        runs.append(sum(ours(folder, part)))
    return [
        Row(
            f"batch apply of {len(part):,} ops (import)",
            statistics.median(runs) * 1000,
            statistics.median(bases) * 1000,
            limit_ratio=3,
        )
    ]


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ops = demo_ops(tmp)
        print(f"{len(ops):,} demo ops; chunks of {CHUNK:,}; load {os.getloadavg()[0]:.1f}")
        print(
            f"{'ops':>8} {'LinkDesk':>10} {'raw':>9} {'ratio':>6} {'last/first chunk':>17}  budget: 3x, 1.3x"
        )
        for size in sizes:
            part = ops[:size]
            base = raw(tmp, part)
            laps = ours(tmp, part)
            total, base_total = sum(laps), sum(base)
            print(
                f"{size:>8,} {total:>9.2f}s {base_total:>8.2f}s {total / base_total:>5.1f}x "
                f"{laps[-1] / laps[0]:>16.2f}x"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20_000, 100_000])
