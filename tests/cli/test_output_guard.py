"""No output LinkDesk writes for the user can land on its own store, key file or data folder,
go through a link, or replace a folder or device; each refusal is plain and changes nothing."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from linkdesk.errors import FileProblem
from linkdesk.files import write_output
from linkdesk.storage.keyfile import KeyFile
from tests.conftest import Result, init_store


def outputs(target: Path) -> dict[str, list[str]]:
    period = ["--from", "2026-09-01", "--to", "2026-11-30", "--format", "csv"]
    return {
        "weekly report": ["report", "weekly", "--week", "2026-W48", "--format", "csv", "--out", str(target)],
        "service report": ["report", "service", *period, "--out", str(target)],
        "calendar": ["calendar", "export", "--out", str(target)],
        "backup": ["backup", "--out", str(target)],
        "team card": ["team", "card", "--out", str(target)],
        "screenshot": ["gui", "--screenshot", str(target), "--page", "today"],
    }


def wraps(home: Path) -> KeyFile:
    """The key file without its audit anchor and the seal over it (which every close rewrites)."""
    return replace(KeyFile.load(home / "linkdesk.keys.json"), anchor=None, seal="")


@pytest.mark.parametrize(
    "kind", ["weekly report", "service report", "calendar", "backup", "team card", "screenshot"]
)
@pytest.mark.parametrize("victim", ["linkdesk.db", "linkdesk.keys.json", "backups/../linkdesk.db"])
def test_no_output_can_overwrite_the_store(cli, home: Path, kind: str, victim: str) -> None:  # type: ignore[no-untyped-def]
    init_store(home)
    cli("add", "school", "name=Hillside")
    target = home / victim
    keys, state = wraps(home), cli("state-hash").out
    result: Result = cli(*outputs(target)[kind])
    assert result.code == 1, result.err
    assert "inside LinkDesk's own data folder" in result.err and "Traceback" not in result.err
    assert wraps(home) == keys
    assert cli("state-hash").out == state and cli("verify").code == 0


def test_links_folders_and_devices_are_refused_and_good_paths_written_atomically(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "linkdesk.db").write_bytes(b"store")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "report.csv"
    link.symlink_to(data / "linkdesk.db")
    with pytest.raises(FileProblem, match="is a link"):
        write_output(link, b"x", data)
    with pytest.raises(FileProblem, match="folder or a device"):
        write_output(out, b"x", data)
    if Path("/dev/null").exists():
        with pytest.raises(FileProblem, match="folder or a device"):
            write_output(Path("/dev/null"), b"x", data)
    sneaky = out / "into-data"
    sneaky.symlink_to(data, target_is_directory=True)
    with pytest.raises(FileProblem, match="own data folder"):
        write_output(sneaky / "new.csv", b"x", data)  # a linked folder that leads inside
    assert (data / "linkdesk.db").read_bytes() == b"store"
    written = write_output(out / "fine.csv", b"a,b\n", data)
    assert (
        written.read_bytes() == b"a,b\n" and [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    )
    assert oct(os.stat(written).st_mode & 0o777) == "0o600"
    (data / "backups").mkdir()
    kept = write_output(data / "backups" / "b.ldbackup", b"b", data, allowed_inside=data / "backups")
    assert kept.read_bytes() == b"b"  # the one place inside the data folder that backups may go
