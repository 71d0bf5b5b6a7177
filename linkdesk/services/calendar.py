"""The visit calendar: school holidays from term-dates files, recurring visits, and .ics export.

School holidays are kept in the store's settings (``school_holidays``, JSON) so every report and
schedule on this device uses the same dates.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import PATTERNS, Closure, Occurrence, closures_from_entries, days_off, schedule
from linkdesk.domain.calendar_export import visit_event
from linkdesk.domain.records import Record
from linkdesk.domain.reporting_periods import Period
from linkdesk.domain.term_dates import entries_from_csv, looks_like_csv
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService
from linkdesk.services.report_gather import dated, index
from linkdesk.services.report_ports import ReportOutput

SETTING = "school_holidays"
#: The longest schedule planned in one go (two academic years).
MAX_SCHEDULE_DAYS = 731


@dataclass(frozen=True)
class TermDatesImport:
    closures: list[Closure]
    ignored: list[str]


@dataclass(frozen=True)
class Plan:
    created: list[Record]
    planned: list[date]
    skipped: list[Occurrence]
    already: list[date]
    #: Said to the worker, not refused: no term dates means holidays could not be skipped.
    warnings: list[str] = field(default_factory=list)


NO_TERM_DATES = (
    "No school term dates are set for this school or the service, so visits may fall in the "
    "school holidays (only bank holidays were skipped). Import them with "
    "'linkdesk calendar terms import FILE.ics|FILE.csv' and plan again."
)


def _closure_json(closure: Closure) -> dict[str, str | None]:
    return {
        "start": closure.start.isoformat(),
        "end": closure.end.isoformat(),
        "label": closure.label,
        "school_id": closure.school_id,
    }


class CalendarService:
    def __init__(
        self, records: RecordService, output: ReportOutput | None, now: Callable[[], datetime]
    ) -> None:
        self.records = records
        self.session = records.session
        self.output = output
        self.now = now

    def _output(self) -> ReportOutput:
        if self.output is None:
            raise ValidationError("Calendar files cannot be written or read here (no calendar writer).")
        return self.output

    # -- school holidays ---------------------------------------------------------------------------

    def closures(self) -> tuple[Closure, ...]:
        raw = self.session.setting(SETTING)
        if not raw:
            return ()
        return tuple(
            sorted(
                Closure(
                    date.fromisoformat(c["start"]),
                    date.fromisoformat(c["end"]),
                    c["label"],
                    c.get("school_id"),
                )
                for c in json.loads(raw)
            )
        )

    def import_term_dates(
        self, data: bytes, school_id: str | None = None, *, replace: bool = False
    ) -> TermDatesImport:
        """Add (or with ``replace``, replace) the school holidays of a term-dates calendar."""
        if school_id is not None:
            self.records.get("school", school_id)
        entries = entries_from_csv(data) if looks_like_csv(data) else self._output().read_term_dates(data)
        closures, ignored = closures_from_entries(entries, school_id)
        if not closures:
            raise ValidationError(
                "The calendar has no holiday, half-term, INSET or term entries, "
                "so no school holidays were added."
            )
        kept = [c for c in self.closures() if not (replace and c.school_id == school_id)]
        merged = sorted(set(kept) | set(closures))
        self.session.set_setting(SETTING, json.dumps([_closure_json(c) for c in merged], sort_keys=True))
        return TermDatesImport(closures, ignored)

    # -- recurring visits --------------------------------------------------------------------------

    def plan(
        self,
        school_id: str,
        pattern: str,
        period: Period,
        *,
        staff_id: str | None = None,
        start_time: str | None = None,
        minutes: int | None = None,
        kind: str = "case_discussion",
        dry_run: bool = False,
    ) -> Plan:
        """Planned visits on the schedule's days, skipping bank and school holidays and days the
        school already has a visit (so planning the same schedule twice adds nothing)."""
        self.records.get("school", school_id)
        if staff_id:
            self.records.get("staff", staff_id)
        if pattern not in PATTERNS:
            raise ValidationError(f"pattern: {pattern!r} is not one of {', '.join(PATTERNS)}.", "pattern")
        if kind not in v.VISIT_KINDS:
            raise ValidationError(f"kind: {kind!r} is not a visit kind.", "kind")
        if period.days > MAX_SCHEDULE_DAYS:
            raise ValidationError("to: a schedule can cover at most two years at a time.", "to")
        fields = {
            "school_id": school_id,
            "staff_id": staff_id,
            "start_time": start_time,
            "planned_minutes": minutes,
            "kind": kind,
            "status": "planned",
        }
        for name, value in fields.items():
            if value is not None:
                self.records.check_value("visit", name, value)
        closures = self.closures()
        warnings = [] if any(c.school_id in (None, school_id) for c in closures) else [NO_TERM_DATES]
        occurrences = schedule(
            pattern,
            period.start,
            period.end,
            days_off(period.start, period.end, closures),
            school_id=school_id,
        )
        taken = {x.get("date") for x in self.records.find("visit", {"school_id": school_id})}
        free = [o.day for o in occurrences if o.skipped is None and o.day.isoformat() not in taken]
        already = [o.day for o in occurrences if o.skipped is None and o.day.isoformat() in taken]
        created: list[Record] = []
        if not dry_run and free:
            values = {k: val for k, val in fields.items() if val is not None}
            with self.session.transaction():
                created = [self.records.add("visit", {**values, "date": day.isoformat()}) for day in free]
        return Plan(created, free, [o for o in occurrences if o.skipped], already, warnings)

    # -- export ------------------------------------------------------------------------------------

    def export(
        self, first: date | None = None, last: date | None = None, staff_id: str | None = None
    ) -> tuple[bytes, int]:
        """Visits (one event each) as an .ics file; returns its bytes and the number of events."""
        if staff_id:
            self.records.get("staff", staff_id)
        if first is not None and last is not None:
            visits = dated(self.records, "visit", Period(first, last))
        else:
            visits = [
                x
                for x in self.records.find("visit")
                if (first is None or x.get("date") >= first.isoformat())
                and (last is None or x.get("date") <= last.isoformat())
            ]
        if staff_id:
            visits = [x for x in visits if x.get("staff_id") == staff_id]
        visits.sort(key=lambda x: (x.get("date"), x.get("start_time") or "", x.id))
        schools = index(self.records.find("school"))
        events = [visit_event(x, schools, self.records.records.history(x.id)) for x in visits]
        name = self.session.setting("service_name") or "LinkDesk visits"
        return self._output().calendar(events, self.now(), f"{name}: visits"), len(events)
