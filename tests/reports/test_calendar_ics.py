"""The .ics export read back by a second, independent parser (vobject, with dateutil's time zones).

Outlook desktop mis-shifts summer events when the clock changes are listed as fixed dates, so the
Europe/London zone must carry yearly rules; an updated visit must carry a higher SEQUENCE and a
later LAST-MODIFIED, or calendars keep the old version.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import vobject

from linkdesk.services.records import RecordService
from tests.conftest import FrozenClock
from tests.reports.test_calendar import calendar
from tests.reports.world import World


def parsed(records: RecordService) -> vobject.base.Component:
    data, _count = calendar(records).export()
    return vobject.readOne(data.decode("utf-8"))


def event_of(cal: vobject.base.Component, visit_id: str) -> vobject.base.Component:
    return next(e for e in cal.vevent_list if e.uid.value == f"{visit_id}@linkdesk.invalid")


def test_the_time_zone_changes_its_clocks_by_yearly_rules(records: RecordService, world: World) -> None:
    cal = parsed(records)
    zones = cal.contents["vtimezone"]
    assert len(zones) == 1 and zones[0].tzid.value == "Europe/London"
    zone = zones[0]
    daylight, standard = zone.contents["daylight"], zone.contents["standard"]
    assert len(daylight) == len(standard) == 1, "one yearly rule each, not one entry per clock change"
    for part, month in ((daylight[0], "3"), (standard[0], "10")):
        assert "rdate" not in part.contents
        rule = dict(kv.split("=") for kv in part.rrule.value.split(";"))
        assert rule == {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"}
    assert (daylight[0].tzoffsetto.value, standard[0].tzoffsetto.value) == ("+0100", "+0000")


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        ("2026-11-30", 10),
        ("2027-03-26", 10),  # last Sunday of March 2027 is the 28th
        ("2027-03-29", 9),
        ("2027-07-05", 9),
        ("2027-10-29", 9),  # last Sunday of October 2027 is the 31st
        ("2027-11-01", 10),
        ("2031-06-09", 9),
    ],
)
def test_a_10_oclock_visit_is_10_oclock_in_london_all_year(
    day: str, utc_hour: int, records: RecordService, world: World
) -> None:
    """Read through the file's own VTIMEZONE (dateutil's rrule engine), in years past any list."""
    visit = records.add(
        "visit", {"school_id": world["S1"], "date": day, "start_time": "10:00", "status": "planned"}
    ).id
    event = event_of(parsed(records), visit)
    start = event.dtstart.value
    assert start.tzinfo is not None
    assert start.astimezone(UTC).hour == utc_hour


def test_sequence_and_last_modified_rise_when_a_visit_changes(
    records: RecordService, world: World, clock: FrozenClock
) -> None:
    visit = world["v9"]
    first = event_of(parsed(records), visit)
    sequence0 = int(first.sequence.value)
    modified0 = first.last_modified.value
    assert modified0.tzinfo is not None

    clock.advance(hours=2)
    records.update("visit", visit, {"start_time": "14:00"})
    second = event_of(parsed(records), visit)
    assert int(second.sequence.value) > sequence0
    assert second.last_modified.value > modified0
    assert second.last_modified.value - modified0 >= timedelta(hours=1)

    clock.advance(hours=1)
    records.update("visit", visit, {"status": "cancelled_by_school"})
    third = event_of(parsed(records), visit)
    assert int(third.sequence.value) > int(second.sequence.value)
    assert third.status.value == "CANCELLED"
    # the same store exported again gives the same revision: SEQUENCE comes from the record's history
    assert int(event_of(parsed(records), visit).sequence.value) == int(third.sequence.value)


def test_a_new_visit_starts_at_sequence_zero(records: RecordService, world: World) -> None:
    visit = records.add("visit", {"school_id": world["S1"], "date": "2026-12-03", "status": "planned"}).id
    event = event_of(parsed(records), visit)
    assert int(event.sequence.value) == 0
    assert event.last_modified.value <= datetime.now(UTC) + timedelta(days=3650)
