"""The parts of the weekly summary about risk and about how contact took place.

Risk: open cases whose current risk (their latest assessment) is high or medium, as on the day the
report is made, and the risk assessments, DSL calls and safeguarding referrals dated in the week.
Children appear by their code; another child's name in a reason is replaced by that child's code,
and the lists of children are left out of a shared report (``individual`` tables).

Contact: the held visits of the week by contact type (the Mental Health Services Data Set's
consultation mechanism) and by whom the contact was with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.domain.redaction import NameRedactor, clip
from linkdesk.domain.reporting import (
    Column,
    Relation,
    Row,
    Section,
    Table,
    at_most,
    count,
    metric_ref,
    same,
    text,
    total_of,
)
from linkdesk.domain.reporting_contact import contact_counts
from linkdesk.domain.reporting_definitions import coded_metric
from linkdesk.domain.reporting_text import cyp_code, label
from linkdesk.domain.reporting_weekly_data import WeeklyData
from linkdesk.domain.reporting_weekly_data import weekly_metric as _m

RAISED = ("high", "medium")
REASON_CHARS = 90


def risk_section(data: WeeklyData, redact: NameRedactor) -> Section:
    cyps = {c.id: c for c in data.cyps}
    open_ids = data.open_cases
    current = rules.current_risks(data.risks, data.today)
    raised = sorted(
        (r for cyp_id, r in current.items() if cyp_id in open_ids and r.get("level") in RAISED),
        key=lambda r: (r.get("level") != "high", str(r.get("assessed_on")), r.id),
    )
    this_week = sorted(
        (r for r in data.risks if data.week.holds(r.get("assessed_on"))),
        key=lambda r: (str(r.get("assessed_on")), r.id),
    )

    def row(risk: Record, *cells: str | None) -> Row:
        reason = clip(redact(str(risk.get("reason") or "")), REASON_CHARS)
        return Row(
            risk.id, cyp_code(cyps.get(str(risk.get("cyp_id")))), (*(text(c) for c in cells), text(reason))
        )

    current_table = Table(
        "current_risk",
        "Open cases whose current risk is high or medium",
        "CYP",
        (
            Column("level", "Risk", "text"),
            Column("assessed_on", "Assessed", "date"),
            Column("dsl_informed_on", "DSL informed", "date"),
            Column("safeguarding_referral_on", "Safeguarding referral", "date"),
            Column("reason", "Reason", "text"),
        ),
        tuple(
            row(
                r,
                label(r.get("level")),
                r.get("assessed_on"),
                r.get("dsl_informed_on"),
                r.get("safeguarding_referral_on"),
            )
            for r in raised
        ),
        long_form=False,
        individual=True,
    )
    week_table = Table(
        "risk_assessments",
        "Risk assessments recorded this week",
        "CYP",
        (
            Column("assessed_on", "Assessed", "date"),
            Column("level", "Risk", "text"),
            Column("reason", "Reason", "text"),
        ),
        tuple(row(r, r.get("assessed_on"), label(r.get("level"))) for r in this_week),
        long_form=False,
        individual=True,
    )
    levels = Counter(str(r.get("level")) for r in raised)
    return Section(
        "Risk and safeguarding",
        intro="" if data.risks else "No risk assessments are recorded for these cases.",
        metrics=(
            _m("risk_high", count(levels["high"])),
            _m("risk_medium", count(levels["medium"])),
            _m("risk_assessments", count(len(this_week))),
            _m(
                "dsl_informed", count(sum(1 for r in data.risks if data.week.holds(r.get("dsl_informed_on"))))
            ),
            _m(
                "safeguarding_referrals",
                count(sum(1 for r in data.risks if data.week.holds(r.get("safeguarding_referral_on")))),
            ),
        ),
        tables=tuple(t for t in (current_table, week_table) if t.rows),
    )


def contact_section(visits: Sequence[Record]) -> Section:
    """Held visits in the week by contact type and by whom the contact was with."""
    tables = []
    metrics = []
    for counts in contact_counts(visits):
        metrics += [coded_metric(counts.field, c, count(counts.found[c]), counts.what) for c in counts.codes]
        metrics.append(coded_metric(counts.field, "not_recorded", count(counts.found[None]), counts.what))
        rows = counts.rows()
        if rows:
            tables.append(Table(counts.field, counts.title, "Contact", (Column("visits", "Visits"),), rows))
    return Section("How contact took place", metrics=tuple(metrics), tables=tuple(tables))


def risk_and_contact_relations() -> tuple[Relation, ...]:
    """Contact-type and with-whom counts each add up to the visits held; risk counts to open cases."""
    found: list[Relation] = []
    for field, codes in (("contact_type", v.CONTACT_TYPES), ("with_whom", v.WITH_WHOM)):
        keys = (*codes, "not_recorded")
        found.append(total_of(tuple(metric_ref(f"{field}_{c}") for c in keys), metric_ref("visits_held")))
        found += [same((field, c, "visits"), metric_ref(f"{field}_{c}")) for c in keys]
    found.append(at_most((metric_ref("risk_high"), metric_ref("risk_medium")), metric_ref("open_cases")))
    return tuple(found)
