"""The Reports page through real widgets on a small desk store: a weekly summary whose figures
match the report service's own, a service report over a custom range, the end-before-start error
beside its field, exports written exactly where chosen, the chart widget, and accessible names."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtWidgets import QFileDialog

from linkdesk.domain.reporting import Chart, Series, display
from linkdesk.domain.reporting_periods import Period, iso_week
from linkdesk.reports import ReportFiles
from linkdesk.services.app_services import Services
from linkdesk.services.me import choose_me
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report
from linkdesk.storage.vault import Vault
from linkdesk.ui import theme
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.charts import ChartView, nice_top
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.reports import FILTERS, ReportsPage, chosen_format
from linkdesk.ui.report_jobs import last_weeks
from tests.conftest import PASSPHRASE, FrozenClock
from tests.ui.conftest import make_services, unlock
from tests.ui.desk_data import TODAY
from tests.ui.wider_data import Wider, open_desk

CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def services(vault: Vault, home: Path, clock: FrozenClock) -> Services:
    return replace(make_services(vault, home, clock), reports=ReportFiles())


@pytest.fixture
def wider(vault: Vault) -> Wider:
    return open_desk(vault)


def reports(qtbot: QtBot, window: MainWindow) -> ReportsPage:
    unlock(qtbot, window)
    assert window.shell is not None
    window.shell.show_page("reports")
    page = window.shell.pages["reports"]
    assert isinstance(page, ReportsPage)
    return page


def query(window: MainWindow, op: Any) -> Any:
    found: list[Any] = []
    assert window.session is not None
    window.session.run(lambda store: op(RecordService(store, lambda: TODAY)), found.append)
    return found[0]


def choose(combo: Any, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_opens_on_last_weeks_summary_and_figures_match_the_service(
    qtbot: QtBot, wider: Wider, window: MainWindow
) -> None:
    page = reports(qtbot, window)
    assert page.week.currentData() == "2026-W47"  # the week before Monday 23 Nov 2026
    assert page.view.report is not None and page.view.report.kind == "weekly"
    choose(page.week, "2026-W46")
    qtbot.mouseClick(page.build_button, CLICK)
    own = query(window, lambda records: weekly_report(records, iso_week("2026-W46")))
    shown = page.view.figure_texts()
    assert shown == {m.key: display(m.cell) for m in own.headline}
    assert shown["visits_held"] == "1"
    assert "Week 2026-W46" in page.view.facts.text()
    assert page.view.charts["contact_against_contract"].has_data()
    assert "visits" in page.view.tables and page.view.models["visits"].rowCount() == 1


def test_weekly_summary_for_one_worker(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = reports(qtbot, window)
    assert [page.staff.itemText(n) for n in range(page.staff.count())] == ["Whole team", "Wren Worker"]
    page.staff.setCurrentIndex(1)
    qtbot.mouseClick(page.build_button, CLICK)
    assert page.view.report is not None and ("Worker", "Wren Worker") in page.view.report.facts


def test_the_weekly_summary_is_mine_by_default_once_me_is_chosen(
    qtbot: QtBot, wider: Wider, vault: Vault, window: MainWindow
) -> None:
    with vault.unlock(PASSPHRASE) as store:
        records = RecordService(store, lambda: TODAY)
        choose_me(records, records.find("staff")[0].id)
    page = reports(qtbot, window)
    assert page.staff.currentText() == "Wren Worker (you)"
    assert page.view.report is not None and ("Worker", "Wren Worker") in page.view.report.facts
    page.staff.setCurrentIndex(page.staff.findData(None))
    qtbot.mouseClick(page.build_button, CLICK)
    assert ("Worker", "Wren Worker") not in page.view.report.facts, "the whole team, one choice away"


def test_service_report_over_a_custom_range(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = reports(qtbot, window)
    choose(page.kind, "service")
    choose(page.period, "custom")
    assert page.start.isEnabled() and page.end.isEnabled()
    page.start.setDate(QDate(2026, 9, 1))
    page.end.setDate(QDate(2026, 11, 23))
    choose(page.group, "staff")
    qtbot.mouseClick(page.build_button, CLICK)
    report = page.view.report
    assert report is not None and report.kind == "service"
    own = query(window, lambda records: service_report(records, Period(date(2026, 9, 1), TODAY), "staff"))
    assert page.view.figure_texts() == {m.key: display(m.cell) for m in own.headline[:6]}
    assert any("1 Sep 2026" in value for _label, value in report.facts)
    assert page.view.tables and not page.problem.isVisible()


def test_end_before_start_is_shown_beside_the_field(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = reports(qtbot, window)
    before = page.view.report
    choose(page.kind, "service")
    choose(page.period, "custom")
    page.start.setDate(QDate(2026, 11, 1))
    page.end.setDate(QDate(2026, 10, 1))
    qtbot.mouseClick(page.build_button, CLICK)
    assert page.end_error.isVisible() and "before the first day" in page.end_error.text()
    assert page.end.accessibleDescription() == page.end_error.text()
    assert page.view.report is before  # nothing was built
    page.end.setDate(QDate(2026, 11, 20))
    assert not page.end_error.isVisible()


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path, fmt: str) -> list[str]:
    asked: list[str] = []

    def fake(_parent: object, _title: str, suggested: str, *_rest: object) -> tuple[str, str]:
        asked.append(suggested)
        return str(path), FILTERS[fmt]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return asked


def test_export_csv_writes_exactly_the_chosen_file(
    qtbot: QtBot, wider: Wider, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = reports(qtbot, window)
    out = tmp_path / "exports" / "summary.csv"
    out.parent.mkdir()
    asked = save_as(monkeypatch, out, "csv")
    page.sharing.setChecked(False)
    qtbot.mouseClick(page.export_button, CLICK)
    assert Path(asked[0]).name == "weekly-2026-W47.pdf"  # no personal data in the suggestion
    assert sorted(p.name for p in out.parent.iterdir()) == ["summary.csv"]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["metric", "value"]
    assert ["visits_held", "0"] in rows
    assert "Saved summary.csv" in page.status.text()


def test_export_pdf_for_sharing_of_the_service_report(
    qtbot: QtBot, wider: Wider, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = reports(qtbot, window)
    choose(page.kind, "service")
    choose(page.period, "academic")
    assert page.sharing.isChecked() and "by code" in page.sharing.text()
    folder = tmp_path / "shared"
    folder.mkdir()
    pdf = folder / "service.pdf"
    asked = save_as(monkeypatch, pdf, "pdf")
    qtbot.mouseClick(page.export_button, CLICK)
    assert Path(asked[0]).name == "service-academic-2026-11-23-by-school.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    shared = folder / "service.csv"
    save_as(monkeypatch, shared, "csv")
    qtbot.mouseClick(page.export_button, CLICK)
    body = shared.read_text(encoding="utf-8-sig")
    assert "Greenfield Primary" not in body and "Oakhill" not in body  # schools by code
    assert "[c]" in body  # small counts withheld at the default threshold
    assert sorted(p.name for p in folder.iterdir()) == ["service.csv", "service.pdf"]


def test_chosen_format_prefers_the_file_ending() -> None:
    assert chosen_format("/x/a.XLSX", FILTERS["pdf"]) == (Path("/x/a.XLSX"), "xlsx")
    assert chosen_format("/x/a", FILTERS["csv"]) == (Path("/x/a.csv"), "csv")
    assert last_weeks(TODAY, 2)[1][0] == "2026-W47"
    assert nice_top(0.8) == 0.8 and nice_top(17) == 20 and nice_top(0) == 1


CONTACT = (1.5, None, 3.0)
CONTRACTED = (2.0, 2.0, 2.0)


def _chart(kind: str) -> Chart:
    return Chart(
        "c",
        "Contact hours",
        kind,  # type: ignore[arg-type]
        ("Alpha", "Beta", "Gamma"),
        (Series("Contact", CONTACT), Series("Contracted", CONTRACTED)),
        "hours",
    )


def _shown(qtbot: QtBot) -> ChartView:
    view = ChartView(theme.LIGHT)
    qtbot.addWidget(view)
    view.resize(480, 260)
    view.show()
    return view


def test_empty_chart_says_so_and_draws_no_values(qtbot: QtBot) -> None:
    view = _shown(qtbot)
    empty = view.grab().toImage()
    assert view.chart_geometry() is None and view.painted is None
    assert "Nothing to chart" in view.accessibleDescription()
    view.set_chart(Chart("c", "Contact hours", "bar", ("Alpha",), (Series("Contact", (None,)),), "hours"))
    assert not view.has_data() and view.chart_geometry() is None  # only withheld values
    assert view.grab().toImage() == empty  # the same quiet message, nothing else


def test_bar_chart_geometry(qtbot: QtBot) -> None:
    view = _shown(qtbot)
    empty = view.grab().toImage()
    view.set_chart(_chart("bar"))
    assert view.has_data() and view.accessibleName() == "Contact hours"
    assert "Beta: Contact not shown" in view.accessibleDescription()
    assert view.grab().toImage() != empty
    drawn = view.painted
    assert drawn is not None and drawn == view.chart_geometry()  # painted from what was decided
    assert drawn.kind == "bar" and drawn.top == 3.0 and not drawn.points and not drawn.segments
    # one bar per value shown; the withheld one (Beta, Contact) has none
    assert [(b.category, b.series, b.value) for b in drawn.bars] == [
        (0, 0, 1.5), (0, 1, 2.0), (1, 1, 2.0), (2, 0, 3.0), (2, 1, 2.0),
    ]  # fmt: skip
    widget = QRectF(view.rect())
    for bar in drawn.bars:
        assert widget.contains(bar.rect) and drawn.plot.contains(bar.rect)
        assert bar.rect.left() == drawn.plot.left()  # bars grow from the axis
        assert bar.rect.width() / drawn.plot.width() == pytest.approx(bar.value / drawn.top)
        # series differ by shade and by fill, never by colour alone
        first = bar.series == 0
        assert (bar.colour, bar.filled) == (
            (theme.LIGHT.accent, True) if first else (theme.LIGHT.subtle, False)
        )
    tops = [b.rect.top() for b in drawn.bars]
    assert tops == sorted(tops)  # categories top to bottom, series in order within each
    gamma = next(b for b in drawn.bars if (b.category, b.series) == (2, 0))
    assert gamma.rect.right() == pytest.approx(drawn.plot.right())  # the largest value meets the top


def test_line_chart_geometry(qtbot: QtBot) -> None:
    view = _shown(qtbot)
    view.set_chart(_chart("line"))
    view.grab()
    drawn = view.painted
    assert drawn is not None and drawn == view.chart_geometry()
    assert drawn.kind == "line" and drawn.top == 3.0 and not drawn.bars
    assert [(p.series, p.category, p.value) for p in drawn.points] == [
        (0, 0, 1.5), (0, 2, 3.0), (1, 0, 2.0), (1, 1, 2.0), (1, 2, 2.0),
    ]  # fmt: skip
    plot = drawn.plot
    for point in drawn.points:
        assert plot.adjusted(-0.01, -0.01, 0.01, 0.01).contains(point.at)
        assert point.at.y() == pytest.approx(plot.bottom() - plot.height() * point.value / drawn.top)
        assert point.at.x() == pytest.approx(plot.left() + plot.width() * point.category / 2)
        first = point.series == 0
        assert (point.colour, point.shape) == (
            (theme.LIGHT.accent, "circle") if first else (theme.LIGHT.subtle, "square")
        )
    # Contact has a gap where Beta is withheld: no line joins Alpha to Gamma
    assert [s for s in drawn.segments if s.series == 0] == []
    contracted = [s for s in drawn.segments if s.series == 1]
    assert len(contracted) == 2 and all(s.dashed and s.colour == theme.LIGHT.subtle for s in contracted)
    assert contracted[0].end == contracted[1].start
    assert all(s.start.y() == pytest.approx(s.end.y()) for s in contracted)  # 2.0 all along
    view.clear()
    assert not view.has_data() and view.chart_geometry() is None


def test_chart_geometry_follows_the_widget_size(qtbot: QtBot) -> None:
    view = _shown(qtbot)
    view.set_chart(_chart("line"))
    small = view.chart_geometry()
    view.resize(960, 520)
    large = view.chart_geometry()
    assert small is not None and large is not None
    assert large.plot.width() > small.plot.width() and large.plot.height() > small.plot.height()
    assert [p.value for p in large.points] == [p.value for p in small.points]


def test_every_input_has_an_accessible_name(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = reports(qtbot, window)
    for kind in ("service", "weekly"):
        choose(page.kind, kind)
        qtbot.mouseClick(page.build_button, CLICK)
        assert describe(unnamed_focusables(page)) == []


def test_lock_wipes_the_report(qtbot: QtBot, wider: Wider, window: MainWindow) -> None:
    page = reports(qtbot, window)
    assert page.view.report is not None
    page.wipe()
    assert page.view.report is None and not page.view.tables and page.staff.count() == 0
    assert not page.view.charts["contact_against_contract"].has_data()


@pytest.mark.parametrize(
    ("days_on", "week"),
    [(0, "2026-W47"), (2, "2026-W47"), (3, "2026-W48"), (6, "2026-W48")],
    ids=["Monday: last week", "Wednesday: last week", "Thursday: this week", "Sunday: this week"],
)
def test_the_weekly_summary_opens_on_this_week_from_thursday(
    qtbot: QtBot, wider: Wider, clock: FrozenClock, window: MainWindow, days_on: int, week: str
) -> None:
    clock.advance(days=days_on)  # from Monday 23 Nov 2026 (week 48)
    page = reports(qtbot, window)
    assert page.week.currentData() == week
    assert page.view.report is not None and f"Week {week}" in page.view.facts.text()
