"""The dates and zones every date-sensitive part is checked at, worked out by hand.

Each case is an instant (UTC) and what a link worker in England sees then: the UK date (so at
23:30 UTC on 29 March 2026, after the clocks went forward, it is already Monday 30 March), its
ISO week, school week, academic and financial years and term (with no school holidays set), and
the age and school year group of four children. Nothing here is computed by LinkDesk's code or
by Python's calendar: the values were counted on a calendar, so the tests compare two sums.

The zones are where the process (and the clock's reading) may be: the UK, UTC, and two far from
it (Auckland, UTC+12/13 with its own summer time; Kiritimati, UTC+14), where the local date is
usually a day ahead of the UK's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

ZONES = ("Europe/London", "UTC", "Pacific/Auckland", "Pacific/Kiritimati")

#: The children: born on a leap day, on the first and the last day of a school year, and at
#: the very end of a calendar year.
BORN = {
    "ava": date(2016, 2, 29),
    "ben": date(2014, 9, 1),
    "cal": date(2015, 8, 31),
    "dee": date(2021, 12, 31),
}


@dataclass(frozen=True)
class Case:
    name: str
    instant: datetime
    uk: date
    weekday: str
    iso_week: str
    #: Monday and Sunday of the ISO week.
    week: tuple[date, date]
    #: The school week the Today page plans for: this Monday to Sunday, or the next at a weekend.
    school_week: tuple[date, date]
    academic: str
    financial: str
    term: str
    #: Age in whole years and year group (0 = Reception, -1 = not yet at school) of each child.
    ages: dict[str, int]
    years: dict[str, int]
    #: Whether 10:00 that day in England is British Summer Time (UTC+1) rather than GMT.
    bst_at_ten: bool = False

    def __str__(self) -> str:
        return self.name


def _at(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


CASES = (
    Case(
        "saturday",
        _at(2026, 11, 28, 12, 0),
        date(2026, 11, 28),
        "Saturday",
        "2026-W48",
        (date(2026, 11, 23), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 12, 6)),
        "2026/27",
        "FY2026/27",
        "autumn 2026",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 4},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # late on Sunday in the UK: Monday morning in Auckland and Kiritimati
        "sunday-night",
        _at(2026, 11, 29, 23, 30),
        date(2026, 11, 29),
        "Sunday",
        "2026-W48",
        (date(2026, 11, 23), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 12, 6)),
        "2026/27",
        "FY2026/27",
        "autumn 2026",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 4},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # 00:30 GMT, half an hour before the clocks go forward
        "spring-forward-night",
        _at(2026, 3, 29, 0, 30),
        date(2026, 3, 29),
        "Sunday",
        "2026-W13",
        (date(2026, 3, 23), date(2026, 3, 29)),
        (date(2026, 3, 30), date(2026, 4, 5)),
        "2025/26",
        "FY2025/26",
        "spring 2026",
        {"ava": 10, "ben": 11, "cal": 10, "dee": 4},
        {"ava": 5, "ben": 6, "cal": 6, "dee": -1},
        bst_at_ten=True,
    ),
    Case(  # 23:30 UTC on the day the clocks went forward is 00:30 BST on Monday
        "spring-forward-monday",
        _at(2026, 3, 29, 23, 30),
        date(2026, 3, 30),
        "Monday",
        "2026-W14",
        (date(2026, 3, 30), date(2026, 4, 5)),
        (date(2026, 3, 30), date(2026, 4, 5)),
        "2025/26",
        "FY2025/26",
        "spring 2026",
        {"ava": 10, "ben": 11, "cal": 10, "dee": 4},
        {"ava": 5, "ben": 6, "cal": 6, "dee": -1},
        bst_at_ten=True,
    ),
    Case(  # 23:30 UTC on Saturday is 00:30 BST on Sunday 25 October, before the clocks go back
        "fall-back-night",
        _at(2026, 10, 24, 23, 30),
        date(2026, 10, 25),
        "Sunday",
        "2026-W43",
        (date(2026, 10, 19), date(2026, 10, 25)),
        (date(2026, 10, 26), date(2026, 11, 1)),
        "2026/27",
        "FY2026/27",
        "autumn 2026",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 4},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # the evening the clocks went back: GMT again, Monday already in the Pacific
        "fall-back-evening",
        _at(2026, 10, 25, 23, 30),
        date(2026, 10, 25),
        "Sunday",
        "2026-W43",
        (date(2026, 10, 19), date(2026, 10, 25)),
        (date(2026, 10, 26), date(2026, 11, 1)),
        "2026/27",
        "FY2026/27",
        "autumn 2026",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 4},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # Dee's birthday eve in the UK, her birthday in Auckland
        "birthday-eve",
        _at(2026, 12, 30, 23, 30),
        date(2026, 12, 30),
        "Wednesday",
        "2026-W53",
        (date(2026, 12, 28), date(2027, 1, 3)),
        (date(2026, 12, 28), date(2027, 1, 3)),
        "2026/27",
        "FY2026/27",
        "autumn 2026",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 4},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # the last minute of 2026 in the UK: 2027 in the Pacific; ISO week 53
        "new-years-eve",
        _at(2026, 12, 31, 23, 59),
        date(2026, 12, 31),
        "Thursday",
        "2026-W53",
        (date(2026, 12, 28), date(2027, 1, 3)),
        (date(2026, 12, 28), date(2027, 1, 3)),
        "2026/27",
        "FY2026/27",
        "autumn 2026",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 5},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # 2027 has begun, still in ISO week 2026-W53
        "new-year",
        _at(2027, 1, 1, 0, 30),
        date(2027, 1, 1),
        "Friday",
        "2026-W53",
        (date(2026, 12, 28), date(2027, 1, 3)),
        (date(2026, 12, 28), date(2027, 1, 3)),
        "2026/27",
        "FY2026/27",
        "spring 2027",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 5},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(
        "first-week-of-2027",
        _at(2027, 1, 4, 9, 0),
        date(2027, 1, 4),
        "Monday",
        "2027-W01",
        (date(2027, 1, 4), date(2027, 1, 10)),
        (date(2027, 1, 4), date(2027, 1, 10)),
        "2026/27",
        "FY2026/27",
        "spring 2027",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 5},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(  # Ava turns 11 on 1 March in a year with no 29 February; already 1 March in Auckland
        "leapling-eve",
        _at(2027, 2, 28, 20, 0),
        date(2027, 2, 28),
        "Sunday",
        "2027-W08",
        (date(2027, 2, 22), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2027, 3, 7)),
        "2026/27",
        "FY2026/27",
        "spring 2027",
        {"ava": 10, "ben": 12, "cal": 11, "dee": 5},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
    ),
    Case(
        "leap-day",
        _at(2028, 2, 29, 12, 0),
        date(2028, 2, 29),
        "Tuesday",
        "2028-W09",
        (date(2028, 2, 28), date(2028, 3, 5)),
        (date(2028, 2, 28), date(2028, 3, 5)),
        "2027/28",
        "FY2027/28",
        "spring 2028",
        {"ava": 12, "ben": 13, "cal": 12, "dee": 6},
        {"ava": 7, "ben": 8, "cal": 8, "dee": 1},
    ),
    Case(  # the summer holiday: no term-time visit for weeks
        "summer-holiday",
        _at(2027, 8, 10, 12, 0),
        date(2027, 8, 10),
        "Tuesday",
        "2027-W32",
        (date(2027, 8, 9), date(2027, 8, 15)),
        (date(2027, 8, 9), date(2027, 8, 15)),
        "2026/27",
        "FY2027/28",
        "summer 2027",
        {"ava": 11, "ben": 12, "cal": 11, "dee": 5},
        {"ava": 6, "ben": 7, "cal": 7, "dee": 0},
        bst_at_ten=True,
    ),
)

#: School holidays as a local authority's term-dates file gives them (end inclusive): the long
#: breaks between terms and two half terms, which do not split a term.
HOLIDAYS = (
    (date(2025, 7, 23), date(2025, 9, 2), "Summer holiday"),
    (date(2025, 12, 20), date(2026, 1, 4), "Christmas holiday"),
    (date(2026, 3, 28), date(2026, 4, 12), "Easter holiday"),
    (date(2026, 7, 22), date(2026, 9, 1), "Summer holiday"),
    (date(2026, 10, 26), date(2026, 10, 30), "Half term"),
    (date(2026, 12, 19), date(2027, 1, 3), "Christmas holiday"),
    (date(2027, 2, 15), date(2027, 2, 19), "Half term"),
    (date(2027, 3, 27), date(2027, 4, 11), "Easter holiday"),
    (date(2027, 7, 21), date(2027, 9, 1), "Summer holiday"),
    (date(2027, 12, 18), date(2028, 1, 3), "Christmas holiday"),
    (date(2028, 4, 1), date(2028, 4, 17), "Easter holiday"),
)

#: The term each case falls in with those holidays (in a holiday: the term just ended).
AUTUMN_2026 = ("autumn 2026", date(2026, 9, 2), date(2026, 12, 18))
SPRING_2026 = ("spring 2026", date(2026, 1, 5), date(2026, 3, 27))
SPRING_2027 = ("spring 2027", date(2027, 1, 4), date(2027, 3, 26))
SUMMER_2027 = ("summer 2027", date(2027, 4, 12), date(2027, 7, 20))
SPRING_2028 = ("spring 2028", date(2028, 1, 4), date(2028, 3, 31))
TERM_WITH_HOLIDAYS = {
    "saturday": AUTUMN_2026,
    "sunday-night": AUTUMN_2026,
    "spring-forward-night": SPRING_2026,  # the first day of the Easter holiday
    "spring-forward-monday": SPRING_2026,
    "fall-back-night": AUTUMN_2026,
    "fall-back-evening": AUTUMN_2026,
    "birthday-eve": AUTUMN_2026,
    "new-years-eve": AUTUMN_2026,
    "new-year": AUTUMN_2026,  # still the Christmas holiday
    "first-week-of-2027": SPRING_2027,
    "leapling-eve": SPRING_2027,
    "leap-day": SPRING_2028,
    "summer-holiday": SUMMER_2027,
}

#: England's bank holidays from 2026 to January 2028, from the gov.uk lists.
BANK_HOLIDAYS = (
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
    date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),  # Boxing Day falls on a Saturday
    date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31),
    date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),  # Christmas on a Saturday
    date(2028, 1, 3),  # New Year's Day on a Saturday
)  # fmt: skip
