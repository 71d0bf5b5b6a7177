"""Retention of closed cases on this laptop, and the purge of those due (issue #22).

A closed case's copy leaves this laptop when all of these hold (``domain/retention.assess``):

1. the case is closed and the worker has recorded that its closure is confirmed in the trust's
   EPR (``epr_closure_confirmed_on``), the master record;
2. the trust's period (``device_purge_days``, 30 by default; the organisation's managed value
   wins) has passed since that confirmation;
3. its content has left this laptop ("once exported"): with teammates, one active teammate is
   known to hold every change to the case and its records (its holdings, learned from the
   bundles it sent back), so the team's copy, and any report drawn from it, never depended on
   this laptop alone; with no teammate, a subject access export of the case was made and
   audited after its last change.

A deleted case counts as much as any other: its tombstone still holds the case's content and
history in the op log, so a case deleted after it was closed is listed (``deleted``) and purged by
the same rule; its subject access export (which covers a deleted case) or a teammate holding its
delete counts as exported.

``purge_due`` purges each such case through ``RecordStore.purge`` (a purge op that travels in
bundles, audited without content), then empties the write-ahead log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from linkdesk.domain.managed import ManagedPolicy
from linkdesk.domain.ports import StoreSession
from linkdesk.domain.records import Record
from linkdesk.domain.retention import DEFAULT_CLASS, RETENTION_CLASSES, Footprint, assess, retain_until
from linkdesk.services.settings_admin import NOTHING_MANAGED, device_purge_days


@dataclass(frozen=True)
class CaseRetention:
    """One closed case: its class and dates, and whether its copy here is due to be purged."""

    cyp_id: str
    pseudonym: str
    retention_class: str
    closed_on: str
    retain_until: str | None
    epr_closure_confirmed_on: str | None
    purge_on: str | None
    due: bool
    reason: str
    records: int
    #: Deleted (a tombstone): hidden from use, its content still held until it is purged.
    deleted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "cyp_id": self.cyp_id,
            "pseudonym": self.pseudonym,
            "retention_class": self.retention_class,
            "closed_on": self.closed_on,
            "retain_until": self.retain_until,
            "epr_closure_confirmed_on": self.epr_closure_confirmed_on,
            "purge_on": self.purge_on,
            "due": self.due,
            "reason": self.reason,
            "records": self.records,
            "deleted": self.deleted,
        }


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _hlc_time(hlc: str) -> datetime:
    return datetime.fromtimestamp(int(hlc[:15]) / 1000, UTC) if hlc else datetime.min.replace(tzinfo=UTC)


class Retention:
    def __init__(
        self, session: StoreSession, today: Callable[[], date], managed: ManagedPolicy = NOTHING_MANAGED
    ) -> None:
        self.session = session
        self.records = session.records
        self.today = today
        self.days = device_purge_days(session, managed)

    def cases(self) -> list[CaseRetention]:
        """Every closed case still held here, deleted ones included, by closure date then id."""
        closed = self.records.find("cyp", {"status": "closed"}, include_deleted=True)
        footprints = self.records.footprints([c.id for c in closed])
        teammates = [d.vector for d in self.session.team.devices() if d.revoked_at is None]
        found = [self._case(c, footprints[c.id], teammates) for c in closed]
        return sorted(found, key=lambda c: (c.closed_on, c.cyp_id))

    def _case(self, cyp: Record, footprint: Footprint, teammates: list[dict[str, int]]) -> CaseRetention:
        cls = str(cyp.get("retention_class", DEFAULT_CLASS))
        closed_on = _day(cyp.get("closed_on"))
        until = retain_until(cls, _day(cyp.get("date_of_birth")), closed_on) if closed_on else None
        verdict = assess(
            _day(cyp.get("epr_closure_confirmed_on")),
            self.days,
            self.today(),
            self._not_exported(cyp, footprint, teammates),
        )
        return CaseRetention(
            cyp.id,
            str(cyp.get("pseudonym", "")),
            cls if cls in RETENTION_CLASSES else DEFAULT_CLASS,
            cyp.get("closed_on", ""),
            until.isoformat() if until else None,
            cyp.get("epr_closure_confirmed_on"),
            verdict.purge_on.isoformat() if verdict.purge_on else None,
            verdict.due,
            verdict.reason,
            footprint.records,
            cyp.deleted,
        )

    def _not_exported(self, cyp: Record, footprint: Footprint, teammates: list[dict[str, int]]) -> str:
        """ "" when the case's content has left this laptop as the service requires, else why not."""
        if teammates:
            if any(footprint.held_by(vector) for vector in teammates):
                return ""
            return "not yet held by a teammate: sync with the team first"
        changed = _hlc_time(footprint.last_hlc)
        exports = [
            e for e in self.session.access_events([cyp.id]) if e.action == "export" and e.entity_type == "cyp"
        ]
        if any(datetime.fromisoformat(e.at) >= changed for e in exports):
            return ""
        return "no subject access export since its last change (this laptop has no teammates to hold it)"

    def purge_due(self, *, dry_run: bool = False) -> list[CaseRetention]:
        """Purge every case due (or only list them, ``dry_run``); returns those purged."""
        due = [c for c in self.cases() if c.due]
        if dry_run or not due:
            return due
        for case in due:
            self.records.purge(case.cyp_id, reason="retention", days=self.days)
        self.records.scrub()
        return due
