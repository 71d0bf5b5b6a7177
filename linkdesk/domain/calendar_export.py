"""Visits as calendar events for Outlook and other calendars, with no child's name in them.

An event carries the school's name and address, the visit's kind, date, time and status only:
never a visit's summary, discussion items or notes, which may name a child. The UID is the
visit's id, so re-importing an updated export updates the same event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from linkdesk.domain.records import Record
from linkdesk.domain.reporting_text import label

UID_DOMAIN = "linkdesk.invalid"
#: Length given to a timed visit with no planned or held minutes.
DEFAULT_MINUTES = 60
_STATUS = {
    "planned": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled_by_school": "CANCELLED",
    "cancelled_by_service": "CANCELLED",
    "nothing_planned": "CANCELLED",
}


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: date
    #: ``HH:MM`` in UK time, or None for an all-day event.
    start_time: str | None
    minutes: int
    summary: str
    location: str
    description: str
    status: str


def visit_event(visit: Record, schools: Mapping[str, Record]) -> CalendarEvent:
    school = schools.get(str(visit.get("school_id")))
    name = str(school.get("name")) if school is not None else "School"
    place = [name]
    if school is not None:
        place += [str(school.get(f)) for f in ("address", "postcode") if school.get(f)]
    kind, status = label(visit.get("kind")), str(visit.get("status", "planned"))
    minutes = visit.get("duration_minutes") if status == "held" else None
    minutes = minutes or visit.get("planned_minutes") or DEFAULT_MINUTES
    return CalendarEvent(
        uid=f"{visit.id}@{UID_DOMAIN}",
        day=date.fromisoformat(visit.get("date")),
        start_time=visit.get("start_time"),
        minutes=int(minutes),
        summary=f"{kind}: {name}",
        location=", ".join(place),
        description=f"LinkDesk visit. Kind: {kind}. Status: {label(status).lower()}.",
        status=_STATUS.get(status, "CONFIRMED"),
    )
