"""A report as an Excel workbook: a summary sheet, one sheet per table, and the long form.

Text always goes in with ``write_string`` after neutralising (never ``write``, which would turn
``=...`` into a formula), and the workbook is told not to convert strings to formulas, numbers
or links. Dates in a date column are real dates with a date format; counts, minutes and whole
days have a whole-number format; sheet names fit Excel's 31 characters, cut at a word; a column
with no title gets one from its key.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import xlsxwriter

from linkdesk.domain.reporting import Cell, Column, Kind, Report, Table, display, long_form
from linkdesk.reports.cells import neutralise, safe

_NUMBER_FORMATS = {
    "percent": "0.0%",
    "hours": "0.0",
    "days": "0.0",
    "number": "0.0",
    "count": "0",
    "minutes": "0",
}
#: Kinds whose whole values are shown without decimals.
_WHOLE_KINDS = ("days", "hours", "number")
_DATE_FORMAT = "d mmm yyyy"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
SHEET_NAME_MAX = 31
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name for ``title``: Excel's 31 characters at most, cut at a word (a single word
    longer than that is cut where it must be), numbered when a name is already ``taken``."""
    words = " ".join(_SHEET_BAD.sub(" ", title).split()) or "Sheet"
    name, n = _fit(words, SHEET_NAME_MAX), 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = _fit(words, SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    taken.add(name.lower())
    return name


def _fit(words: str, limit: int) -> str:
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rfind(" ")
    head = words[:cut] if cut > 0 else words[:limit]
    return head.rstrip(" ,;-(") or words[:limit]


def _header(column: Column) -> str:
    """A column's title; never blank (an untitled column is named from its key)."""
    return column.label.strip() or column.key.replace("_", " ").strip().capitalize() or "Value"


class _Book:
    def __init__(self, workbook: Any) -> None:
        self.book = workbook
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 14, "font_color": "#003087"})
        self.head = workbook.add_format(
            {"bold": True, "bg_color": "#005EB8", "font_color": "#FFFFFF", "text_wrap": True, "valign": "top"}
        )
        self.total = workbook.add_format({"bold": True, "top": 1})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.numbers = {kind: workbook.add_format({"num_format": f}) for kind, f in _NUMBER_FORMATS.items()}
        self.whole = workbook.add_format({"num_format": "0"})
        self.date = workbook.add_format({"num_format": _DATE_FORMAT, "align": "left"})
        self.names: set[str] = set()

    def sheet(self, title: str) -> Any:
        return self.book.add_worksheet(sheet_name(title, self.names))

    def number_format(self, kind: Kind, value: float) -> Any:
        if kind in _WHOLE_KINDS and float(value).is_integer():
            return self.whole
        return self.numbers.get(kind)


def _text(sheet: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
    sheet.write_string(row, col, neutralise(str(value)), fmt)


def _cell(book: _Book, sheet: Any, row: int, col: int, cell: Cell, column_kind: Kind = "text") -> None:
    value = cell.value
    is_date = "date" in (cell.kind, column_kind) and isinstance(value, str) and _ISO_DATE.match(value)
    if cell.withheld_under is None and is_date:
        sheet.write_datetime(row, col, date.fromisoformat(str(value)), book.date)
        return
    if cell.withheld_under is not None or isinstance(value, str):
        _text(sheet, row, col, display(cell))
    elif value is None:
        sheet.write_blank(row, col, None)
    else:
        sheet.write_number(row, col, value, book.number_format(cell.kind, value))


def _summary(book: _Book, report: Report) -> None:
    sheet = book.sheet("Summary")
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 90)
    _text(sheet, 0, 0, report.title, book.title)
    row = 2
    for name, value in report.facts:
        _text(sheet, row, 0, name, book.bold)
        _text(sheet, row, 1, value)
        row += 1
    _text(sheet, row, 0, report.marking, book.bold)
    row += 2
    for section in report.sections:
        _text(sheet, row, 0, section.title, book.title)
        row += 1
        if section.intro:
            _text(sheet, row, 0, section.intro)
            row += 1
        for metric in section.metrics:
            _text(sheet, row, 0, metric.label)
            _cell(book, sheet, row, 1, metric.cell)
            _text(sheet, row, 2, f"{metric.key}: {metric.definition}", book.wrap)
            row += 1
        row += 1
    for note in report.notes:
        _text(sheet, row, 0, note)
        row += 1


def _table(book: _Book, table: Table) -> None:
    sheet = book.sheet(table.title)
    _text(sheet, 0, 0, table.title, book.title)
    if table.note:
        _text(sheet, 1, 0, table.note)
    _text(sheet, 2, 0, table.label_header.strip() or "Group", book.head)
    for col, column in enumerate(table.columns, 1):
        _text(sheet, 2, col, _header(column), book.head)
    for n, row in enumerate(table.rows, 3):
        _text(sheet, n, 0, row.label, book.total if row.total else None)
        for col, (cell, column) in enumerate(zip(row.cells, table.columns, strict=True), 1):
            _cell(book, sheet, n, col, cell, column.kind)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, len(table.columns), 14)
    sheet.set_row(2, 30)
    sheet.freeze_panes(3, 1)
    if table.rows:
        sheet.autofilter(2, 0, 2 + len(table.rows), len(table.columns))


def _long(book: _Book, report: Report) -> None:
    sheet = book.sheet("Long form")
    header, rows = long_form(report)
    for col, name in enumerate(header):
        _text(sheet, 0, col, name, book.head)
    for n, values in enumerate(rows, 1):
        for col, raw in enumerate(values):
            value = safe(raw)
            if isinstance(value, str):
                sheet.write_string(n, col, value)
            else:
                sheet.write_number(n, col, value)
    sheet.set_column(0, len(header) - 1, 28)
    sheet.freeze_panes(1, 0)


def render_xlsx(report: Report) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": report.title, "comments": report.marking})
    book = _Book(workbook)
    _summary(book, report)
    for table in report.tables():
        _table(book, table)
    _long(book, report)
    workbook.close()
    return out.getvalue()
