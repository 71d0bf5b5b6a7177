"""The layer rule and the house limits, checked in the test run rather than by review."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "linkdesk"
MAX_MODULE_LINES = 500


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([lint, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def python_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "forms" not in p.parts)


def test_no_module_is_over_the_size_limit() -> None:
    big = {
        str(p.relative_to(REPO)): n
        for p in python_modules()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert big == {}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_qt_only_in_ui_and_app() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for p in python_modules()
        if any(m.split(".")[0] in {"PySide6", "shiboken6"} for m in imported_modules(p))
        and not (p.is_relative_to(PACKAGE / "ui") or p == PACKAGE / "app.py")
    ]
    assert offenders == []


def test_nothing_imports_the_unencrypted_sqlite3() -> None:
    assert [str(p) for p in python_modules() if "sqlite3" in imported_modules(p)] == []


PROBE = """
import contextlib, io, sys
from linkdesk.app import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(["--help"])
print("qt loaded" if "PySide6" in sys.modules else "no qt")
"""


def test_cli_path_never_loads_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "no qt", result.stderr


def test_no_plaintext_keyring_dependency() -> None:
    text = (REPO / "pyproject.toml").read_text()
    assert "keyrings.alt" not in text and "keyrings-alt" not in text
