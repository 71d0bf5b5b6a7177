"""What day it is and what follows from it, at every case of the matrix and in every zone:
the UK date, ISO week, school week, academic and financial years, terms, ages and year groups.

Every expected value comes from ``cases.py``, counted by hand; none from the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from linkdesk.domain.calendar import (
    Closure,
    bank_holidays,
    days_off,
    schedule,
    term_containing,
    year_group_on,
)
from linkdesk.domain.reporting_periods import Period, iso_week, named_period, week_of
from linkdesk.services.measure_view import age_on
from linkdesk.services.school_view import academic_year
from linkdesk.services.visit_day import school_week
from linkdesk.ui import labels as L
from linkdesk.ui.report_jobs import ServiceRequest, iso_week_name, last_weeks, service_period
from tests.dates.cases import BANK_HOLIDAYS, BORN, CASES, HOLIDAYS, TERM_WITH_HOLIDAYS, Case
from tests.dates.conftest import moment_at

CLOSURES = tuple(Closure(first, last, label) for first, last, label in HOLIDAYS)


def today_at(case: Case, zone: str) -> date:
    return moment_at(case, zone).services.today()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_today_is_the_day_in_england(case: Case, zone: str) -> None:
    today = today_at(case, zone)
    assert today == case.uk
    shown = L.long_date(today)  # the Today page's heading
    assert shown.startswith(f"{case.weekday} {case.uk.day} ") and shown.endswith(f" {case.uk.year}")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_iso_week_and_school_week(case: Case, zone: str) -> None:
    today = today_at(case, zone)
    monday, sunday = case.week
    assert iso_week_name(today) == case.iso_week
    assert week_of(today) == Period(monday, sunday, f"Week {case.iso_week}")
    assert iso_week(case.iso_week) == week_of(today)
    assert named_period(case.iso_week) == week_of(today)
    # the reports page offers this week first, then the one before
    weeks = last_weeks(today, 1)
    assert weeks[0][0] == case.iso_week
    assert iso_week(weeks[1][0]) == Period(
        monday - timedelta(days=7), monday - timedelta(days=1), f"Week {weeks[1][0]}"
    )
    assert school_week(today) == case.school_week


@pytest.mark.parametrize("case", CASES, ids=str)
def test_academic_and_financial_years_and_terms(case: Case, zone: str) -> None:
    today = today_at(case, zone)
    first_year = int(case.academic[:4])
    label, first, last = academic_year(today)
    assert (label, first, last) == (case.academic, date(first_year, 9, 1), date(first_year + 1, 8, 31))
    academic = service_period(ServiceRequest("academic"), today)
    assert (academic.start, academic.end, academic.label) == (first, last, f"Academic year {case.academic}")
    fy = int(case.financial[2:6])
    financial = service_period(ServiceRequest("financial"), today)
    assert (financial.start, financial.end) == (date(fy, 4, 1), date(fy + 1, 3, 31))
    assert financial.label == f"Financial year {case.financial[2:]}"
    # with no school holidays set, terms are September-December, January-March, April-August
    term = term_containing(today)
    assert term.name == case.term and term.covers(today)
    assert service_period(ServiceRequest("term"), today).label == f"{case.term.capitalize()} term"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_terms_follow_the_school_holidays(case: Case, zone: str) -> None:
    today = today_at(case, zone)
    name, first, last = TERM_WITH_HOLIDAYS[case.name]
    term = term_containing(today, CLOSURES)
    assert (term.name, term.start, term.end) == (name, first, last)
    period = service_period(ServiceRequest("term"), today, CLOSURES)
    assert (period.start, period.end) == (first, last)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_ages_and_year_groups(case: Case, zone: str) -> None:
    today = today_at(case, zone)
    assert {name: age_on(born.isoformat(), today) for name, born in BORN.items()} == case.ages
    assert {name: year_group_on(born, today) for name, born in BORN.items()} == case.years


def test_bank_holidays_in_england() -> None:
    found = bank_holidays(date(2026, 1, 1), date(2028, 1, 31))
    assert sorted(day for day in found if day.weekday() < 5) == list(BANK_HOLIDAYS)  # days off work
    assert "Christmas" in found[date(2027, 12, 27)] and "Boxing" in found[date(2026, 12, 28)]


@pytest.mark.parametrize(
    ("first", "last", "kept", "skipped"),
    [
        # weekly on Mondays over Christmas 2026 and ISO week 53: Boxing Day is moved to Monday 28
        (date(2026, 12, 21), date(2027, 1, 11), [date(2027, 1, 4), date(2027, 1, 11)],
         {date(2026, 12, 21): "school holiday", date(2026, 12, 28): "bank holiday"}),
        # over the spring clock change and Easter 2026: Easter Monday, and the Easter school holiday
        (date(2026, 3, 23), date(2026, 4, 20), [date(2026, 3, 23), date(2026, 4, 13), date(2026, 4, 20)],
         {date(2026, 3, 30): "school holiday", date(2026, 4, 6): "bank holiday",
          date(2026, 4, 13): None}),
        # Tuesdays over 29 February 2028 and the leap year's Easter holiday
        (date(2028, 2, 22), date(2028, 4, 18), [date(2028, 2, 22), date(2028, 2, 29), date(2028, 3, 7),
                                                 date(2028, 3, 14), date(2028, 3, 21), date(2028, 3, 28),
                                                 date(2028, 4, 18)],
         {date(2028, 4, 4): "school holiday", date(2028, 4, 11): "school holiday"}),
    ],
)  # fmt: skip
def test_weekly_schedules_skip_holidays_and_keep_their_rhythm(
    first: date, last: date, kept: list[date], skipped: dict[date, str | None], zone: str
) -> None:
    occurrences = schedule("weekly", first, last, days_off(first, last, CLOSURES))
    assert [o.day for o in occurrences if o.skipped is None] == kept
    for day, reason in skipped.items():
        [found] = [o for o in occurrences if o.day == day]
        if reason is None:
            assert found.skipped is None, found
        else:
            assert found.skipped is not None and found.skipped.startswith(reason), found
