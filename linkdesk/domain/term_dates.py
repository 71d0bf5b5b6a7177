"""Term dates from a spreadsheet: a CSV with a title, a first day and (optionally) a last day.

Local authorities publish term dates as calendars (.ics, read by the calendar adapter) or as
tables; a table saved as CSV is read here. The header names the columns (``title`` / ``label`` /
``name`` / ``event`` / ``description``, ``start`` / ``from`` / ``first day``, ``end`` / ``to`` /
``last day``, in any order and case); dates are ``YYYY-MM-DD`` or UK ``DD/MM/YYYY``; an empty end
means a single day. Rows are classified like calendar entries (holiday, half term, INSET, term).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from linkdesk.errors import ValidationError

TITLE_COLUMNS = ("title", "label", "name", "event", "description", "summary")
START_COLUMNS = ("start", "from", "first day", "start date", "starts", "date")
END_COLUMNS = ("end", "to", "last day", "end date", "ends")
_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y")


def looks_like_csv(data: bytes) -> bool:
    """True unless the bytes start like an iCalendar file."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    return not head.startswith(b"BEGIN:VCALENDAR")


def _day(text: str, row: int, column: str) -> date:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        f"{column}: row {row} has {text.strip()!r}, which is not a date (use YYYY-MM-DD or DD/MM/YYYY).",
        column,
    )


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    found = [n for n, name in enumerate(header) if name in names]
    return found[0] if found else None


def entries_from_csv(data: bytes) -> list[tuple[str, date, date]]:
    """The dated rows of a term-dates CSV: (title, first day, last day inclusive)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # a spreadsheet saved on Windows
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [cell.strip().lower().replace("_", " ") for cell in rows[0]]
    title, start, end = (_column(header, names) for names in (TITLE_COLUMNS, START_COLUMNS, END_COLUMNS))
    if title is None or start is None:
        missing = "title" if title is None else "start"
        raise ValidationError(
            f"{missing}: this is not a calendar (.ics) file, and as a CSV it needs a header row with a "
            f"title column and a start column (found: {', '.join(header)[:80] or 'nothing'}).",
            missing,
        )
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        first = _day(cells[start], number, "start")
        last_text = cells[end].strip() if end is not None else ""
        last = _day(last_text, number, "end") if last_text else first
        if last < first:
            raise ValidationError(f"end: row {number} ends before it starts.", "end")
        entries.append((cells[title].strip(), first, last))
    return sorted(entries, key=lambda e: (e[1], e[2], e[0]))
