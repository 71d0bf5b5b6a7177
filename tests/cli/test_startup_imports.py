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


def test_opening_the_desktop_app_loads_no_other_command() -> None:
    probe = (
        "import json, sys\n"
        "from linkdesk.cli.gui_args import gui_request\n"
        "args = gui_request(['--home', 'x', 'gui', '--page', 'settings'])\n"
        "assert args is not None and args.page == 'settings' and args.home == 'x'\n"
        "assert gui_request(['list', 'school']) is None and gui_request([]) is not None\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('linkdesk.cli.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == ["linkdesk.cli.gui_args"]
