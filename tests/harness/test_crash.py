"""Crash harness: ``kill -9`` in the middle of a bundle import, a migration, a backup, a restore
and a rekey, each run as the real ``linkdesk`` command in its own process.

After every kill the store unlocks, ``verify --deep`` passes, it holds either the state from
before the operation or the one after it (never a mix), an operation the command acknowledged
(exit 0) is never lost, and running the same command again completes: nothing left behind by
the kill gets in its way. ``tests/storage/test_kill.py`` kills a stream of ordinary writes.

The kill falls at a seeded random moment after the command has started the operation (a file
it writes appears: the write-ahead log, the staged copy, the migration backup), so it lands
inside the operation, not in Python's start-up. A rekey is also killed at two fixed points: as
soon as its key file names the pending new key (the store is being re-encrypted), and as soon as
the key file names only the new key (the rekey's audit and anchor not yet written). Right after
each kill the store opens under exactly the key the key file says: the old one, or while a rekey
is pending the old or the new one (``PendingRekey``).
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
from linkdesk.errors import StoreDamaged
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage import migrate
from linkdesk.storage.backup import read_backup
from linkdesk.storage.connection import open_readonly
from linkdesk.storage.keyfile import KeyFile
from linkdesk.storage.keys import open_successor, unwrap_dbk
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
    #: A file pattern (under the data folder) that appears once the operation is under way, or a
    #: test of the data folder that holds from the moment the kill should come.
    started: str | Callable[[Path], bool]
    #: The longest wait after that before the kill, in seconds.
    window: float
    check: Callable[[Path, bool], None] = lambda home, acknowledged: None
    #: Looks at the files as the kill left them, before anything opens the store.
    inspect: Callable[[Path], None] = lambda home: None


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


def wait_until_started(
    proc: subprocess.Popen[bytes], home: Path, started: str | Callable[[Path], bool]
) -> None:
    test = started if callable(started) else lambda folder: any(folder.glob(started))
    deadline = time.monotonic() + 120
    while proc.poll() is None and not test(home) and time.monotonic() < deadline:
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
        scenario.inspect(home)
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


def _keys(home: Path) -> KeyFile:
    try:
        return KeyFile.load(home / "linkdesk.keys.json")
    except (OSError, StoreDamaged):
        return KeyFile.load(home / "linkdesk.keys.json")  # caught mid-rename: read it again


def _opens_with(home: Path, key: bytes) -> bool:
    try:
        open_readonly(home / "linkdesk.db", key).close()
    except StoreDamaged:
        return False
    return True


def _rekey_inspect(home: Path) -> None:
    """The store opens under the key the key file names, or while a rekey is pending the old or
    the new key it carries."""
    keyfile = KeyFile.load(home / "linkdesk.keys.json")
    key = unwrap_dbk(keyfile.passphrase_wrap, keyfile.store_id, PASSPHRASE)
    assert key is not None
    allowed = [bytes(key)]
    if keyfile.pending is not None:
        successor = open_successor(key, keyfile.pending.successor, keyfile.store_id)
        assert successor is not None
        allowed.append(bytes(successor))
    assert [_opens_with(home, k) for k in allowed].count(True) == 1, "the store opens under no key it names"


def _rekey_check(original: bytes) -> Callable[[Path, bool], None]:
    def check(home: Path, acknowledged: bool) -> None:
        keyfile = KeyFile.load(home / "linkdesk.keys.json")
        assert keyfile.pending is None, "the rekey is settled at the unlock"
        if acknowledged:
            assert not _opens_with(home, original), "an acknowledged rekey left the store under the old key"

    return check


def _pending_written(home: Path) -> bool:
    return _keys(home).pending is not None


def _key_replaced(original_wrap: str) -> Callable[[Path], bool]:
    def replaced(home: Path) -> bool:
        keyfile = _keys(home)
        return keyfile.pending is None and keyfile.passphrase_wrap.ciphertext != original_wrap

    return replaced


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

    # rekey: of a closed store, killed at a random moment and at two fixed points
    keyfile = KeyFile.load(store / "linkdesk.keys.json")
    original = unwrap_dbk(keyfile.passphrase_wrap, keyfile.store_id, PASSPHRASE)
    assert original is not None

    def rekeying(started: str | Callable[[Path], bool], window: float) -> Scenario:
        return Scenario(
            store,
            lambda home: ["rekey"],
            held,
            held,
            started,
            window,
            _rekey_check(bytes(original)),
            _rekey_inspect,
        )

    return {
        "import": importing,
        "migration": migrating,
        "backup": backing_up,
        "restore": restoring,
        "rekey": rekeying("linkdesk.db-wal", 2.0),
        "rekey, key file pending": rekeying(_pending_written, 0.02),
        "rekey, key file replaced": rekeying(_key_replaced(keyfile.passphrase_wrap.ciphertext), 0.0),
    }


OPERATIONS = [
    "import",
    "migration",
    "backup",
    "restore",
    "rekey",
    "rekey, key file pending",
    "rekey, key file replaced",
]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_kill_mid_operation_loses_nothing_acknowledged(
    operation: str, scenarios: dict[str, Scenario], tmp_path: Path
) -> None:
    kill_during(scenarios[operation], DEFAULT_KILLS, tmp_path, f"crash-{operation}")


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS)
def test_many_kills_mid_operation(operation: str, scenarios: dict[str, Scenario], tmp_path: Path) -> None:
    counts = kill_during(scenarios[operation], SLOW_KILLS, tmp_path, f"crash-slow-{operation}")
    assert counts["killed"] >= SLOW_KILLS // 4, counts
