"""Report and calendar files: PDF (reportlab), CSV, XLSX (XlsxWriter) and ICS (icalendar).

``ReportFiles`` is the adapter ``app.py`` hands to the services (``services.report_ports``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from linkdesk.domain.calendar_export import CalendarEvent
from linkdesk.domain.reporting import Report
from linkdesk.errors import ValidationError
from linkdesk.reports.csv_out import render_csv
from linkdesk.reports.ics import read_entries, write_ics
from linkdesk.reports.pdf_out import render_pdf
from linkdesk.reports.xlsx_out import render_xlsx

RENDERERS: dict[str, Callable[[Report], bytes]] = {"pdf": render_pdf, "csv": render_csv, "xlsx": render_xlsx}


class ReportFiles:
    """Turns reports into files and visits into a calendar; reads term-dates calendars."""

    formats = tuple(RENDERERS)

    def render(self, report: Report, fmt: str) -> bytes:
        renderer = RENDERERS.get(fmt)
        if renderer is None:
            raise ValidationError(f"format: {fmt!r} is not one of {', '.join(RENDERERS)}.", "format")
        return renderer(report)

    def calendar(self, events: Sequence[CalendarEvent], stamp: datetime, name: str) -> bytes:
        return write_ics(events, stamp, name)

    def read_term_dates(self, data: bytes) -> list[tuple[str, date, date]]:
        return read_entries(data)


__all__ = ["ReportFiles"]
