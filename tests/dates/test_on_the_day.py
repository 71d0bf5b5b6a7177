"""The visit day, prep sheet, consent expiry, referral waits, the weekly report, a child's age
and the calendar export on a real store, at every case of the matrix and in every zone.

Each case has its own school in one store (``conftest.matrix``) with records dated around the
case's UK day D: visits on D-1, D (10:00) and D+1, held visits at the edges of D's ISO week,
actions due D-1, D, D+14 and D+15, consents running out on D and D-1, referrals sent 30, 42 and
43 days before D. The services are asked with the clock at the case's instant, read in the zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from linkdesk.domain.reporting_periods import week_of
from linkdesk.reports import ReportFiles
from linkdesk.services.calendar import CalendarService
from linkdesk.services.casework import Casework
from linkdesk.services.cyp_view import CypView
from linkdesk.services.records import RecordService
from linkdesk.services.report_weekly import weekly_report
from linkdesk.services.visit_day import VisitDay
from tests.dates.cases import CASES, Case
from tests.dates.conftest import CaseSchool, Matrix, Moment, moment_at, registry

UK = ZoneInfo("Europe/London")


def on_the_day(matrix: Matrix, case: Case, zone: str) -> tuple[Moment, Casework, CaseSchool]:
    moment = moment_at(case, zone, matrix.vault, matrix.home)
    casework = Casework(RecordService(matrix.store, moment.services.today))
    return moment, casework, matrix.schools[case.name]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_today_page_agenda(matrix: Matrix, case: Case, zone: str) -> None:
    _moment, casework, mine = on_the_day(matrix, case, zone)
    agenda = VisitDay(casework).agenda()
    d = case.uk
    assert agenda.today == d
    assert agenda.week == case.school_week
    assert agenda.next_week == (
        case.school_week[0] + timedelta(days=7),
        case.school_week[1] + timedelta(days=7),
    )

    def ours(rows: list) -> set[str]:  # type: ignore[type-arg]
        return {r.id for r in rows if r.school_id == mine.school}

    held_today = {v for v, day in zip(mine.held_in_week, case.week, strict=True) if day == d}
    assert ours(agenda.todays) == {mine.today_visit} | held_today
    assert ours(agenda.to_write_up) == {mine.yesterday_visit}  # planned yesterday, never written up
    tomorrow_this_week = case.school_week[0] <= d + timedelta(days=1) <= case.school_week[1]
    assert (mine.tomorrow_visit in ours(agenda.this_week)) == tomorrow_this_week
    assert mine.today_visit not in ours(agenda.this_week) | ours(agenda.following)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_prep_sheet(matrix: Matrix, case: Case, zone: str) -> None:
    _moment, casework, mine = on_the_day(matrix, case, zone)
    sheet = VisitDay(casework).prep(mine.today_visit)
    assert sheet.visit.date == case.uk and len(sheet.open_cases) == 4
    # actions due within 14 days (or overdue), by date; the one due in 15 days is not there yet
    assert [(a.description, a.due_on, a.overdue) for a in sheet.actions] == [
        ("overdue", mine.actions["overdue"], True),
        ("due today", case.uk, False),
        ("last day ahead", mine.actions["last day ahead"], False),
    ]
    kids = {cyp_id: name for name, cyp_id in mine.children.items()}
    # consent to chase: Cal's was asked for, Dee's never; Ava's is good today, Ben's ran out
    assert sorted((kids[c.cyp_id], c.state) for c in sheet.consents) == [
        ("cal", "sought"),
        ("dee", "missing"),
    ]
    # referrals waiting, stalled first: Ben's has had no news for 43 days (more than 42)
    assert [(kids[r.cyp_id], r.waiting_days, r.stalled) for r in sheet.referrals] == [
        ("ben", 43, True),
        ("cal", 42, False),
        ("ava", 30, False),
    ]
    # what was agreed last time: the last held visit before today
    monday = case.week[0]
    last = mine.held_week_before if case.uk == monday else mine.held_in_week[0]
    assert sheet.last_time is not None and sheet.last_time.visit.id == last


@pytest.mark.parametrize("case", CASES, ids=str)
def test_consent_expiry_and_ages_on_the_cyp_page(matrix: Matrix, case: Case, zone: str) -> None:
    _moment, casework, mine = on_the_day(matrix, case, zone)
    states = {name: casework.consent_state(cyp)["share_with_school"] for name, cyp in mine.children.items()}
    assert states == {"ava": "given", "ben": "expired", "cal": "sought", "dee": "missing"}
    view = CypView(casework, registry())
    assert {name: view.detail(cyp).age for name, cyp in mine.children.items()} == case.ages


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_weekly_summary_of_this_week(matrix: Matrix, case: Case, zone: str) -> None:
    _moment, casework, mine = on_the_day(matrix, case, zone)
    week = week_of(casework.records.today())
    report = weekly_report(casework.records, week, mine.staff)
    # held on the ISO week's Monday and Sunday; not on the Sunday before
    assert report.metric("visits_held").cell.value == 2
    monday, sunday = case.week
    span = f"{monday:%a} {monday.day} {monday:%b %Y} to {sunday:%a} {sunday.day} {sunday:%b %Y}"
    assert dict(report.facts)["Week"].startswith(f"Week {case.iso_week} ({span})")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_calendar_export_keeps_uk_wall_time(matrix: Matrix, case: Case, zone: str) -> None:
    moment, casework, mine = on_the_day(matrix, case, zone)
    calendar = CalendarService(casework.records, ReportFiles(), moment.clock.now)
    data, _count = calendar.export(case.uk, case.uk)
    events = {str(e.get("uid")).split("@")[0]: e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    start = events[mine.today_visit].get("dtstart").dt
    assert start == datetime.combine(case.uk, time(10, 0), UK)  # 10:00 in England, GMT or BST
    assert start.astimezone(UTC).time() == time(9 if case.bst_at_ten else 10, 0)
    assert events[mine.today_visit].get("dtstamp").dt == case.instant  # the service clock's now
