"""The command line loads only what a command needs: ``--version`` and ``--help`` load no adapter."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "reportlab",
    "sqlcipher3",
    "keyring",
    "pyrage",
    "PySide6",
    "xlsxwriter",
    "icalendar",
    "linkdesk.storage",
)


def loaded_after(args: list[str]) -> list[str]:
    probe = (
        "import contextlib, io, json, sys\n"
        "from linkdesk.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main({args!r})\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_version_loads_nothing_heavy() -> None:
    assert loaded_after(["--version"]) == []


def test_help_loads_no_adapter() -> None:
    assert loaded_after(["--help"]) == []
