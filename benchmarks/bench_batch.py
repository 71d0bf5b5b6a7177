"""The batch write path against a raw ``executemany`` of the same rows, measured in one run.

Run: ``.venv/bin/python -m benchmarks.bench_batch [N ...]`` (default 20000 100000).

The ops are the large demo's own (a realistic mix: schools, children, visits, case-discussion
items, notes, referrals, consents, measures), taken in the order they were written. LinkDesk
applies them to a new store as an import would: ``apply_remote``, which checks every op, then
folds them through ``batch.apply_batch``, 5,000 ops to a transaction. The baseline writes the
same op rows with one ``executemany`` per 5,000 into a bare ops-shaped table (same columns and
primary key, the device as its local number) of a new SQLCipher file with the store's PRAGMAs.
Budgets (issue 14): at most 3x the baseline, and the last chunk within 1.3x of the first.

Beside them, the floor of that budget: the rows an import leaves in the log, ``records`` and the
search index, written into the same tables of a new store by plain INSERTs (``tables``), with
nothing checked, folded or encoded. No import can be faster than writing what it must store.
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
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from benchmarks._harness import Row
from linkdesk.domain.clock import SystemClock
from linkdesk.domain.records import Op
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.demo import build_demo
from linkdesk.services.records import RecordService
from linkdesk.storage.batch import INSERT, insert_rows, op_row
from linkdesk.storage.connection import OPEN_PRAGMAS
from linkdesk.storage.fold import WRITE_COLUMNS
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault

CHUNK = 5000
PASSPHRASE = "benchmark passphrase"


#: Each table an import writes: how the batch path inserts its rows, and how they are read back.
#: The search index takes one row per execution, as in ``_Writer.flush`` (FTS5 is slower with
#: multi-row INSERTs); the others take ``insert_rows``'s multi-row statements.
TABLES: tuple[tuple[str, str, bool], ...] = (
    (
        f"{INSERT} records (rid, {', '.join(WRITE_COLUMNS)})",
        f"SELECT rid, {', '.join(WRITE_COLUMNS)} FROM records",
        True,
    ),
    (
        "INSERT INTO search_index (rowid, type, body) VALUES (?, ?, ?)",
        "SELECT rowid, type, body FROM search_index",
        False,
    ),
    (
        f"{INSERT} ops (device, seq, hlc, author, kind, entity_type, entity_id, body)",
        "SELECT device, seq, hlc, author, kind, entity_type, entity_id, body FROM ops",
        True,
    ),
)


def new_store(folder: Path) -> Store:
    vault = Vault(folder, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum())
    return vault.create("Bench", PASSPHRASE)[0]


def demo_ops(tmp: Path) -> list[Op]:
    with new_store(tmp / "source") as store:
        build_demo(RecordService(store, date.today), "large", 1, date.today())
        return store.records.all_ops()


def ours(tmp: Path, ops: list[Op]) -> list[float]:
    """Seconds per chunk, applying ``ops`` to a new store as an import does."""
    store = new_store(tmp / f"ours-{len(ops)}")
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


def written(folder: Path) -> list[list[tuple[Any, ...]]]:
    """The rows of each of ``TABLES`` in the store ``ours`` left in ``folder``."""
    vault = Vault(folder, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum())
    with vault.unlock(PASSPHRASE) as store:
        return [[tuple(row) for row in store.conn.execute(select)] for _insert, select, _many in TABLES]


def tables(tmp: Path, rows: list[list[tuple[Any, ...]]], chunks: int) -> list[float]:
    """Seconds per chunk for writing ``rows`` into a new store's tables, in ``chunks`` transactions."""
    store = new_store(tmp / "tables")
    laps = []
    with store:
        for n in range(chunks):
            began = time.perf_counter()
            with store.transaction():
                for (insert, _select, multirow), table_rows in zip(TABLES, rows, strict=True):
                    size = -(-len(table_rows) // chunks)
                    part = table_rows[n * size : (n + 1) * size]
                    if multirow:
                        insert_rows(store.conn, insert, part)
                    else:
                        store.conn.executemany(insert, part)
            laps.append(time.perf_counter() - began)
    return laps


def rows(tmp: Path, ops: list[Op], size: int = 20_000, repeat: int = 5) -> list[Row]:
    """``size`` of the demo's ops applied as an import does, beside a raw ``executemany``, and
    the floor: the same import's rows inserted into the store's own tables."""
    part = ops[:size]
    bases, runs, floors = [], [], []
    for n in range(repeat):  # in turn, so all three see the same load
        folder = tmp / f"batch-{n}"
        folder.mkdir()
        bases.append(sum(raw(folder, part)))
        runs.append(sum(ours(folder, part)))
        floors.append(sum(tables(folder, written(folder / f"ours-{len(part)}"), -(-len(part) // CHUNK))))
    base = statistics.median(bases) * 1000
    return [
        Row(
            f"batch apply of {len(part):,} ops (import)", statistics.median(runs) * 1000, base, limit_ratio=3
        ),
        Row("  its rows into the tables, nothing checked or folded", statistics.median(floors) * 1000, base),
    ]


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ops = demo_ops(tmp)
        print(f"{len(ops):,} demo ops; chunks of {CHUNK:,}; load {os.getloadavg()[0]:.1f}")
        print(
            f"{'ops':>8} {'LinkDesk':>10} {'raw':>9} {'ratio':>6} {'last/first chunk':>17} "
            f"{'floor':>9} {'ratio':>6}  budget: 3x, 1.3x"
        )
        for size in sizes:
            part = ops[:size]
            base = raw(tmp, part)
            laps = ours(tmp, part)
            floor = tables(tmp / f"floor-{size}", written(tmp / f"ours-{size}"), len(laps))
            total, base_total, floor_total = sum(laps), sum(base), sum(floor)
            print(
                f"{size:>8,} {total:>9.2f}s {base_total:>8.2f}s {total / base_total:>5.1f}x "
                f"{laps[-1] / laps[0]:>16.2f}x {floor_total:>8.2f}s {floor_total / base_total:>5.1f}x"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20_000, 100_000])
