"""Bad conditions each get their own clear message, exit 1, and leave the store intact."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkdesk.app import build_services
from tests.conftest import PASSPHRASE, init_store


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small real filesystem (root only): lets a root test see ENOSPC and EROFS for real."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], check=True)


def test_second_process_on_the_same_store(cli, home: Path) -> None:
    init_store(home)
    store = build_services(str(home)).vault.unlock(PASSPHRASE)
    try:
        result = cli("info")
        assert result.code == 1 and "already using" in result.err
    finally:
        store.close()
    assert cli("info").code == 0


def test_read_only_data_folder(cli, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "8m") as mnt:
        home = mnt / "home"
        init_store(home)
        remount(mnt, "ro")
        result = cli("--home", str(home), "info")
        assert result.code == 1, result.err
        assert "read-only" in result.err and "Traceback" not in result.err
        remount(mnt, "rw")
        assert cli("--home", str(home), "verify").code == 0


def test_full_disk(cli, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "2m") as mnt:
        home = mnt / "home"
        init_store(home)
        before = cli("--home", str(home), "info", "--json").out
        filler = mnt / "filler"
        with open(filler, "wb") as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        result = cli("--home", str(home), "backup", "--out", str(mnt / "b.ldbackup"))
        assert result.code == 1
        assert "full" in result.err and "Traceback" not in result.err
        assert not (mnt / "b.ldbackup").exists()
        assert not [p for p in mnt.rglob("*.tmp")], "a partial file was left behind"
        filler.unlink()
        assert cli("--home", str(home), "verify").code == 0
        assert cli("--home", str(home), "info", "--json").out == before


def test_backup_never_replaces_a_device_or_folder(cli, home: Path, tmp_path: Path) -> None:
    init_store(home)
    for target in ("/dev/null", str(tmp_path)):
        before = os.stat(target)
        result = cli("backup", "--out", target)
        assert result.code == 1 and "Traceback" not in result.err
        after = os.stat(target)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
