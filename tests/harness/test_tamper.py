"""Tamper harness: seeded random byte flips and truncations of the store file, its write-ahead
log (a store killed before its checkpoint), the key file and backups.

Each damaged copy goes through what a person would run: ``linkdesk verify --deep`` for a data
folder, ``linkdesk restore`` for a backup. Every case must end one of two ways:

- refused, in plain words (exit 1, no traceback), with the damaged files byte for byte as they
  were: a refused open never checkpoints, re-anchors or otherwise writes the damaged store; or
- accepted, and then the store reads exactly as the undamaged one did (same records, same op
  log, same audit head): the damage changed nothing that matters, such as a JSON space.

The seed is fixed, so a failure replays exactly. The default run is small; ``-m slow`` runs
thousands.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from linkdesk.app import main
from tests.conftest import PASSPHRASE, make_vault
from tests.harness.stores import STORE_FILES, closed_store, killed_store

#: (target, cases) in the default run; the slow run multiplies these.
DEFAULT = {"store": 12, "wal": 12, "keys": 16, "backup": 16}
SLOW_FACTOR = 60


def damage(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One random flip (three times in four) or truncation, with where it happened."""
    at = rng.randrange(len(data))
    if rng.random() < 0.75:
        flipped = bytearray(data)
        flipped[at] ^= rng.randrange(1, 256)
        return bytes(flipped), f"flip at byte {at}"
    return data[:at], f"cut at byte {at}"


def meaning(home: Path) -> tuple[str, int, tuple[int, str]]:
    """What the store holds: records, the op log's size and the audit head."""
    with make_vault(home).unlock(PASSPHRASE) as store:
        head = store.conn.execute(
            "SELECT seq, hash FROM audit_log WHERE action != 'unlock' ORDER BY seq DESC"
        )
        return store.records.state_hash(), store.records.ops_count(), tuple(head.fetchone())


def files(home: Path) -> dict[str, bytes]:
    """The store's contents on disk (an empty write-ahead log is the same as none)."""
    found = {name: (home / name).read_bytes() for name in STORE_FILES if (home / name).exists()}
    if not found.get("linkdesk.db-wal", b"x"):
        del found["linkdesk.db-wal"]
    return found


def cli(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--home", str(home), *args])
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Undamaged originals of each target, made once."""
    root = tmp_path_factory.mktemp("pristine")
    closed = closed_store(root / "closed")
    killed = killed_store(root / "live", root / "killed")
    backup = root / "b.ldbackup"
    with make_vault(closed).unlock(PASSPHRASE) as store:
        store.backup(backup)
    return {"closed": closed, "killed": killed, "backup": backup}


def run_cases(
    target: str,
    cases: int,
    pristine: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, int]:
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    source = pristine["killed" if target == "wal" else "closed"]
    expected = meaning(shutil.copytree(source, tmp_path / "expected"))
    name = {"store": "linkdesk.db", "wal": "linkdesk.db-wal", "keys": "linkdesk.keys.json"}.get(target)
    rng = random.Random(f"tamper-{target}")
    outcomes = {"refused": 0, "harmless": 0}
    for case in range(cases):
        folder = tmp_path / f"{target}-{case}"
        if target == "backup":
            damaged, where = damage(rng, pristine["backup"].read_bytes())
            shutil.copytree(source, folder)
            (tmp_path / "damaged.ldbackup").write_bytes(damaged)
            before = files(folder)
            code, err = cli(folder, capsys, "restore", str(tmp_path / "damaged.ldbackup"))
        else:
            shutil.copytree(source, folder)
            assert name is not None
            damaged, where = damage(rng, (folder / name).read_bytes())
            (folder / name).write_bytes(damaged)
            before = files(folder)
            code, err = cli(folder, capsys, "verify", "--deep")
        if code == 0:
            outcomes["harmless"] += 1
            assert meaning(folder) == expected, (
                f"{target} {where}: damage went unnoticed and changed the store"
            )
            continue
        outcomes["refused"] += 1
        assert code == 1 and "Traceback" not in err and err.startswith("linkdesk: "), (where, err)
        assert files(folder) == before, f"{target} {where}: the damaged store was written to"
    return outcomes


@pytest.mark.parametrize("target", sorted(DEFAULT))
def test_damage_is_refused_in_words_and_never_written(
    target: str, pristine: dict[str, Path], tmp_path: Path, monkeypatch, capsys
) -> None:
    outcomes = run_cases(target, DEFAULT[target], pristine, tmp_path, monkeypatch, capsys)
    assert outcomes["refused"] >= DEFAULT[target] * 3 // 4, outcomes


@pytest.mark.slow
@pytest.mark.parametrize("target", sorted(DEFAULT))
def test_thousands_of_damaged_copies(
    target: str, pristine: dict[str, Path], tmp_path: Path, monkeypatch, capsys
) -> None:
    outcomes = run_cases(target, DEFAULT[target] * SLOW_FACTOR, pristine, tmp_path, monkeypatch, capsys)
    assert outcomes["refused"] >= DEFAULT[target] * SLOW_FACTOR * 3 // 4, outcomes


def test_a_write_ahead_log_that_lost_work_is_reported_every_time_and_never_written(
    pristine: dict[str, Path], tmp_path: Path, monkeypatch, capsys
) -> None:
    """The first verify used to report the loss, then close the store: the checkpoint folded the
    damaged log away and the new anchor covered the loss, so the next verify said all was well."""
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    folder = shutil.copytree(pristine["killed"], tmp_path / "crashed")
    wal = bytearray((folder / "linkdesk.db-wal").read_bytes())
    wal[32 + 24 + 100] ^= 0xFF
    (folder / "linkdesk.db-wal").write_bytes(bytes(wal))
    before = files(folder)
    for _ in range(2):
        code, err = cli(folder, capsys, "verify")
        assert code == 1 and "write-ahead log" in err, err
        assert files(folder) == before
    with pytest.raises(Exception, match="write-ahead log"):  # the app's unlock refuses too
        make_vault(folder).unlock(PASSPHRASE)
    assert files(folder) == before
