"""Every page the shell registers (whoever wrote it) and every dialog and inline form, opened and
walked: no keyboard-reachable widget may lack an accessible name, and no Alt+letter may belong to
two things at once (Qt then alternates: Alt+C opened the Case menu on one press and went to the
concern on the next). Plus a sensible tab order on the
forms, and every page, tab and form of a demo service walked again at the sizes and display
scales clinicians use (1366x768; 1280x720 at 150% and 200%; 960x540 at 200%), with no unnamed
input, sideways scrolling or cut text (a real process each, since Qt reads the scale when it
starts)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QWidget

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.app_services import Services
from linkdesk.storage.vault import Vault
from linkdesk.sync.bundle import BundleCodec
from linkdesk.ui.accessibility import alt_key_clashes, describe, unnamed_focusables
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.service import ServicePage
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import REPO
from tests.ui.conftest import open_window, unlock
from tests.ui.layout_check import demo_service
from tests.ui.wider_data import Wider, open_desk


@pytest.fixture
def wider(vault: Vault) -> Wider:
    return open_desk(vault)


@pytest.fixture
def full_window(qtbot: QtBot, services: Services, runner: TaskRunner) -> Iterator[MainWindow]:
    wired = dataclasses.replace(services, letter_renderer=PdfLetterRenderer(), bundles=BundleCodec())
    win = open_window(qtbot, wired, runner)
    yield win
    win.shut_down()


def unnamed(root: QWidget) -> list[str]:
    return describe(unnamed_focusables(root))


def test_every_registered_page_and_dialog_names_every_input(
    qtbot: QtBot, wider: Wider, full_window: MainWindow
) -> None:
    window = full_window
    unlock(qtbot, window)
    shell = window.shell
    assert shell is not None
    records = {"school": wider.desk.school, "discussion": wider.desk.today_visit, "cyp": wider.desk.case_ab}
    for key, page in shell.pages.items():
        if key in records:
            shell.open_record(key, records[key])
        else:
            shell.show_page(key)
        assert unnamed(page) == [], key
        assert alt_key_clashes(window) == {}, key
    service = shell.pages["service"]
    assert isinstance(service, ServicePage)
    for tab in service.tab.values():
        service.open_tab(tab.key)
        tab.form.open_new()
        assert unnamed(tab.form) == [], tab.key
        assert alt_key_clashes(window) == {}, tab.key
    settings = shell.pages["settings"]
    assert isinstance(settings, SettingsPage)
    settings.keys.open_passphrase()
    assert alt_key_clashes(window) == {}, "the passphrase form"
    settings.keys.open_recovery()
    assert settings.keys.dialog is not None
    assert unnamed(settings.keys.dialog) == []
    settings.keys.dialog.make_code()
    assert unnamed(settings.keys.dialog) == []
    settings.keys.dialog.written.setChecked(True)
    settings.keys.dialog.accept()
    window.registry["search"].trigger()
    assert window.searcher.popup is not None and unnamed(window.searcher.popup) == []
    window.registry["help"].trigger()
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            assert unnamed(top) == [], top.objectName()
            assert alt_key_clashes(top) == {}, top.objectName()


def tab_chain(start: QWidget, count: int) -> list[QWidget]:
    chain, widget = [start], start
    for _ in range(count - 1):
        widget = widget.nextInFocusChain()
        while not widget.isVisible() or not widget.isEnabled() or not widget.focusPolicy():
            widget = widget.nextInFocusChain()
        chain.append(widget)
    return chain


def test_tab_goes_down_each_form_in_reading_order(
    qtbot: QtBot, wider: Wider, full_window: MainWindow
) -> None:
    unlock(qtbot, full_window)
    assert full_window.shell is not None
    service = full_window.shell.pages["service"]
    assert isinstance(service, ServicePage)
    full_window.show_page("service")
    for tab in service.tab.values():
        service.open_tab(tab.key)
        form = tab.form
        form.open_new()
        expected = [*form.inputs.values(), form.cancel_button, form.save_button]
        assert tab_chain(expected[0], len(expected)) == expected, tab.key
    settings = full_window.shell.pages["settings"]
    assert isinstance(settings, SettingsPage)
    full_window.show_page("settings")
    keys = settings.keys
    keys.open_passphrase()
    expected = [keys.current, keys.new, keys.repeat, keys.cancel_button, keys.change_button]
    assert tab_chain(keys.current, len(expected)) == expected


@pytest.mark.parametrize(
    ("size", "scale"), [("1366x768", "1"), ("1280x720", "1.5"), ("1280x720", "2"), ("960x540", "2")]
)
def test_every_page_is_named_and_fits_at_each_display_scale(
    vault: Vault, services: Services, home: object, size: str, scale: str
) -> None:
    demo_service(vault, services.today())
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LINKDESK_CHECK_SCALE": scale,
        "LINKDESK_CHECK_SIZE": size,
        "LINKDESK_HOME": str(home),
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.run(
        [sys.executable, str(REPO / "tests" / "ui" / "scale_check.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith(f"no clipped text at device-pixel ratio {float(scale):g}"), (
        proc.stdout
    )
