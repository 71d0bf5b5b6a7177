"""Start-up (issue 20), by behaviour, never by time: the unlock window comes before any page is
imported, a page is built on its first visit, Today is one job on the DB worker, the search
window's index of names is built after unlock, and a screenshot waits for work, not a timer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any

import keyring
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from linkdesk.domain import redaction
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui import main
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.today import TodayPage
from linkdesk.ui.tasks import SyncExecutor, TaskRunner
from tests.conftest import PASSPHRASE, MemoryKeyring, make_vault
from tests.ui.conftest import make_services, open_window, unlock
from tests.ui.desk_data import TODAY, Desk, build_desk

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def desk(vault: Vault) -> Desk:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        return build_desk(Casework(RecordService(store, lambda: TODAY)))


def window_probe(home: Any, steps: str, keychain: str = "off") -> Any:
    """Open LinkDesk's window on ``home`` in a fresh process (so ``sys.modules`` shows what the
    app itself imported), run ``steps`` and return the JSON they print last. The vault asks for
    the cheapest key stretching, as the stores the tests make have, so no offer to strengthen it
    is made."""
    script = (
        "import json, os, sys\n"
        "from dataclasses import replace\n"
        "from linkdesk.app import build_services\n"
        "from linkdesk.storage.keys import KdfParams\n"
        "from linkdesk.storage.vault import Vault\n"
        "from linkdesk.ui import theme\n"
        "from linkdesk.ui.main import make_app, settle\n"
        "from linkdesk.ui.main_window import MainWindow\n"
        "from linkdesk.ui.tasks import TaskRunner\n"
        "app = make_app()\n"
        f"services = build_services({str(home)!r})\n"
        "services = replace(services, vault=Vault(services.home, services.secrets, services.clock, "
        "KdfParams.minimum()))\n"
        "runner = TaskRunner()\n"
        "window = MainWindow(services, runner, theme.apply(app), os_lock_events=False)\n"
        "window.show()\n"
    ) + steps
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LINKDESK_KEYRING": keychain}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_unlock_window_shows_before_any_page_is_imported(tmp_path: Any) -> None:
    steps = (
        "app.processEvents()\n"
        "shown = window.stack.currentWidget() is window.lock_screen and window.isVisible()\n"
        "pages = sorted(m for m in sys.modules if m.startswith('linkdesk.ui.pages.'))\n"
        "keychain = sorted(m for m in sys.modules if m.split('.')[0] == 'keyring')\n"
        "runner.shutdown()\n"
        "print(json.dumps([shown, pages, keychain]))\n"
    )
    shown, pages, keychain = window_probe(tmp_path, steps, keychain="on")
    assert shown
    assert pages == ["linkdesk.ui.pages.base", "linkdesk.ui.pages.catalog"]
    assert keychain == [], "the keychain is loaded when first needed, not before the unlock window"


#: Libraries for reports, letters, calendars and bank holidays: none is needed to show Today
#: (``holidays`` alone took 35 ms and 17 MB when the prep sheet borrowed a helper from reports).
NOT_FOR_TODAY = ("holidays", "reportlab", "xlsxwriter", "icalendar", "pypdf")


def test_today_opens_without_the_report_letter_and_calendar_libraries(desk: Desk, home: Any) -> None:
    steps = (
        "window.start()\n"
        "settle(app, runner, 60)\n"
        f"window.lock_screen.passphrase.setText({PASSPHRASE!r})\n"
        "window.lock_screen.submit()\n"
        "settle(app, runner, 60)\n"
        "page = window.shell.current_key if window.shell else None\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules})\n"
        "print(json.dumps([page, loaded]))\n"
        "sys.stdout.flush()\n"
        "os._exit(0)\n"
    )
    page, loaded = window_probe(home, steps)
    assert page == "today"
    assert "PySide6" in loaded and "sqlcipher3" in loaded  # the probe did open the store
    assert [name for name in NOT_FOR_TODAY if name in loaded] == []


def test_the_keychain_is_found_while_the_passphrase_is_typed_and_once(
    qtbot: QtBot, home: Any, clock: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _code = make_vault(home, clock, keychain=True).create("Desk Team", PASSPHRASE)
    store.close()
    asked: list[int] = []
    real = keyring.get_keyring
    monkeypatch.setattr(keyring, "get_keyring", lambda: asked.append(1) or real())
    services = make_services(make_vault(home, clock, keychain=True), home, clock)
    runner = TaskRunner(SyncExecutor())
    try:
        assert not asked, "wiring the app does not ask the keychain"
        window = open_window(qtbot, services, runner)
        qtbot.waitUntil(window.lock_screen.passphrase.isVisible)
        assert len(asked) == 1, "the keychain is found while the unlock window waits"
        unlock(qtbot, window)
        qtbot.waitUntil(lambda: window.shell is not None)
        assert len(asked) == 1
        window.shut_down()
    finally:
        runner.shutdown()


def test_after_unlock_only_today_is_built_and_a_page_is_built_on_its_first_visit(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    assert window.shell is not None
    assert list(window.shell.pages.built) == ["today"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.shell.current_key == "schools"
    assert sorted(window.shell.pages.built) == ["schools", "today"]
    assert "settings" in window.shell.pages and "settings" not in window.shell.pages.built


def test_today_asks_the_db_worker_once_for_its_visits_and_prep_sheet(
    qtbot: QtBot, desk: Desk, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs: list[QObject | None] = []
    run_db = window.runner.run_db

    def counted(
        op: Any, on_done: Any = None, on_error: Any = None, receiver: Any = None, *rest: Any, **named: Any
    ) -> None:
        jobs.append(receiver)
        run_db(op, on_done, on_error, receiver, *rest, **named)

    monkeypatch.setattr(window.runner, "run_db", counted)
    unlock(qtbot, window)
    assert window.shell is not None
    today = window.shell.pages["today"]
    assert isinstance(today, TodayPage)
    assert today.prep.title.text() == "Greenfield Primary"  # the first visit's prep sheet is shown
    assert today.models["todays"].rowCount() == 1
    assert sum(1 for receiver in jobs if receiver is today) == 1


def test_today_built_out_of_sight_reloads_when_it_is_first_shown(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    """Today loads its visits as it is built; built before it is shown (as for a draft), it asks
    again when shown, so a visit planned meanwhile is listed."""
    unlock(qtbot, window)
    assert window.shell is not None
    window.shell.show_page("schools")
    window.lock("test")
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.shell is not None and window.shell.current_key == "schools")
    today = window.shell.pages["today"]
    assert isinstance(today, TodayPage) and today.models["todays"].rowCount() == 1
    window.session.casework(lambda cw: cw.plan_visit(desk.other_school, TODAY.isoformat()))
    window.shell.show_page("today")
    assert today.models["todays"].rowCount() == 2


def count_redactors(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gains an entry each time the name redactor (every child's name) is built."""
    built: list[int] = []
    real = redaction.NameRedactor.__init__

    def counting(self: redaction.NameRedactor, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(redaction.NameRedactor, "__init__", counting)
    return built


def test_the_search_index_of_names_is_ready_after_unlock_and_built_once(
    qtbot: QtBot, desk: Desk, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = count_redactors(monkeypatch)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.searcher.index is not None and window.searcher.index.ready)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert built, "the names are indexed after unlock, before any search"
    before = len(built)  # (pages may make a redactor of their own for privacy mode)
    window.privacy.set_on(True)
    for words in ("Zed", "Green", "plan"):
        qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
        popup = window.searcher.popup
        assert popup is not None
        popup.box.setText(words)
        popup.run_query()
        assert popup.results is not None and popup.results.query == words
    assert len(built) == before, "searches reuse the index"


def test_the_screenshot_waits_for_pending_jobs_and_what_they_start_without_sleeping(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_sleep(_seconds: float) -> None:
        raise AssertionError("the screenshot path slept")

    pause = main.time.sleep  # a relative sleep: a timed wait on a thread would outlast libfaketime
    monkeypatch.setattr(main.time, "sleep", no_sleep)
    runner = TaskRunner()  # the real threaded worker
    release = threading.Event()
    delivered: list[str] = []

    def first_done(_result: object) -> None:
        delivered.append("first")
        runner.run_db(lambda: "second", delivered.append)  # a result that asks for more

    runner.run_db(release.wait, first_done)
    threading.Thread(target=lambda: (pause(0.3), release.set()), daemon=True).start()
    try:
        main.settle(qapp, runner)
        assert delivered == ["first", "second"]
        assert not runner.busy
    finally:
        release.set()
        runner.shutdown()


def test_unlocking_with_privacy_mode_off_reads_no_childs_name_until_it_is_switched_on(
    qtbot: QtBot, desk: Desk, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = count_redactors(monkeypatch)
    window.searcher.indexing = False  # the search window's own index is another test's
    unlock(qtbot, window)
    assert window.shell is not None and window.shell.current_key == "today"
    assert not built and window.privacy.redactor is None
    window.privacy_switch.set_on(True)
    qtbot.waitUntil(lambda: window.privacy.redactor is not None)
    assert window.privacy.screen("Zed went home", "names") == "CYP-AB0001 went home"
