"""Damaged stores: random byte flips and truncation are detected and nothing is written."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from linkdesk.app import main
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def filled_store(vault: Vault, home: Path) -> Path:
    """A closed, checkpointed store spanning many pages."""
    store, _ = vault.create("Team", PASSPHRASE)
    with store, store.transaction() as conn:
        for i in range(300):
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2026-01-01')",
                (f"filler_{i}", "x" * 180 + str(i)),
            )
    assert not (home / "linkdesk.db-wal").exists() or (home / "linkdesk.db-wal").stat().st_size == 0
    return home


def run_verify(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    code = main(["--home", str(home), "verify"])
    return code, capsys.readouterr().err


def test_verify_passes_on_an_intact_store(filled_store: Path, monkeypatch, capsys) -> None:
    assert run_verify(filled_store, monkeypatch, capsys)[0] == 0


def test_twenty_random_byte_flips_are_all_detected(
    filled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(20261122)
    pristine = (filled_store / "linkdesk.db").read_bytes()
    assert len(pristine) >= 20 * 4096
    for flip in range(20):
        copy = tmp_path / f"flip-{flip}"
        shutil.copytree(filled_store, copy)
        offset = rng.randrange(len(pristine))
        damaged = bytearray(pristine)
        damaged[offset] ^= rng.randrange(1, 256)
        (copy / "linkdesk.db").write_bytes(bytes(damaged))
        code, err = run_verify(copy, monkeypatch, capsys)
        assert code == 1, f"flip at byte {offset} went unnoticed"
        assert "damaged" in err and "Traceback" not in err
        assert (copy / "linkdesk.db").read_bytes() == bytes(damaged), "a damaged store was written to"


def test_a_truncated_store_is_reported(filled_store: Path, monkeypatch, capsys) -> None:
    db = filled_store / "linkdesk.db"
    db.write_bytes(db.read_bytes()[: 4096 * 5 + 100])
    code, err = run_verify(filled_store, monkeypatch, capsys)
    assert code == 1 and "damaged" in err


def test_a_missing_key_file_is_reported_not_replaced(filled_store: Path, monkeypatch, capsys) -> None:
    (filled_store / "linkdesk.keys.json").unlink()
    code, err = run_verify(filled_store, monkeypatch, capsys)
    assert code == 1 and "key file is missing" in err
    assert not (filled_store / "linkdesk.keys.json").exists()


def test_a_damaged_key_file_is_reported(filled_store: Path, monkeypatch, capsys) -> None:
    (filled_store / "linkdesk.keys.json").write_text("{ not json")
    code, err = run_verify(filled_store, monkeypatch, capsys)
    assert code == 1 and "key file is damaged" in err
