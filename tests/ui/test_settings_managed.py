"""Settings the organisation manages, through the real page: shown, locked, labelled, not saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.domain.managed import ManagedPolicy, parse_policy
from linkdesk.services.app_services import Services
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.pages.settings_managed import MANAGED_HINT
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE
from tests.ui.conftest import open_window, unlock

SOURCE = "/etc/linkdesk/managed.json"


def settings_page(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    unlock(qtbot, window)
    window.registry["go_settings"].trigger()
    assert window.shell is not None
    page = window.shell.pages["settings"]
    assert isinstance(page, SettingsPage)
    return page


@pytest.fixture
def managed_window(
    request: pytest.FixtureRequest, qtbot: QtBot, services: Services, runner: TaskRunner, recovery_code: str
) -> Iterator[MainWindow]:
    policy: ManagedPolicy = request.param
    window = open_window(qtbot, dataclasses.replace(services, managed=policy), runner)
    yield window
    window.shut_down()


MANAGED = parse_policy(
    {"idle_lock_minutes": 2, "letterhead": {"service_name": "Trust MHST", "address": "1 Trust Road"}}, SOURCE
)
BROKEN = parse_policy({"idle_lock_minutes": 40}, SOURCE)


@pytest.mark.parametrize("managed_window", [MANAGED], indirect=True)
def test_managed_fields_are_shown_locked_and_labelled(
    qtbot: QtBot, managed_window: MainWindow, vault: Vault
) -> None:
    page = settings_page(qtbot, managed_window)
    assert page.name_edit.text() == "Trust MHST" and not page.name_edit.isEnabled()
    assert page.address_edit.toPlainText() == "1 Trust Road" and not page.address_edit.isEnabled()
    assert page.keys.idle_spin.value() == 2 and not page.keys.idle_spin.isEnabled()
    assert page.contact_edit.isEnabled() and page.suppress_spin.isEnabled()
    for key in ("service_name", "letterhead_address", "idle_lock_minutes"):
        field = page.errors.fields[key]
        assert field.hint.text() == MANAGED_HINT and field.hint.isVisibleTo(page)
    assert page.errors.fields["letterhead_contact"].hint.text() != MANAGED_HINT
    assert page.managed_notice.isVisibleTo(page) and SOURCE in page.managed_notice.text()
    assert managed_window.facts is not None and managed_window.facts.idle_minutes == 2
    assert managed_window.status.service_label.text() == "Trust MHST"
    page.contact_edit.setText("01234 000000")
    qtbot.keyClick(managed_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.has_unsaved()
    managed_window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("letterhead_contact") == "01234 000000"
        assert store.setting("service_name") == "Canary Team Service"  # the user's own, untouched
        assert store.setting("idle_lock_minutes") is None


@pytest.mark.parametrize("managed_window", [BROKEN], indirect=True)
def test_a_refused_file_is_named_and_nothing_is_locked(qtbot: QtBot, managed_window: MainWindow) -> None:
    page = settings_page(qtbot, managed_window)
    assert page.managed_notice.isVisibleTo(page)
    assert "was not used: idle_lock_minutes must be a whole number from 1 to 15" in page.managed_notice.text()
    assert page.keys.idle_spin.isEnabled() and page.name_edit.isEnabled()
    assert all(field.hint.text() != MANAGED_HINT for field in page.errors.fields.values())


@pytest.mark.parametrize("managed_window", [ManagedPolicy()], indirect=True)
def test_with_nothing_managed_the_page_says_nothing(qtbot: QtBot, managed_window: MainWindow) -> None:
    page = settings_page(qtbot, managed_window)
    assert not page.managed_notice.isVisibleTo(page) and page.keys.idle_spin.isEnabled()
