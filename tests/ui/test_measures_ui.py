"""Outcome measures through real widgets: keying a paper form by item number, the live score and
the risk banner, saving, the trajectory chart painting, and the Measures page."""

from __future__ import annotations

import itertools

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from linkdesk import config
from linkdesk.measures import MeasureRegistry
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.measure_view import trajectories
from linkdesk.ui import theme
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.forms import set_choice
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.measure_entry import MeasureEntryDialog
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.measures import MeasuresPage
from linkdesk.ui.trajectory_chart import TrajectoryChart
from tests.ui.case_helpers import click, desk_fixture, dialog_of, open_cyp, page, query  # noqa: F401
from tests.ui.conftest import flush_deletes, unlock
from tests.ui.desk_data import Desk, iso


def entry_on_cyp(qtbot: QtBot, window: MainWindow, cyp_id: str) -> MeasureEntryDialog:
    cyp = open_cyp(qtbot, window, cyp_id)
    cyp.command("enter_measure")
    return dialog_of(cyp, MeasureEntryDialog)


def preview_main(form: MeasureEntryDialog) -> str:
    flush_deletes()  # the preview is rebuilt on every key
    return str(form.findChild(QLabel, "previewMain").text())


def grid_labels(form: MeasureEntryDialog) -> list[str]:
    assert form.answers is not None
    return [label.text() for label in form.answers.findChildren(QLabel)]


def test_key_a_form_by_item_number_see_the_score_and_the_risk_banner(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    form = entry_on_cyp(qtbot, window, desk.case_ab)
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    assert form.measure.currentData() == "ypcore" and form.informant.currentData() == "self"
    assert "I’ve thought of hurting myself" in grid_labels(form)  # YP-CORE's licence allows its wording
    grid = form.answers
    assert grid is not None
    grid.setFocus()
    qtbot.keyClicks(grid, "0 1 2 3 0 1 2 1 0 1")
    assert grid.values() == ["0", "1", "2", "3", "0", "1", "2", "1", "0", "1"]
    assert preview_main(form) == "17  ·  clinical range"  # a girl of 13: the cut-off is 14
    assert form.risk.isVisible() and "item 4" in form.risk.text() and "Often" in form.risk.text()
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClicks(grid, "7")
    assert "7 is not a box" in form.answers_field.error.text()
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    qtbot.keyClicks(grid, "---0")
    assert grid.values()[:4] == [None, None, None, "0"] and not form.risk.isVisible()
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)  # back to item 4, cleared
    qtbot.keyClicks(grid, "3")
    assert grid.values()[:5] == [None, None, None, "3", "0"] and form.risk.isVisible()
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    qtbot.keyClicks(grid, "012")
    form.time_point.setCurrentIndex(0)
    click(qtbot, form.ok_button)
    stored = query(window, lambda r: r.find("measure_result", {"cyp_id": desk.case_ab}))
    assert len(stored) == 1 and stored[0].get("responses") == "0,1,2,3,0,1,2,1,0,1"
    cyp = page(window, "cyp")
    assert cyp.risk.isVisible() and "YP-CORE" in cyp.risk.text()
    assert len(cyp.findChildren(TrajectoryChart)) == 1 and cyp.tabs.tabText(4) == "Measures (1)"


