"""Enter opens a child's record only on a unique match (issue #17, finding 3): the caseload search,
the search window, and the Letters page, which starts with nobody chosen."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.caseload import CaseloadPage
from linkdesk.ui.pages.letters import LettersPage
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE
from tests.ui.conftest import open_window, unlock
from tests.ui.desk_data import TODAY, Desk, build_desk

SAME_INITIALS = 19


@pytest.fixture
def desk(vault: Vault) -> Desk:
    """The small desk, plus 19 children whose initials are AL."""
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: TODAY))
        built = build_desk(cw)
        for n in range(SAME_INITIALS):
            cw.records.add(
                "cyp",
                {"school_id": built.school, "initials": "AL", "year_group": 3 + n % 8, "pseudonym": f"X-{n}"},
            )
        return built


def caseload(qtbot: QtBot, window: MainWindow) -> CaseloadPage:
    unlock(qtbot, window)
    window.registry["go_caseload"].trigger()
    assert window.shell is not None
    found = window.shell.pages["caseload"]
    assert isinstance(found, CaseloadPage)
    return found


def test_caseload_search_enter_with_many_matches_opens_nothing(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    page = caseload(qtbot, window)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "AL")
    assert page.proxy.rowCount() >= SAME_INITIALS
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "caseload", "Enter opened a child"
    assert "cases match" in page.shown.text() and "Down" in page.shown.text()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # into the list: now the choice is the user's
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    chosen = page.table.current_row()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.shell.current_key == "cyp" and window.shell.pages["cyp"].record_id == chosen.id


def test_caseload_search_enter_with_one_match_opens_it(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    page = caseload(qtbot, window)
    qtbot.keyClicks(page.search, "CYP-CD")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "cyp"
    assert window.shell.pages["cyp"].record_id == desk.case_cd


def test_search_window_enter_with_many_matches_opens_nothing(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    popup = window.searcher.popup
    assert popup is not None
    qtbot.keyClicks(popup.box, "AL")
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)  # at once: before the typing pause has passed
    assert popup.results is not None and popup.results.count > 1
    assert window.shell is not None and window.shell.current_key == "today", "Enter opened the first match"
    assert popup.isVisible() and "choose one" in popup.status.text()
    qtbot.keyClick(popup.box, Qt.Key.Key_Down)
    qtbot.keyClick(popup.tree, Qt.Key.Key_Return)
    assert window.shell.current_key == "cyp" and not popup.isVisible()


def test_search_window_enter_with_one_match_opens_it(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    popup = window.searcher.popup
    assert popup is not None
    qtbot.keyClicks(popup.box, "Oakhill")
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "school"
    assert window.shell.pages["school"].record_id == desk.other_school and not popup.isVisible()


@pytest.fixture
def letters_window(qtbot: QtBot, services: Services, runner: TaskRunner) -> Iterator[MainWindow]:
    win = open_window(qtbot, dataclasses.replace(services, letter_renderer=PdfLetterRenderer()), runner)
    yield win
    win.shut_down()


def test_the_letters_page_starts_with_nobody_chosen(
    qtbot: QtBot, desk: Desk, letters_window: MainWindow
) -> None:
    unlock(qtbot, letters_window)
    letters_window.registry["go_letters"].trigger()
    assert letters_window.shell is not None
    page = letters_window.shell.pages["letters"]
    assert isinstance(page, LettersPage) and page.templates
    for index in range(page.template.count()):
        page.template.setCurrentIndex(index)
        assert page.subject.currentData() is None, f"{page.template.currentText()} chose someone"
        assert page.gate.text().startswith("Choose who the letter is about")
        assert not page.preview_button.isEnabled() and not page.print_button.isEnabled()
