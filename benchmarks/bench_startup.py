"""Start-up of the command line beside a bare interpreter, measured in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_startup``. Budget (issue 20): ``linkdesk --version``
at most 4x ``python -c pass``. ``--help`` is shown for reference (it loads the CLI, no adapter).
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks._harness import Row, process_env, table, timed

LINKDESK = [sys.executable, "-m", "linkdesk"]


def run(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True, env=process_env())


def rows(repeat: int = 5) -> list[Row]:
    run([*LINKDESK, "--version"])  # once untimed: modules compiled, files in the OS cache
    bare = timed(lambda: run([sys.executable, "-c", "pass"]), repeat)
    version = timed(lambda: run([*LINKDESK, "--version"]), repeat)
    return [Row("linkdesk --version", version * 1000, bare * 1000, limit_ratio=4)]


def main() -> None:
    run([*LINKDESK, "--version"])
    bare = timed(lambda: run([sys.executable, "-c", "pass"]))
    rows = [
        ("linkdesk --version (budget 4x)", timed(lambda: run([*LINKDESK, "--version"])), bare),
        ("linkdesk --help", timed(lambda: run([*LINKDESK, "--help"])), bare),
    ]
    print(table(rows))


if __name__ == "__main__":
    main()
