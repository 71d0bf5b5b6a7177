"""The shell: one action registry without clashes, accessible names everywhere, honest pages."""

from __future__ import annotations

import argparse
import locale
import re
import sys
from collections import Counter
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

from linkdesk.cli.gui_args import GUI_PAGES
from linkdesk.services.app_services import Services
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.actions import ActionRegistry
from linkdesk.ui.main import PageProblem, make_app, resolve_page, run_gui
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.catalog import NAV_PAGES
from tests.conftest import REPO
from tests.ui.conftest import flush_deletes, unlock

UI = REPO / "linkdesk" / "ui"


def shortcuts(registry: ActionRegistry) -> list[str]:
    return [
        key.toString(QKeySequence.SequenceFormat.PortableText)
        for action in registry.all()
        for key in action.shortcuts()
        if not key.isEmpty()
    ]


def test_no_two_actions_share_a_shortcut(qapp: object) -> None:
    keys = shortcuts(ActionRegistry())
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_the_promised_shortcuts_exist(qapp: object) -> None:
    registry = ActionRegistry()
    keys = set(shortcuts(registry))
    assert {"Ctrl+L", "Ctrl+F", "F1", "Ctrl+Q", "Ctrl+S"} <= keys
    assert {f"Ctrl+{n}" for n in range(1, 9)} <= keys
    assert registry["lock"].shortcut().toString() == "Ctrl+L"
    assert all(action.text() for action in registry.all())


def test_only_quit_and_help_work_while_locked(recovery_code: str, window: MainWindow, qtbot: QtBot) -> None:
    enabled = {n for n in window.registry.names() if window.registry[n].isEnabled()}
    assert enabled == {"quit", "help", "about"}
    unlock(qtbot, window)
    assert window.registry["go_caseload"].isEnabled() and window.registry["lock"].isEnabled()


def test_the_accessibility_walker_finds_unnamed_inputs(qapp: object) -> None:
    box = QWidget()
    layout = QVBoxLayout(box)
    nameless = QLineEdit()
    named = QLineEdit()
    named.setAccessibleName("Named")
    buddy = QLineEdit()
    label = QLabel("&Buddy")
    label.setBuddy(buddy)
    for w in (nameless, named, label, buddy):
        layout.addWidget(w)
    assert unnamed_focusables(box) == [nameless]


def test_unlock_recovery_and_first_run_panels_name_every_input(
    window: MainWindow, qtbot: QtBot, recovery_code: str
) -> None:
    assert describe(unnamed_focusables(window.lock_screen)) == []
    window.lock_screen.show_recovery()
    assert describe(unnamed_focusables(window.lock_screen)) == []


def test_shell_and_lock_screen_name_every_input(recovery_code: str, window: MainWindow, qtbot: QtBot) -> None:
    unlock(qtbot, window)
    assert window.shell is not None
    for page in NAV_PAGES:
        window.show_page(page.key)
        assert describe(unnamed_focusables(window.shell)) == [], page.key
    assert describe(unnamed_focusables(window)) == []
    window.lock("test")
    flush_deletes()
    assert describe(unnamed_focusables(window)) == []


def test_go_actions_and_the_nav_list_switch_pages(
    recovery_code: str, window: MainWindow, qtbot: QtBot
) -> None:
    unlock(qtbot, window)
    assert window.shell is not None
    for page in NAV_PAGES:
        window.registry[f"go_{page.key}"].trigger()
        assert window.shell.current_key == page.key
    window.shell.nav.setCurrentRow(1)
    assert window.shell.current_key == "tasks"
    window.shell.nav.setCurrentRow(2)
    assert window.shell.current_key == "schools"
    window.shell.nav.setCurrentRow(3)
    texts = [w.text() for w in window.shell.pages["caseload"].findChildren(QLabel)]
    assert "Caseload" in texts and window.shell.current_key == "caseload"


def test_help_opens_without_blocking(recovery_code: str, window: MainWindow, qtbot: QtBot) -> None:
    window.registry["help"].trigger()
    assert window._help is not None and window._help.isVisible() and not window._help.isModal()
    qtbot.mouseClick(window._help.findChild(QWidget, "closeHelp"), Qt.MouseButton.LeftButton)
    assert not window._help.isVisible()


def test_ctrl_f_opens_the_search_window(recovery_code: str, window: MainWindow, qtbot: QtBot) -> None:
    unlock(qtbot, window)
    window.registry["search"].trigger()
    popup = window.searcher.popup
    assert popup is not None and popup.isVisible() and popup.focusWidget() is popup.box


def test_every_gui_page_is_known(qapp: object) -> None:
    for page in GUI_PAGES:
        if page in {"school", "cyp", "discussion"}:
            try:
                resolve_page(page, None)
            except PageProblem as exc:
                assert "--id" in str(exc)
            else:
                raise AssertionError(page)
        else:
            resolve_page(page, None)
    try:
        resolve_page("today", "abc")
    except PageProblem as exc:
        assert "--id" in str(exc)
    else:
        raise AssertionError("today --id")


def test_ui_modules_are_small_and_hold_no_sql() -> None:
    sql = re.compile(r"\b(SELECT\s+\S+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA)\b", re.I)
    for path in UI.rglob("*.py"):
        source = path.read_text()
        assert len(source.splitlines()) < 400, path.name
        assert not sql.search(source), path.name
        assert "linkdesk.storage" not in source, path.name


def test_no_display_is_one_plain_line_not_an_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], services: Services
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    args = argparse.Namespace(screenshot=None, page="today", id=None, home=None)
    assert run_gui(services, args) == 1
    assert capsys.readouterr().err.strip().startswith("linkdesk: there is no display")


def test_day_and_month_names_are_english_whatever_the_machine_locale(qapp: QApplication) -> None:
    """Qt hands the machine's locale to the C library; dates in the UI, reports and letters
    (strftime) stay in the app's English."""
    before = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, "C.UTF-8")  # as QApplication does with LANG=C.UTF-8
        assert make_app() is qapp
        assert locale.setlocale(locale.LC_TIME) == "C"
        assert f"{date(2026, 11, 23):%a %A %b %B}" == "Mon Monday Nov November"
    finally:
        locale.setlocale(locale.LC_ALL, before)
