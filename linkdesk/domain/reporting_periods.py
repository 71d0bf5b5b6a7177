"""Report periods: an ISO week, a term, an academic or financial year, a month or any date range."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.domain.calendar import TERM_NAMES, Closure, terms_of_year
from linkdesk.errors import ValidationError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_ACADEMIC = re.compile(r"^(\d{4})/(\d{2})$")
_FINANCIAL = re.compile(r"^FY(\d{4})/(\d{2})$")
_TERM = re.compile(r"^(autumn|spring|summer)-(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PERIOD_HELP = "2026-W47 (ISO week), autumn-2026 (term), 2026/27 (academic year), FY2026/27, 2026-11 (month)"


@dataclass(frozen=True)
class Period:
    """Dates from ``start`` to ``end``, both inclusive."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"to: the period ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()}).",
                "to",
            )

    def holds(self, iso_day: str | None) -> bool:
        """Whether a stored date (``YYYY-MM-DD``) falls in the period."""
        return bool(iso_day) and self.start.isoformat() <= str(iso_day) <= self.end.isoformat()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]

    def describe(self) -> str:
        span = f"{long_date(self.start)} to {long_date(self.end)}"
        return f"{self.label} ({span})" if self.label else span


def long_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def iso_week(text: str) -> Period:
    """``YYYY-Www`` as the week from its Monday to its Sunday."""
    match = _WEEK.match(text.strip())
    if match:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            monday = None
        if monday:
            return Period(monday, monday + timedelta(days=6), f"Week {text.strip()}")
    raise ValidationError(f"week: {text!r} is not an ISO week such as 2026-W47 (YYYY-Www).", "week")


def week_of(day: date) -> Period:
    year, week, _ = day.isocalendar()
    return iso_week(f"{year}-W{week:02d}")


#: From this weekday (Thursday) the weekly summary is wanted for the week under way; before it,
#: for the week just gone.
CURRENT_WEEK_FROM = 3


def default_week(today: date) -> Period:
    """The week a weekly summary is usually wanted for: this week from Thursday to Sunday, last
    week from Monday to Wednesday."""
    return week_of(today if today.weekday() >= CURRENT_WEEK_FROM else today - timedelta(days=7))


def parse_day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{name}: {text!r} is not a date (YYYY-MM-DD).", name) from None


def date_range(start: str, end: str) -> Period:
    first, last = parse_day(start, "from"), parse_day(end, "to")
    if last < first:
        raise ValidationError(
            f"to: {last.isoformat()} is before the start of the range ({first.isoformat()}).", "to"
        )
    return Period(first, last)


def named_period(text: str, closures: Iterable[Closure] = ()) -> Period:
    """A period by name (see ``PERIOD_HELP``); terms follow the configured school holidays."""
    value = text.strip()
    if _WEEK.match(value):
        return iso_week(value)
    if match := _ACADEMIC.match(value):
        year = int(match[1])
        if (year + 1) % 100 == int(match[2]):
            return Period(date(year, 9, 1), date(year + 1, 8, 31), f"Academic year {value}")
    if match := _FINANCIAL.match(value):
        year = int(match[1])
        if (year + 1) % 100 == int(match[2]):
            return Period(date(year, 4, 1), date(year + 1, 3, 31), f"Financial year {value[2:]}")
    if match := _TERM.match(value):
        name, year = match[1], int(match[2])
        academic = year if name == "autumn" else year - 1
        term = terms_of_year(academic, closures)[TERM_NAMES.index(name)]
        return Period(term.start, term.end, f"{name.capitalize()} term {year}")
    if (match := _MONTH.match(value)) and 1 <= int(match[2]) <= 12:
        first = date(int(match[1]), int(match[2]), 1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return Period(first, following - timedelta(days=1), f"{first:%B %Y}")
    raise ValidationError(f"period: {text!r} is not a period such as {PERIOD_HELP}.", "period")
