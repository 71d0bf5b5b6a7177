"""Bank and school holidays, terms, recurring visit schedules and the .ics export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from linkdesk.domain.calendar import (
    Closure,
    bank_holidays,
    closures_from_entries,
    days_off,
    schedule,
    term_containing,
    terms_of_year,
)
from linkdesk.domain.reporting_periods import date_range
from linkdesk.errors import NotFoundError, ValidationError
from linkdesk.reports import ReportFiles
from linkdesk.services.calendar import CalendarService
from linkdesk.services.records import RecordService
from tests.reports.world import World

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CANARIES = ("zebulonia", "quennell", "xanthippe", "wolstenholme", "canary")


def calendar(records: RecordService) -> CalendarService:
    return CalendarService(records, ReportFiles(), lambda: NOW)


def test_englands_bank_holidays_match_gov_uk() -> None:
    # gov.uk/bank-holidays, England and Wales, 2026 and 2027 (the package also names the weekend
    # days that a substitute day replaces, which changes no weekday).
    found = bank_holidays(date(2026, 1, 1), date(2027, 12, 31))
    gov_uk = [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),
        date(2027, 12, 28),
    ]
    assert set(gov_uk) <= set(found)
    assert all(day.weekday() >= 5 for day in set(found) - set(gov_uk))
    assert found[date(2026, 12, 28)] == "Boxing Day (observed)"
    assert date(2026, 3, 17) not in bank_holidays(date(2026, 1, 1), date(2026, 12, 31))  # St Patrick's (NI)


def test_a_weekly_schedule_skips_a_bank_holiday_and_keeps_its_rhythm() -> None:
    off = days_off(date(2026, 8, 1), date(2026, 9, 30))
    days = schedule("weekly", date(2026, 8, 24), date(2026, 9, 14), off)
    assert [(o.day, o.skipped) for o in days] == [
        (date(2026, 8, 24), None),
        (date(2026, 8, 31), "bank holiday (Late Summer Bank Holiday)"),
        (date(2026, 9, 7), None),
        (date(2026, 9, 14), None),
    ]
    half_term = [Closure(date(2026, 10, 26), date(2026, 10, 30), "Half term")]
    off = days_off(date(2026, 10, 1), date(2026, 12, 1), half_term)
    fortnightly = schedule("fortnightly", date(2026, 10, 13), date(2026, 11, 30), off)
    assert [(o.day.isoformat(), o.skipped) for o in fortnightly] == [
        ("2026-10-13", None),
        ("2026-10-27", "school holiday (Half term)"),
        ("2026-11-10", None),
        ("2026-11-24", None),
    ]


def test_terms_follow_the_configured_holidays_or_the_calendar_months() -> None:
    assert [(t.name, t.start, t.end) for t in terms_of_year(2026)] == [
        ("autumn 2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("spring 2027", date(2027, 1, 1), date(2027, 3, 31)),
        ("summer 2027", date(2027, 4, 1), date(2027, 8, 31)),
    ]
    closures = [
        Closure(date(2026, 7, 22), date(2026, 9, 2), "Summer"),
        Closure(date(2026, 10, 26), date(2026, 10, 30), "Half term"),  # too short to end a term
        Closure(date(2026, 12, 19), date(2026, 12, 31), "Christmas"),
        Closure(date(2027, 1, 1), date(2027, 1, 3), "New Year"),  # runs on from Christmas
        Closure(date(2027, 3, 27), date(2027, 4, 11), "Easter"),
        Closure(date(2027, 7, 21), date(2027, 9, 1), "Summer"),
    ]
    assert [(t.start, t.end) for t in terms_of_year(2026, closures)] == [
        (date(2026, 9, 3), date(2026, 12, 18)),
        (date(2027, 1, 4), date(2027, 3, 26)),
        (date(2027, 4, 12), date(2027, 7, 20)),
    ]
    assert (
        term_containing(date(2026, 12, 25), closures).name == "autumn 2026"
    )  # in a holiday: the term just ended
    termly = schedule(
        "termly", date(2026, 9, 1), date(2027, 7, 31), days_off(date(2026, 9, 1), date(2027, 8, 1), closures)
    )
    assert [(o.day.isoformat(), o.skipped) for o in termly] == [
        ("2026-09-08", None),  # the first Tuesday of the autumn term (1 Sep is in the summer break)
        ("2027-01-05", None),
        ("2027-04-13", None),
    ]


def test_term_dates_files_give_holidays_or_the_gaps_between_terms() -> None:
    holidays, ignored = closures_from_entries(
        [
            ("Autumn half term", date(2026, 10, 26), date(2026, 10, 30)),
            ("INSET day", date(2026, 11, 2), date(2026, 11, 2)),
            ("Parents' evening", date(2026, 11, 5), date(2026, 11, 5)),
        ]
    )
    assert [(c.start, c.end) for c in holidays] == [
        (date(2026, 10, 26), date(2026, 10, 30)),
        (date(2026, 11, 2),) * 2,
    ]
    assert ignored == ["Parents' evening"]
    gaps, _ = closures_from_entries(
        [
            ("Autumn term 1", date(2026, 9, 3), date(2026, 10, 23)),
            ("Autumn term 2", date(2026, 11, 2), date(2026, 12, 18)),
            ("Spring term starts", date(2027, 1, 5), date(2027, 1, 5)),
            ("Spring term ends", date(2027, 3, 26), date(2027, 3, 26)),
        ]
    )
    assert [(c.start, c.end, c.label) for c in gaps] == [
        (date(2026, 10, 24), date(2026, 11, 1), "between terms"),
        (date(2026, 12, 19), date(2027, 1, 4), "between terms"),
    ]


ICS_TERMS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Some Council//Term dates//EN\r
BEGIN:VEVENT\r
UID:1@council\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Autumn half term\r
DTSTART;VALUE=DATE:20261026\r
DTEND;VALUE=DATE:20261031\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@council\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Christmas holiday\r
DTSTART;VALUE=DATE:20261221\r
DTEND;VALUE=DATE:20270102\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3@council\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Sports day\r
DTSTART;VALUE=DATE:20260612\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_planning_visits_skips_bank_and_imported_school_holidays(
    records: RecordService, world: World
) -> None:
    cal = calendar(records)
    imported = cal.import_term_dates(ICS_TERMS)
    assert [(c.start, c.end) for c in imported.closures] == [
        (date(2026, 10, 26), date(2026, 10, 30)),  # DTEND is the day after
        (date(2026, 12, 21), date(2027, 1, 1)),
    ]
    assert imported.ignored == ["Sports day"]
    assert cal.closures() == tuple(imported.closures)  # kept in the store
    plan = cal.plan(
        world["S4"],
        "fortnightly",
        date_range("2026-10-12", "2026-12-31"),
        staff_id=world["A"],
        start_time="10:00",
        minutes=90,
    )
    assert [d.isoformat() for d in plan.planned] == ["2026-10-12", "2026-11-09", "2026-11-23", "2026-12-07"]
    assert [(o.day.isoformat(), o.skipped) for o in plan.skipped] == [
        ("2026-10-26", "school holiday (Autumn half term)"),
        ("2026-12-21", "school holiday (Christmas holiday)"),
    ]
    visit = records.get("visit", plan.created[0].id)
    assert (visit.get("status"), visit.get("start_time"), visit.get("planned_minutes")) == (
        "planned",
        "10:00",
        90,
    )
    again = cal.plan(world["S4"], "fortnightly", date_range("2026-10-12", "2026-12-31"))
    assert again.created == [] and len(again.already) == 4  # planning twice adds nothing
    bank = cal.plan(world["S4"], "weekly", date_range("2027-03-22", "2027-04-05"), dry_run=True)
    assert [d.isoformat() for d in bank.planned] == ["2027-03-22", "2027-04-05"]  # 29 Mar: Easter Monday
    assert bank.skipped[0].skipped == "bank holiday (Easter Monday)" and bank.created == []


def test_planning_refuses_bad_requests(records: RecordService, world: World) -> None:
    cal = calendar(records)
    with pytest.raises(NotFoundError):
        cal.plan(world["C1"], "weekly", date_range("2026-12-01", "2026-12-31"))
    with pytest.raises(ValidationError, match="pattern"):
        cal.plan(world["S1"], "daily", date_range("2026-12-01", "2026-12-31"))
    with pytest.raises(ValidationError, match="two years"):
        cal.plan(world["S1"], "weekly", date_range("2026-01-01", "2029-01-01"))
    with pytest.raises(ValidationError, match="start_time"):
        cal.plan(world["S1"], "weekly", date_range("2026-12-01", "2026-12-31"), start_time="25:99")
    with pytest.raises(ValidationError, match="no holiday"):
        cal.import_term_dates(
            ICS_TERMS.replace(b"Autumn half term", b"Fair").replace(b"Christmas holiday", b"Fete")
        )


def parse(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_the_calendar_export_has_one_event_per_visit_and_no_childs_name(
    records: RecordService, world: World
) -> None:
    records.update("visit", world["v1"], {"summary": "Discussed Zebulonia Quennell-Canary and Xanthippe"})
    data, count = calendar(records).export()
    events = parse(data)
    visits = records.find("visit")
    assert count == len(events) == len(visits) == 10
    assert sorted(str(e["uid"]) for e in events) == sorted(f"{v.id}@linkdesk.invalid" for v in visits)
    lowered = data.decode("utf-8").lower()
    for canary in CANARIES:
        assert canary not in lowered
    for cyp in records.find("cyp"):
        for field in ("given_name", "family_name", "pseudonym"):
            if cyp.get(field):
                assert str(cyp.get(field)).lower() not in lowered
    first = next(e for e in events if str(e["uid"]).startswith(world["v1"]))
    assert str(first["summary"]) == "Case discussion: Alder Primary"
    assert first["dtstart"].dt == datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    assert first["duration"].dt == timedelta(minutes=120)
    cancelled = next(e for e in events if str(e["uid"]).startswith(world["v3"]))
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled["dtstart"].dt == date(2026, 11, 19)  # no time: an all-day event
    again, _ = calendar(records).export()
    assert sorted(str(e["uid"]) for e in parse(again)) == sorted(str(e["uid"]) for e in events)  # stable UIDs


def test_the_export_can_be_limited_to_dates_and_a_worker(records: RecordService, world: World) -> None:
    data, count = calendar(records).export(date(2026, 11, 16), date(2026, 11, 22), world["B"])
    assert count == 1 and [str(e["uid"]) for e in parse(data)] == [f"{world['v7']}@linkdesk.invalid"]
    _, open_ended = calendar(records).export(date(2026, 11, 23), None)
    assert open_ended == 2  # v9, v10
    with pytest.raises(NotFoundError):
        calendar(records).export(staff_id=world["S1"])
