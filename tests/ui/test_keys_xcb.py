"""The keyboard-safety tests once more on Qt's xcb platform under a virtual X display (Xvfb), where
key presses go through the window system's active window as on a real desktop. The main test
process already has an offscreen QApplication, so they run in a child process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = [
    "tests/ui/test_keys_lock.py::test_ctrl_l_with_the_consent_form_open_locks_and_keeps_the_form",
    "tests/ui/test_keys_lock.py::test_every_form_opens_with_the_cursor_in_its_first_field",
    "tests/ui/test_keys_lock.py::test_after_unlocking_the_cursor_is_on_todays_visits",
    "tests/ui/test_keys_discussion.py::test_tab_from_item_2_stays_in_item_2_then_moves_to_item_3",
]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb (scripts/setup.sh installs it)")
def test_keyboard_safety_on_a_real_x_display(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    command = ["xvfb-run", "--auto-servernum", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    run = subprocess.run(
        [*command, "-n", "0", "--basetemp", str(tmp_path / "t"), *TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout
