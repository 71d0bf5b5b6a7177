"""What a weekly caseload summary is built from, and whose records it covers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from linkdesk.domain import rules
from linkdesk.domain.calendar import Closure
from linkdesk.domain.records import Record
from linkdesk.domain.redaction import NameRedactor
from linkdesk.domain.reporting import Cell, Metric
from linkdesk.domain.reporting_definitions import WEEKLY, metric
from linkdesk.domain.reporting_periods import Period


@dataclass(frozen=True)
class WeeklyData:
    """The records a weekly summary needs, already limited to the worker's scope (or the team)."""

    week: Period
    today: date
    worker: Record | None
    schools: Mapping[str, Record]
    scope_schools: tuple[str, ...]
    visits: Sequence[Record]
    next_visits: Sequence[Record]
    items: Sequence[Record]
    cyps: Sequence[Record]
    #: At least the consents of every case open today (the summary counts no other).
    consents: Sequence[Record]
    #: At least every referral waiting today and every one sent in the week (all the summary counts).
    referrals: Sequence[Record]
    events: Mapping[str, Sequence[Record]]
    time_entries: Sequence[Record]
    actions: Sequence[Record]
    offers: Sequence[Record]
    measures: Sequence[Record]
    staff_names: Mapping[str, str]
    #: Every child's names on this laptop, not only those in scope: a note about a child here may
    #: name a brother or a friend at another school.
    redactor: NameRedactor
    closures: tuple[Closure, ...] = ()
    stalled_days: int = rules.DEFAULT_STALLED_DAYS
    service_name: str = ""
    #: Risk assessments of the CYP in scope (every one: the current risk is the latest).
    risks: Sequence[Record] = ()

    @cached_property
    def open_cases(self) -> frozenset[str]:
        """The ids of the CYP whose case is open today: the caseload."""
        return frozenset(c.id for c in self.cyps if c.get("status") == "open")


def weekly_scope(
    staff_id: str, assignments: Iterable[Record], visits: Iterable[Record], week: Period
) -> set[str]:
    """A worker's schools for a week: assigned to them during it, or visited by them in it."""
    schools = {
        str(a.get("school_id"))
        for a in assignments
        if a.get("staff_id") == staff_id
        and str(a.get("starts_on")) <= week.end.isoformat()
        and (not a.get("ends_on") or str(a.get("ends_on")) >= week.start.isoformat())
    }
    schools.update(
        str(x.get("school_id")) for x in visits if x.get("staff_id") == staff_id and week.holds(x.get("date"))
    )
    return schools


def weekly_metric(key: str, cell: Cell, *, shown: bool = True) -> Metric:
    return metric(WEEKLY, key, cell, shown=shown)
