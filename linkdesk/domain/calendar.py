"""Working days of a link service in England: bank holidays, school holidays, terms and schedules.

Bank holidays come from the ``holidays`` package (England's subdivision of the UK, so Scotland's
and Northern Ireland's days are not mixed in). School holidays are :class:`Closure` ranges, usually
imported from the local authority's term-dates calendar; a closure with a ``school_id`` applies to
that school only (an INSET day). Terms are worked out from the long breaks among the closures
(Christmas, Easter, summer); with no school holidays configured they are the calendar months
September to December, January to March and April to August.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import holidays

PATTERNS = ("weekly", "fortnightly", "termly")
Pattern = Literal["weekly", "fortnightly", "termly"]
TERM_NAMES = ("autumn", "spring", "summer")
#: A merged run of closures at least this long is a break between terms (not a half term).
LONG_BREAK_DAYS = 10
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class Closure:
    """Days a school (or every school, when ``school_id`` is None) is closed; ``end`` inclusive."""

    start: date
    end: date
    label: str
    school_id: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def applies_to(self, school_id: str | None) -> bool:
        return self.school_id is None or self.school_id == school_id


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def bank_holidays(first: date, last: date) -> dict[date, str]:
    """England's bank holidays from ``first`` to ``last`` (inclusive), with their names."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    return {day: str(name) for day, name in sorted(found.items()) if first <= day <= last}


