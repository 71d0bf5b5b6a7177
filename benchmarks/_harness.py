"""Timing harness shared by the benchmarks: medians of several runs, and the tables they print.

In-process work is timed in CPU time of this process (``cpu``): the machine is shared, and a
short operation's wall time grows with the load average while its CPU time does not. Whole
processes (start-up) are timed in wall time (``wall``) against a baseline process run in turn
with them, so both see the same load.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Compiled modules for the processes the benchmarks start, kept for the run: an environment
#: with PYTHONDONTWRITEBYTECODE (this machine's has it) would have every process compile
#: LinkDesk's modules from source, which an installed LinkDesk never does.
BYTECODE = Path(tempfile.mkdtemp(prefix="linkdesk-bench-pyc-"))
atexit.register(shutil.rmtree, BYTECODE, True)


def process_env(**extra: str) -> dict[str, str]:
    """The environment for a timed process: bytecode cached (warm it with one untimed run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(BYTECODE), **extra}


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def cpu(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median CPU seconds of this process over ``repeat`` runs of ``fn``."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def table(rows: list[tuple[str, float, float | None]]) -> str:
    lines = [f"{'operation':44} {'LinkDesk':>12} {'baseline':>12} {'ratio':>7}"]
    for name, ours, base in rows:
        ratio = f"{ours / base:6.1f}x" if base else "      -"
        base_text = f"{base * 1000:9.2f} ms" if base else "           -"
        lines.append(f"{name:44} {ours * 1000:9.2f} ms {base_text} {ratio}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Row:
    """One budget: LinkDesk's figure, the baseline's from the same run (if any), and the limit:
    a ratio to the baseline (``limit_ratio``) or a value in ``unit`` (``limit``)."""

    operation: str
    ours: float
    baseline: float | None = None
    unit: str = "ms"
    limit_ratio: float | None = None
    limit: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None

    @property
    def budget(self) -> str:
        if self.limit_ratio is not None:
            return f"{self.limit_ratio:g}x"
        return f"{self.limit:,g} {self.unit}" if self.limit is not None else "-"

    @property
    def met(self) -> bool | None:
        if self.limit_ratio is not None and self.ratio is not None:
            return self.ratio <= self.limit_ratio
        return self.ours <= self.limit if self.limit is not None else None


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}" if value >= 1 else f"{value:.2f} {unit}"


def budget_table(rows: list[Row]) -> str:
    """The benchmark runner's table: one line per budget."""
    width = max(len(r.operation) for r in rows)
    head = f"{'operation':{width}}  {'LinkDesk':>12}  {'baseline':>12}  {'ratio':>6}  {'budget':>9}  met"
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r.ratio:5.1f}x" if r.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: "-"}[r.met]
        lines.append(
            f"{r.operation:{width}}  {_value(r.ours, r.unit):>12}  {_value(r.baseline, r.unit):>12}  "
            f"{ratio:>6}  {r.budget:>9}  {met}"
        )
    return "\n".join(lines)
