"""UI fixtures: a synchronous DB worker, the wired services and a main window on a real store.

No D-Bus (the OS lock watcher is not started), no real keychain, no network, no modal dialogs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit, QTextEdit

from linkdesk import config
from linkdesk.measures import MeasureRegistry
from linkdesk.services.app_services import Services
from linkdesk.storage.vault import Vault
from linkdesk.ui import theme
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.tasks import SyncExecutor, TaskRunner
from tests.conftest import PASSPHRASE, FrozenClock


@pytest.fixture(autouse=True)
def _delete_closed_widgets() -> Iterator[None]:
    """After each test, delete the widgets pytest-qt closed, so none outlive their test (every
    later style sheet, focus change and ``allWidgets()`` would walk them)."""
    yield
    if QCoreApplication.instance() is not None:
        flush_deletes()


def make_services(vault: Vault, home: Path, clock: FrozenClock) -> Services:
    return Services(
        home=home,
        vault=vault,
        secrets=vault.secrets,
        clock=clock,
        pdf_probe=None,  # type: ignore[arg-type]  # the shell does not print
        scratch_vault=lambda path: vault,
        measure_registry=functools.cache(lambda: MeasureRegistry.load(config.resources_dir() / "measures")),
    )


@pytest.fixture
def services(vault: Vault, home: Path, clock: FrozenClock) -> Services:
    return make_services(vault, home, clock)


@pytest.fixture
def recovery_code(vault: Vault) -> str:
    """A store on ``home`` with a known service name; returns its recovery code."""
    store, code = vault.create("Canary Team Service", PASSPHRASE)
    store.close()
    return code


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    tasks = TaskRunner(SyncExecutor())
    yield tasks
    tasks.shutdown()


def open_window(qtbot: QtBot, services: Services, runner: TaskRunner) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow(services, runner, theme.apply(app), os_lock_events=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


@pytest.fixture
def window(qtbot: QtBot, services: Services, runner: TaskRunner) -> Iterator[MainWindow]:
    win = open_window(qtbot, services, runner)
    yield win
    win.shut_down()


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    screen = window.lock_screen
    screen.passphrase.setText(passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)


def flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def all_texts() -> list[str]:
    """Every piece of text in every widget the app has (labels, fields, buttons, titles, tips)."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts += [
            widget.windowTitle(),
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
        ]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
    return [t for t in texts if t]


def leaked(needles: list[str]) -> list[Any]:
    return [t for t in all_texts() if any(n in t for n in needles)]
