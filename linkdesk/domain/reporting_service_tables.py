"""The service report's tables that are not by group: contact against contract per school, the
outcome mix, closures, the conversion funnel, waits by month, outcome measures and equity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import Term
from linkdesk.domain.records import Record
from linkdesk.domain.reporting import (
    Cell,
    Chart,
    Column,
    Ref,
    Row,
    Section,
    Series,
    Table,
    count,
    hours_cell,
    not_recorded,
    share,
    text,
)
from linkdesk.domain.reporting_definitions import SERVICE, metric
from linkdesk.domain.reporting_figures import FigureContext, contacts_of, referral_figures
from linkdesk.domain.reporting_groups import Grouper
from linkdesk.domain.reporting_measures import measure_series, summarise_changes
from linkdesk.domain.reporting_periods import Period
from linkdesk.domain.reporting_rules import by_school, contracted_minutes, frequency_band, held, held_minutes
from linkdesk.domain.reporting_text import label

if TYPE_CHECKING:
    from linkdesk.domain.reporting_service import ServiceData

CHART_SCHOOLS = 40
SUPPORTED_BY_SCHOOL = ("advice_school_manages", "watchful_waiting")


@dataclass(frozen=True)
class SchoolContact:
    table: Table
    chart: Chart
    no_contact: Table


def school_contact(
    data: ServiceData,
    grouper: Grouper,
    ctx: FigureContext,
    term: Term,
    active: Sequence[str],
    assigned: Mapping[str, tuple[str, ...]],
) -> SchoolContact:
    """Per school: contracted and contact hours, contacts, frequency band, contact this term."""
    period = ctx.period
    this_term = Period(term.start, period.end)
    visits, comms, offers = by_school(data.visits), by_school(data.communications), by_school(data.offers)
    seen = {str(x.get("school_id")) for x in data.visits if period.holds(x.get("date"))}
    rows, missing, points = [], [], []
    for school_id in sorted(set(active) | seen, key=grouper.school_name):
        name = grouper.school_name(school_id)
        mine = visits.get(school_id, [])
        contacts = contacts_of(mine, comms.get(school_id, []), period)
        lately = contacts_of(mine, comms.get(school_id, []), this_term)
        minutes = held_minutes(x for x in mine if period.holds(x.get("date")))
        contracted = contracted_minutes(offers.get(school_id, []), period, ctx.off)
        rows.append(
            Row(
                school_id,
                name,
                (
                    hours_cell(contracted),
                    hours_cell(minutes),
                    Cell(minutes / contracted if contracted else None, "percent"),
                    count(len(contacts)),
                    Cell(label(frequency_band(len(contacts), period)), "text", depends=("contacts",)),
                    text(lately[-1] if lately else "none"),
                ),
            )
        )
        points.append((minutes / 60 - (contracted or 0.0) / 60, name, minutes / 60, (contracted or 0.0) / 60))
        if not lately and school_id in active:
            workers = ", ".join(grouper.staff_name(w) for w in assigned.get(school_id, ())) or "none assigned"
            missing.append(Row(school_id, name, (text(workers),)))
    shown = sorted(sorted(points)[:CHART_SCHOOLS], key=lambda p: p[1])
    chart = Chart(
        "contact_against_contract",
        "Contact hours by school, against contracted hours",
        "bar",
        tuple(p[1] for p in shown),
        (Series("Contact", tuple(p[2] for p in shown)), Series("Contracted", tuple(p[3] for p in shown))),
        "hours",
        "" if len(points) <= CHART_SCHOOLS else f"The {CHART_SCHOOLS} schools furthest below contract.",
    )
    table = Table(
        "schools",
        "Contact against contract and contact frequency, by school",
        "School",
        (
            Column("contracted_hours", "Contracted hours", "hours"),
            Column("contact_hours", "Contact hours", "hours"),
            Column("delivered_pct", "Delivered %", "percent"),
            Column("contacts", "Contacts"),
            Column("frequency_band", "Contact frequency", "text"),
            Column("last_contact_this_term", "Last contact this term", "date"),
        ),
        tuple(rows),
    )
    no_contact = Table(
        "no_contact_this_term",
        f"Schools with no contact this term ({term.name})",
        "School",
        (Column("link_worker", "Link worker", "text"),),
        tuple(missing),
    )
    return SchoolContact(table, chart, no_contact)


def _items_held_in(data: ServiceData, period: Period) -> list[Record]:
    held_ids = {x.id for x in data.visits if period.holds(x.get("date")) and held(x)}
    return [i for i in data.items if i.get("visit_id") in held_ids]


def _breakdown(
    key: str,
    title: str,
    heading: str,
    counts: Iterable[tuple[str, str, int]],
    whole: int,
    *,
    whole_row: tuple[str, str] | None = ("all", "All"),
    partition: bool = True,
) -> Table:
    """Counts and their shares of ``whole``, with ``whole`` as a last row (the All row when the
    rows add up to it), so that a share is never published beside a withheld whole."""
    rows = [
        Row(code, name, (count(n), share(n, whole, depends=("count",), rests_on=_whole(key, whole_row))))
        for code, name, n in counts
    ]
    if whole_row is not None:  # last as an All row; first when the rows are steps or overlap
        code, name = whole_row
        last = Row(code, name, (count(whole), share(whole, whole, depends=("count",))), total=partition)
        rows = [*rows, last] if partition else [last, *rows]
    return Table(
        key, title, heading, (Column("count", "Number"), Column("share", "Share", "percent")), tuple(rows)
    )


def _whole(key: str, whole_row: tuple[str, str] | None) -> tuple[Ref, ...]:
    return ((key, whole_row[0], "count"),) if whole_row else ()


def outcome_tables(data: ServiceData, ctx: FigureContext) -> tuple[Table, ...]:
    """The outcome mix of discussed cases, closures by reason and the conversion funnel."""
    period = ctx.period
    items = _items_held_in(data, period)
    outcomes = Counter(i.get("outcome") for i in items)
    closed = [c for c in data.cyps if c.get("status") == "closed" and period.holds(c.get("closed_on"))]
    reasons = Counter(c.get("closure_reason") for c in closed)
    specialist_sent = sum(
        1
        for r in data.referrals
        if r.get("destination") == "specialist_camhs" and period.holds(r.get("sent_on"))
    )
    funnel = (
        ("consultations", "Cases discussed (consultations)", len(items)),
        ("assessment", "Assessed by the link service", outcomes["assessment"]),
        (
            "referred_specialist",
            "Referred to specialist CAMHS at discussion",
            outcomes["referred_specialist"],
        ),
        ("specialist_referrals_sent", "Specialist CAMHS referrals sent", specialist_sent),
        ("supported_by_school", "Supported by the school", sum(outcomes[o] for o in SUPPORTED_BY_SCHOOL)),
    )
    return (
        _breakdown(
            "outcome_mix",
            "Outcomes of the cases discussed",
            "Outcome",
            ((str(o), label(o), outcomes[o]) for o in (*v.OUTCOMES, None) if outcomes[o]),
            len(items),
        ),
        _breakdown(
            "closure_reasons",
            "Cases closed, by reason",
            "Closure reason",
            ((str(r), label(r), n) for r, n in sorted(reasons.items(), key=lambda x: str(x[0]))),
            len(closed),
        ),
        _breakdown(
            "funnel",
            "From consultation to referral",
            "Step",
            funnel[1:],
            len(items),
            whole_row=funnel[0][:2],
            partition=False,
        ),
    )


def _months(period: Period) -> list[Period]:
    found = []
    first = period.start.replace(day=1)
    while first <= period.end:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        found.append(
            Period(max(first, period.start), min(following - timedelta(days=1), period.end), f"{first:%b %Y}")
        )
        first = following
    return found


def waits_by_month(referrals: Sequence[Record], ctx: FigureContext) -> tuple[Table, Chart]:
    """Referral waits by the month referrals were sent: the "waits over time" view."""
    keys = ("referrals_sent", "waits_completed", "wait_mean_days", "wait_median_days", "still_waiting")
    rows, means, medians, basis = [], [], [], []
    cells: list[Ref] = []
    for month in _months(ctx.period):
        found = referral_figures(referrals, replace(ctx, period=month))
        rows.append(Row(month.start.isoformat()[:7], month.label, tuple(found[k] for k in keys)))
        cells.append(("waits_by_month", rows[-1].key, "waits_completed"))
        completed = int(found["waits_completed"].value or 0)
        means.append(_number(found["wait_mean_days"]))
        medians.append(_number(found["wait_median_days"]))
        basis.append(completed)
    table = Table(
        "waits_by_month",
        "Referral waits by month sent",
        "Month sent",
        tuple(Column(k, SERVICE[k][0], "days" if "days" in k else "count") for k in keys),
        tuple(rows),
    )
    chart = Chart(
        "referral_waits",
        "Referral waits by month sent (days from sending to first seen)",
        "line",
        tuple(r.label for r in rows),
        (
            Series("Mean", tuple(means), tuple(basis), tuple(cells)),
            Series("Median", tuple(medians), tuple(basis), tuple(cells)),
        ),
        "days",
    )
    return table, chart


def _number(cell: Cell) -> float | None:
    return float(cell.value) if isinstance(cell.value, int | float) else None


def measures_section(data: ServiceData, period: Period) -> Section:
    series = measure_series(data.measures)
    name = "Outcome measures"
    if not series:
        missing = metric(SERVICE, "paired_score_completeness_pct", not_recorded())
        return Section(
            name, "No outcome measures are recorded yet, so no change can be reported.", (missing,)
        )
    started = [s for s in series if period.holds(s.baseline.get("date"))]
    completeness = metric(
        SERVICE, "paired_score_completeness_pct", share(sum(s.paired for s in started), len(started))
    )
    followed = [s for s in series if s.follow_up is not None and period.holds(s.follow_up.get("date"))]
    summaries = summarise_changes(followed, data.change_rules)
    rows = []
    for found in summaries:
        pairs = (found.pairs,)
        no_rci = not_recorded("no RCI recorded")
        rows.append(
            Row(
                found.measure,
                f"{found.name} ({found.score.replace('_', ' ')})",
                (
                    count(found.pairs),
                    Cell(found.mean_before, "number", pairs, ("pairs",)),
                    Cell(found.mean_after, "number", pairs, ("pairs",)),
                    count(found.improved),
                    count(found.worse),
                    no_rci if found.reliable_improvement is None else count(found.reliable_improvement),
                    no_rci if found.reliable_deterioration is None else count(found.reliable_deterioration),
                ),
            )
        )
    table = Table(
        "measure_change",
        "Change between baseline and latest score, for pairs completed in the period",
        "Measure (score)",
        (
            Column("pairs", "Pairs"),
            Column("mean_before", "Mean at baseline", "number"),
            Column("mean_after", "Mean at latest", "number"),
            Column("improved", "Improved"),
            Column("worse", "Worse"),
            Column("reliable_improvement", "Reliable improvement"),
            Column("reliable_deterioration", "Reliable deterioration"),
        ),
        tuple(rows),
    )
    intro = "" if rows else "No pair of scores (a baseline and a later score) was completed in this period."
    return Section(name, intro, (completeness,), (table,) if rows else ())


def equity_section(data: ServiceData, in_period: Sequence[Record]) -> Section:
    """CYP discussed in the period by their school's setting type, ethnicity and flags."""
    held_ids = {x.id for x in in_period if held(x)}
    discussed = {
        str(i.get("cyp_id")) for i in data.items if i.get("visit_id") in held_ids and i.get("cyp_id")
    }
    cyps = [c for c in data.cyps if c.id in discussed]
    settings = Counter(
        str(data.schools[c.get("school_id")].get("setting_type", ""))
        for c in cyps
        if c.get("school_id") in data.schools
    )
    ethnicity = Counter(" ".join(str(c.get("ethnicity", "")).split()) for c in cyps)
    flags = Counter(flag for c in cyps for flag in c.get("flags", []))
    whole = len(cyps)
    return Section(
        "Equity of access",
        intro="CYP with a record who were discussed in the period (anonymous discussions are not included).",
        tables=(
            _breakdown(
                "equity_setting",
                "By setting type",
                "Setting type",
                ((k, label(k or None), n) for k, n in sorted(settings.items())),
                whole,
            ),
            _breakdown(
                "equity_ethnicity",
                "By ethnicity (as recorded)",
                "Ethnicity",
                ((k or "not_recorded", k or "Not recorded", n) for k, n in sorted(ethnicity.items())),
                whole,
            ),
            _breakdown(
                "equity_flags",
                "By flag (a CYP can have several)",
                "Flag",
                ((f, label(f), flags[f]) for f in v.CYP_FLAGS if flags[f]),
                whole,
                whole_row=("cyp", "CYP discussed"),
                partition=False,
            ),
        ),
    )
