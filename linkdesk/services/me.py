"""Who "me" is on this laptop: the staff member its user is, chosen once in Settings.

A store setting (not a record), so it never travels to a teammate's laptop. Today, Tasks and the
reports page read it to show "my" work by default; "whole team" stays one choice away.

Pure: no Qt. A visit is mine when I am its worker, or when it names no worker and I am assigned
to its school (most visits are planned without naming one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService

#: The store setting holding this laptop's staff id ("" or absent: not chosen yet).
ME = "me_staff_id"
#: What Settings and Today say while "me" is not chosen.
UNSET_PROMPT = "Choose who you are in Settings, so Today, Tasks and Reports show your own work first."


@dataclass(frozen=True)
class Me:
    staff_id: str
    name: str


def staff_choices(records: RecordService) -> list[tuple[str, str]]:
    """(id, name) of every active staff member, by name."""
    staff = [s for s in records.find("staff") if s.get("active", True) is not False]
    return sorted(((s.id, str(s.get("name"))) for s in staff), key=lambda p: (p[1].lower(), p[0]))


def read_me(records: RecordService) -> Me | None:
    """This laptop's staff member; None when not chosen or no longer on record."""
    staff_id = records.session.setting(ME) or ""
    staff = records.records.get(staff_id) if staff_id else None
    if staff is None or staff.deleted or staff.type != "staff":
        return None
    return Me(staff.id, str(staff.get("name")))


def choose_me(records: RecordService, staff_id: str | None) -> Me | None:
    """Set (or, with None, clear) who this laptop's user is."""
    if not staff_id:
        records.session.set_setting(ME, "")
        return None
    staff = records.records.get(staff_id)
    if staff is None or staff.deleted or staff.type != "staff":
        raise ValidationError("me: choose a staff member on record.", "me")
    records.session.set_setting(ME, staff.id)
    return Me(staff.id, str(staff.get("name")))


def assigned_schools(records: RecordService, staff_id: str, today: date) -> frozenset[str]:
    """The schools the worker is assigned to today."""
    now = today.isoformat()
    return frozenset(
        str(a.get("school_id"))
        for a in records.find("assignment", {"staff_id": staff_id})
        if a.get("starts_on", "") <= now and (not a.get("ends_on") or a.get("ends_on") >= now)
    )


@dataclass(frozen=True)
class Whose:
    """Whose work a list shows: one worker's (with the schools they are assigned to) or the team's."""

    staff_id: str | None = None
    schools: frozenset[str] = frozenset()

    @property
    def team(self) -> bool:
        return self.staff_id is None

    def visit(self, visit: Record) -> bool:
        if self.staff_id is None:
            return True
        worker = visit.get("staff_id")
        return worker == self.staff_id or (not worker and visit.get("school_id") in self.schools)

    def case(self, cyp: Record) -> bool:
        """A case is mine when I am its link worker, or it has none and is at one of my schools."""
        if self.staff_id is None:
            return True
        worker = cyp.get("worker_id")
        return worker == self.staff_id or (not worker and cyp.get("school_id") in self.schools)

    def visits(self, visits: Iterable[Record]) -> list[Record]:
        return [x for x in visits if self.visit(x)]


def whose(records: RecordService, staff_id: str | None) -> Whose:
    if staff_id is None:
        return Whose()
    return Whose(staff_id, assigned_schools(records, staff_id, records.today()))
