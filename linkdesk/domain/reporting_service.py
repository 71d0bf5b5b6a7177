"""The service report over any period, by school, worker, setting type or cluster (domain.md §4.6).

``build_service`` is pure. Records are attributed to groups by ``reporting_groups``; each group's
figures come from ``reporting_figures``; the per-school, outcome, equity and measure tables from
``reporting_service_tables``. Small-number suppression is applied afterwards, to the whole
report, by ``reporting_disclosure.suppress``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.domain.calendar import Closure, days_off, term_containing
from linkdesk.domain.records import Record
from linkdesk.domain.reporting import Cell, Column, Report, Row, Section, Table
from linkdesk.domain.reporting_contact import service_contact_relations, service_contact_section
from linkdesk.domain.reporting_definitions import SERVICE, metric
from linkdesk.domain.reporting_figures import FigureContext, figures
from linkdesk.domain.reporting_groups import Grouper, Slice, slices
from linkdesk.domain.reporting_measures import ChangeRule
from linkdesk.domain.reporting_periods import Period, long_date
from linkdesk.domain.reporting_rules import per_cyp
from linkdesk.domain.reporting_service_links import service_relations
from linkdesk.domain.reporting_service_tables import (
    equity_section,
    measures_section,
    outcome_tables,
    school_contact,
    waits_by_month,
)

#: The columns of each by-group table: (figure key, column heading).
ACTIVITY = (
    ("visits_planned", "Visits planned"),
    ("visits_held", "Held"),
    ("visits_cancelled", "Cancelled"),
    ("case_discussions", "Case discussions"),
    ("items_discussed", "Cases discussed"),
    ("mean_items_per_discussion", "Cases per discussion"),
    ("cyp_discussed", "CYP discussed"),
    ("cyp_seen", "CYP seen"),
)
OUTCOMES = (
    ("items_discussed", "Cases discussed"),
    ("taken_on", "Taken on"),
    ("taken_on_pct", "Taken on %"),
    ("referred_specialist", "To specialist CAMHS"),
    ("referred_specialist_pct", "To specialist %"),
    ("referred_elsewhere", "Referred elsewhere"),
    ("referrals_sent", "Referrals sent"),
    ("waits_completed", "Seen"),
    ("wait_mean_days", "Mean wait (days)"),
    ("wait_median_days", "Median wait (days)"),
    ("still_waiting", "Still waiting"),
)
CASELOAD = (
    ("new_cases", "New cases"),
    ("closed_cases", "Closed"),
    ("closed_without_specialist_input", "Closed without specialist input"),
    ("closed_without_specialist_input_pct", "Without specialist %"),
    ("open_at_end", "Open at end"),
    ("consent_to_share", "Consent to share"),
    ("consent_coverage_pct", "Consent coverage %"),
    ("measures_recorded", "Measures recorded"),
)
TIME = (
    ("contact_hours", "Contact hours"),
    ("contracted_hours", "Contracted hours"),
    ("delivered_pct", "Delivered %"),
    ("admin_hours", "Admin hours"),
    ("admin_ratio", "Admin ratio"),
    ("travel_hours", "Travel hours"),
    ("training_sessions", "Training sessions"),
    ("training_hours", "Training hours"),
    ("training_attendees", "Attendees"),
)
OVERVIEW = (
    "visits_planned",
    "visits_held",
    "visits_cancelled",
    "case_discussions",
    "items_discussed",
    "mean_items_per_discussion",
    "cyp_discussed",
    "cyp_seen",
    "taken_on_pct",
    "referred_specialist_pct",
    "referrals_sent",
    "wait_mean_days",
    "wait_median_days",
    "still_waiting",
    "new_cases",
    "closed_cases",
    "closed_without_specialist_input",
    "closed_without_specialist_input_pct",
    "open_at_end",
    "consent_coverage_pct",
    "contact_hours",
    "contracted_hours",
    "delivered_pct",
    "admin_ratio",
    "training_sessions",
    "training_hours",
    "training_attendees",
)
HEADLINE = (
    "cyp_discussed",
    "items_discussed",
    "referred_specialist_pct",
    "wait_median_days",
    "delivered_pct",
)


@dataclass(frozen=True)
class ServiceData:
    """What a service report is built from. ``visits`` and ``communications`` run from the start
    of the term holding the period's end (when that is earlier) so "no contact this term" can be
    worked out; the builder keeps to the period for everything else."""

    period: Period
    today: date
    group_by: str
    schools: Mapping[str, Record]
    staff: Mapping[str, Record]
    groupings: Mapping[str, Record]
    school_groupings: Sequence[Record]
    assignments: Sequence[Record]
    offers: Sequence[Record]
    visits: Sequence[Record]
    items: Sequence[Record]
    cyps: Sequence[Record]
    consents: Sequence[Record]
    referrals: Sequence[Record]
    events: Mapping[str, Sequence[Record]]
    time_entries: Sequence[Record]
    training: Sequence[Record]
    communications: Sequence[Record]
    measures: Sequence[Record]
    change_rules: Mapping[str, ChangeRule]
    closures: tuple[Closure, ...] = ()
    service_name: str = ""
    pseudonymise: bool = False


def assigned_workers(assignments: Sequence[Record], period: Period) -> dict[str, tuple[str, ...]]:
    """The workers assigned to each school at some time in ``period``."""
    found: dict[str, set[str]] = {}
    for a in assignments:
        if str(a.get("starts_on")) <= period.end.isoformat() and (
            not a.get("ends_on") or str(a.get("ends_on")) >= period.start.isoformat()
        ):
            found.setdefault(str(a.get("school_id")), set()).add(str(a.get("staff_id")))
    return {school: tuple(sorted(staff)) for school, staff in found.items()}


def build_service(data: ServiceData) -> Report:
    period = data.period
    assigned = assigned_workers(data.assignments, period)
    grouper = Grouper(
        data.group_by,
        data.schools,
        data.staff,
        data.groupings,
        data.school_groupings,
        assigned=assigned,
        pseudonymise=data.pseudonymise,
    )
    in_period = [x for x in data.visits if period.holds(x.get("date"))]
    whole = Slice(
        in_period,
        list(data.items),
        list(data.cyps),
        list(data.referrals),
        list(data.time_entries),
        list(data.training),
        list(data.offers),
        list(data.measures),
        list(data.communications),
    )
    groups = slices(grouper, whole)
    off = days_off(period.start - timedelta(days=400), period.end + timedelta(days=400), data.closures)
    ctx = FigureContext(period, per_cyp(data.consents), data.events, off, data.today)
    active = [k for k, s in data.schools.items() if s.get("status") != "left"]
    keys = grouper.ordered(grouper.keys_for_schools(active) | set(groups))
    by_group = {key: figures(groups.get(key) or Slice(), ctx) for key in keys}
    total = figures(whole, ctx)
    term = term_containing(period.end, data.closures)
    contact = school_contact(data, grouper, ctx, term, active, assigned)

    def grouped(key: str, title: str, columns: tuple[tuple[str, str], ...]) -> Table:
        specs = tuple(Column(k, heading, total[k].kind) for k, heading in columns)
        rows = [Row(g, grouper.label(g), tuple(by_group[g][k] for k, _ in columns)) for g in keys]
        rows.append(Row("all", "All", tuple(total[k] for k, _ in columns), total=True))
        return Table(key, f"{title}, by {grouper.title.lower()}", grouper.title, specs, tuple(rows))

    overview = [metric(SERVICE, k, total[k]) for k in OVERVIEW]
    # schools, not people, and listed by name below: a number that is never withheld
    no_contact = Cell(len(contact.no_contact.rows), "number")
    overview.append(metric(SERVICE, "schools_no_contact_this_term", no_contact))
    waits_table, waits_chart = waits_by_month(data.referrals, ctx)
    outcome_extra = outcome_tables(data, ctx)
    measures = measures_section(data, period)
    relations = (
        service_relations(
            [*keys, "all"],
            [row.key for row in waits_table.rows],
            [row.key for t in measures.tables for row in t.rows],
        )
        + service_contact_relations()
    )
    sections = (
        Section("Overview", metrics=tuple(overview)),
        Section(
            "Visits and case discussions", tables=(grouped("activity", "Visits and discussions", ACTIVITY),)
        ),
        service_contact_section(in_period),
        Section(
            "Outcomes, referrals and waiting times",
            intro="Cases taken on by the link service, and referred onward to specialist CAMHS or elsewhere.",
            tables=(
                grouped("outcomes", "Outcomes and referrals", OUTCOMES),
                *outcome_extra,
                waits_table,
            ),
            charts=(waits_chart,),
            charts_after=5,
        ),
        Section("Caseload and consent", tables=(grouped("caseload", "Caseload and consent", CASELOAD),)),
        Section(
            "Contact time against contract",
            intro=f"Contact this term ({term.name}, from {long_date(term.start)}) counts held visits and "
            "recorded calls or emails.",
            tables=(grouped("time", "Time and training", TIME), contact.table, contact.no_contact),
            charts=(contact.chart,),
            charts_after=2,
        ),
        measures,
        equity_section(data, in_period),
    )
    return Report(
        "service",
        "Service report",
        (
            ("Period", period.describe()),
            ("Grouped by", grouper.title),
            ("Service", data.service_name or "Link work service"),
            ("Made on", long_date(data.today)),
        ),
        sections,
        tuple(m for m in overview if m.key in HEADLINE),
        _notes(data),
        grouped=True,
        pseudonymised=data.pseudonymise,
        relations=relations,
    )


def _notes(data: ServiceData) -> tuple[str, ...]:
    notes = [
        "No child or young person is named in this report.",
        "Open cases and consent coverage are as on the last day of the period; waits run to the day "
        "each referral was first seen.",
    ]
    if data.group_by == "cluster":
        notes.append("A school in more than one cluster counts in each, so rows can add up to more than All.")
    if data.pseudonymise:
        notes.append("Schools, workers and clusters are shown by code; the key is not part of this report.")
    return tuple(notes)
