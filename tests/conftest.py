"""Shared fixtures. Real SQLCipher files in temporary folders; only the keychain and clock are faked."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

# Before any test imports Qt: the developer's display scaling, font DPI, style and theme never
# reach a test (nor the processes the tests start), so what the tests check cannot depend on them.
MACHINE_LOOKS = (
    "QT_SCALE_FACTOR",
    "QT_SCREEN_SCALE_FACTORS",
    "QT_ENABLE_HIGHDPI_SCALING",
    "QT_SCALE_FACTOR_ROUNDING_POLICY",
    "QT_FONT_DPI",
    "QT_STYLE_OVERRIDE",
    "QT_QPA_PLATFORMTHEME",
    "LINKDESK_THEME",
)
for _name in MACHINE_LOOKS:
    os.environ.pop(_name, None)

PASSPHRASE = "correct horse battery staple"
REPO = Path(__file__).resolve().parent.parent


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A recommended (priority 1) in-memory keychain: the only faked OS component."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.refuse = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.refuse:
            raise keyring.errors.KeyringLocked("locked")
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse:
            raise keyring.errors.KeyringLocked("locked")
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class FrozenClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture(scope="session")
def qapp() -> object:
    """The QApplication for every Qt test (pytest-qt's fixture), made as the app makes it."""
    from linkdesk.ui.main import make_app

    return make_app()


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's store, keychain or passphrase."""
    for name in ("LINKDESK_HOME", "LINKDESK_PASSPHRASE", "LINKDESK_RECOVERY_CODE", "LINKDESK_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LINKDESK_KEYRING", "off")


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("LINKDESK_KEYRING", "on")
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def make_vault(home: Path, clock: FrozenClock | None = None, keychain: bool = False) -> Vault:
    return Vault(home, KeychainSecrets(enabled=keychain), clock or FrozenClock(), KdfParams.minimum())


@pytest.fixture
def vault(home: Path, clock: FrozenClock) -> Vault:
    return make_vault(home, clock)


def init_store(home: Path, name: str = "Link Work Service", passphrase: str = PASSPHRASE) -> str:
    """What ``linkdesk init --name NAME`` makes, made in-process at the cheapest Argon2id cost.

    No option or variable lowers the cost of a store LinkDesk itself creates, so tests that need a
    store for a command make it here (the cost is kept in the key file, so every command opens
    it cheaply); only the tests of ``init`` itself pay for the recommended cost. Returns the
    recovery code.
    """
    store, code = make_vault(home).create(name, passphrase)
    store.close()
    return code


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_linkdesk(
    home: Path,
    *args: str,
    passphrase: str | None = PASSPHRASE,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Result:
    """Run ``python -m linkdesk ARGS`` as a real process against ``home``."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("LINKDESK_")}
    full_env.update({"LINKDESK_HOME": str(home), "LINKDESK_KEYRING": "off"})
    if passphrase is not None:
        full_env["LINKDESK_PASSPHRASE"] = passphrase
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "linkdesk", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
        cwd=REPO,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli(home: Path) -> object:
    """Run ``python -m linkdesk`` as a real process against ``home``."""

    def run(
        *args: str,
        passphrase: str | None = PASSPHRASE,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Result:
        return run_linkdesk(home, *args, passphrase=passphrase, env=env, timeout=timeout)

    return run


def copy_store(template: Path, home: Path) -> Path:
    """A test's own copy of a store made once for a module (the files of a closed store)."""
    shutil.copytree(template, home)
    return home
