"""The Letters page through real widgets: the consent gate's refusal before rendering, a preview
drawn in memory, saving only where the user chose, printing (to a stand-in), and the day's pack.
Every letter shown, printed or saved is in the letter log afterwards."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.app_services import Services
from linkdesk.storage.vault import Vault
from linkdesk.ui import pdf_pages
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.cyp_dialogs import ConsentDialog
from linkdesk.ui.pages.letters import LettersPage
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE
from tests.ui.conftest import flush_deletes, open_window, unlock
from tests.ui.wider_data import Wider, open_desk

CLICK = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.skipif(not pdf_pages.available(), reason="the preview needs pypdfium2")


@pytest.fixture
def wider(vault: Vault) -> Wider:
    return open_desk(vault)


@pytest.fixture
def letters_window(qtbot: QtBot, services: Services, runner: TaskRunner) -> Iterator[MainWindow]:
    win = open_window(qtbot, dataclasses.replace(services, letter_renderer=PdfLetterRenderer()), runner)
    yield win
    win.shut_down()


def letters(qtbot: QtBot, window: MainWindow) -> LettersPage:
    unlock(qtbot, window)
    window.registry["go_letters"].trigger()
    assert window.shell is not None
    page = window.shell.pages["letters"]
    assert isinstance(page, LettersPage)
    return page


def choose(page: LettersPage, template: str, subject: str) -> None:
    page.template.setCurrentIndex(page.template.findData(template))
    page.subject.setCurrentIndex(page.subject.findData(subject))


def logged(vault: Vault, window: MainWindow) -> list[dict[str, Any]]:
    window.lock("test")
    flush_deletes()
    with vault.unlock(PASSPHRASE) as store:
        return [r.fields for r in store.records.find("letter")]


def test_the_consent_gate_refuses_before_anything_is_made(
    qtbot: QtBot, wider: Wider, letters_window: MainWindow, vault: Vault
) -> None:
    page = letters(qtbot, letters_window)
    choose(page, "school-feedback", wider.desk.case_ab)
    assert page.gate.property("role") == "error"
    assert page.gate.text().startswith(
        "Consent to share with the school for AB · Year 8 · CYP-AB0001: asked 13 Nov 2026, no answer yet."
    )
    assert "Zed" not in page.gate.text() and "_" not in page.gate.text()
    assert not page.preview_button.isEnabled() and not page.save_button.isEnabled()
    choose(page, "school-feedback", wider.desk.case_cd)
    assert page.gate.property("role") == "notice" and "is given" in page.gate.text()
    assert page.preview_button.isEnabled()
    assert logged(vault, letters_window) == []


def test_a_refused_letter_says_why_in_words_and_offers_to_record_the_consent(
    qtbot: QtBot, wider: Wider, letters_window: MainWindow
) -> None:
    page = letters(qtbot, letters_window)
    window = letters_window
    assert window.session is not None
    window.session.casework(
        lambda cw: cw.records.add(
            "cyp", {"school_id": wider.desk.school, "initials": "GH", "pseudonym": "CYP-GH0009"}
        )
    )
    window.show_page("today")
    window.registry["go_letters"].trigger()
    new_case = next(c.id for c in page.subjects["cyp"] if c.label == "GH · CYP-GH0009")
    choose(page, "school-feedback", new_case)
    assert page.gate.text() == (
        "No consent to share with the school is recorded for GH · CYP-GH0009. This letter names them "
        "to the school, so it can be made only once that consent is given."
    )
    record = page.gate_prompt.record_button
    assert record.isVisible() and record.accessibleName() == "Record consent"
    record.setFocus()
    qtbot.keyClick(record, Qt.Key.Key_Space)
    form = page.gate_prompt.dialog
    assert isinstance(form, ConsentDialog) and form.isVisible()
    assert form.scope.currentData() == "share_with_school" and form.status.currentData() == "given"
    assert "GH · CYP-GH0009" in form.intro.text()
    form.given_by.setCurrentIndex(form.given_by.findData("parent_carer"))
    form.ok_button.setFocus()
    qtbot.keyClick(form.ok_button, Qt.Key.Key_Space)
    flush_deletes()
    assert page.gate_prompt.dialog is None
    assert page.gate.text().startswith("Consent to share with the school is given, recorded 23 Nov 2026")
    assert page.preview_button.isEnabled() and not record.isVisible()
    assert "Consent recorded: Sharing with school." in window.status.message_label.text()


def test_the_day_pack_is_offered_only_on_a_day_with_visits(
    qtbot: QtBot, wider: Wider, letters_window: MainWindow
) -> None:
    page = letters(qtbot, letters_window)
    assert page.pack_button.isEnabled() and "1 visit:" in page.day_pack.about.text()
    window = letters_window
    assert window.session is not None
    window.session.casework(
        lambda cw: cw.records.update("visit", wider.desk.today_visit, {"status": "cancelled_by_school"})
    )
    window.show_page("today")
    window.registry["go_letters"].trigger()
    assert not page.pack_button.isEnabled()
    assert page.day_pack.about.text().startswith("No visits today (Monday 23 November 2026)")


def test_preview_shows_the_pages_and_is_logged(
    qtbot: QtBot, wider: Wider, letters_window: MainWindow, vault: Vault
) -> None:
    page = letters(qtbot, letters_window)
    choose(page, "school-feedback", wider.desk.case_cd)
    qtbot.mouseClick(page.preview_button, CLICK)
    sheet = page.sheets.findChild(type(page.gate), "letterPage1")
    assert sheet is not None and not sheet.pixmap().isNull() and sheet.pixmap().width() > 200
    assert page.page_count.text().endswith("logged as previewed")
    entries = logged(vault, letters_window)
    assert [(e["template"], e["output"], e["cyp_id"]) for e in entries] == [
        ("school-feedback", "previewed", wider.desk.case_cd)
    ]


def test_save_writes_only_the_chosen_path(
    qtbot: QtBot,
    wider: Wider,
    letters_window: MainWindow,
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = letters(qtbot, letters_window)
    choose(page, "consent-request-parent", wider.desk.case_ab)
    out_dir = tmp_path / "chosen"
    out_dir.mkdir()
    suggested: list[str] = []

    def ask(parent: object, suggestion: str) -> Path:
        suggested.append(suggestion)
        return out_dir / "for-the-family.pdf"

    monkeypatch.setattr(pdf_pages, "ask_save_path", ask)
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    qtbot.mouseClick(page.save_button, CLICK)
    after = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert after - before == {out_dir / "for-the-family.pdf"}
    assert suggested == ["consent-request-parent-2026-11-23.pdf"], "no child's name in the suggestion"
    assert "Zed" in "".join(page.extract_text() for page in PdfReader(out_dir / "for-the-family.pdf").pages)
    assert [e["output"] for e in logged(vault, letters_window)] == ["saved"]


def test_print_goes_to_the_chosen_printer_and_is_logged(
    qtbot: QtBot,
    wider: Wider,
    letters_window: MainWindow,
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = letters(qtbot, letters_window)
    choose(page, "school-feedback", wider.desk.case_cd)
    target = tmp_path / "printer-stand-in.pdf"

    def printer(parent: object) -> QPrinter:
        stand_in = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        stand_in.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        stand_in.setOutputFileName(str(target))
        return stand_in

    monkeypatch.setattr(pdf_pages, "ask_printer", printer)
    qtbot.mouseClick(page.print_button, CLICK)
    assert len(PdfReader(target).pages) >= 1
    assert "sent to the printer" in letters_window.status.message_label.text()
    assert [e["output"] for e in logged(vault, letters_window)] == ["printed"]


def test_the_day_pack_prints_every_prep_sheet_for_today(
    qtbot: QtBot,
    wider: Wider,
    letters_window: MainWindow,
    vault: Vault,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = letters(qtbot, letters_window)
    printed: list[list[bytes]] = []
    monkeypatch.setattr(pdf_pages, "ask_printer", lambda parent: object())
    monkeypatch.setattr(pdf_pages, "print_pdfs", lambda printer, pdfs: printed.append(pdfs) or len(pdfs))
    qtbot.mouseClick(page.pack_button, CLICK)
    assert page.pack is not None
    assert [item.label for item in page.pack.letters] == ["Prep sheet · Greenfield Primary"]
    assert len(printed) == 1 and len(printed[0]) == 1
    entries = logged(vault, letters_window)
    assert [(e["template"], e["output"], e["visit_id"]) for e in entries] == [
        ("visit-prep-sheet", "printed", wider.desk.today_visit)
    ]


def test_the_preview_is_hidden_in_privacy_mode(
    qtbot: QtBot, wider: Wider, letters_window: MainWindow
) -> None:
    page = letters(qtbot, letters_window)
    choose(page, "school-feedback", wider.desk.case_cd)
    qtbot.mouseClick(page.preview_button, CLICK)
    assert page.sheets.findChild(type(page.gate), "letterPage1") is not None
    letters_window.registry["privacy"].trigger()
    flush_deletes()
    assert page.sheets.findChild(type(page.gate), "letterPage1") is None
    assert page.empty.text() == "The preview is hidden in privacy mode; Print and Save still work."
    letters_window.registry["privacy"].trigger()
    flush_deletes()
    assert page.sheets.findChild(type(page.gate), "letterPage1") is not None
