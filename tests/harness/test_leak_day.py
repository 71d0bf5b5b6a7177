"""Leak harness (security R2): a scripted day of use with canaries in every kind of free text,
then every file and file name under the data folder, the temp folder, HOME and the XDG config,
cache and data folders (where Qt keeps its caches and settings), a teammate's data folder and
the folder the person saved things to, scanned for each canary (``tests/canaries.py``).

The day: the store is filled; the desktop app unlocks, shows several pages, previews a letter,
saves it and prints it to a file, locks and unlocks; the CLI writes the weekly and service
reports, a subject access export, a backup and a sync bundle that a teammate imports; a writer
is killed with ``kill -9`` in the middle of adding notes, leaving a hot write-ahead log.

Allowed hits: only the files the person asked for with a child's details in them
(``ALLOWED``). Bundles, backups and everything LinkDesk keeps for itself must show none.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtPrintSupport import QPrinter

from linkdesk.app import build_services, main
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from linkdesk.ui import pdf_pages
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.letters import LettersPage
from linkdesk.ui.tasks import SyncExecutor, TaskRunner
from tests import canaries
from tests.conftest import PASSPHRASE, REPO, FrozenClock, make_vault
from tests.sync.conftest import CODEC, befriend, make_device
from tests.ui.conftest import flush_deletes, open_window, unlock
from tests.ui.desk_data import Desk, build_desk, iso

KINDS = (
    "given",
    "family",
    "note",
    "concern",
    "actions",
    "action",
    "summary",
    "contact",
    "comms",
    "head",
    "staff",
)
#: What the person saved on purpose, each holding a child's details by design.
ALLOWED = ("letter-saved.pdf", "letter-printed.pdf", "sar.txt", "weekly.pdf", "service.csv")


def canary_set(per_kind: int) -> dict[str, list[str]]:
    """Lower-case letters and digits only, so each survives the search index's tokeniser whole."""
    return {kind: [f"zq{kind}{n:02d}leak" for n in range(per_kind)] for kind in KINDS}


def fill(records: RecordService, casework: Casework, desk: Desk, sets: dict[str, list[str]]) -> None:
    store = records.session
    store.set_setting("letterhead_address", "\n".join(sets["head"]))
    records.update("cyp", desk.case_cd, {"given_name": sets["given"][0], "family_name": sets["family"][0]})
    records.update("cyp", desk.case_ab, {"family_name": sets["family"][-1]})
    for n, (given, family) in enumerate(zip(sets["given"][1:], sets["family"][1:], strict=False)):
        records.add(
            "cyp", {"school_id": desk.school, "initials": "XY", "given_name": given, "family_name": family}
        )
        del n
    for text in sets["note"]:
        casework.add_note("cyp", desk.case_ab, f"Spoke with {text} about sleep")
    for concern, actions in zip(sets["concern"], sets["actions"], strict=True):
        records.add(
            "discussion_item",
            {"visit_id": desk.last_visit, "cyp_id": desk.case_cd, "concern": concern, "actions": actions,
             "outcome": "watchful_waiting"},
        )  # fmt: skip
    for text in sets["action"]:
        records.add(
            "action",
            {"description": text, "school_id": desk.school, "cyp_id": desk.case_cd, "due_on": iso(3)},
        )
    for text in sets["summary"]:
        records.add("visit", {"school_id": desk.school, "date": iso(-21), "status": "held", "summary": text,
                              "duration_minutes": 60})  # fmt: skip
    for text in sets["contact"]:
        records.add("contact", {"school_id": desk.school, "name": text, "role": "senco"})
    for text in sets["comms"]:
        records.add(
            "communication", {"date": iso(-1), "channel": "phone", "school_id": desk.school, "summary": text}
        )
    for text in sets["staff"]:
        records.add("staff", {"name": text, "role": "link_worker"})


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """One user's world: HOME, TMPDIR and the XDG folders, for this process and its children."""
    places = {name: tmp_path / name for name in ("home", "tmp", "config", "cache", "xdgdata", "saved")}
    for path in places.values():
        path.mkdir()
    places["data"] = places["home"] / "linkdesk-data"
    places["teammate"] = places["home"] / "teammate"
    for var, key in (("HOME", "home"), ("TMPDIR", "tmp"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "xdgdata")):  # fmt: skip
        monkeypatch.setenv(var, str(places[key]))
    monkeypatch.setattr(tempfile, "tempdir", str(places["tmp"]))
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    return places


