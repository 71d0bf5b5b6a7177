"""R2 canary: nothing written through LinkDesk appears in clear in any file it leaves behind."""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

import pytest

from linkdesk.app import main
from tests.conftest import PASSPHRASE, init_store

CANARIES = [f"zqcanary{i:02d}x{'mwpvt'[i % 5]}" for i in range(20)]


def encodings(canary: str) -> list[bytes]:
    raw = canary.encode()
    forms = [raw, canary.encode("utf-16-le"), canary.encode("utf-16-be")]
    for shift in range(3):  # base64 of the canary at each alignment within a longer string
        encoded = base64.b64encode(b"\0" * shift + raw)
        forms.append(encoded[4 if shift else 0 : -4])
    return [f for f in forms if len(f) >= 8]


def scan(root: Path) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        for canary in CANARIES:
            if canary in path.name:
                hits.append(f"{path} (file name)")
        if path.is_file():
            data = path.read_bytes()
            hits.extend(f"{path}: {c}" for c in CANARIES if any(form in data for form in encodings(c)))
    return hits


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


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "base64"])
def test_the_scanner_finds_a_canary_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    text = f"note about {CANARIES[7]} today"
    data = base64.b64encode(text.encode()) if encoding == "base64" else text.encode(encoding)
    (tmp_path / "leak.bin").write_bytes(b"header" + data)
    assert scan(tmp_path) == [f"{tmp_path / 'leak.bin'}: {CANARIES[7]}"]
