"""The desktop app's start-up and memory, each beside a bare PySide6 window started in turn with it.

Run: ``.venv/bin/python -m benchmarks.bench_gui LARGE_DIR SMALL_DIR`` (stores made by
``linkdesk demo``, unlocked with ``LINKDESK_PASSPHRASE``, minimum KDF so the KDF is left out).
Every figure is a whole process, offscreen (``benchmarks/gui_probe.py``, or the real
``linkdesk gui --screenshot``); a probe reports its own peak memory.
Budgets (issue 20): unlock to a usable Today on the large demo at most 4x the bare window; the
whole ``gui --screenshot --page today`` on the small demo at most 6x; peak memory with the large
demo open and every page visited at most 4x.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import Row, budget_table, process_env

PROBE = [sys.executable, "-m", "benchmarks.gui_probe"]


def run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MB) of one process; the peak is what a probe reports (0 otherwise)."""
    env = process_env(QT_QPA_PLATFORM="offscreen", LINKDESK_KEYRING="off")
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    lines = done.stdout.strip().splitlines()
    return took, float(json.loads(lines[-1])["peak_mb"]) if lines else 0.0


def medians(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Each command run ``repeat`` times, in turn with the others: median time and median peak."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for args in commands.values():
        run(args)  # once untimed: modules compiled, files in the OS cache
    for _ in range(repeat):
        for name, args in commands.items():
            samples[name].append(run(args))
    return {
        name: (statistics.median(t for t, _ in found), statistics.median(m for _, m in found))
        for name, found in samples.items()
    }


def rows(large: Path, small: Path, repeat: int = 5, label: str = "large") -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        png = str(Path(tmp) / "today.png")
        shot = [sys.executable, "-m", "linkdesk", "--home", str(small), "gui", "--screenshot", png]
        found = medians(
            {
                "bare": [*PROBE, "bare"],
                "today": [*PROBE, "today", str(large)],
                "screenshot": [*shot, "--page", "today"],
                "every": [*PROBE, "every", str(large)],
            },
            repeat,
        )
    bare_s, bare_mb = found["bare"]
    return [
        Row(
            f"unlock to a usable Today, {label} demo (start included)",
            found["today"][0] * 1000,
            bare_s * 1000,
            limit_ratio=4,
        ),
        Row(
            "gui --screenshot --page today, small demo",
            found["screenshot"][0] * 1000,
            bare_s * 1000,
            limit_ratio=6,
        ),
        Row(f"peak memory, {label} demo, Today", found["today"][1], bare_mb, unit="MB"),
        Row(
            f"peak memory, {label} demo, every page visited",
            found["every"][1],
            bare_mb,
            unit="MB",
            limit_ratio=4,
        ),
    ]


if __name__ == "__main__":
    print(budget_table(rows(Path(sys.argv[1]), Path(sys.argv[2]))))
