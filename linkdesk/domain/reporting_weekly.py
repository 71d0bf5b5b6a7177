"""The weekly caseload summary (cli-contract.md "Reports and calendar"; domain.md §4.6).

``build_weekly`` is pure: it is given the records of one worker (or of the team) and returns a
:class:`Report`. The week is the ISO week, Monday to Sunday, by visit date. Figures about the
current state (open cases, consents, referrals waiting) are as on the day the report is made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import days_off
from linkdesk.domain.records import Record
from linkdesk.domain.reporting import (
    Chart,
    Column,
    Relation,
    Report,
    Row,
    Section,
    Series,
    Table,
    at_most,
    count,
    metric_ref,
    minutes_cell,
    not_recorded,
    ratio,
    same,
    share,
    text,
    total_of,
)
from linkdesk.domain.reporting_definitions import coded_metric
from linkdesk.domain.reporting_periods import long_date
from linkdesk.domain.reporting_rules import cancelled, contracted_minutes, held, held_minutes, logged_minutes
from linkdesk.domain.reporting_text import label, name_of
from linkdesk.domain.reporting_weekly_data import WeeklyData, weekly_scope
from linkdesk.domain.reporting_weekly_data import weekly_metric as _m
from linkdesk.domain.reporting_weekly_risk import contact_section, risk_and_contact_relations, risk_section
from linkdesk.domain.reporting_weekly_state import (
    consent_section,
    measures_section,
    next_week_section,
    referrals_section,
)

__all__ = ["WeeklyData", "build_weekly", "weekly_scope"]

CHART_SCHOOLS = 16


def build_weekly(data: WeeklyData) -> Report:
    week = data.week
    visits = [x for x in data.visits if week.holds(x.get("date"))]
    who = str(data.worker.get("name")) if data.worker else "Whole team"
    redact = data.redactor  # a child's recorded name in free text becomes their code
    sections = (
        _visits(data, visits),
        _discussions(data, visits),
        _caseload(data),
        referrals_section(data),
        consent_section(data),
        risk_section(data, redact),
        measures_section(data),
        _time(data, visits),
        contact_section(visits),
        next_week_section(data, redact),
    )
    headline = tuple(
        next(m for s in sections for m in s.metrics if m.key == key)
        for key in ("visits_held", "cases_discussed", "open_cases", "referrals_waiting", "consents_pending")
    )
    return Report(
        "weekly",
        "Weekly caseload summary",
        (
            ("Week", week.describe()),
            ("Worker", who),
            ("Service", data.service_name or "Link work service"),
            ("Made on", long_date(data.today)),
        ),
        sections,
        headline,
        (
            "Children and young people appear by their LinkDesk code, never by name: a recorded name "
            "in an action's text is replaced by the child's code.",
            f"Open cases, consents and referrals waiting are as on {long_date(data.today)}.",
        ),
        relations=(*weekly_relations(), *risk_and_contact_relations()),
    )


def _visits(data: WeeklyData, visits: list[Record]) -> Section:
    status = Counter(str(x.get("status")) for x in visits)
    rows = tuple(
        Row(
            x.id,
            f"{date.fromisoformat(x.get('date')):%a %d %b}",
            (
                text(name_of(data.schools, x.get("school_id"))),
                text(label(x.get("kind"))),
                text(label(x.get("status"))),
                minutes_cell(int(x.get("duration_minutes", 0))) if held(x) else text(""),
            ),
        )
        for x in sorted(visits, key=lambda x: (x.get("date"), x.get("start_time") or "", x.id))
    )
    table = Table(
        "visits",
        "Visits this week",
        "Day",
        (
            Column("school", "School", "text"),
            Column("kind", "Kind", "text"),
            Column("status", "Status", "text"),
            Column("minutes", "Minutes held", "minutes"),
        ),
        rows,
        long_form=False,
        individual=True,
    )
    return Section(
        "Visits",
        metrics=(
            _m("visits_planned", count(len(visits))),
            _m("visits_held", count(status["held"])),
            _m("visits_cancelled", count(sum(1 for x in visits if cancelled(x)))),
            _m("visits_cancelled_by_school", count(status["cancelled_by_school"])),
            _m("visits_cancelled_by_service", count(status["cancelled_by_service"])),
            _m("visits_nothing_planned", count(status["nothing_planned"])),
            _m("visits_not_yet_recorded", count(status["planned"])),
        ),
        tables=(table,),
    )


def _discussions(data: WeeklyData, visits: list[Record]) -> Section:
    held_ids = {x.id for x in visits if held(x) and x.get("kind") == "case_discussion"}
    items = [i for i in data.items if i.get("visit_id") in held_ids]
    outcomes = Counter(i.get("outcome") for i in items)
    specialist = outcomes["referred_specialist"]
    rows = tuple(
        Row(
            code or "not_recorded",
            label(code),
            (
                count(outcomes[code]),
                share(
                    outcomes[code], len(items), depends=("items",), rests_on=(metric_ref("cases_discussed"),)
                ),
            ),
        )
        for code in (*v.OUTCOMES, None)
        if outcomes[code]
    )
    table = Table(
        "outcomes",
        "Outcomes of the cases discussed",
        "Outcome",
        (Column("items", "Cases"), Column("share", "Share", "percent")),
        rows,
    )
    breakdown = [
        coded_metric("outcome", code, count(outcomes[code]), "Cases discussed with outcome")
        for code in v.OUTCOMES
    ]
    missing = count(outcomes[None])
    breakdown.append(coded_metric("outcome", "not_recorded", missing, "Cases discussed with outcome"))
    return Section(
        "Case discussions",
        metrics=(
            _m("case_discussions", count(len(held_ids))),
            _m("cases_discussed", count(len(items))),
            _m(
                "mean_items_per_discussion",
                replace(
                    ratio(len(items), len(held_ids), basis=(len(held_ids), len(items))),
                    depends=("case_discussions", "cases_discussed"),
                ),
            ),
            _m("cyp_discussed", count(len({i.get("cyp_id") for i in items if i.get("cyp_id")}))),
            _m("anonymous_items", count(sum(1 for i in items if not i.get("cyp_id")))),
            _m("cases_referred_specialist", count(specialist)),
            _m(
                "cases_referred_specialist_pct",
                share(specialist, len(items), depends=("cases_referred_specialist", "cases_discussed")),
            ),
            *breakdown,
        ),
        tables=(table,) if rows else (),
    )


def _caseload(data: WeeklyData) -> Section:
    week = data.week
    closed = [c for c in data.cyps if c.get("status") == "closed" and week.holds(c.get("closed_on"))]
    reasons = Counter(c.get("closure_reason") for c in closed)
    without = reasons["closed_without_specialist_input"]
    rows = tuple(
        Row(
            str(code),
            label(code),
            (count(n), share(n, len(closed), depends=("cases",), rests_on=(metric_ref("closed_cases"),))),
        )
        for code, n in sorted(reasons.items())
    )
    table = Table(
        "closure_reasons",
        "Cases closed this week, by reason",
        "Closure reason",
        (Column("cases", "Cases"), Column("share", "Share", "percent")),
        rows,
    )
    return Section(
        "Caseload",
        metrics=(
            _m("new_cyp", count(sum(1 for c in data.cyps if week.holds(c.get("opened_on"))))),
            _m("open_cases", count(len(data.open_cases))),
            _m("closed_cases", count(len(closed))),
            _m("closed_without_specialist_input", count(without)),
            _m(
                "closed_without_specialist_input_pct",
                share(without, len(closed), depends=("closed_without_specialist_input", "closed_cases")),
            ),
            *(
                coded_metric("closure_reason", code, count(reasons[code]), "Cases closed in the week, reason")
                for code in v.CLOSURE_REASONS
            ),
        ),
        tables=(table,) if rows else (),
    )


def _time(data: WeeklyData, visits: list[Record]) -> Section:
    week = data.week
    entries = [e for e in data.time_entries if week.holds(e.get("date"))]
    contact = held_minutes(visits)
    admin = logged_minutes("admin", visits, entries)
    off = days_off(week.start - timedelta(days=400), week.end + timedelta(days=400), data.closures)
    by_school = []
    for school_id in data.scope_schools:
        offers = [o for o in data.offers if o.get("school_id") == school_id]
        mine = [x for x in visits if x.get("school_id") == school_id]
        contracted = contracted_minutes(offers, week, off) or 0.0
        by_school.append((name_of(data.schools, school_id), held_minutes(mine) / 60, contracted / 60))
    by_school.sort(key=lambda s: (s[1] - s[2], s[0]))
    contracted_total = contracted_minutes(data.offers, week, off)
    shown = sorted(by_school[:CHART_SCHOOLS])
    chart = Chart(
        "contact_against_contract",
        "Contact time this week by school, against contract",
        "bar",
        tuple(name for name, _, _ in shown),
        (Series("Held", tuple(h for _, h, _ in shown)), Series("Contracted", tuple(c for _, _, c in shown))),
        "hours",
        ""
        if len(by_school) <= CHART_SCHOOLS
        else f"The {CHART_SCHOOLS} schools furthest below contract of {len(by_school)}.",
    )
    return Section(
        "Time",
        metrics=(
            _m("contact_minutes", minutes_cell(contact)),
            _m("admin_minutes", minutes_cell(admin)),
            _m("travel_minutes", minutes_cell(logged_minutes("travel", visits, entries))),
            _m("admin_to_contact_ratio", ratio(admin, contact)),
            _m(
                "contracted_minutes",
                minutes_cell(round(contracted_total))
                if contracted_total is not None
                else not_recorded("no contract recorded"),
            ),
        ),
        charts=(chart,) if by_school else (),
    )


def weekly_relations() -> tuple[Relation, ...]:
    """What a reader can work out between the summary's counts (for disclosure control when it
    is shared; ``reporting_sdc`` keeps the relations that hold)."""

    def m(*keys: str) -> tuple[tuple[str, str, str], ...]:
        return tuple(metric_ref(k) for k in keys)

    outcomes = (*v.OUTCOMES, "not_recorded")
    found = [
        total_of(
            m("visits_held", "visits_cancelled", "visits_nothing_planned", "visits_not_yet_recorded"),
            metric_ref("visits_planned"),
        ),
        total_of(
            m("visits_cancelled_by_school", "visits_cancelled_by_service"), metric_ref("visits_cancelled")
        ),
        at_most(m("case_discussions"), metric_ref("visits_held")),
        total_of(m(*(f"outcome_{o}" for o in outcomes)), metric_ref("cases_discussed")),
        same(metric_ref("cases_referred_specialist"), metric_ref("outcome_referred_specialist")),
        at_most(m("cyp_discussed", "anonymous_items"), metric_ref("cases_discussed")),
        total_of(m(*(f"closure_reason_{r}" for r in v.CLOSURE_REASONS)), metric_ref("closed_cases")),
        same(
            metric_ref("closed_without_specialist_input"),
            metric_ref("closure_reason_closed_without_specialist_input"),
        ),
        at_most(m("referrals_stalled"), metric_ref("referrals_waiting")),
        at_most(m("open_cases_without_measure"), metric_ref("open_cases")),
    ]
    found += [same(("outcomes", o, "items"), metric_ref(f"outcome_{o}")) for o in outcomes]
    found += [
        same(("closure_reasons", r, "cases"), metric_ref(f"closure_reason_{r}")) for r in v.CLOSURE_REASONS
    ]
    return tuple(found)
