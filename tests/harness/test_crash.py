"""Crash harness: ``kill -9`` in the middle of a bundle import, a migration, a backup and a
restore, each run as the real ``linkdesk`` command in its own process.

After every kill the store unlocks, ``verify --deep`` passes, it holds either the state from
before the operation or the one after it (never a mix), an operation the command acknowledged
(exit 0) is never lost, and running the same command again completes: nothing left behind by
the kill gets in its way. ``tests/storage/test_kill.py`` kills a stream of ordinary writes.

The kill falls at a seeded random moment after the command has started the operation (a file
it writes appears: the write-ahead log, the staged copy, the migration backup), so it lands
inside the operation, not in Python's start-up.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkdesk.app import main
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage import migrate
from linkdesk.storage.backup import read_backup
from tests.conftest import PASSPHRASE, REPO, FrozenClock, make_vault
from tests.harness.stores import closed_store, fill
from tests.storage.test_migrations import build_store_at
from tests.sync.conftest import CODEC, befriend, make_device

DEFAULT_KILLS = 1
SLOW_KILLS = 40


def linkdesk(home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKDESK_")}
    env.update(
        {
            "LINKDESK_HOME": str(home),
            "LINKDESK_KEYRING": "off",
            "LINKDESK_PASSPHRASE": PASSPHRASE,
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "linkdesk", *args],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def state(home: Path) -> tuple[str, int]:
    """Unlock, verify in depth, and say what the store holds."""
    with make_vault(home).unlock(PASSPHRASE, check_first=True) as store:
        assert store.verify(deep=True) == []
        return store.records.state_hash(), store.records.ops_count()


@dataclass
class Scenario:
    """A folder to copy for each kill, the command to kill, and the states allowed after it."""

    template: Path
    command: Callable[[Path], list[str]]
    before: tuple[str, int] | None
    after: tuple[str, int]
    #: A file pattern (under the data folder) that appears once the operation is under way.
    started: str
    #: The longest wait after that before the kill, in seconds.
    window: float
    check: Callable[[Path, bool], None] = lambda home, acknowledged: None


def run_to_completion(home: Path, args: list[str]) -> None:
    """Run the command again, in this process: whatever the kill left must not stop it."""
    env = {"LINKDESK_PASSPHRASE": PASSPHRASE, "LINKDESK_KEYRING": "off"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        assert main(["--home", str(home), *args]) == 0
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def wait_until_started(proc: subprocess.Popen[bytes], home: Path, pattern: str) -> None:
    deadline = time.monotonic() + 120
    while proc.poll() is None and not any(home.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.002)


def kill_during(scenario: Scenario, kills: int, tmp_path: Path, seed: str) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"killed": 0, "finished": 0}
    for n in range(kills):
        home = shutil.copytree(scenario.template, tmp_path / f"kill-{n}")
        proc = linkdesk(home, *scenario.command(home))
        wait_until_started(proc, home, scenario.started)
        time.sleep(rng.uniform(0, scenario.window))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        acknowledged = proc.returncode == 0
        counts["finished" if acknowledged else "killed"] += 1
        held = state(home)
        allowed = [scenario.after] if acknowledged else [scenario.before, scenario.after]
        assert held in allowed, f"kill {n}: the store holds neither the state before nor after"
        scenario.check(home, acknowledged)
        run_to_completion(home, scenario.command(home))  # what the kill left does not get in the way
        assert state(home) == scenario.after
    return counts


def _settled(home: Path) -> tuple[str, int]:
    """The state of a copy of ``home`` once opened (and so migrated or restored)."""
    return state(shutil.copytree(home, home.with_name(home.name + "-settled")))


def _migration_check(home: Path, acknowledged: bool) -> None:
    with make_vault(home).unlock(PASSPHRASE) as store:
        assert store.schema_version() == migrate.latest_version()
        assert store.setting("service_name") == "Version Two Team"


def _backup_check(home: Path, acknowledged: bool) -> None:
    out = home.parent / f"{home.name}.ldbackup"
    if acknowledged or out.exists():  # written whole or not at all
        backup = read_backup(out)
        assert backup.database.startswith(b"") and len(backup.database) > 4096


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scenario]:
    root = tmp_path_factory.mktemp("crash")
    clock = FrozenClock()

    # import: Ben imports a bundle of Asha's 180 changes
    asha, ben = make_device(root, "asha", clock), make_device(root, "ben", clock)
    befriend(asha, ben)
    fill(asha.store, 60)
    bundle = root / "asha.ldsync"
    bundle.write_bytes(asha.sync.bundle()[0])
    asha.store.close()
    ben.store.close()
    with make_vault(shutil.copytree(root / "ben", root / "ben-after"), clock).unlock(PASSPHRASE) as store:
        TeamSync(store, CODEC, clock, "ben").import_bundle(bundle.read_bytes())
    importing = Scenario(
        root / "ben",
        lambda home: ["sync", "import", str(bundle)],
        _settled(root / "ben"),
        state(root / "ben-after"),
        "linkdesk.db-wal",
        0.5,
    )

    # migration: a store two versions old
    old = root / "old"
    build_store_at(old, migrate.latest_version() - 2)
    migrating = Scenario(old, lambda home: ["info"], None, _settled(old), "backups", 0.3, _migration_check)

    # backup: of a closed store, into a folder of the person's choosing
    store = closed_store(root / "store", schools=60)
    held = _settled(store)
    backing_up = Scenario(
        store,
        lambda home: ["backup", "--out", str(home.parent / f"{home.name}.ldbackup")],
        held,
        held,
        "backups/backup-*",
        0.3,
        _backup_check,
    )

    # restore: a backup of a store with more in it, over the store
    bigger = shutil.copytree(store, root / "bigger")
    with make_vault(bigger).unlock(PASSPHRASE) as opened:
        fill(opened, 20)
        opened.backup(root / "bigger.ldbackup")
    restoring = Scenario(
        store,
        lambda home: ["restore", str(root / "bigger.ldbackup")],
        held,
        _settled(bigger),
        "*restoring*",
        0.2,
    )
    return {"import": importing, "migration": migrating, "backup": backing_up, "restore": restoring}


@pytest.mark.parametrize("operation", ["import", "migration", "backup", "restore"])
def test_a_kill_mid_operation_loses_nothing_acknowledged(
    operation: str, scenarios: dict[str, Scenario], tmp_path: Path
) -> None:
    kill_during(scenarios[operation], DEFAULT_KILLS, tmp_path, f"crash-{operation}")


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["import", "migration", "backup", "restore"])
def test_many_kills_mid_operation(operation: str, scenarios: dict[str, Scenario], tmp_path: Path) -> None:
    counts = kill_during(scenarios[operation], SLOW_KILLS, tmp_path, f"crash-slow-{operation}")
    assert counts["killed"] >= SLOW_KILLS // 4, counts
