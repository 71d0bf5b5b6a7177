"""The figures of a service report for one slice of records (one group, or all of them).

Each figure is a :class:`Cell`; a share or a mean names the counts it rests on (``depends``) so
that withholding a small count also withholds what could give it away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import DaysOff
from linkdesk.domain.records import Record
from linkdesk.domain.reporting import Cell, count, days_cell, hours_cell, ratio, share
from linkdesk.domain.reporting_groups import Slice
from linkdesk.domain.reporting_periods import Period
from linkdesk.domain.reporting_rules import (
    cancelled,
    contracted_minutes,
    held,
    held_minutes,
    logged_minutes,
    referral_wait,
    spread,
)

#: Outcomes that take a case on in the link service (the first level of "referred").
TAKEN_ON = ("assessment", "brief_intervention", "joint_work")
ELSEWHERE = ("referred_other_agency", "early_help")
#: Visit kinds at which the worker meets the child or family: those discussed there were "seen".
SEEN_KINDS = ("direct_work", "drop_in", "parent_meeting")


@dataclass(frozen=True)
class FigureContext:
    period: Period
    consents_by_cyp: Mapping[str, Sequence[Record]]
    events: Mapping[str, Sequence[Record]]
    off: DaysOff
    today: date


def open_on(cyp: Record, day: date) -> bool:
    """Whether a case was open on ``day``, from its opening and closing dates."""
    iso = day.isoformat()
    opened, closed = cyp.get("opened_on"), cyp.get("closed_on")
    if opened and opened > iso:
        return False
    if closed:
        return bool(closed > iso)
    return bool(cyp.get("status") != "closed")


def consent_to_share_on(consents: Sequence[Record], day: date) -> bool:
    iso = day.isoformat()
    known = [c for c in consents if (c.get("decided_on") or c.get("sought_on") or "") <= iso]
    return rules.consent_state(known, "share_with_school", day) == "given"


def figures(part: Slice, ctx: FigureContext) -> dict[str, Cell]:
    period = ctx.period
    visits = [x for x in part.visits if period.holds(x.get("date"))]
    held_by_id = {x.id: x for x in visits if held(x)}
    discussions = sum(1 for x in held_by_id.values() if x.get("kind") == "case_discussion")
    return {
        **_visit_figures(visits, discussions),
        **_item_figures(part.items, held_by_id, discussions),
        **referral_figures(part.referrals, ctx),
        **_caseload_figures(part, ctx),
        **_time_figures(part, visits, ctx),
    }


def _visit_figures(visits: list[Record], discussions: int) -> dict[str, Cell]:
    return {
        "visits_planned": count(len(visits)),
        "visits_held": count(sum(1 for x in visits if held(x))),
        "visits_cancelled": count(sum(1 for x in visits if cancelled(x))),
        "case_discussions": count(discussions),
    }


def _item_figures(items: list[Record], held_by_id: dict[str, Record], discussions: int) -> dict[str, Cell]:
    mine = [i for i in items if i.get("visit_id") in held_by_id]
    kind = {i.id: held_by_id[str(i.get("visit_id"))].get("kind") for i in mine}
    at_discussions = sum(1 for i in mine if kind[i.id] == "case_discussion")
    anonymous = sum(1 for i in mine if not i.get("cyp_id") and i.get("subject", "individual") == "individual")
    identified = {i.get("cyp_id") for i in mine if i.get("cyp_id")}
    seen = {i.get("cyp_id") for i in mine if i.get("cyp_id") and kind[i.id] in SEEN_KINDS}
    outcomes = Counter(i.get("outcome") for i in mine)
    taken = sum(outcomes[o] for o in TAKEN_ON)
    specialist = outcomes["referred_specialist"]
    return {
        "items_discussed": count(len(mine)),
        "mean_items_per_discussion": Cell(
            at_discussions / discussions if discussions else None,
            "number",
            (discussions, at_discussions),
            ("case_discussions", "items_discussed"),  # nearly always every item is at a discussion
        ),
        "cyp_discussed": count(len(identified) + anonymous),
        "cyp_seen": count(len(seen)),
        "taken_on": count(taken),
        "taken_on_pct": share(taken, len(mine), depends=("taken_on", "items_discussed")),
        "referred_specialist": count(specialist),
        "referred_specialist_pct": share(
            specialist, len(mine), depends=("referred_specialist", "items_discussed")
        ),
        "referred_elsewhere": count(sum(outcomes[o] for o in ELSEWHERE)),
    }


def referral_figures(referrals: Sequence[Record], ctx: FigureContext) -> dict[str, Cell]:
    sent = [r for r in referrals if ctx.period.holds(r.get("sent_on"))]
    completed: list[int] = []
    waiting = 0
    for referral in sent:
        days, seen = referral_wait(referral, ctx.events.get(referral.id, ()), ctx.today)
        if seen and days is not None:
            completed.append(days)
        elif referral.get("status") in v.WAITING_STATUSES:
            waiting += 1
    stats = spread(completed)
    on_waits = ("waits_completed",)
    return {
        "referrals_sent": count(len(sent)),
        "waits_completed": count(stats.n),
        "wait_mean_days": days_cell(stats.mean, (stats.n,), on_waits),
        "wait_median_days": days_cell(stats.median, (stats.n,), on_waits),
        "still_waiting": count(waiting),
    }


def _caseload_figures(part: Slice, ctx: FigureContext) -> dict[str, Cell]:
    period = ctx.period
    closed = [c for c in part.cyps if c.get("status") == "closed" and period.holds(c.get("closed_on"))]
    without = sum(1 for c in closed if c.get("closure_reason") == "closed_without_specialist_input")
    still_open = [c for c in part.cyps if open_on(c, period.end)]
    covered = sum(1 for c in still_open if consent_to_share_on(ctx.consents_by_cyp.get(c.id, ()), period.end))
    measured = sum(
        1 for r in part.measures if period.holds(r.get("date")) and r.get("status") != "entered_in_error"
    )
    return {
        "new_cases": count(sum(1 for c in part.cyps if period.holds(c.get("opened_on")))),
        "closed_cases": count(len(closed)),
        "closed_without_specialist_input": count(without),
        "closed_without_specialist_input_pct": share(
            without, len(closed), depends=("closed_without_specialist_input", "closed_cases")
        ),
        "open_at_end": count(len(still_open)),
        "consent_to_share": count(covered),
        "consent_coverage_pct": share(covered, len(still_open), depends=("consent_to_share", "open_at_end")),
        "measures_recorded": count(measured),
    }


def _time_figures(part: Slice, visits: list[Record], ctx: FigureContext) -> dict[str, Cell]:
    period = ctx.period
    entries = [e for e in part.time_entries if period.holds(e.get("date"))]
    sessions = [t for t in part.training if period.holds(t.get("date"))]
    contact = held_minutes(visits)
    admin = logged_minutes("admin", visits, entries)
    contracted = contracted_minutes(part.offers, period, ctx.off)
    trained = sum(int(t.get("minutes", t.get("planned_minutes", 0))) for t in sessions)
    return {
        "contact_hours": hours_cell(contact),
        "contracted_hours": hours_cell(contracted),
        "delivered_pct": Cell(contact / contracted if contracted else None, "percent"),
        "admin_hours": hours_cell(admin),
        "admin_ratio": ratio(admin, contact),
        "travel_hours": hours_cell(logged_minutes("travel", visits, entries)),
        "training_sessions": count(len(sessions)),
        "training_hours": hours_cell(trained),
        "training_attendees": count(sum(int(t.get("attendees", 0)) for t in sessions)),
    }


def contacts_of(visits: Sequence[Record], communications: Sequence[Record], period: Period) -> list[str]:
    """The dates of a school's contacts in ``period``: held visits and recorded communications."""
    return sorted(
        str(r.get("date"))
        for r in (*visits, *communications)
        if period.holds(r.get("date")) and (r.type != "visit" or held(r))
    )
