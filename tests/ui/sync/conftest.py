"""A window with sync built in, and a teammate's laptop on a second real store (same frozen clock).

File dialogs are the only thing replaced: ``choose(monkeypatch, ...)`` makes the next open or save
dialog answer with a path, as a person would.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.services.app_services import Services
from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage.store import Store
from linkdesk.sync.bundle import BundleCodec
from linkdesk.ui import sync_dialogs
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.sync import SyncPage
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE, FrozenClock, make_vault
from tests.ui.conftest import open_window, unlock

CODEC = BundleCodec()
CLICK = Qt.MouseButton.LeftButton
TODAY = date(2026, 11, 23)


@dataclass
class Teammate:
    """Ben's laptop: a second store with its own keys, driven through the services."""

    store: Store
    records: RecordService
    sync: TeamSync
    folder: Path

    def card_file(self) -> Path:
        path = self.folder / "ben.ldcard"
        path.write_bytes(self.sync.card()[0])
        return path


@dataclass
class Answers:
    """What the next file dialogs answer, and what they were asked."""

    paths: list[str] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)

    def next(self, title: str, suggested: str = "") -> str:
        self.asked.append((title, suggested))
        return self.paths.pop(0) if self.paths else ""


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    replies = Answers()
    monkeypatch.setattr(sync_dialogs, "ask_open", lambda _p, title, _f: replies.next(title))
    monkeypatch.setattr(sync_dialogs, "ask_save", lambda _p, title, name, _f: replies.next(title, name))
    monkeypatch.setattr(sync_dialogs, "ask_folder", lambda _p, title, current: replies.next(title, current))
    monkeypatch.setattr(sync_dialogs, "confirm_revoke", lambda _p, _name: True)
    return replies


@pytest.fixture
def ben(tmp_path: Path, clock: FrozenClock) -> Iterator[Teammate]:
    folder = tmp_path / "ben"
    store, _code = make_vault(folder / "home", clock).create("Ben's copy", PASSPHRASE)
    mate = Teammate(
        store, RecordService(store, lambda: TODAY), TeamSync(store, CODEC, clock, "ben-laptop"), folder
    )
    yield mate
    store.close()


@pytest.fixture
def sync_window(
    qtbot: QtBot, services: Services, runner: TaskRunner, recovery_code: str
) -> Iterator[MainWindow]:
    """The app on a fresh store, unlocked, with the bundle codec wired as ``app.py`` does."""
    win = open_window(qtbot, dataclasses.replace(services, bundles=CODEC), runner)
    unlock(qtbot, win)
    assert win.unlocked
    yield win
    win.shut_down()


def sync_page(window: MainWindow) -> SyncPage:
    assert window.shell is not None
    window.show_page("sync")
    page = window.shell.pages["sync"]
    assert isinstance(page, SyncPage)
    return page


def trust_each_other(
    qtbot: QtBot, window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    """Both ways, through the page: save my card for Ben, trust Ben's card after checking it."""
    page = sync_page(window)
    mine = tmp_path / "asha.ldcard"
    answers.paths.append(str(mine))
    qtbot.mouseClick(page.save_card_button, CLICK)
    ben.sync.trust(mine.read_bytes())
    answers.paths.append(str(ben.card_file()))
    qtbot.mouseClick(page.team.trust_button, CLICK)
    page.team.matches.setChecked(True)
    qtbot.mouseClick(page.team.confirm_button, CLICK)
    assert [d.card.name for d in page.team.model.rows()] == ["ben-laptop"]


def send_to_ben(qtbot: QtBot, window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path) -> int:
    """Export from the page, import on Ben's laptop; how many changes were new there."""
    page = sync_page(window)
    out = tmp_path / f"to-ben-{len(list(tmp_path.glob('to-ben-*')))}.ldsync"
    answers.paths.append(str(out))
    qtbot.mouseClick(page.export_button, CLICK)
    return ben.sync.import_bundle(out.read_bytes()).new_ops


def receive_from_ben(
    qtbot: QtBot, window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> str:
    """Ben's bundle imported through the page; the words the page shows."""
    page = sync_page(window)
    back = tmp_path / f"from-ben-{len(list(tmp_path.glob('from-ben-*')))}.ldsync"
    back.write_bytes(ben.sync.bundle()[0])
    answers.paths.append(str(back))
    qtbot.mouseClick(page.import_button, CLICK)
    return page.bundle_result.text()
