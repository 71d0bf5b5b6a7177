"""The screen-lock listener against a real, private D-Bus session bus (never the user's).

Runs in a child process under ``dbus-run-session``; skipped where that tool is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

CHILD = """
import subprocess, time
from PySide6.QtCore import QCoreApplication, QTimer
from linkdesk.ui.lock import OsLockWatcher
app = QCoreApplication([])
watcher = OsLockWatcher()
assert watcher.start(), "no screen-saver source connected"
got = []
sent = []
def send():
    sent.append(time.monotonic())
    subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                    "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"], check=True)
watcher.lock_requested.connect(lambda reason: (got.append(time.monotonic()), app.quit()))
QTimer.singleShot(200, send)
QTimer.singleShot(5000, app.quit)
app.exec()
assert got, "no lock request"
print(f"{got[0] - sent[0]:.3f}")
"""


@pytest.mark.skipif(not shutil.which("dbus-run-session") or not shutil.which("dbus-send"), reason="no D-Bus")
def test_screen_lock_signal_requests_a_lock_within_two_seconds() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    proc = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", CHILD],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert float(proc.stdout.strip().splitlines()[-1]) < 2.0
