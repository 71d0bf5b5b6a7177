"""Fuzzing the file names given to outputs (a name inside a chosen folder, as a file chooser
returns it) through ``files.write_output``: ``..``, NUL, separators, reserved
Windows names, very long names, right-to-left overrides. Each is written inside the chosen
folder under exactly that name, or refused with a plain FileProblem; nothing lands anywhere else
and no temp file is left behind (security F5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkdesk.errors import FileProblem
from linkdesk.files import write_output

PIECES = [
    "..",
    ".",
    "/",
    "\\",
    "\0",
    "CON",
    "nul.txt",
    "COM1",
    "\u202e",
    "\u200b",
    "é",
    "~",
    "$HOME",
    "%s",
    " ",
    "\n",
    ":",
]
NAMES = st.one_of(
    st.lists(st.sampled_from(PIECES) | st.text(min_size=1, max_size=8), min_size=1, max_size=6)
    .map("".join)
    .map(lambda name: name.replace("/", "")),
    st.integers(200, 400).map(lambda n: "a" * n + ".pdf"),
)


def write(tmp_path: Path, name: str) -> None:
    chosen, data = tmp_path / "chosen", tmp_path / "data"
    for folder in (chosen, data):
        folder.mkdir(exist_ok=True)
    before = {p for p in tmp_path.rglob("*")}
    try:
        written = write_output(chosen / name, b"letter", data)
    except FileProblem as exc:
        assert str(exc).endswith(".") and "Traceback" not in str(exc)
        assert {p for p in tmp_path.rglob("*")} == before, "a refused write left something"
        return
    assert written.read_bytes() == b"letter"
    new = {p for p in tmp_path.rglob("*")} - before
    assert new <= {written, *written.parents}, new
    assert chosen.resolve() in written.resolve().parents, f"{name!r} was written outside the chosen folder"
    assert not any(p.name.endswith(".tmp") for p in chosen.rglob("*"))
    for path in sorted(new, key=lambda p: len(p.parts), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_a_hostile_output_name_is_written_inside_or_refused(tmp_path: Path, name: str) -> None:
    write(tmp_path, name)


@pytest.mark.parametrize("name", ["\0x.pdf", "a" * 300 + ".pdf", "..", "CON", "..\\up.pdf"])
def test_named_hostile_names(tmp_path: Path, name: str) -> None:
    write(tmp_path, name)
    assert not (tmp_path / "up.pdf").exists()
