"""Tiny timing harness shared by the benchmarks: best-of-N wall time, printed as a table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def table(rows: list[tuple[str, float, float | None]]) -> str:
    lines = [f"{'operation':44} {'LinkDesk':>12} {'baseline':>12} {'ratio':>7}"]
    for name, ours, base in rows:
        ratio = f"{ours / base:6.1f}x" if base else "      -"
        base_text = f"{base * 1000:9.2f} ms" if base else "           -"
        lines.append(f"{name:44} {ours * 1000:9.2f} ms {base_text} {ratio}")
    return "\n".join(lines)
