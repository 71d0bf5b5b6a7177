"""Every performance budget (``architecture.md`` and issue 20) in one run, printed as one table.

    .venv/bin/python -m benchmarks            # on the large demo (a few minutes)
    .venv/bin/python -m benchmarks --quick    # on the small demo (the figures are not the budgets')

The demo is built once, in a temporary folder kept for the run, with the cheapest KDF (so no
figure includes it); the small demo is built beside it for the screenshot budget. Each module
``bench_*.py`` measures its part beside its own baseline, in the same run (see ``_harness.py``
for why in-process work is timed in CPU time and whole processes in wall time).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks import (
    bench_batch,
    bench_gui,
    bench_large,
    bench_letters,
    bench_reports,
    bench_startup,
    bench_sync,
)
from benchmarks._harness import Row, budget_table
from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.demo import build_demo
from linkdesk.services.records import RecordService
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

PASSPHRASE = "benchmark passphrase"


def make_demo(home: Path, size: str) -> tuple[float, int]:
    """Build a demo store; (seconds, records)."""
    store, _code = Vault(home, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()).create(
        "Benchmark Team", PASSPHRASE
    )
    with store:
        started = time.perf_counter()
        build_demo(RecordService(store, date.today), size, 1, date.today())
        took = time.perf_counter() - started
        count = int(store.conn.execute("SELECT count(*) FROM records").fetchone()[0])
    return took, count


def store_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in home.glob("linkdesk.db*"))


def machine() -> str:
    load = os.getloadavg()[0]
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load:.1f}"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="use the small demo")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median); default 5")
    args = parser.parse_args(argv)
    os.environ["LINKDESK_PASSPHRASE"] = PASSPHRASE
    os.environ.setdefault("LINKDESK_KEYRING", "off")
    size = "small" if args.quick else "large"
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}; {machine()}; {size} demo; medians of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="linkdesk-bench-") as folder:
        tmp = Path(folder)
        demo, small = tmp / "demo", tmp / "small"
        took, count = make_demo(demo, size)
        make_demo(small, "small")
        rows: list[Row] = [
            Row(
                f"linkdesk demo --size {size} ({count:,} records)",
                took,
                unit="s",
                limit=None if args.quick else 20,
            ),
            Row("store size per record", store_bytes(demo) / count, unit="B", limit=1200),
        ]
        rows += bench_startup.rows(args.repeat)
        rows += bench_gui.rows(demo, small, args.repeat, size)
        rows += bench_large.rows(demo, PASSPHRASE, args.repeat)
        rows += bench_reports.rows(demo, PASSPHRASE, args.repeat)
        rows += bench_letters.rows(max(9, args.repeat))
        store = Vault(demo, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()).unlock(
            PASSPHRASE
        )
        with store:
            ops = store.records.all_ops()
        rows += bench_batch.rows(tmp, ops, repeat=args.repeat)
        rows += bench_sync.rows(tmp / "sync", demo, PASSPHRASE, args.repeat)  # last: it adds records
    print(budget_table(rows))
    if args.quick:
        print("(--quick: the small demo; the budgets are for the large one)")


if __name__ == "__main__":
    main(sys.argv[1:])
