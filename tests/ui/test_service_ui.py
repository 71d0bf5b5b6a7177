"""The Service page through real widgets: offers against contract, agreements with warnings,
actions (mark done), the duty line and the agency directory; adds with a refusal under the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.service import RecordTab, ServicePage
from linkdesk.ui.record_form import RecordForm
from tests.ui.conftest import unlock
from tests.ui.wider_data import Wider, open_desk

CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def wider(vault: Vault) -> Wider:
    return open_desk(vault)


def service(qtbot: QtBot, window: MainWindow) -> ServicePage:
    unlock(qtbot, window)
    window.registry["go_service"].trigger()
    assert window.shell is not None and window.shell.current_key == "service"
    page = window.shell.pages["service"]
    assert isinstance(page, ServicePage)
    return page


def query(window: MainWindow, op: Callable[[RecordService], Any]) -> Any:
    found: list[Any] = []
    assert window.session is not None
    window.session.casework(lambda cw: op(cw.records), found.append)
    return found[0]


def type_into(qtbot: QtBot, form: RecordForm, name: str, value: str) -> None:
    widget = form.inputs[name]
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findText(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    else:
        assert isinstance(widget, QLineEdit)
        widget.clear()
        qtbot.keyClicks(widget, value)


def open_add(qtbot: QtBot, page: ServicePage, key: str) -> tuple[RecordTab, RecordForm]:
    tab = page.open_tab(key)
    qtbot.mouseClick(tab.add_button, CLICK)
    assert tab.form.isVisible()
    return tab, tab.form


def test_offers_show_contact_time_against_the_contract(
    qtbot: QtBot, wider: Wider, window: MainWindow
) -> None:
    page = service(qtbot, window)
    rows = {r.school: r for r in rows_of(page.tab["offers"].proxy)}
    green = rows["Greenfield Primary"]
    assert green.contracted_minutes == 2 * 60 * 3 and green.delivered_minutes == 90 + 60
    assert rows["Oakhill Academy"].offer_id is None
    assert "without an offer" in page.summary.text()  # type: ignore[union-attr]


def test_add_an_offer_with_a_refusal_under_the_field(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = service(qtbot, window)
    tab, form = open_add(qtbot, page, "offers")
    type_into(qtbot, form, "school_id", "Oakhill Academy")
    type_into(qtbot, form, "academic_year", "2026/28")
    type_into(qtbot, form, "contracted_hours", "30")
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.errors.error_of("academic_year") == "'2026/28' is not an academic year like 2026/27."
    assert form.inputs["academic_year"].hasFocus()
    type_into(qtbot, form, "academic_year", "2026/27")
    qtbot.keyClick(form.inputs["academic_year"], Qt.Key.Key_Return)
    assert not form.isVisible() and window.status.message_label.text() == "Offer added."
    oak = next(r for r in rows_of(tab.proxy) if r.school == "Oakhill Academy")
    assert oak.contracted_minutes == 30 * 60


def test_agreements_warn_and_a_bad_date_is_refused(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = service(qtbot, window)
    rows = {r.school: r for r in rows_of(page.tab["agreements"].proxy)}
    assert rows["Oakhill Academy"].state == "expired" and "renew" in rows["Oakhill Academy"].warning
    tab, form = open_add(qtbot, page, "agreements")
    type_into(qtbot, form, "school_id", "Oakhill Academy")
    type_into(qtbot, form, "status", "Active")
    type_into(qtbot, form, "review_on", "31/02/2027")
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.errors.error_of("review_on").startswith("Give the date as day/month/year")
    type_into(qtbot, form, "agreed_on", "01/12/2026")
    type_into(qtbot, form, "review_on", "01/12/2027")
    qtbot.mouseClick(form.save_button, CLICK)
    rows = {r.school: r for r in rows_of(tab.proxy)}
    assert rows["Oakhill Academy"].state == "active" and rows["Oakhill Academy"].warning == ""


def test_add_and_finish_an_action(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = service(qtbot, window)
    tab, form = open_add(qtbot, page, "actions")
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.errors.error_of("description") == "Give the description."
    type_into(qtbot, form, "description", "Send the leaflet")
    type_into(qtbot, form, "due_on", "20/11/2026")
    qtbot.keyClick(form.inputs["due_on"], Qt.Key.Key_Return)
    added = next(r for r in rows_of(tab.proxy) if r.description == "Send the leaflet")
    assert added.overdue
    tab.filter.setCurrentIndex(tab.filter.findData("overdue"))  # type: ignore[union-attr]
    assert {r.description for r in rows_of(tab.proxy)} == {"Overdue letter", "Send the leaflet"}
    tab.select(added.id)
    qtbot.mouseClick(tab.extra, CLICK)  # type: ignore[arg-type]
    assert query(window, lambda r: r.get("action", added.id).get("status")) == "done"
    assert "Send the leaflet" not in {r.description for r in rows_of(tab.proxy)}


def test_log_a_duty_line_call_quickly(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = service(qtbot, window)
    tab, form = open_add(qtbot, page, "duty")
    assert form.inputs["summary"].hasFocus(), "the cursor starts where the call is written"
    type_into(qtbot, form, "summary", "SENCo asked about anxiety training")
    type_into(qtbot, form, "minutes", "ten")
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.errors.error_of("minutes") == "Give a whole number, or leave it empty."
    type_into(qtbot, form, "minutes", "10")
    qtbot.mouseClick(form.save_button, CLICK)
    first = rows_of(tab.proxy)[0]
    assert first.summary == "SENCo asked about anxiety training" and first.channel == "helpline"


def test_agencies_flag_stale_details_and_find_by_name(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = service(qtbot, window)
    tab = page.open_tab("agencies")
    stale = {r.name: r.stale for r in rows_of(tab.proxy)}
    assert stale == {"Kooth online": True, "Young Minds Luton": False}
    text = tab.model.data(tab.model.index(0, 4))
    assert text.endswith("over a year ago")
    assert isinstance(tab.filter, QLineEdit)
    qtbot.keyClicks(tab.filter, "young")
    assert [r.name for r in rows_of(tab.proxy)] == ["Young Minds Luton"]
    tab.filter.clear()
    tab.select(wider.stale_agency)
    qtbot.mouseClick(tab.extra, CLICK)  # type: ignore[arg-type]
    assert not next(r for r in rows_of(tab.proxy) if r.name == "Kooth online").stale


def test_enter_on_a_row_opens_it_for_changing(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = service(qtbot, window)
    tab = page.open_tab("training")
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    form = tab.form
    assert form.isVisible() and form.record_id == wider.training
    assert form.inputs["title"].text() == "Anxiety twilight"  # type: ignore[attr-defined]
    type_into(qtbot, form, "attendees", "24")
    qtbot.keyClick(form.inputs["attendees"], Qt.Key.Key_Return)
    assert query(window, lambda r: r.get("training", wider.training).get("attendees")) == 24
