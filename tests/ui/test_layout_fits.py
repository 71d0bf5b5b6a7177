"""Every page fits the windows clinicians use: 1280x720 logical pixels (1920x1080 at 150%,
2560x1440 at 200%) with no sideways scrolling, and 960x540 (1920x1080 at 200%) with vertical
scrolling only; no consent, risk, referral or action text cut in a table or a label. Checked on
a demo service (``layout_check``); the display scales themselves in ``scale_check.py``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from itertools import pairwise

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGridLayout, QScrollArea

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.app_services import Services
from linkdesk.storage.vault import Vault
from linkdesk.sync.bundle import BundleCodec
from linkdesk.ui.main import start_size
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.tasks import TaskRunner
from tests.ui.conftest import open_window, unlock
from tests.ui.layout_check import Walk, clipped, demo_service, settle


@pytest.fixture
def demo_targets(vault: Vault, services: Services) -> dict[str, list[str]]:
    """A small demo service in the test's store; the record pages' ids."""
    return demo_service(vault, services.today())


@pytest.fixture
def demo_window(qtbot: QtBot, services: Services, runner: TaskRunner) -> Iterator[MainWindow]:
    wired = dataclasses.replace(services, letter_renderer=PdfLetterRenderer(), bundles=BundleCodec())
    win = open_window(qtbot, wired, runner)
    yield win
    win.shut_down()


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (960, 540)])
def test_every_page_fits_without_sideways_scrolling_or_cut_text(
    qtbot: QtBot, demo_targets: dict[str, list[str]], demo_window: MainWindow, size: tuple[int, int]
) -> None:
    demo_window.resize(*size)
    unlock(qtbot, demo_window)
    problems = Walk(demo_window, demo_targets).problems()
    assert problems == [], "\n".join(problems)


def test_the_page_list_shrinks_to_icons_on_a_small_window(
    qtbot: QtBot, demo_targets: dict[str, list[str]], demo_window: MainWindow
) -> None:
    unlock(qtbot, demo_window)
    shell = demo_window.shell
    assert shell is not None
    wide = shell.panel.width()
    demo_window.resize(960, 540)
    qtbot.waitUntil(lambda: shell.nav_narrow)
    assert shell.panel.width() < wide / 2
    assert all(
        shell.nav.item(n).text() == "" and shell.nav.item(n).toolTip() for n in range(shell.nav.count())
    )
    demo_window.resize(1280, 720)
    qtbot.waitUntil(lambda: not shell.nav_narrow)
    assert shell.nav.item(0).text() == "Today"


@pytest.mark.parametrize(("screen", "most"), [((1280, 720), (1177, 662)), ((1920, 1080), (1366, 860))])
def test_the_window_starts_inside_the_screen(screen: tuple[int, int], most: tuple[int, int]) -> None:
    assert start_size(QSize(*screen)) == QSize(*most)


def test_help_fits_the_screen_scrolls_and_its_rows_never_overlap(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    demo_window.registry["help"].trigger()
    help_window = demo_window._help
    assert help_window is not None
    screen = help_window.screen().availableGeometry()
    assert help_window.height() <= screen.height() and help_window.width() <= screen.width()
    help_window.resize(help_window.width(), 300)  # a window made small: the shortcuts scroll
    settle()
    scroll = help_window.findChild(QScrollArea, "helpScroll")
    assert scroll is not None and scroll.verticalScrollBar().maximum() > 0
    grid = help_window.keys.layout()
    assert isinstance(grid, QGridLayout) and grid.rowCount() > 20
    rows = [grid.cellRect(n, 1) for n in range(grid.rowCount() - 1)]
    assert all(upper.bottom() < lower.top() for upper, lower in pairwise(rows))
    assert clipped(help_window.keys) == []