def the_gui(qtbot: QtBot, places: dict[str, Path], clock: FrozenClock, desk: Desk, monkeypatch) -> None:
    services = dataclasses.replace(
        build_services(str(places["data"])), vault=make_vault(places["data"], clock), clock=clock
    )
    saved = places["saved"]
    monkeypatch.setattr(pdf_pages, "ask_save_path", lambda parent, suggestion: saved / "letter-saved.pdf")

    def printer(parent: object) -> QPrinter:
        stand_in = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        stand_in.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        stand_in.setOutputFileName(str(saved / "letter-printed.pdf"))
        return stand_in

    monkeypatch.setattr(pdf_pages, "ask_printer", printer)
    runner = TaskRunner(SyncExecutor())
    window: MainWindow = open_window(qtbot, services, runner)
    try:
        unlock(qtbot, window)
        for page in ("today", "caseload", "schools", "tasks", "reports", "sync", "settings"):
            window.show_page(page)
        window.registry["go_letters"].trigger()
        assert window.shell is not None
        letters = window.shell.pages["letters"]
        assert isinstance(letters, LettersPage)
        letters.template.setCurrentIndex(letters.template.findData("school-feedback"))
        letters.subject.setCurrentIndex(letters.subject.findData(desk.case_cd))
        for button in (letters.preview_button, letters.save_button, letters.print_button):
            assert button.isEnabled()
            button.click()
        window.lock("test")
        flush_deletes()
        unlock(qtbot, window)
        window.show_page("caseload")
    finally:
        window.shut_down()
        runner.shutdown()
        flush_deletes()
    assert (saved / "letter-saved.pdf").exists() and (saved / "letter-printed.pdf").exists()


def kill_mid_write(places: dict[str, Path], cyp: str, canary: str) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.harness.leak_writer", str(places["data"]), cyp, canary],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
    )
    assert writer.stdout is not None
    for _ in range(3):  # three notes acknowledged, then killed mid-write
        writer.stdout.readline()
    writer.send_signal(signal.SIGKILL)
    writer.wait()


def run_day(qtbot: QtBot, places: dict[str, Path], sets: dict[str, list[str]], monkeypatch) -> list[str]:
    clock = FrozenClock()
    data, saved = places["data"], places["saved"]
    with make_vault(data, clock).create("Leak Team", PASSPHRASE)[0] as store:
        casework = Casework(RecordService(store, lambda: clock.now().date()))
        desk = build_desk(casework)
        fill(casework.records, casework, desk, sets)
    the_gui(qtbot, places, clock, desk, monkeypatch)
    for command in (
        ["report", "weekly", "--week", "2026-W48", "--out", str(saved / "weekly.pdf")],
        ["report", "service", "--period", "2026-11", "--out", str(saved / "service.csv")],
        ["sar", desk.case_cd, "--out", str(saved / "sar.txt")],
        ["backup", "--out", str(data / "backups" / "today.ldbackup")],
        ["search", sets["note"][0]],
        ["verify", "--deep"],
    ):
        assert main(["--home", str(data), *command]) == 0, command
    teammate = make_device(places["teammate"].parent, places["teammate"].name, clock)
    with make_vault(data, clock).unlock(PASSPHRASE) as store:
        mine = TeamSync(store, CODEC, clock, "mine")
        befriend(dataclasses.replace(teammate), _device(store, mine))
        mine.export(saved / "to-teammate.ldsync")
    teammate.sync.import_bundle((saved / "to-teammate.ldsync").read_bytes())
    teammate.store.close()
    kill_mid_write(places, desk.case_ab, sets["note"][0])
    hot = canaries.scan(data, all_of(sets))  # the hot write-ahead log, before any reopen
    assert main(["--home", str(data), "verify"]) == 0
    return hot


def _device(store, sync):  # type: ignore[no-untyped-def]
    from tests.sync.conftest import Device

    return Device("mine", store, RecordService(store, lambda: FrozenClock().now().date()), sync)


def all_of(sets: dict[str, list[str]]) -> list[str]:
    return [c for kind in KINDS for c in sets[kind]]


def check_day(qtbot: QtBot, sandbox: dict[str, Path], per_kind: int, monkeypatch) -> None:
    sets = canary_set(per_kind)
    hot = run_day(qtbot, sandbox, sets, monkeypatch)
    allowed = [sandbox["saved"] / name for name in ALLOWED]
    assert all(path.exists() for path in allowed)
    found = canaries.scan(sandbox["home"].parent, all_of(sets), allowed=allowed)
    assert hot == [] and found == []
    # the scan is not blind: the letter saved on purpose does carry the child's name
    assert canaries.scan(sandbox["saved"], sets["given"][:1]), "the scanner found nothing where it must"


def test_a_day_of_use_leaves_no_canary_anywhere(qtbot: QtBot, sandbox: dict[str, Path], monkeypatch) -> None:
    check_day(qtbot, sandbox, 1, monkeypatch)


@pytest.mark.slow
def test_a_day_with_fifty_five_canaries(qtbot: QtBot, sandbox: dict[str, Path], monkeypatch) -> None:
    check_day(qtbot, sandbox, 5, monkeypatch)
