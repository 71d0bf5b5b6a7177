"""The parts of the weekly summary about where things stand: referrals, consent, measures, next week.

Referrals waiting, consents and measures due are as on the day the report is made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.redaction import NameRedactor, clip
from linkdesk.domain.reporting import (
    Chart,
    Column,
    Row,
    Section,
    Series,
    Table,
    count,
    days_cell,
    not_recorded,
    share,
    text,
)
from linkdesk.domain.reporting_measures import measure_series, reviews_due
from linkdesk.domain.reporting_periods import Period
from linkdesk.domain.reporting_rules import consent_states, expiring_consents, referral_wait, spread
from linkdesk.domain.reporting_text import cyp_code, label, name_of
from linkdesk.domain.reporting_weekly_data import WeeklyData
from linkdesk.domain.reporting_weekly_data import weekly_metric as _m

WAIT_BANDS = (
    (0, "under 2 weeks"),
    (14, "2-4 weeks"),
    (28, "4-8 weeks"),
    (56, "8-12 weeks"),
    (84, "12-18 weeks"),
    (126, "18 weeks or more"),
)


def referrals_section(data: WeeklyData) -> Section:
    cyps = {c.id: c for c in data.cyps}
    waiting = [r for r in data.referrals if r.get("status") in v.WAITING_STATUSES]
    rows = []
    waits: list[int] = []
    stalled = 0
    for referral in sorted(waiting, key=lambda r: (r.get("sent_on") or "", r.id)):
        events = list(data.events.get(referral.id, ()))
        days, _seen = referral_wait(referral, events, data.today)
        is_stalled = rules.referral_stalled(referral, events, data.today, data.stalled_days)
        stalled += is_stalled
        if days is not None:
            waits.append(days)
        rows.append(
            Row(
                referral.id,
                cyp_code(cyps.get(str(referral.get("cyp_id")))),
                (
                    text(label(referral.get("destination"))),
                    text(referral.get("sent_on") or ""),
                    days_cell(days),
                    text("stalled" if is_stalled else ""),
                ),
            )
        )
    stats = spread(waits)
    table = Table(
        "referrals_waiting",
        "Referrals waiting",
        "CYP",
        (
            Column("destination", "Destination", "text"),
            Column("sent_on", "Sent", "date"),
            Column("days", "Days waiting", "days"),
            Column("stalled", "", "text"),
        ),
        tuple(rows),
        long_form=False,
        individual=True,
    )
    edges = [low for low, _ in WAIT_BANDS] + [10**6]
    band_counts = [sum(1 for d in waits if edges[n] <= d < edges[n + 1]) for n in range(len(WAIT_BANDS))]
    chart = Chart(
        "referral_waits",
        "Referrals waiting, by time waited so far",
        "bar",
        tuple(name for _, name in WAIT_BANDS),
        (Series("Referrals", tuple(float(n) for n in band_counts), tuple(band_counts)),),
        "referrals",
    )
    return Section(
        "Referrals",
        metrics=(
            _m("referrals_made", count(sum(1 for r in data.referrals if data.week.holds(r.get("sent_on"))))),
            _m("referrals_waiting", count(len(waiting))),
            _m("referrals_stalled", count(stalled)),
            _m("referral_wait_mean_days", days_cell(stats.mean, (stats.n,), ("referrals_waiting",))),
            _m("referral_wait_median_days", days_cell(stats.median, (stats.n,), ("referrals_waiting",))),
            # one child's own wait: kept for supervision, never in a shared report
            _m("referral_wait_longest_days", replace(days_cell(stats.high, (stats.n,)), individual=True)),
        ),
        tables=(table,) if rows else (),
        charts=(chart,) if waits else (),
    )


def consent_section(data: WeeklyData) -> Section:
    """Consents of the caseload: a request left pending on a case closed long ago is not work
    to do, nor is a refusal that closed a case."""
    caseload = data.open_cases
    consents = [c for c in data.consents if c.get("cyp_id") in caseload]
    states = Counter(consent_states(consents, data.today).values())
    expiring = expiring_consents(consents, data.today)
    cyps = {c.id: c for c in data.cyps}
    table = Table(
        "consents_expiring",
        "Consents expiring in the next 28 days",
        "CYP",
        (Column("scope", "Scope", "text"), Column("expires_on", "Expires", "date")),
        tuple(
            Row(
                c.id,
                cyp_code(cyps.get(str(c.get("cyp_id")))),
                (text(label(c.get("scope"))), text(c.get("expires_on"))),
            )
            for c in expiring
        ),
        long_form=False,
        individual=True,
    )
    return Section(
        "Consent",
        metrics=(
            _m("consents_pending", count(states["sought"])),
            _m("consents_refused", count(states["refused"])),
            _m("consents_withdrawn", count(states["withdrawn"])),
            _m("consents_expiring", count(len(expiring))),
        ),
        tables=(table,) if expiring else (),
    )


def measures_section(data: WeeklyData) -> Section:
    open_ids = data.open_cases
    series = [s for s in measure_series(data.measures) if s.cyp_id in open_ids]
    measured = {s.cyp_id for s in series}
    recorded = sum(1 for r in data.measures if data.week.holds(r.get("date")))
    paired = sum(1 for s in series if s.paired)
    completeness = share(paired, len(series)) if series else not_recorded()
    return Section(
        "Outcome measures",
        intro="" if data.measures else "No outcome measures are recorded for these cases yet.",
        metrics=(
            _m("measures_recorded", count(recorded)),
            _m("open_cases_without_measure", count(len(open_ids - measured))),
            _m("measure_reviews_due", count(len(reviews_due(series, data.week.end)))),
            _m("paired_score_completeness_pct", completeness),
        ),
    )


def next_week_section(data: WeeklyData, redact: NameRedactor) -> Section:
    following = Period(data.week.end + timedelta(days=1), data.week.end + timedelta(days=7))
    open_actions = [a for a in data.actions if a.get("status") == "open" and a.get("due_on")]
    due = sorted(
        (a for a in open_actions if following.holds(a.get("due_on"))), key=lambda a: (a.get("due_on"), a.id)
    )
    overdue = sorted(
        (a for a in open_actions if str(a.get("due_on")) < following.start.isoformat()),
        key=lambda a: (a.get("due_on"), a.id),
    )
    visits = sorted(
        (x for x in data.next_visits if following.holds(x.get("date"))),
        key=lambda x: (x.get("date"), x.get("start_time") or "", x.id),
    )
    actions_table = Table(
        "actions_due",
        "Actions overdue or due next week",
        "Due",
        (
            Column("school", "School", "text"),
            Column("owner", "Owner", "text"),
            Column("action", "Action", "text"),
        ),
        tuple(
            Row(
                a.id,
                ("Overdue: " if a in overdue else "") + f"{date.fromisoformat(a.get('due_on')):%a %d %b}",
                (
                    text(name_of(data.schools, a.get("school_id"), "")),
                    text(data.staff_names.get(str(a.get("owner_staff_id")), str(a.get("owner") or "school"))),
                    text(clip(redact(str(a.get("description", ""))), 90)),
                ),
            )
            for a in (*overdue, *due)
        ),
        long_form=False,
        individual=True,
    )
    visits_table = Table(
        "next_week_visits",
        "Visits next week",
        "Day",
        (
            Column("time", "Time", "text"),
            Column("school", "School", "text"),
            Column("kind", "Kind", "text"),
            Column("status", "Status", "text"),
        ),
        tuple(
            Row(
                x.id,
                f"{date.fromisoformat(x.get('date')):%a %d %b}",
                (
                    text(x.get("start_time") or ""),
                    text(name_of(data.schools, x.get("school_id"))),
                    text(label(x.get("kind"))),
                    text(label(x.get("status"))),
                ),
            )
            for x in visits
        ),
        long_form=False,
        individual=True,
    )
    return Section(
        f"Next week ({following.describe()})",
        metrics=(
            _m("actions_due_next_week", count(len(due))),
            _m("actions_overdue", count(len(overdue))),
            _m("next_week_visits", count(len(visits))),
        ),
        tables=tuple(t for t in (visits_table, actions_table) if t.rows),
    )
