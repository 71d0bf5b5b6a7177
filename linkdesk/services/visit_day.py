"""A visit day (domain.md §3.2): the visits coming up, a prep sheet for each, and saving what was
discussed there (§3.3).

Pure use-case queries over ``RecordService`` and ``Casework``: no Qt, no SQL. The desktop app runs
them on its DB worker; the rows returned are plain frozen dataclasses a view can show as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record, grouped, with_status
from linkdesk.domain.schema import record_type
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.consent_view import consent_for, state_line
from linkdesk.services.me import Whose
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import (
    CaseRow,
    VisitRow,
    case_row,
    consent_states,
    cyp_label,
    day,
    visit_order,
    visit_row,
)

#: Actions due within this many days (or overdue) are on the prep sheet.
ACTIONS_AHEAD_DAYS = 14
#: Planned visits this far back that were never recorded are listed as still to write up.
WRITE_UP_DAYS = 28
#: The consent scopes a prep sheet asks about for every open case.
PREP_SCOPES = ("share_with_school",)
#: Risk levels the prep sheet lists (a low risk is on the child's record, not the sheet).
RAISED_RISK = ("high", "medium")
#: The consent a child named in a case discussion needs.
DISCUSSION_SCOPE = "identifiable_discussion"


# -- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agenda:
    today: date
    week: tuple[date, date]
    next_week: tuple[date, date]
    todays: list[VisitRow]
    this_week: list[VisitRow]
    following: list[VisitRow]
    to_write_up: list[VisitRow]

    def first(self) -> VisitRow | None:
        for rows in (self.todays, self.to_write_up, self.this_week, self.following):
            if rows:
                return rows[0]
        return None


@dataclass(frozen=True)
class ConsentRow:
    cyp_id: str
    case: str
    scope: str
    state: str  # "sought" or "missing"
    sought_on: date | None


@dataclass(frozen=True)
class ReferralRow:
    id: str
    cyp_id: str
    case: str
    destination: str
    status: str
    sent_on: date | None
    waiting_days: int | None
    stalled: bool
    last_event: str | None


@dataclass(frozen=True)
class ActionRow:
    id: str
    description: str
    due_on: date | None
    owner: str
    case: str
    overdue: bool


@dataclass(frozen=True)
class RiskRow:
    """An open case whose current risk is high or medium (the latest assessment)."""

    id: str
    cyp_id: str
    case: str
    level: str
    assessed_on: date
    dsl_informed_on: date | None
    safeguarding_referral_on: date | None


@dataclass(frozen=True)
class ItemRow:
    id: str
    who: str
    linked: bool
    concern: str
    outcome: str | None
    actions: str


@dataclass(frozen=True)
class LastTime:
    visit: VisitRow
    items: list[ItemRow]


@dataclass(frozen=True)
class PrepSheet:
    visit: VisitRow
    open_cases: list[CaseRow]
    consents: list[ConsentRow]
    referrals: list[ReferralRow]
    actions: list[ActionRow]
    last_time: LastTime | None
    risks: list[RiskRow]


class VisitDay:
    """The queries behind the Today page and the case discussion form."""

    def __init__(self, casework: Casework) -> None:
        self.casework = casework
        self.records: RecordService = casework.records

    @property
    def today(self) -> date:
        return self.records.today()

    # -- the agenda ---------------------------------------------------------------------------

    def agenda(self, whose: Whose | None = None) -> Agenda:
        """The visits coming up (and those still to write up): all of them, or ``whose`` only."""
        whose = whose or Whose()
        today = self.today
        week = school_week(today)
        following = (week[0] + timedelta(days=7), week[1] + timedelta(days=7))
        names = self._school_names()
        rest_of_week = max(today + timedelta(days=1), week[0])
        past = [
            r
            for r in self.visits_between(
                today - timedelta(days=WRITE_UP_DAYS), today - timedelta(days=1), names, whose
            )
            if r.status == "planned"
        ]
        return Agenda(
            today=today,
            week=week,
            next_week=following,
            todays=self.visits_between(today, today, names, whose),
            this_week=self.visits_between(rest_of_week, week[1], names, whose),
            following=self.visits_between(*following, names, whose),
            to_write_up=past,
        )

    def visits_between(
        self, first: date, last: date, names: dict[str, str] | None = None, whose: Whose | None = None
    ) -> list[VisitRow]:
        """Visits from ``first`` to ``last`` inclusive, by date and time (one indexed range look-up)."""
        names = names if names is not None else self._school_names()
        found = self.records.find_dated("visit", first.isoformat(), last.isoformat())
        mine = whose.visits(found) if whose is not None else found
        return sorted((visit_row(r, names) for r in mine), key=visit_order)

    def visit(self, visit_id: str) -> VisitRow:
        record = self.records.get("visit", visit_id)
        return visit_row(record, self._school_names([record.get("school_id")]))

    # -- the prep sheet -------------------------------------------------------------------------

    def prep(self, visit_id: str) -> PrepSheet:
        visit = self.visit(visit_id)
        cases = self.records.find("cyp", {"school_id": visit.school_id})
        open_cases = [c for c in cases if c.get("status") == "open"]
        about = self.records.records.find_linked(("consent", "risk"), "cyp_id", [c.id for c in open_cases])
        none: dict[str, list[Record]] = {c.id: [] for c in open_cases}
        consents = none | grouped(about["consent"], "cyp_id")
        states = {cyp_id: consent_states(found, self.today) for cyp_id, found in consents.items()}
        rows = [case_row(c, states[c.id]) for c in open_cases]
        rows.sort(key=lambda row: (row.opened_on or date.min, row.id), reverse=True)
        return PrepSheet(
            visit=visit,
            open_cases=rows,
            consents=pending_consents(cases, consents, states),
            referrals=self.waiting_referrals(cases),
            actions=self.actions_due(visit.school_id, {c.id: c for c in cases}),
            last_time=self.last_time(visit.school_id, before=visit.date),
            risks=self.risks_raised(open_cases, about["risk"]),
        )

    def risks_raised(self, cases: list[Record], found: list[Record]) -> list[RiskRow]:
        """Of ``cases``, those whose current risk (of the assessments ``found``) is high or medium:
        high first, then the newest."""
        labels = {c.id: cyp_label(c) for c in cases}
        rows = [
            RiskRow(
                id=risk.id,
                cyp_id=cyp_id,
                case=labels[cyp_id],
                level=risk.get("level"),
                assessed_on=date.fromisoformat(risk.get("assessed_on")),
                dsl_informed_on=day(risk.get("dsl_informed_on")),
                safeguarding_referral_on=day(risk.get("safeguarding_referral_on")),
            )
            for cyp_id, risk in rules.current_risks(found, self.today).items()
            if risk.get("level") in RAISED_RISK
        ]
        return sorted(rows, key=lambda r: (r.level != "high", -r.assessed_on.toordinal(), r.id))

    def waiting_referrals(self, cases: list[Record]) -> list[ReferralRow]:
        by_id = {c.id: c for c in cases}
        waiting = self.records.records.find_any("referral", "cyp_id", by_id, with_status(*v.WAITING_STATUSES))
        rows = []
        for referral in waiting:
            case = by_id[str(referral.get("cyp_id"))]
            view = self.casework.referral_view(referral.id)
            rows.append(
                ReferralRow(
                    id=referral.id,
                    cyp_id=case.id,
                    case=cyp_label(case),
                    destination=referral.get("destination"),
                    status=referral.get("status"),
                    sent_on=day(referral.get("sent_on")),
                    waiting_days=view.waiting_days,
                    stalled=view.stalled,
                    last_event=view.events[-1].get("event") if view.events else None,
                )
            )
        return sorted(rows, key=lambda r: (not r.stalled, -(r.waiting_days or 0), r.id))

    def actions_due(self, school_id: str, cases: dict[str, Record]) -> list[ActionRow]:
        horizon = self.today + timedelta(days=ACTIONS_AHEAD_DAYS)
        rows = []
        for action in self.records.records.find_any("action", "school_id", [school_id], with_status("open")):
            due = day(action.get("due_on"))
            if due is None or due > horizon:
                continue
            case = cases.get(action.get("cyp_id") or "")
            rows.append(
                ActionRow(
                    id=action.id,
                    description=action.get("description"),
                    due_on=due,
                    owner=self._owner(action),
                    case=cyp_label(case) if case else "",
                    overdue=due < self.today,
                )
            )
        return sorted(rows, key=lambda r: (r.due_on or date.max, r.id))

    def last_time(self, school_id: str, before: date) -> LastTime | None:
        """The last held visit at the school before ``before``, with what was agreed for each item."""
        held = [
            r
            for r in self.records.find("visit", {"school_id": school_id})
            if r.get("status") == "held" and r.get("date") < before.isoformat()
        ]
        if not held:
            return None
        latest = max(held, key=lambda r: (r.get("date"), r.get("start_time") or "", r.id))
        names = self._school_names([school_id])
        return LastTime(visit_row(latest, names), self.items(latest.id))

    def items(self, visit_id: str) -> list[ItemRow]:
        rows = []
        for item in self.records.find("discussion_item", {"visit_id": visit_id}):
            cyp = self.records.records.get(item.get("cyp_id")) if item.get("cyp_id") else None
            rows.append(
                ItemRow(
                    id=item.id,
                    who=cyp_label(cyp) if cyp else item.get("anon_label", "Not named"),
                    linked=cyp is not None,
                    concern=item.get("concern", ""),
                    outcome=item.get("outcome"),
                    actions=item.get("actions", ""),
                )
            )
        return rows

    # -- the case discussion form ---------------------------------------------------------------

    def cases_at(self, school_id: str) -> list[CaseRow]:
        """Every case at the school for the item picker: open ones first, newest first."""
        cases = [
            replace(case_row(c, {}), discussion_consent=self.discussion_consent(c.id))
            for c in self.records.find("cyp", {"school_id": school_id})
        ]
        return sorted(cases, key=lambda r: (r.status != "open", -(r.opened_on or date.min).toordinal()))

    def discussion_consent(self, cyp_id: str) -> str:
        """Where consent to identifiable discussion stands for a child named in a discussion."""
        consents = self.records.find("consent", {"cyp_id": cyp_id})
        return state_line(consent_for(consents, DISCUSSION_SCOPE, self.today))

    # -- helpers --------------------------------------------------------------------------------

    def _school_names(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        if ids is None:
            return {s.id: s.get("name") for s in self.records.find("school")}
        names = {}
        for school_id in ids:
            school = self.records.records.get(school_id)
            names[school_id] = school.get("name") if school else "Unknown school"
        return names

    def _owner(self, action: Record) -> str:
        for field in ("owner_staff_id", "owner_contact_id"):
            owner = self.records.records.get(action.get(field)) if action.get(field) else None
            if owner is not None:
                return str(owner.get("name", ""))
        return str(action.get("owner", ""))


def school_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of this week; at the weekend, the school week ahead."""
    monday = today - timedelta(days=today.weekday())
    if today.weekday() >= 5:
        monday += timedelta(days=7)
    return monday, monday + timedelta(days=6)


