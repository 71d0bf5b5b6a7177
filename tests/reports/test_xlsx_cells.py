"""XLSX read back with openpyxl: real dates, whole numbers shown whole, sheet names cut at a word,
no blank header."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import openpyxl
import pytest

from linkdesk.domain.reporting import Column, Report, Row, Section, Table, count, text
from linkdesk.reports import ReportFiles
from linkdesk.reports.xlsx_out import sheet_name
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report
from tests.reports.test_outputs import W47
from tests.reports.world import World, registry

FILES = ReportFiles()
INTEGER_FORMATS = ("0", "#,##0", "General")


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def weekly(records: RecordService, world: World) -> openpyxl.Workbook:
    return workbook(FILES.render(weekly_report(records, W47, world["A"]), "xlsx"))


@pytest.fixture
def service(records: RecordService, world: World) -> openpyxl.Workbook:
    return workbook(FILES.render(service_report(records, W47, "school", registry=registry()), "xlsx"))


def column(sheet: object, title: str) -> list[object]:
    """The cells under a header (header row 3) of a table sheet."""
    header = [c.value for c in sheet[3]]  # type: ignore[index]
    index = header.index(title)
    return [row[index] for row in sheet.iter_rows(min_row=4)]  # type: ignore[attr-defined]


def test_dates_are_dates_with_a_date_format(weekly: openpyxl.Workbook, service: openpyxl.Workbook) -> None:
    cells = [
        *column(weekly["Referrals waiting"], "Sent"),
        *column(weekly[sheet_title(weekly, "Consents expiring")], "Expires"),
        *column(service[sheet_title(service, "Contact against contract")], "Last contact this term"),
    ]
    dated = [c for c in cells if not isinstance(c.value, str | None)]
    assert len(dated) >= 3, "no dates to check"
    for cell in cells:
        if isinstance(cell.value, str):  # a word such as "none" may stand in a date column; a date may not
            assert not re.match(r"\d{4}-\d{2}-\d{2}", cell.value), f"{cell.coordinate} holds a date as text"
    for cell in dated:
        assert isinstance(cell.value, datetime | date), f"{cell.coordinate} holds {cell.value!r}, not a date"
        assert cell.is_date and "y" in cell.number_format.lower()
    sent = [c.value for c in column(weekly["Referrals waiting"], "Sent") if c.value]
    assert sent[0].date() == date(2026, 8, 1)


def test_whole_days_and_counts_are_shown_whole(weekly: openpyxl.Workbook, service: openpyxl.Workbook) -> None:
    days = [c for c in column(weekly["Referrals waiting"], "Days waiting") if c.value is not None]
    assert days and all(isinstance(c.value, int | float) and float(c.value).is_integer() for c in days)
    assert all(c.number_format in INTEGER_FORMATS for c in days), [c.number_format for c in days]
    for sheet in service.worksheets[1:-1]:
        header = [c.value for c in sheet[3]]
        for title in header:
            if title in ("Visits planned", "Held", "Cases discussed", "Number", "Referrals sent"):
                for cell in column(sheet, title):
                    if isinstance(cell.value, int):
                        assert cell.number_format in INTEGER_FORMATS, (sheet.title, title)


def test_no_header_is_blank(weekly: openpyxl.Workbook, service: openpyxl.Workbook) -> None:
    for book in (weekly, service):
        for sheet in book.worksheets[1:-1]:
            header = [c.value for c in sheet[3]]
            assert header and all(str(v or "").strip() for v in header), (sheet.title, header)


def sheet_title(book: openpyxl.Workbook, start: str) -> str:
    return next(s.title for s in book.worksheets if s.title.startswith(start))


def test_sheet_names_fit_excel_and_are_cut_at_a_word(
    weekly: openpyxl.Workbook, service: openpyxl.Workbook
) -> None:
    for book in (weekly, service):
        for sheet in book.worksheets:
            title = str(sheet["A1"].value or "")
            name = sheet.title
            assert len(name) <= 31
            if sheet.title in ("Summary", "Long form"):
                continue
            assert title.startswith(name.rstrip(" 0123456789")) or title.startswith(name), (name, title)
            cut = len(name)
            assert cut == len(title) or not title[cut - 1].isalnum() or not title[cut].isalnum(), (
                f"{name!r} cuts {title!r} mid-word"
            )


def test_sheet_names_of_long_and_repeated_titles() -> None:
    taken: set[str] = set()
    first = sheet_name("Contact against contract and contact frequency, by school", taken)
    assert first == "Contact against contract and"
    second = sheet_name("Contact against contract and contact frequency, by worker", taken)
    assert len(second) <= 31 and second != first and second.endswith(" 2")
    assert " ".join(second.split()[:-1]) in "Contact against contract and contact"
    assert (
        sheet_name("Supercalifragilisticexpialidociousnessessess", taken)
        == ("Supercalifragilisticexpialidociousnessessess"[:31])
    )
    assert sheet_name("What? [draft]: a/b", taken) == "What draft a b"


def test_a_table_with_a_blank_column_title_gets_one_in_the_workbook() -> None:
    table = Table(
        "t",
        "A table",
        "",
        (Column("stalled_flag", "", "text"), Column("n", "Number")),
        (Row("r", "Row", (text("yes"), count(3))),),
    )
    report = Report("weekly", "T", (), (Section("S", tables=(table,)),))
    book = workbook(FILES.render(report, "xlsx"))
    header = [c.value for c in book["A table"][3]]
    assert header == ["Group", "Stalled flag", "Number"]