def test_item_numbers_only_where_the_licence_withholds_the_wording(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    form = entry_on_cyp(qtbot, window, desk.case_cd)
    set_choice(form.measure, "sdq-p4-17")
    flush_deletes()
    assert form.informant.currentData() == "parent" and "item number" in form.licence.text()
    words = [t for t in grid_labels(form) if not t.isdigit()]
    assert words == ["Impact supplement (optional)"]
    assert form.answers is not None and len(form.answers.rows) == 33
    form.answers.setFocus()
    qtbot.keyClicks(form.answers, "0120120120120120120120120")
    assert preview_main(form).endswith("very high")
    click(qtbot, form.ok_button)
    [stored] = query(window, lambda r: r.find("measure_result", {"cyp_id": desk.case_cd}))
    assert stored.get("responses").count(",") == 24  # the impact supplement was left out


def test_an_unverified_cut_off_is_marked_beside_its_band_on_screen(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    # The ORS default (adolescent, 13-17) cut-off 28 was not found in any source read, so every
    # band from it carries "(unverified)"; the label itself stays "clinical range".
    form = entry_on_cyp(qtbot, window, desk.case_cd)
    set_choice(form.measure, "ors")
    flush_deletes()
    assert form.answers is not None
    for row in form.answers.rows:
        assert row.field is not None
        row.field.setText("5")
    assert preview_main(form) == "20  ·  clinical range (unverified)"
    form.time_point.setCurrentIndex(0)
    click(qtbot, form.ok_button)
    cyp = page(window, "cyp")
    results = cyp.tabs.tables["results"].model()
    score_column = next(
        c for c in range(results.columnCount()) if results.headerData(c, Qt.Orientation.Horizontal) == "Score"
    )
    assert results.data(results.index(0, score_column)) == "20 · clinical range (unverified)"
    [chart] = cyp.findChildren(TrajectoryChart)
    assert "clinical range (unverified)" in chart.accessibleDescription()


def test_two_digit_answers_on_an_eleven_box_scale(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    form = entry_on_cyp(qtbot, window, desk.case_cd)
    set_choice(form.measure, "gbo")
    flush_deletes()
    assert form.answers is not None
    form.answers.setFocus()
    qtbot.keyClicks(form.answers, "10 5 7")
    assert form.answers.values() == ["10", "5", "7"]
    qtbot.keyClick(form.answers, Qt.Key.Key_Home)
    qtbot.keyClicks(form.answers, "12")
    assert form.answers.values() == ["1", "2", "7"]


def test_the_chart_paints_points_bands_and_reliable_change(desk: Desk, qtbot: QtBot, vault: object) -> None:
    registry = MeasureRegistry.load(config.resources_dir() / "measures")
    from tests.conftest import PASSPHRASE

    store = vault.unlock(PASSPHRASE)  # type: ignore[attr-defined]
    with store:
        from linkdesk.services.records import RecordService
        from tests.ui.desk_data import TODAY

        recorder = MeasureRecords(RecordService(store, lambda: TODAY), registry)
        for answers, when in (("2,2,2,2", -60), ("5,5,5,5", -30), ("5.5,5,5,5", -1)):
            recorder.record(
                desk.case_ab, "ors", answers, informant="self", time_point="review", date=iso(when)
            )
        [ors] = trajectories(registry, recorder.history(desk.case_ab))
    chart = TrajectoryChart(ors, theme.LIGHT)
    qtbot.addWidget(chart)
    chart.resize(520, 220)
    chart.grab()
    drawn = chart.painted
    assert drawn is not None and drawn == chart.geometry_now()  # painted from what was decided
    # the three scores (ORS total: 4 items of 0 to 10, higher is better), in date order
    assert [(p.value, p.label, p.colour, p.risky) for p in drawn.points] == [
        (8.0, "8", theme.LIGHT.accent, False),
        (20.0, "20", theme.LIGHT.accent, False),
        (20.5, "20.5", theme.LIGHT.accent, False),
    ]
    assert drawn.line == tuple(p.at for p in drawn.points)
    plot = drawn.plot
    xs = [p.at.x() for p in drawn.points]
    assert plot.left() < xs[0] < xs[1] < xs[2] < plot.right()
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(30 / 59)  # spaced by date: -60, -30, -1
    for p in drawn.points:  # 0 at the bottom of the plot, 40 at its top
        assert p.at.y() == pytest.approx(plot.bottom() - plot.height() * p.value / 40)
    # the bands tile the plot from the bottom (0) to the top (40) without gaps
    bands = sorted(drawn.bands, key=lambda b: b.low)
    assert bands[0].low == 0 and bands[-1].high == 40 and len(bands) >= 2
    assert all(
        a.high == b.low and a.rect.top() == pytest.approx(b.rect.bottom())
        for a, b in itertools.pairwise(bands)
    )
    assert bands[0].rect.bottom() == pytest.approx(plot.bottom()) and bands[-1].rect.top() == pytest.approx(
        plot.top()
    )
    assert len({b.colour for b in bands}) == len(bands)  # each band its own shade
    # 8 to 20 is reliable improvement; 20 to 20.5 is not
    assert [(b.index, b.words, b.colour) for b in drawn.badges] == [
        (0, "Reliably better", theme.LIGHT.good),
        (1, "No reliable change", theme.LIGHT.subtle),
    ]
    assert xs[0] < drawn.badges[0].anchor.x() < xs[1]
    assert "8" in chart.accessibleDescription() and "reliable improvement" in chart.accessibleDescription()


def test_measures_page_lists_results_and_enters_one_for_a_chosen_case(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    window.show_page("measures")
    measures = page(window, "measures")
    assert isinstance(measures, MeasuresPage)
    assert measures.results.rowCount() == 0 and measures.measures.rowCount() >= 10
    assert not unnamed_focusables(measures), describe(unnamed_focusables(measures))
    window.registry["enter_measure"].trigger()
    form = dialog_of(measures, MeasureEntryDialog)
    assert not unnamed_focusables(form), describe(unnamed_focusables(form))
    click(qtbot, form.ok_button)
    assert form.errors.error_of("cyp_id") == "Choose whose measure this is."
    set_choice(form.case, desk.case_ab)
    assert form.answers is not None
    form.answers.setFocus()
    qtbot.keyClicks(form.answers, "1111111111")
    click(qtbot, form.ok_button)
    [row] = rows_of(measures.results)
    assert row.cyp_id == desk.case_ab and row.risk and row.short_name == "YP-CORE"
