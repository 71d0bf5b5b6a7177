"""The whole journey of a new child (issue #18), by keys alone: a visit planned, a case discussion
about an "anonymous Y8 girl" referred to specialist CAMHS, the next steps accepted, the item made
into a named case with identity, consent recorded, the referral sent, a risk entry, the feedback
letter saved as a PDF, and the action and the risk on the Tasks page, the prep sheet, the day's
pack and the weekly summary."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QPushButton, QWidget

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.reports import ReportFiles
from linkdesk.services.app_services import Services
from linkdesk.ui import pdf_pages
from linkdesk.ui.cyp_form import CypFormDialog
from linkdesk.ui.follow_through import NextStepsDialog
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.cyp_dialogs import ConsentDialog, EventDialog
from linkdesk.ui.pages.cyp_risk import RiskDialog
from linkdesk.ui.pages.reports import FILTERS
from linkdesk.ui.tasks import TaskRunner
from tests.ui.case_helpers import desk_fixture, page, query  # noqa: F401
from tests.ui.conftest import flush_deletes, open_window, unlock
from tests.ui.desk_data import Desk

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
NAME = "Siobhán O'Neill"
ACTION = "Phone her mum about the CAMHS referral"
pytestmark = pytest.mark.skipif(not pdf_pages.available(), reason="the letters need pypdfium2")


@pytest.fixture
def journey_window(qtbot: QtBot, services: Services, runner: TaskRunner) -> Iterator[MainWindow]:
    wired = dataclasses.replace(services, letter_renderer=PdfLetterRenderer(), reports=ReportFiles())
    win = open_window(qtbot, wired, runner)
    yield win
    win.shut_down()


def here() -> QWidget:
    """Where the keyboard is: the focused widget of the open form, else of the main window."""
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    active = QApplication.activeWindow()
    for dialog in sorted(dialogs, key=lambda d: d is not active):
        if (dialog.isModal() or dialog is active) and dialog.focusWidget() is not None:
            return dialog.focusWidget()
    focus = QApplication.focusWidget()
    if focus is None:  # a form closed: the window manager makes the main window active again
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window.activateWindow()
        focus = window.focusWidget()
    assert focus is not None, "nothing has the keyboard"
    return focus


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(here(), key, modifier)
    flush_deletes()


def type_(text: str) -> None:
    """Type ``text`` where the keyboard is, as a keyboard delivers it (accented letters too)."""
    widget = here()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, NONE, char))


def shortcut(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """A window shortcut (offscreen, the window must be active for Qt to honour it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, key, modifier)


