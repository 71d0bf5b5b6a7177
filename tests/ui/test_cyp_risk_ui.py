"""Risk and safeguarding on the CYP page (issue #18): the current risk with its history, a form
filled from the keyboard with refusals beside the fields, the measure banner that opens the form,
and free text hidden in privacy mode."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from linkdesk.domain.redaction import HIDDEN
from linkdesk.services.casework import Casework
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.cyp_risk import RiskDialog
from tests.ui.case_helpers import click, desk_fixture, dialog_of, open_cyp, page, query  # noqa: F401
from tests.ui.conftest import flush_deletes
from tests.ui.desk_data import Desk, iso


def uk(days: int) -> str:
    found = iso(days)
    return f"{found[8:]}/{found[5:7]}/{found[:4]}"


def label(page: object, name: str) -> str:
    found = page.findChild(QLabel, name)  # type: ignore[attr-defined]
    assert found is not None, name
    return str(found.text())


def test_the_cyp_page_shows_the_current_risk_and_earlier_ones(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    def add(records: object) -> None:
        cw = Casework(records)  # type: ignore[arg-type]
        cw.record_risk(desk.case_ab, "medium", iso(-20), reason="Low mood after exams")
        cw.record_risk(
            desk.case_ab,
            "high",
            iso(-2),
            reason="Told her tutor she has thought of ending her life",
            safety_plan="Daily check-in with the pastoral lead; mum has the crisis line",
            dsl_informed_on=iso(-2),
        )

    cyp = open_cyp(qtbot, window, desk.case_cd)
    assert label(cyp, "riskAssessed") == "No risk assessment recorded."
    query(window, add)
    cyp = open_cyp(qtbot, window, desk.case_ab)
    assert label(cyp, "riskLevel") == "High risk"
    assert label(cyp, "riskReason") == "Told her tutor she has thought of ending her life"
    assert label(cyp, "riskSafetyPlan").startswith("Daily check-in")
    assert "DSL informed: " in label(cyp, "riskSafeguarding") and "None made" in label(
        cyp, "riskSafeguarding"
    )
    earlier = rows_of(cyp.risks.model)
    assert [(r.level, r.reason) for r in earlier] == [("medium", "Low mood after exams")]
    window.registry["privacy"].trigger()
    flush_deletes()
    assert label(cyp, "riskReason") == HIDDEN and label(cyp, "riskSafetyPlan") == HIDDEN
    assert cyp.risk.text() in ("", HIDDEN)
    assert cyp.risks.model.data(cyp.risks.model.index(0, 2)) == HIDDEN
    assert label(cyp, "riskLevel") == "High risk"  # the level and the dates stay
    window.registry["privacy"].trigger()


def test_record_a_risk_from_the_keyboard(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    cyp = open_cyp(qtbot, window, desk.case_cd)
    assert window.registry["record_risk"].shortcut().toString() == "Ctrl+Shift+I"
    window.registry["record_risk"].trigger()
    form = dialog_of(cyp, RiskDialog)
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    assert form.focusWidget() is form.level  # the first field, ready to type
    qtbot.keyClick(form.assessed_on, Qt.Key.Key_Return)  # no level chosen yet
    assert form.errors.error_of("level") == "Choose the risk level: low, medium or high."
    assert form.focusWidget() is form.level and form.isVisible()
    qtbot.keyClicks(form.level, "h")
    assert form.level.currentData() == "high"
    qtbot.keyClick(form.level, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.assessed_on
    form.assessed_on.selectAll()
    qtbot.keyClicks(form.assessed_on, uk(3))
    qtbot.keyClick(form.assessed_on, Qt.Key.Key_Return)
    assert "after today" in form.errors.error_of("assessed_on") and form.isVisible()
    form.assessed_on.selectAll()
    qtbot.keyClicks(form.assessed_on, uk(0))
    qtbot.keyClick(form.assessed_on, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.focusWidget(), "Disclosed self-harm to a teacher")
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    assert form.focusWidget() is form.safety_plan
    qtbot.keyClicks(form.safety_plan, "Check in each morning")
    qtbot.keyClick(form.safety_plan, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.dsl_informed_on
    qtbot.keyClicks(form.dsl_informed_on, uk(0))
    qtbot.keyClick(form.dsl_informed_on, Qt.Key.Key_Return)
    flush_deletes()
    assert cyp.dialog is None
    [risk] = query(window, lambda r: r.find("risk", {"cyp_id": desk.case_cd}))
    assert (risk.get("level"), risk.get("assessed_on"), risk.get("dsl_informed_on")) == (
        "high",
        iso(0),
        iso(0),
    )
    assert risk.get("reason") == "Disclosed self-harm to a teacher"
    assert risk.get("safety_plan") == "Check in each morning"
    assert label(cyp, "riskLevel") == "High risk"


def test_the_measure_banner_opens_the_risk_form_for_the_child(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    registry = window.services.measure_registry()

    def ypcore(records: object) -> None:
        MeasureRecords(records, registry).record(  # type: ignore[arg-type]
            desk.case_ab,
            "ypcore",
            "0,1,2,3,0,1,2,1,0,1",
            informant="self",
            time_point="baseline",
            date=iso(-1),
        )

    cyp = open_cyp(qtbot, window, desk.case_ab)
    assert not cyp.risk.isVisible()
    query(window, ypcore)
    cyp = open_cyp(qtbot, window, desk.case_ab)
    assert cyp.risk.isVisible() and "YP-CORE" in cyp.risk.text()
    click(qtbot, cyp.risk.action)
    form = dialog_of(cyp, RiskDialog)
    assert form.windowTitle() == "Record the action taken" and form.cyp_id == desk.case_ab
    assert "YP-CORE" in form.reason.toPlainText() and "risk item" in form.reason.toPlainText()
    assert form.assessed_on.text() == uk(0)
    qtbot.keyClicks(form.level, "m")
    click(qtbot, form.ok_button)
    [risk] = query(window, lambda r: r.find("risk", {"cyp_id": desk.case_ab}))
    assert risk.get("level") == "medium" and "YP-CORE" in risk.get("reason")
    flush_deletes()
    assert not cyp.risk.isVisible(), "the banner goes once the action taken is recorded"


def test_the_prep_sheet_lists_children_whose_current_risk_is_high_or_medium(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    def add(records: object) -> None:
        cw = Casework(records)  # type: ignore[arg-type]
        cw.record_risk(desk.case_ab, "high", iso(-30))
        cw.record_risk(desk.case_ab, "low", iso(-3))  # the latest assessment is current
        cw.record_risk(desk.case_cd, "medium", iso(-1), safeguarding_referral_on=iso(-1))
        cw.record_risk(desk.closed_case, "high", iso(-1))  # a closed case is not on the sheet

    open_cyp(qtbot, window, desk.case_ab)  # unlocks
    query(window, add)
    window.show_page("today")
    today = page(window, "today")
    today.reload()
    prep = today.prep
    assert prep.title.text() == "Greenfield Primary"
    assert [r.cyp_id for r in rows_of(prep.models["risks"])] == [desk.case_cd]
    assert prep.counts["risks"].text() == "1"
    cells = [prep.models["risks"].data(prep.models["risks"].index(0, c)) for c in range(4)]
    assert cells[1] == "Medium" and cells[3].startswith("referred ")
