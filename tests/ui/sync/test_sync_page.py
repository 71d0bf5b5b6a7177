"""The Sync page with real widgets on real stores: trusting a teammate's real card only after its
fingerprint is confirmed, revoking, bundles out and into a second store, the shared folder, and the
automatic sync when LinkDesk locks or quits."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.services import sync_view as sv
from linkdesk.storage.vault import Vault
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.settings import SettingsPage
from tests.conftest import PASSPHRASE, FrozenClock
from tests.ui.conftest import flush_deletes, unlock
from tests.ui.sync.conftest import CLICK, Answers, Teammate, sync_page, trust_each_other


def add_school(window: MainWindow, name: str) -> str:
    assert window.session is not None
    found: list[str] = []
    window.session.casework(
        lambda cw: cw.records.add("school", {"name": name, "setting_type": "primary"}).id, found.append
    )
    return found[0]


def test_a_card_is_trusted_only_after_its_fingerprint_is_confirmed(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    window = sync_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = sync_page(window)
    team = page.team
    assert page.my_fingerprint.text().count("-") == 4
    assert team.none.isVisible() and not team.table.isVisible()
    answers.paths.append(str(ben.card_file()))
    qtbot.mouseClick(team.trust_button, CLICK)
    assert answers.asked[-1][0] == "Choose your teammate's card"
    assert team.panel.isVisible() and team.matches.hasFocus(), "the form opens on its first field"
    assert team.fingerprint.text() == ben.sync.card()[1].fingerprint
    assert "ben-laptop" in team.card_words.text()
    assert not team.confirm_button.isEnabled()
    qtbot.mouseClick(team.confirm_button, CLICK)
    assert team.model.rowCount() == 0, "nothing is trusted before the fingerprint is confirmed"
    qtbot.mouseClick(team.cancel_button, CLICK)
    assert not team.panel.isVisible() and team.fingerprint.text() == ""

    answers.paths.append(str(ben.card_file()))
    qtbot.mouseClick(team.trust_button, CLICK)
    qtbot.keyClick(team.matches, Qt.Key.Key_Space)
    assert team.confirm_button.isEnabled()
    qtbot.mouseClick(team.confirm_button, CLICK)
    assert not team.panel.isVisible()
    [row] = team.model.rows()
    assert row.card.fingerprint == ben.sync.card()[1].fingerprint and row.revoked_at is None
    assert "Now trusting ben-laptop" in window.status.message_label.text()
    assert unnamed_focusables(page) == [], describe(unnamed_focusables(page))

    # This laptop's own card and a damaged card are refused in plain words, and trust nothing more.
    own = tmp_path / "own.ldcard"
    answers.paths += [str(own), str(own)]
    qtbot.mouseClick(page.save_card_button, CLICK)
    assert answers.asked[-1] == ("Save this laptop's card", "linkdesk-card.ldcard")
    qtbot.mouseClick(team.trust_button, CLICK)
    assert team.problem.isVisible() and "own card" in team.problem.text()
    damaged = tmp_path / "damaged.ldcard"
    damaged.write_bytes(ben.card_file().read_bytes().replace(b"ben-laptop", b"mallory"))
    answers.paths.append(str(damaged))
    qtbot.mouseClick(team.trust_button, CLICK)
    assert "damaged or edited" in team.problem.text() and "Traceback" not in team.problem.text()
    assert not team.panel.isVisible() and team.model.rowCount() == 1


def test_revoke_the_chosen_laptop(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    trust_each_other(qtbot, sync_window, ben, answers, tmp_path)
    page = sync_page(sync_window)
    team = page.team
    assert not team.revoke_button.isEnabled(), "nothing chosen yet"
    team.table.setFocus()
    team.table.selectRow(0)
    assert team.revoke_button.isEnabled()
    qtbot.mouseClick(team.revoke_button, CLICK)
    [row] = team.model.rows()
    assert row.revoked_at is not None and not team.revoke_button.isEnabled()
    assert team.model.data(team.model.index(0, 5)).startswith("Revoked")
    answers.paths.append(str(tmp_path / "none.ldsync"))
    qtbot.mouseClick(page.export_button, CLICK)
    assert "trusts no teammate's card" in page.bundle_result.text()


def test_export_then_import_into_a_second_store_and_back(
    qtbot: QtBot, sync_window: MainWindow, ben: Teammate, answers: Answers, tmp_path: Path
) -> None:
    window = sync_window
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    page = sync_page(window)
    school = add_school(window, "Greenfield Primary")
    out = tmp_path / "out.ldsync"
    answers.paths.append(str(out))
    qtbot.mouseClick(page.export_button, CLICK)
    title, suggested = answers.asked[-1]
    assert title == "Export a bundle" and re.fullmatch(r"linkdesk-2026-11-23\.ldsync", suggested)
    assert "1 teammate's laptop" in page.bundle_result.text()
    assert ben.sync.import_bundle(out.read_bytes()).new_ops == 1
    assert ben.records.get("school", school).get("name") == "Greenfield Primary"

    ben.records.update("school", school, {"phone": "01582 222222"})
    ben.records.add("school", {"name": "Hillside Academy", "setting_type": "secondary"})
    back = tmp_path / "back.ldsync"
    back.write_bytes(ben.sync.bundle()[0])
    answers.paths.append(str(back))
    qtbot.mouseClick(page.import_button, CLICK)
    assert page.bundle_result.text() == "Imported 2 changes from ben-laptop (2 new here)."
    assert page.bundle_result.property("role") == "notice"
    [row] = page.team.model.rows()
    assert row.last_received_at is not None and sv.ago(
        row.last_received_at, window.services.clock.now()
    ).startswith("Today")
    answers.paths.append(str(back))
    qtbot.mouseClick(page.import_button, CLICK)
    assert "imported before; nothing changed" in page.bundle_result.text()

    page.full_box.setChecked(True)
    full = tmp_path / "full.ldsync"
    answers.paths.append(str(full))
    qtbot.mouseClick(page.export_button, CLICK)
    assert "3 changes" in page.bundle_result.text(), "a full bundle carries every change this laptop holds"

    junk = tmp_path / "junk.ldsync"
    junk.write_bytes(b"not a bundle")
    answers.paths.append(str(junk))
    qtbot.mouseClick(page.import_button, CLICK)
    assert (
        page.bundle_result.property("role") == "error" and "Nothing was imported" in page.bundle_result.text()
    )


def test_the_shared_folder_syncs_now_at_lock_and_at_quit_and_a_problem_waits_for_the_next_unlock(
    qtbot: QtBot,
    sync_window: MainWindow,
    ben: Teammate,
    answers: Answers,
    tmp_path: Path,
    vault: Vault,
    clock: FrozenClock,
) -> None:
    window = sync_window
    trust_each_other(qtbot, window, ben, answers, tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    page = sync_page(window)
    assert not page.folder_now_button.isVisible()
    answers.paths.append(str(shared))
    qtbot.mouseClick(page.folder_button, CLICK)
    assert page.folder_label.text() == str(shared) and page.folder_now_button.isEnabled()
    ben.records.add("school", {"name": "Hillside Academy", "setting_type": "secondary"})
    ben.sync.folder(shared)
    qtbot.mouseClick(page.folder_now_button, CLICK)
    assert page.folder_result.text().startswith("Received 1 change from ben-laptop.")

    add_school(window, "Greenfield Primary")
    window.lock("test")
    assert not window.unlocked
    received = ben.sync.folder(shared).imported
    assert sum(r.new_ops for r in received) == 1, "locking left this laptop's changes in the folder"

    clock.advance(minutes=5)
    unlock(qtbot, window)
    add_school(window, "Oakwood Junior")
    window.shut_down()
    assert sum(r.new_ops for r in ben.sync.folder(shared).imported) == 1, "quitting did too"

    flush_deletes()
    for item in shared.iterdir():
        item.unlink()
    shared.rmdir()
    unlock(qtbot, window)
    add_school(window, "Riverside Infants")
    window.lock("test")
    assert not window.unlocked, "a sync that fails never stops the lock"
    flush_deletes()
    unlock(qtbot, window)
    assert window.shell is not None
    window.show_page("today")
    banner = window.shell.banner
    assert banner.isVisible() and banner.problem.text().startswith(sv.AUTO_FAILED)
    assert "is not a folder LinkDesk can use" in banner.problem.text()
    page = sync_page(window)
    assert page.folder_result.property("role") == "error"
    qtbot.mouseClick(page.folder_stop_button, CLICK)
    window.show_page("today")
    assert not banner.isVisible(), "choosing no folder clears the old problem"
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert store.setting("sync_folder") == "" and store.setting(sv.SYNC_PROBLEM) == ""


def test_the_warning_age_is_a_setting_and_settings_show_the_shared_folder(
    qtbot: QtBot, sync_window: MainWindow, answers: Answers, tmp_path: Path, vault: Vault
) -> None:
    window = sync_window
    shared = tmp_path / "shared"
    shared.mkdir()
    page = sync_page(window)
    page.set_folder(str(tmp_path / "missing"))
    assert page.folder_result.text().startswith("There is no folder at")
    answers.paths.append(str(shared))
    qtbot.mouseClick(page.folder_button, CLICK)
    window.show_page("settings")
    assert window.shell is not None
    settings = window.shell.pages["settings"]
    assert isinstance(settings, SettingsPage)
    assert settings._info_values["sync_folder"].text() == str(shared)
    assert settings.quiet_spin.value() == 7
    settings.quiet_spin.setValue(61)
    assert settings.quiet_spin.value() == 60, "at most 60 days"
    settings.quiet_spin.setValue(14)
    settings.save()
    assert not settings.has_unsaved()
    window.lock("test")
    with vault.unlock(PASSPHRASE) as store:
        assert (store.setting("sync_folder"), store.setting("sync_quiet_days")) == (str(shared), "14")