def tab_to(qtbot: QtBot, target: QWidget | None, limit: int = 40) -> None:
    """Press Tab until ``target`` has the keyboard (it must be on the Tab path)."""
    assert target is not None
    for _ in range(limit):
        if here() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName() or target}")


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_new_child_from_anonymous_to_a_named_case_by_keys(  # noqa: PLR0915  # one journey, in order
    qtbot: QtBot, desk: Desk, journey_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = journey_window
    unlock(qtbot, window)

    # A visit to Oakhill Academy today, planned with Ctrl+N.
    shortcut(qtbot, window, Qt.Key.Key_N, CTRL)
    today = page(window, "today")
    assert here() is today.plan.school
    type_("Oak")
    assert today.plan.school.currentText() == "Oakhill Academy"
    press(qtbot, Qt.Key.Key_Tab)
    assert here() is today.plan.date
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_("23/11/2026")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_("13:30")
    press(qtbot, Qt.Key.Key_Return)
    assert "Visit planned: Oakhill Academy" in window.status.message_label.text()
    [visit] = query(window, lambda r: r.find("visit", {"school_id": desk.other_school, "date": "2026-11-23"}))

    # Enter on the new visit (the cursor is on it) opens its case discussion.
    press(qtbot, Qt.Key.Key_Return)
    assert window.shell is not None and window.shell.current_key == "discussion"
    discussion = page(window, "discussion")
    item = discussion.editors[0]
    assert here() is item.who
    type_("anonymous Y8 girl")
    press(qtbot, Qt.Key.Key_Tab, times=3)  # about a group, mental health or behaviour
    assert here() is item.concern
    type_("Not eating at lunch; told a friend she wants to disappear")
    press(qtbot, Qt.Key.Key_Tab, times=2)  # the concern categories
    assert here() is item.outcome
    type_("Referred to s")
    assert item.outcome.currentData() == "referred_specialist"
    press(qtbot, Qt.Key.Key_Tab)
    assert here() is item.follow_up
    type_("27/11/2026")
    press(qtbot, Qt.Key.Key_Tab)
    assert here() is item.agreed
    type_(ACTION)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "saved" in window.status.message_label.text().lower(), window.status.message_label.text()
    steps = discussion.findChild(NextStepsDialog)
    assert [t.text() for t in steps.ticks] == ["Action for anonymous Y8 girl, due 27/11/2026:"]
    press(qtbot, Qt.Key.Key_Return)
    assert "Made: 1 action." in window.status.message_label.text()

    # Oakhill's page, found with Ctrl+F, lists her as discussed anonymously.
    shortcut(qtbot, window, Qt.Key.Key_F, CTRL)
    type_("Oakhill")
    press(qtbot, Qt.Key.Key_Return)
    assert window.shell.current_key == "school"
    school = page(window, "school")
    assert [r.label for r in rows_of(school.anonymous.model)] == ["anonymous Y8 girl"]

    # Alt+M makes her into a case: the form is filled in from the item; identity typed in.
    shortcut(qtbot, window, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: school.dialog is not None)  # a mnemonic clicks after a short delay
    form = school.dialog
    assert isinstance(form, CypFormDialog) and here() is form.boxes["given_name"]
    assert form.boxes["year_group"].currentData() == 8
    assert form.boxes["school_id"].currentData() == desk.other_school
    type_("Siobhán")
    press(qtbot, Qt.Key.Key_Tab)
    type_("O'Neill")
    press(qtbot, Qt.Key.Key_Tab, times=2)  # known as
    type_("F")  # sex: female
    press(qtbot, Qt.Key.Key_Tab)
    type_("14/03/2013")
    press(qtbot, Qt.Key.Key_Tab, times=3)  # year group and school, as the item gave them
    assert here() is form.boxes["nhs_number"]
    type_("943 476 5919")
    press(qtbot, Qt.Key.Key_Tab)
    assert here() is form.boxes["carer_name"]
    type_("Áine O'Neill")
    press(qtbot, Qt.Key.Key_Tab)
    type_("M")  # mother
    press(qtbot, Qt.Key.Key_Tab)
    type_("07700 900123")
    press(qtbot, Qt.Key.Key_Tab, times=6)  # email, then the second parent or carer
    assert here() is form.boxes["gp_practice"]
    type_("Hillside Surgery")
    press(qtbot, Qt.Key.Key_Return)
    assert window.shell.current_key == "cyp"
    cyp = page(window, "cyp")
    assert cyp.title.text() == NAME
    assert cyp.findChild(QLabel, "identity_nhs").text() == "943 476 5919"

    # Named, she can be referred: the draft referral the discussion called for is offered.
    offer = school.findChild(NextStepsDialog)
    assert [t.text() for t in offer.ticks] == ["Draft referral for SO · Y8 to"]
    assert offer.destinations[0].currentData() == "specialist_camhs"
    press(qtbot, Qt.Key.Key_Return)
    assert "Made: 1 draft referral." in window.status.message_label.text()
    cyp_id = cyp.record_id
    [referral] = query(window, lambda r: r.find("referral", {"cyp_id": cyp_id}))
    assert referral.get("status") == "draft"
    [action] = query(window, lambda r: r.find("action", {"visit_id": visit.id}))
    assert action.get("cyp_id") == cyp_id, "the action agreed for her is hers once she is named"

    # Consent, with Ctrl+Shift+C: to discuss her by name, then to share with the school.
    shortcut(qtbot, window, Qt.Key.Key_C, CTRL | SHIFT)
    consent = cyp.dialog
    assert isinstance(consent, ConsentDialog) and here() is consent.scope
    assert consent.scope.currentData() == "identifiable_discussion"
    press(qtbot, Qt.Key.Key_Tab, times=2)  # where it stands: given
    type_("P")  # given by her parent or carer
    press(qtbot, Qt.Key.Key_Tab)
    type_("V")  # verbally
    press(qtbot, Qt.Key.Key_Return)
    assert cyp.dialog is None and "Consent recorded: Named discussion." in window.status.message_label.text()
    shortcut(qtbot, window, Qt.Key.Key_C, CTRL | SHIFT)
    type_("Sh")
    assert cyp.dialog.scope.currentData() == "share_with_school"
    press(qtbot, Qt.Key.Key_Tab, times=2)
    type_("P")
    press(qtbot, Qt.Key.Key_Return)
    assert "Consent recorded: Sharing with school." in window.status.message_label.text()

    # The draft referral is sent: the Referrals tab, "Add an event…", Sent, Enter.
    tabs = cyp.tabs
    tab_to(qtbot, tabs.tabBar())
    press(qtbot, Qt.Key.Key_Right, times=3)
    assert tabs.tabText(tabs.currentIndex()).startswith("Referrals")
    tab_to(qtbot, cyp.findChild(QPushButton, "referralEvent"))
    press(qtbot, Qt.Key.Key_Space)
    event = cyp.dialog
    assert isinstance(event, EventDialog) and here() is event.kind
    type_("Se")
    assert event.kind.currentData() == "sent" and event.date.text() == "23/11/2026"
    press(qtbot, Qt.Key.Key_Return)
    assert query(window, lambda r: r.get("referral", referral.id)).get("status") == "sent"

    # A risk entry, with Ctrl+Shift+I.
    shortcut(qtbot, window, Qt.Key.Key_I, CTRL | SHIFT)
    risk = cyp.dialog
    assert isinstance(risk, RiskDialog) and here() is risk.level
    type_("h")
    press(qtbot, Qt.Key.Key_Tab, times=2)  # assessed today
    type_("Told a friend she wants to disappear")
    press(qtbot, Qt.Key.Key_Tab)
    type_("Pastoral lead checks in each morning; mum has the crisis line")
    press(qtbot, Qt.Key.Key_Tab)
    type_("23/11/2026")  # the DSL informed today
    press(qtbot, Qt.Key.Key_Return)
    assert cyp.dialog is None
    assert cyp.findChild(QLabel, "riskLevel").text() == "High risk"

    # The feedback letter to the school, saved as a PDF where the user chose.
    letter_path = tmp_path / "feedback.pdf"
    monkeypatch.setattr(pdf_pages, "ask_save_path", lambda parent, suggestion: letter_path)
    shortcut(qtbot, window, Qt.Key.Key_5, CTRL)
    letters = page(window, "letters")
    assert window.shell.current_key == "letters"
    tab_to(qtbot, letters.template)
    type_("Feedback")
    assert letters.template.currentData() == "school-feedback"
    press(qtbot, Qt.Key.Key_Tab)
    assert here() is letters.subject
    type_("SO")
    assert letters.subject.currentData() == cyp_id
    tab_to(qtbot, letters.save_button)
    press(qtbot, Qt.Key.Key_Space)
    assert "Letter saved to" in window.status.message_label.text()
    letter = pdf_text(letter_path.read_bytes())
    assert f"Feedback about {NAME}, shared with consent" in letter  # the family agreed to sharing
    assert "Phone her mum about the CAMHS referral" in letter
    code = query(window, lambda r: r.get("cyp", cyp_id)).get("pseudonym")

    # Today's pack, printed: her risk and the action on Oakhill's prep sheet, by code, never by name.
    printed: list[bytes] = []
    monkeypatch.setattr(pdf_pages, "ask_printer", lambda parent: object())
    monkeypatch.setattr(pdf_pages, "print_pdfs", lambda printer, pdfs: printed.extend(pdfs) or len(pdfs))
    tab_to(qtbot, letters.pack_button)
    press(qtbot, Qt.Key.Key_Space)
    [oakhill] = [t for t in map(pdf_text, printed) if "Visit preparation: Oakhill Academy" in t]
    flat = " ".join(oakhill.split())
    assert f"{code} high 23 November 2026 23 November 2026" in flat, flat
    assert "Phone her mum about the CAMHS referral 27 November 2026" in flat
    assert "Siobhán" not in oakhill and "O'Neill" not in oakhill

    # Tasks (Ctrl+T): the action agreed for her, hers now she is named.
    shortcut(qtbot, window, Qt.Key.Key_T, CTRL)
    tasks = page(window, "tasks")
    assert window.shell.current_key == "tasks"
    [task] = [r for r in rows_of(tasks.model) if r.what == "Phone her mum about the CAMHS referral"]
    assert task.case.endswith(code) and task.due.isoformat() == "2026-11-27"

    # Today's prep sheet for the visit: her risk and the action.
    shortcut(qtbot, window, Qt.Key.Key_1, CTRL)
    today = page(window, "today")
    tab_to(qtbot, today.tables["todays"])
    press(qtbot, Qt.Key.Key_Down)
    prep = today.prep
    assert prep.title.text() == "Oakhill Academy"
    assert [r.cyp_id for r in rows_of(prep.models["risks"])] == [cyp_id]
    assert [r.description for r in rows_of(prep.models["actions"])] == [ACTION]

    # The weekly summary (Ctrl+6), exported as a PDF: the action due and her current risk.
    summary_path = tmp_path / "weekly.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(summary_path), FILTERS["pdf"]))
    shortcut(qtbot, window, Qt.Key.Key_6, CTRL)
    reports = page(window, "reports")
    tab_to(qtbot, reports.sharing)
    press(qtbot, Qt.Key.Key_Space)  # for the team's own use: lists of children stay in
    assert not reports.sharing.isChecked()
    tab_to(qtbot, reports.export_button)
    press(qtbot, Qt.Key.Key_Space)
    weekly = " ".join(pdf_text(summary_path.read_bytes()).split())
    assert f"{code} High 23 Nov 2026 23 Nov 2026 Told a friend she wants to disappear" in weekly
    assert "Fri 27 Nov Oakhill Academy school Phone her mum about the CAMHS referral" in weekly
    assert "Siobhán" not in weekly and "O'Neill" not in weekly
