"""iCalendar (RFC 5545) files: visits out for Outlook, term dates in from the local authority."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from linkdesk.domain.calendar_export import CalendarEvent
from linkdesk.errors import FileProblem

UK = ZoneInfo("Europe/London")
PRODID = "-//LinkDesk//Link work visits//EN"


def london() -> icalendar.Timezone:
    """Europe/London with its clock changes as yearly rules (last Sunday of March and October).

    icalendar's own ``add_missing_timezones`` lists each change as a fixed date, a form Outlook
    desktop mis-reads for summer events; every calendar understands the yearly rule.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", UK.key)
    rules = (
        (icalendar.TimezoneDaylight, "BST", datetime(1970, 3, 29, 1, 0), 0, 1, 3),
        (icalendar.TimezoneStandard, "GMT", datetime(1970, 10, 25, 2, 0), 1, 0, 10),
    )
    for kind, name, first, offset_from, offset_to, month in rules:
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", first)  # local time before the change
        part.add("tzoffsetfrom", timedelta(hours=offset_from))
        part.add("tzoffsetto", timedelta(hours=offset_to))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def write_ics(events: Sequence[CalendarEvent], stamp: datetime, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if any(found.start_time for found in events):
        calendar.add_component(london())
    for found in events:
        event = icalendar.Event()
        event.add("uid", found.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", found.sequence)
        if found.last_modified is not None:
            event.add("last-modified", found.last_modified)
        if found.start_time:
            hours, minutes = (int(part) for part in found.start_time.split(":"))
            event.add("dtstart", datetime.combine(found.day, time(hours, minutes), UK))
            event.add("duration", timedelta(minutes=found.minutes))
        else:
            event.add("dtstart", found.day)
            event.add("dtend", found.day + timedelta(days=1))
        event.add("summary", found.summary)
        event.add("location", found.location)
        event.add("description", found.description)
        event.add("status", found.status)
        event.add("transp", "OPAQUE" if found.status != "CANCELLED" else "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _day(value: object) -> date:
    return (
        value.astimezone(UK).date()
        if isinstance(value, datetime) and value.tzinfo
        else (
            value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]
        )
    )


def read_entries(data: bytes) -> list[tuple[str, date, date]]:
    """The dated entries of a term-dates calendar: (title, first day, last day inclusive)."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise FileProblem(f"This is not a calendar (.ics) file LinkDesk can read: {exc}.") from None
    entries = []
    for event in calendar.walk("VEVENT"):
        start = event.get("dtstart")
        if start is None:
            continue
        first = _day(start.dt)
        end = event.get("dtend")
        if end is not None:
            last = _day(end.dt)
            # An all-day DTEND is the day after; a timed one ends on its own day.
            last = last - timedelta(days=1) if not isinstance(end.dt, datetime) and last > first else last
        elif event.get("duration") is not None:
            last = _day(start.dt + event.get("duration").dt) - timedelta(days=1)
        else:
            last = first
        entries.append((str(event.get("summary", "")), first, max(first, last)))
    return sorted(entries, key=lambda e: (e[1], e[2], e[0]))