def pending_consents(
    cases: list[Record], consents: dict[str, list[Record]], states: dict[str, dict[str, str]]
) -> list[ConsentRow]:
    """Open cases whose consent is sought but not answered, or never asked for sharing with school."""
    rows = []
    for case in cases:
        state = states.get(case.id)
        if state is None:
            continue
        for scope, value in state.items():
            if value == "sought" or (scope in PREP_SCOPES and value == "missing"):
                asked = [c.get("sought_on") for c in consents[case.id] if c.get("scope") == scope]
                sought_on = day(max((a for a in asked if a), default=None))
                rows.append(ConsentRow(case.id, cyp_label(case), scope, value, sought_on))
    return sorted(rows, key=lambda r: (r.state != "sought", r.case, r.scope))


# -- saving a case discussion ---------------------------------------------------------------------


class ItemProblem(ValidationError):
    """A case discussion item was refused: ``index`` is its place in the form (from 0)."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(str(error), error.field)
        self.index = index


def check_items(visit_id: str, items: list[dict[str, Any]], today: date) -> None:
    """Check each item on its own first, so a refusal names the item as well as the field."""
    rtype = record_type("discussion_item")
    if not items:
        raise ItemProblem(0, ValidationError("items: a case discussion needs at least one item.", "items"))
    for index, item in enumerate(items):
        try:
            rules.check_changes(rtype, None, {**item, "visit_id": visit_id}, today)
        except ValidationError as exc:
            raise ItemProblem(index, exc) from exc


def save_case_discussion(
    casework: Casework,
    visit_id: str,
    items: list[dict[str, Any]],
    *,
    held_minutes: int | None = None,
    admin_minutes: int | None = None,
    travel_minutes: int | None = None,
    summary: str | None = None,
    agenda_received: bool | None = None,
    **visit_fields: str | None,
) -> list[Record]:
    """Record the discussion and the visit's time together, or nothing at all; ``visit_fields``
    are other fields of the visit to set with it (how and with whom the contact took place)."""
    records = casework.records
    check_items(visit_id, items, records.today())
    extra = {
        k: val
        for k, val in (
            ("admin_minutes", admin_minutes),
            ("travel_minutes", travel_minutes),
            ("agenda_received", agenda_received),
            *visit_fields.items(),
        )
        if val is not None
    }
    with records.session.transaction():
        saved = casework.record_case_discussion(
            visit_id, items, duration_minutes=held_minutes, summary=summary or None
        )
        if extra:
            records.update("visit", visit_id, extra)
    return saved
