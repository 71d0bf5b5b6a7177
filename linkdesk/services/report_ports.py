"""The port the report services write files through (implemented by ``linkdesk.reports.ReportFiles``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from linkdesk.domain.calendar_export import CalendarEvent
from linkdesk.domain.reporting import Report

FORMATS = ("pdf", "csv", "xlsx")


class ReportOutput(Protocol):
    def render(self, report: Report, fmt: str) -> bytes:
        """The report as a PDF, CSV or XLSX file's bytes."""
        ...

    def calendar(self, events: Sequence[CalendarEvent], stamp: datetime, name: str) -> bytes:
        """An iCalendar file holding ``events``."""
        ...

    def read_term_dates(self, data: bytes) -> list[tuple[str, date, date]]:
        """The dated entries of a term-dates calendar: (title, first day, last day inclusive)."""
        ...
