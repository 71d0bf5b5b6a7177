"""The Linux build, end to end: build.sh, then the installed Debian package is used as IT would.

Slow (about five minutes on 2 cores) and changes the machine (installs and removes the package,
and the Qt libraries it depends on when they are missing), so it runs only with ``-m slow``,
as root, on Debian or Ubuntu:

    .venv/bin/pytest -m slow tests/installers -s
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkdesk import __version__

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
APP_ID = "org.linkdesk.LinkDesk"
PASSPHRASE = "correct horse battery staple"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds a Linux package"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb (Debian or Ubuntu)"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0, reason="dpkg -i needs root"),
]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def built() -> dict[str, object]:
    done = run("bash", str(REPO / "installers" / "linux" / "build.sh"), timeout=1200)
    print(done.stdout[-3000:])
    assert done.returncode == 0, done.stderr[-4000:]
    report: dict[str, object] = json.loads((DIST / "linkdesk-build.json").read_text(encoding="utf-8"))
    return report


def depends(deb: Path) -> list[str]:
    """The first choice of each Depends entry that is not installed yet."""
    field = run("dpkg-deb", "-f", str(deb), "Depends").stdout
    missing = []
    for entry in field.split(","):
        choices = [choice.split("(")[0].strip() for choice in entry.split("|")]
        if not any(run("dpkg", "-s", choice).returncode == 0 for choice in choices):
            missing.append(choices[-1] if len(choices) > 1 else choices[0])
    return missing


@pytest.fixture(scope="module")
def installed(built: dict[str, object]) -> Iterator[Path]:
    deb = DIST / f"linkdesk_{__version__}_{run('dpkg', '--print-architecture').stdout.strip()}.deb"
    missing = depends(deb)
    if missing:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        got = run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=env, timeout=600)
        assert got.returncode == 0, got.stderr[-2000:]
    done = run("dpkg", "-i", str(deb), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    try:
        yield Path("/usr/bin/linkdesk")
    finally:
        removed = run("dpkg", "-r", "linkdesk", timeout=300)
        assert removed.returncode == 0, removed.stderr[-2000:]
        assert not Path("/opt/linkdesk").exists() and not Path("/usr/bin/linkdesk").exists()


def user_env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LINKDESK_", "QT_", "XDG_"))}
    return {
        **keep,
        "HOME": str(home),
        "LINKDESK_KEYRING": "off",
        "LINKDESK_PASSPHRASE": PASSPHRASE,
        "QT_QPA_PLATFORM": "offscreen",
    }


def test_the_bundle_and_archives_are_within_budget(built: dict[str, object]) -> None:
    assert built["bundle_mb"] <= built["budget_mb"]  # type: ignore[operator]
    assert built["tarball_mb"] <= built["tarball_budget_mb"]  # type: ignore[operator]
    assert built["deb_mb"] <= built["deb_budget_mb"]  # type: ignore[operator]
    tarball = DIST / f"linkdesk-{__version__}-linux-{os.uname().machine}.tar.gz"
    listing = run("tar", "-tzf", str(tarball)).stdout.splitlines()
    root = f"linkdesk-{__version__}/"
    assert f"{root}linkdesk" in listing and f"{root}INSTALL.txt" in listing
    assert f"{root}share/applications/{APP_ID}.desktop" in listing


def test_the_installed_package_is_laid_out_for_the_desktop(installed: Path) -> None:
    assert installed.is_symlink() and os.readlink(installed) == "/opt/linkdesk/linkdesk"
    share = Path("/usr/share")
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons/hicolor/256x256/apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (share / "doc/linkdesk/managed.example.json").is_file()


def test_the_installed_app_runs_creates_a_store_and_renders(installed: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
    version = run("linkdesk", "--version", env=env)
    assert version.returncode == 0 and version.stdout.strip() == f"LinkDesk {__version__}"
    checked = run("linkdesk", "self-test", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PASS  store" in checked.stdout and "PASS  letters" in checked.stdout
    made = run("linkdesk", "init", "--name", "Package Test Team", env=env)
    assert made.returncode == 0, made.stderr
    data = tmp_path / ".local" / "share" / "LinkDesk"
    assert (data / "linkdesk.db").is_file() and (data / "linkdesk.keys.json").is_file()
    info = run("linkdesk", "info", env=env)
    assert info.returncode == 0 and "managed:" in info.stdout
    shot = tmp_path / "settings.png"
    drawn = run("linkdesk", "gui", "--screenshot", str(shot), "--page", "settings", env=env)
    assert drawn.returncode == 0, drawn.stderr
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert (width, height) == (1366, 768)
    keep = os.environ.get("LINKDESK_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring (apt-get install gnome-keyring)",
)
def test_the_installed_app_finds_the_secret_service_keyring(installed: Path, tmp_path: Path) -> None:
    """The frozen app's keyring backends work: a round trip through a real, unlocked GNOME Keyring."""
    script = tmp_path / "keyring.sh"
    script.write_text(
        "set -e\n"
        "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n"
        "linkdesk self-test\n",
        encoding="utf-8",
    )
    env = {**user_env(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("LINKDESK_KEYRING")
    checked = run("dbus-run-session", "--", "bash", str(script), env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PASS  keychain: round trip through keyring.backends.SecretService.Keyring" in checked.stdout