@dataclass(frozen=True)
class DaysOff:
    """What keeps a visit from happening on a day: a bank holiday or a school holiday."""

    bank: Mapping[date, str]
    school: tuple[Closure, ...] = ()
    _closed: dict[str | None, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def closed_weekdays(self, school_id: str | None = None) -> frozenset[date]:
        """Every weekday that is a bank holiday or one of the school's holidays (worked out once)."""
        if school_id not in self._closed:
            days = set(self.bank)
            for closure in self.school:
                if closure.applies_to(school_id):
                    days.update(closure.start + timedelta(days=n) for n in range(closure.days))
            self._closed[school_id] = frozenset(d for d in days if d.weekday() < 5)
        return self._closed[school_id]

    def reason(self, day: date, school_id: str | None = None) -> str | None:
        if day in self.bank:
            return f"bank holiday ({self.bank[day]})"
        for closure in self.school:
            if closure.applies_to(school_id) and closure.covers(day):
                return f"school holiday ({closure.label})"
        return None


def days_off(first: date, last: date, closures: Iterable[Closure] = ()) -> DaysOff:
    return DaysOff(bank_holidays(first, last), tuple(sorted(closures)))


# -- terms ---------------------------------------------------------------------------------------


def academic_year_of(day: date) -> int:
    """The year in which the academic year holding ``day`` began (September)."""
    return day.year if day.month >= 9 else day.year - 1


def year_group_on(date_of_birth: date, day: date) -> int:
    """England's school year group on ``day`` of a child born on ``date_of_birth`` (0 = Reception).

    A year group is everyone born from 1 September to the next 31 August; it starts Reception in
    the September after its youngest turn four. Below 0 the child is not yet at school; above 13
    the child has left (or stays on past) Year 13.
    """
    return academic_year_of(day) - academic_year_of(date_of_birth) - 5


def long_breaks(closures: Iterable[Closure]) -> list[Closure]:
    """Service-wide closures merged where they touch (or only a weekend lies between), kept
    when the merged run is long enough to separate terms."""
    merged: list[Closure] = []
    for closure in sorted(c for c in closures if c.school_id is None):
        if merged and closure.start <= merged[-1].end + timedelta(days=3):
            last = merged[-1]
            merged[-1] = Closure(last.start, max(last.end, closure.end), last.label)
        else:
            merged.append(closure)
    return [c for c in merged if c.days >= LONG_BREAK_DAYS]


def _break_in(breaks: Sequence[Closure], first: date, last: date) -> Closure | None:
    return next((b for b in breaks if b.start <= last and b.end >= first), None)


def terms_of_year(year: int, closures: Iterable[Closure] = ()) -> tuple[Term, Term, Term]:
    """Autumn, spring and summer terms of the academic year that starts in September ``year``."""
    breaks = long_breaks(closures)
    summer_before = _break_in(breaks, date(year, 7, 10), date(year, 9, 10))
    christmas = _break_in(breaks, date(year, 12, 15), date(year + 1, 1, 8))
    easter = _break_in(breaks, date(year + 1, 3, 10), date(year + 1, 4, 30))
    summer_after = _break_in(breaks, date(year + 1, 7, 10), date(year + 1, 9, 10))
    autumn_start = summer_before.end + ONE_DAY if summer_before else date(year, 9, 1)
    autumn_start = max(autumn_start, date(year, 9, 1))
    return (
        Term(f"autumn {year}", autumn_start, christmas.start - ONE_DAY if christmas else date(year, 12, 31)),
        Term(
            f"spring {year + 1}",
            christmas.end + ONE_DAY if christmas else date(year + 1, 1, 1),
            easter.start - ONE_DAY if easter else date(year + 1, 3, 31),
        ),
        Term(
            f"summer {year + 1}",
            easter.end + ONE_DAY if easter else date(year + 1, 4, 1),
            summer_after.start - ONE_DAY if summer_after else date(year + 1, 8, 31),
        ),
    )


def term_containing(day: date, closures: Iterable[Closure] = ()) -> Term:
    """The term ``day`` falls in; in a holiday, the term just ended."""
    kept = tuple(closures)
    year = academic_year_of(day)
    terms = terms_of_year(year - 1, kept) + terms_of_year(year, kept)
    return [t for t in terms if t.start <= day][-1]


def terms_between(first: date, last: date, closures: Iterable[Closure] = ()) -> list[Term]:
    kept = tuple(closures)
    found: list[Term] = []
    for year in range(academic_year_of(first), academic_year_of(last) + 1):
        found.extend(t for t in terms_of_year(year, kept) if t.start <= last and t.end >= first)
    return found


# -- schedules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """A day a schedule falls on; ``skipped`` says why no visit is planned that day."""

    day: date
    skipped: str | None = None


def schedule(
    pattern: str,
    first: date,
    last: date,
    off: DaysOff,
    *,
    school_id: str | None = None,
) -> list[Occurrence]:
    """The days of a recurring visit from ``first`` to ``last`` on ``first``'s weekday.

    Weekly and fortnightly schedules keep their rhythm: a day off is skipped, not moved. A termly
    schedule visits once a term, on the first open day of that weekday in the term.
    """
    if pattern not in PATTERNS:
        raise ValueError(f"unknown schedule pattern {pattern!r}")
    if pattern == "termly":
        return _termly(first, last, off, school_id)
    step = timedelta(days=7 if pattern == "weekly" else 14)
    found = []
    day = first
    while day <= last:
        found.append(Occurrence(day, off.reason(day, school_id)))
        day += step
    return found


def _termly(first: date, last: date, off: DaysOff, school_id: str | None) -> list[Occurrence]:
    found: list[Occurrence] = []
    for term in terms_between(first, last, off.school):
        day = max(first, term.start)
        day += timedelta(days=(first.weekday() - day.weekday()) % 7)
        while day <= min(term.end, last):
            reason = off.reason(day, school_id)
            found.append(Occurrence(day, reason))
            if reason is None:
                break
            day += timedelta(days=7)
    return found


# -- term-dates files ----------------------------------------------------------------------------

_CLOSURE_WORDS = (
    "holiday",
    "half term",
    "half-term",
    "halfterm",
    "inset",
    "training day",
    "closed",
    "closure",
    "break",
    "vacation",
    "bank holiday",
    "occasional day",
)


def classify_event(summary: str) -> Literal["closure", "term", "term_start", "term_end", "other"]:
    """What an entry of a term-dates calendar describes, from its title."""
    words = summary.lower()
    if any(w in words for w in _CLOSURE_WORDS):
        return "closure"
    if "term" not in words:
        return "other"
    if any(w in words for w in ("start", "begin", "open")):
        return "term_start"
    if any(w in words for w in ("end", "finish")):
        return "term_end"
    return "term"


def closures_from_entries(
    entries: Iterable[tuple[str, date, date]], school_id: str | None = None
) -> tuple[list[Closure], list[str]]:
    """School holidays from the dated entries of a term-dates calendar (``end`` inclusive).

    Holiday, half-term and INSET entries are closures. When the calendar gives terms instead
    (as spans, or as "term starts" and "term ends" days), the gaps between consecutive terms are
    closures too. Returns the closures and the titles of entries that were neither (ignored).
    """
    closures: list[Closure] = []
    terms: list[tuple[date, date]] = []
    starts: list[date] = []
    ends: list[date] = []
    ignored: list[str] = []
    for summary, start, end in entries:
        kind = classify_event(summary)
        if kind == "closure":
            closures.append(Closure(start, max(start, end), summary.strip() or "school holiday", school_id))
        elif kind == "term":
            terms.append((start, max(start, end)))
        elif kind == "term_start":
            starts.append(start)
        elif kind == "term_end":
            ends.append(max(start, end))
        else:
            ignored.append(summary)
    for start in sorted(starts):
        closing = min((e for e in ends if e >= start), default=None)
        if closing is not None:
            terms.append((start, closing))
    terms.sort()
    for (_, end), (start, _) in itertools.pairwise(terms):
        if (start - end).days > 1:
            closures.append(Closure(end + ONE_DAY, start - ONE_DAY, "between terms", school_id))
    return sorted(set(closures)), ignored
