"""Creating and editing records from the GUI, by keyboard: a new child from the Caseload page, a
school and its contact, a bad NHS number refused beside its field, the duplicate warning, an
anonymous case discussion item made into a case, and the identity panel on the CYP page.
Names in several scripts and with diacritics, apostrophes and hyphens go in and come back out."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFrame, QLabel, QLineEdit, QPushButton, QWidget

from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.cyp_form import CypFormDialog
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.cyp import CypPage
from tests.ui.case_helpers import click, desk_fixture, dialog_of, open_cyp, page, query  # noqa: F401
from tests.ui.conftest import flush_deletes, unlock
from tests.ui.desk_data import Desk

CTRL = Qt.KeyboardModifier.ControlModifier
GOOD_NHS, BAD_NHS = "943 476 5919", "943 476 5918"


def cyp_count(window: MainWindow) -> int:
    return query(window, lambda r: len(r.find("cyp")))


def keys(widget: QWidget, value: str) -> None:
    """Type ``value`` key by key into ``widget``, as a keyboard or input method delivers it (QTest's
    own typing knows only Latin keys, so scripts like Bengali and Arabic go as text events)."""
    for char in value:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_in(qtbot: QtBot, form: CypFormDialog, field: str, value: str) -> None:
    edit = form.boxes[field]
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    edit.clear()
    keys(edit, value)


def focused(owner: QWidget) -> QWidget:
    """The widget with the keyboard focus in ``owner``'s window (offscreen, windows other than
    the main one are not made active, so ``QApplication.focusWidget`` would not see it)."""
    widget = owner.window().focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, owner: QWidget, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(owner), key)


def caseload_form(qtbot: QtBot, window: MainWindow) -> CypFormDialog:
    if window.shell is None:
        unlock(qtbot, window)
    window.show_page("caseload")
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    return dialog_of(page(window, "caseload"), CypFormDialog)


def test_new_child_from_the_caseload_page_by_keyboard(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    before = cyp_count(window)
    form = caseload_form(qtbot, window)
    assert focused(form) is form.boxes["given_name"]
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    keys(form.boxes["given_name"], "Siobhán")
    press(qtbot, form, Qt.Key.Key_Tab)
    keys(focused(form), "O'Neill-Kowalczyk")
    press(qtbot, form, Qt.Key.Key_Tab, 3)  # known as, sex, date of birth
    assert focused(form) is form.boxes["date_of_birth"]
    keys(focused(form), "14/03/2013")
    press(qtbot, form, Qt.Key.Key_Tab)
    press(qtbot, form, Qt.Key.Key_Down, 9)  # year group: Reception, Year 1 ... Year 8
    press(qtbot, form, Qt.Key.Key_Tab)
    press(qtbot, form, Qt.Key.Key_Down)  # the first school
    press(qtbot, form, Qt.Key.Key_Tab)
    assert focused(form) is form.boxes["nhs_number"]
    keys(focused(form), GOOD_NHS)
    press(qtbot, form, Qt.Key.Key_Return)
    flush_deletes()
    assert cyp_count(window) == before + 1
    assert window.shell is not None and window.shell.current_key == "cyp"
    cyp = page(window, "cyp")
    assert cyp.title.text() == "Siobhán O'Neill-Kowalczyk"
    saved = query(window, lambda r: r.get("cyp", cyp.record_id))
    assert saved.get("year_group") == 8 and saved.get("date_of_birth") == "2013-03-14"
    assert saved.get("school_id") == desk.school and saved.get("nhs_number") == "9434765919"
    assert saved.get("initials") == "SOK"


def test_escape_cancels_and_saves_nothing(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    before = cyp_count(window)
    form = caseload_form(qtbot, window)
    keys(form.boxes["given_name"], "Zofia")
    press(qtbot, form, Qt.Key.Key_Escape)
    flush_deletes()
    assert page(window, "caseload").dialog is None and cyp_count(window) == before


def test_bad_nhs_number_is_refused_beside_the_field(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    before = cyp_count(window)
    form = caseload_form(qtbot, window)
    keys(form.boxes["given_name"], "محمد")
    school = form.boxes["school_id"]
    assert isinstance(school, QComboBox)
    school.setCurrentIndex(school.findData(desk.other_school))
    type_in(qtbot, form, "nhs_number", BAD_NHS)
    press(qtbot, form, Qt.Key.Key_Return)
    assert "check digit" in form.errors.error_of("nhs_number")
    assert focused(form) is form.boxes["nhs_number"] and form.isVisible()
    assert cyp_count(window) == before
    form.boxes["nhs_number"].clear()
    keys(form.boxes["nhs_number"], GOOD_NHS)
    press(qtbot, form, Qt.Key.Key_Return)
    flush_deletes()
    assert cyp_count(window) == before + 1
    assert page(window, "cyp").findChild(QLabel, "identity_nhs").text() == GOOD_NHS


def test_duplicate_warning_names_the_match_and_opens_it(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    existing = query(
        window,
        lambda r: (
            r.add(
                "cyp",
                {
                    "school_id": desk.other_school,
                    "given_name": "Zofia",
                    "family_name": "Wójcik",
                    "date_of_birth": "2012-09-30",
                },
            ).id
        ),
    )
    unlock(qtbot, window)
    before = cyp_count(window)
    form = caseload_form(qtbot, window)
    keys(form.boxes["given_name"], "zofia")
    type_in(qtbot, form, "family_name", "Wojcik")
    type_in(qtbot, form, "date_of_birth", "30/09/2012")
    school = form.boxes["school_id"]
    assert isinstance(school, QComboBox)
    school.setCurrentIndex(school.findData(desk.school))
    press(qtbot, form, Qt.Key.Key_Return)
    assert cyp_count(window) == before and form.isVisible()
    [match] = form.findChildren(QLabel, "duplicateMatch")
    assert "Zofia Wójcik" in match.text() and "Oakhill Academy" in match.text()
    assert "same name and date of birth" in match.text()
    opener = form.findChild(QPushButton, "duplicate_open")
    assert focused(form) is opener
    press(qtbot, form, Qt.Key.Key_Return)  # Enter opens the match, the safer choice
    flush_deletes()
    assert window.shell is not None and window.shell.current_key == "cyp"
    assert page(window, "cyp").record_id == existing and cyp_count(window) == before


def test_duplicate_nhs_number_can_be_saved_anyway(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    query(window, lambda r: r.update("cyp", desk.case_ab, {"nhs_number": GOOD_NHS}))
    unlock(qtbot, window)
    before = cyp_count(window)
    form = caseload_form(qtbot, window)
    keys(form.boxes["given_name"], "সুমাইয়া")
    school = form.boxes["school_id"]
    assert isinstance(school, QComboBox)
    school.setCurrentIndex(school.findData(desk.school))
    type_in(qtbot, form, "nhs_number", GOOD_NHS)
    press(qtbot, form, Qt.Key.Key_Return)
    [match] = form.findChildren(QLabel, "duplicateMatch")
    assert "CYP-AB0001" in match.text() and "same NHS number" in match.text()
    click(qtbot, form.findChild(QPushButton, "duplicate_continue"))
    assert cyp_count(window) == before + 1
    assert page(window, "cyp").title.text() == "সুমাইয়া"


def test_create_a_school_and_a_contact(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    window.show_page("schools")
    schools = page(window, "schools")
    click(qtbot, schools.findChild(QPushButton, "new_school"))
    name = schools.findChild(QLineEdit, "schoolForm_name")
    assert focused(schools) is name
    keys(name, "St Bernadette's Catholic School")
    keys(schools.findChild(QLineEdit, "schoolForm_urn"), "12345")
    press(qtbot, schools, Qt.Key.Key_Return)
    assert "6 digits" in schools.form.errors.error_of("urn")
    assert focused(schools) is schools.findChild(QLineEdit, "schoolForm_urn")
    keys(focused(schools), "190002")  # the wrong URN is selected: typing replaces it
    press(qtbot, schools, Qt.Key.Key_Return)
    flush_deletes()
    assert window.shell is not None and window.shell.current_key == "school"
    school = page(window, "school")
    assert school.title.text() == "St Bernadette's Catholic School"
    click(qtbot, school.findChild(QPushButton, "new_contact"))
    contact_name = school.findChild(QLineEdit, "contactForm_name")
    assert focused(school) is contact_name
    keys(contact_name, "Zofia Wójcik")
    keys(school.findChild(QLineEdit, "contactForm_email"), "z.wojcik@example.org")
    qtbot.keyClick(school.findChild(QLineEdit, "contactForm_email"), Qt.Key.Key_Return)
    flush_deletes()
    assert [(c.name, c.email) for c in rows_of(school.models["contacts"])] == [
        ("Zofia Wójcik", "z.wojcik@example.org")
    ]
    stored = query(window, lambda r: r.find("contact", {"school_id": school.record_id}))
    assert [c.get("name") for c in stored] == ["Zofia Wójcik"]
    table = school.tables["contacts"]
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter on a contact changes it
    form = school.forms["contact"]
    assert form.isVisible() and contact_name.text() == "Zofia Wójcik"
    assert focused(form) is contact_name
    window.activateWindow()  # offscreen: shortcuts (Escape here) need the active window
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_anonymous_item_made_into_a_case_shows_its_history(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)

    def discuss(records) -> str:  # type: ignore[no-untyped-def]
        visit = records.add("visit", {"school_id": desk.other_school, "date": "2026-11-18", "status": "held"})
        concern = {"anon_label": "anonymous Y8 girl", "concern": "Not eating at lunch since half term"}
        return records.add("discussion_item", {"visit_id": visit.id, **concern}).id

    item = query(window, discuss)
    window.open_record("school", desk.other_school)
    school = page(window, "school")
    assert [r.label for r in rows_of(school.anonymous.model)] == ["anonymous Y8 girl"]
    click(qtbot, school.findChild(QPushButton, "make_case"))
    form = dialog_of(school, CypFormDialog)
    assert form.boxes["year_group"].currentData() == 8  # type: ignore[attr-defined]
    assert form.boxes["school_id"].currentData() == desk.other_school  # type: ignore[attr-defined]
    keys(form.boxes["given_name"], "Amira")
    type_in(qtbot, form, "family_name", "O'Neill-Kowalczyk")
    press(qtbot, form, Qt.Key.Key_Return)
    flush_deletes()
    assert window.shell is not None and window.shell.current_key == "cyp"
    cyp = page(window, "cyp")
    linked = query(window, lambda r: r.get("discussion_item", item))
    assert linked.get("cyp_id") == cyp.record_id and linked.get("anon_label") == "anonymous Y8 girl"
    entries = cyp.findChildren(QFrame, "discussionEntry")
    texts = [label.text() for entry in entries for label in entry.findChildren(QLabel)]
    assert "Not eating at lunch since half term" in texts
    window.open_record("school", desk.other_school)
    assert rows_of(school.anonymous.model) == [] and not school.anonymous.isVisible()


def test_cyp_page_shows_identity_and_edits_it(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    query(
        window,
        lambda r: r.update(
            "cyp",
            desk.case_ab,
            {
                "nhs_number": "9434765919",
                "carer_name": "Aoife O'Neill-Kowalczyk",
                "carer_relationship": "mother",
                "carer_phone": "07700 900123",
                "carer2_name": "محمد Rahman",
                "carer2_relationship": "step_parent",
                "gp_practice": "Hillside Surgery",
                "gp_practice_code": "A81001",
            },
        ),
    )
    cyp = open_cyp(qtbot, window, desk.case_ab)
    assert isinstance(cyp, CypPage)

    def shown(key: str) -> str:
        return str(cyp.findChild(QLabel, f"identity_{key}").text())

    assert shown("nhs") == GOOD_NHS and shown("born") == "10/01/2013 (age 13)"
    assert "Aoife O'Neill-Kowalczyk (Mother)\n07700 900123" in shown("carers")
    assert "محمد Rahman (Step-parent)" in shown("carers")
    assert shown("gp") == "Hillside Surgery (A81001)"
    window.privacy_switch.privacy.set_on(True)
    assert shown("nhs") == "Hidden in privacy mode" and shown("born") == "age 13"
    assert "Aoife" not in shown("carers") and "07700" not in shown("carers")
    window.privacy_switch.privacy.set_on(False)
    click(qtbot, cyp.findChild(QPushButton, "edit_cyp"))
    form = dialog_of(cyp, CypFormDialog)
    assert form.boxes["nhs_number"].text() == GOOD_NHS  # type: ignore[attr-defined]
    assert form.boxes["date_of_birth"].text() == "10/01/2013"  # type: ignore[attr-defined]
    type_in(qtbot, form, "gp_practice", "Riverside Medical Centre")
    press(qtbot, form, Qt.Key.Key_Return)
    flush_deletes()
    assert cyp.dialog is None and shown("gp") == "Riverside Medical Centre (A81001)"
