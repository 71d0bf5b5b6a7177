"""Visits as calendar events for Outlook and other calendars, with no child's name in them.

An event carries the school's name and address, the visit's kind, date, time and status only:
never a visit's summary, discussion items or notes, which may name a child. The UID is the
visit's id, so re-importing an updated export updates the same event; SEQUENCE (how many times
the visit's date, time, length, kind, school or status has changed) and LAST-MODIFIED (the clock
of the latest such change) come from the visit's own history, so a calendar takes the newer
version and every device exports the same revision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from linkdesk.domain.hlc import Hlc
from linkdesk.domain.records import Op, Record
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


#: Fields whose change alters what a calendar shows (RFC 5545 3.8.7.4: SEQUENCE).
EVENT_FIELDS = frozenset(
    {"date", "start_time", "planned_minutes", "duration_minutes", "status", "kind", "school_id"}
)


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
    #: Changes to the event since it was first planned (0 for a new visit).
    sequence: int = 0
    #: When the event last changed (UTC, whole seconds), or None when its history is not known.
    last_modified: datetime | None = None


def revision(history: Sequence[Op]) -> tuple[int, datetime | None]:
    """SEQUENCE and LAST-MODIFIED of a visit's event, from the ops of its record."""
    relevant = [
        op
        for op in history
        if op.kind == "create" or (op.kind == "update" and EVENT_FIELDS & op.fields.keys())
    ]
    sequence = sum(1 for op in relevant if op.kind == "update")
    latest = max((op.hlc for op in relevant), default=None)
    if latest is None:
        return sequence, None
    moment = datetime.fromtimestamp(Hlc.decode(latest).millis / 1000, UTC)
    return sequence, moment.replace(microsecond=0)


def visit_event(visit: Record, schools: Mapping[str, Record], history: Sequence[Op] = ()) -> CalendarEvent:
    school = schools.get(str(visit.get("school_id")))
    name = str(school.get("name")) if school is not None else "School"
    place = [name]
    if school is not None:
        place += [str(school.get(f)) for f in ("address", "postcode") if school.get(f)]
    kind, status = label(visit.get("kind")), str(visit.get("status", "planned"))
    minutes = visit.get("duration_minutes") if status == "held" else None
    minutes = minutes or visit.get("planned_minutes") or DEFAULT_MINUTES
    sequence, last_modified = revision(history)
    return CalendarEvent(
        uid=f"{visit.id}@{UID_DOMAIN}",
        day=date.fromisoformat(visit.get("date")),
        start_time=visit.get("start_time"),
        minutes=int(minutes),
        summary=f"{kind}: {name}",
        location=", ".join(place),
        description=f"LinkDesk visit. Kind: {kind}. Status: {label(status).lower()}.",
        status=_STATUS.get(status, "CONFIRMED"),
        sequence=sequence,
        last_modified=last_modified,
    )
