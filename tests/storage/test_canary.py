"""R2 canary: nothing written through LinkDesk appears in clear in any file it leaves behind."""

from __future__ import annotations

import base64
import gzip
import os
import tempfile
import zlib
from pathlib import Path

import pytest

from linkdesk.app import main
from tests import canaries
from tests.conftest import PASSPHRASE, init_store

CANARIES = [f"zqcanary{i:02d}x{'mwpvt'[i % 5]}" for i in range(20)]


def scan(root: Path) -> list[str]:
    return canaries.scan(root, CANARIES)


def test_no_canary_in_the_data_folder_or_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)

    init_store(home, CANARIES[0])
    from linkdesk.app import build_services

    store = build_services(str(home)).vault.unlock(PASSPHRASE)
    with store:
        for i, canary in enumerate(CANARIES[1:], start=1):
            store.set_setting(f"letterhead_line_{i}", f"{canary} Clinic, {canary.upper()} Road")
        assert store.setting("letterhead_line_3", "").startswith(CANARIES[3])
    for command in (
        ["verify"],
        ["info", "--json"],
        ["backup", "--out", str(home / "backups" / "b.ldbackup")],
        ["self-test"],
    ):
        assert main(["--home", str(home), *command]) == 0, capsys.readouterr().err
    capsys.readouterr()

    assert any(home.rglob("*.ldbackup"))
    assert scan(home) == []
    assert scan(scratch) == []
    assert os.listdir(scratch) == [], "LinkDesk left temporary files behind"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "base64", "zlib", "gzip", "upper"])
def test_the_scanner_finds_a_canary_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    text = f"note about {CANARIES[7]} today"
    data = {
        "base64": lambda: base64.b64encode(text.encode()),
        "zlib": lambda: zlib.compress(text.encode()),
        "gzip": lambda: gzip.compress(text.encode()),
        "upper": lambda: text.upper().encode(),
    }.get(encoding, lambda: text.encode(encoding))()
    (tmp_path / "leak.bin").write_bytes(b"header" + data)
    assert scan(tmp_path) == [f"{tmp_path / 'leak.bin'}: {CANARIES[7]}"]
