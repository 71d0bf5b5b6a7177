"""What a reader of a service report can work out between its counts, besides "the rows add up to
the All row" and "a headline figure is its All row" (which ``reporting_sdc`` finds by itself).

Disclosure control (``reporting_sdc``) keeps every withheld count safe against these relations;
a relation that does not hold in a given report (a school in two clusters, say) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkdesk.domain.reporting import Ref, Relation, at_most, same, total_of
from linkdesk.domain.reporting_figures import ELSEWHERE, TAKEN_ON
from linkdesk.domain.reporting_service_tables import SUPPORTED_BY_SCHOOL

WAIT_COUNTS = ("referrals_sent", "waits_completed", "still_waiting")


def _in(table: str, row: str, *columns: str) -> tuple[Ref, ...]:
    return tuple((table, row, c) for c in columns)


def _row_bounds(row: str) -> list[Relation]:
    """Within one group's row: parts of a count are no more than it."""
    return [
        at_most(_in("activity", row, "visits_held", "visits_cancelled"), ("activity", row, "visits_planned")),
        at_most(_in("activity", row, "case_discussions"), ("activity", row, "visits_held")),
        at_most(_in("activity", row, "cyp_seen"), ("activity", row, "cyp_discussed")),
        at_most(_in("activity", row, "cyp_discussed"), ("activity", row, "items_discussed")),
        same(("activity", row, "items_discussed"), ("outcomes", row, "items_discussed")),
        at_most(
            _in("outcomes", row, "taken_on", "referred_specialist", "referred_elsewhere"),
            ("outcomes", row, "items_discussed"),
        ),
        at_most(
            _in("outcomes", row, "waits_completed", "still_waiting"), ("outcomes", row, "referrals_sent")
        ),
        at_most(_in("caseload", row, "closed_without_specialist_input"), ("caseload", row, "closed_cases")),
        at_most(_in("caseload", row, "consent_to_share"), ("caseload", row, "open_at_end")),
    ]


def service_relations(
    groups: Sequence[str], months: Sequence[str], measures: Sequence[str]
) -> tuple[Relation, ...]:
    """``groups``: the row keys of the by-group tables (with "all"); ``months``: the rows of the
    waits by month; ``measures``: the rows of the measure change table."""
    items = ("outcomes", "all", "items_discussed")
    mix = "outcome_mix"
    found = [relation for row in groups for relation in _row_bounds(row)]
    found += [
        same((mix, "all", "count"), items),
        same(("funnel", "consultations", "count"), items),
        same(("funnel", "assessment", "count"), (mix, "assessment", "count")),
        same(("funnel", "referred_specialist", "count"), (mix, "referred_specialist", "count")),
        same(("outcomes", "all", "referred_specialist"), (mix, "referred_specialist", "count")),
        total_of(_rows(mix, SUPPORTED_BY_SCHOOL), ("funnel", "supported_by_school", "count")),
        total_of(_rows(mix, TAKEN_ON), ("outcomes", "all", "taken_on")),
        total_of(_rows(mix, ELSEWHERE), ("outcomes", "all", "referred_elsewhere")),
        at_most((("funnel", "specialist_referrals_sent", "count"),), ("outcomes", "all", "referrals_sent")),
        same(("closure_reasons", "all", "count"), ("caseload", "all", "closed_cases")),
        same(
            ("closure_reasons", "closed_without_specialist_input", "count"),
            ("caseload", "all", "closed_without_specialist_input"),
        ),
        same(("equity_setting", "all", "count"), ("equity_ethnicity", "all", "count")),
        same(("equity_setting", "all", "count"), ("equity_flags", "cyp", "count")),
        at_most((("equity_setting", "all", "count"),), ("activity", "all", "cyp_discussed")),
    ]
    for key in WAIT_COUNTS:
        found.append(total_of(tuple(("waits_by_month", m, key) for m in months), ("outcomes", "all", key)))
    for month in months:
        found.append(
            at_most(
                _in("waits_by_month", month, "waits_completed", "still_waiting"),
                ("waits_by_month", month, "referrals_sent"),
            )
        )
    for measure in measures:
        pairs = ("measure_change", measure, "pairs")
        found += [
            at_most(_in("measure_change", measure, "improved", "worse"), pairs),
            at_most(
                _in("measure_change", measure, "reliable_improvement"),
                ("measure_change", measure, "improved"),
            ),
            at_most(
                _in("measure_change", measure, "reliable_deterioration"), ("measure_change", measure, "worse")
            ),
        ]
    return tuple(found)


def _rows(table: str, codes: Sequence[str]) -> tuple[Ref, ...]:
    return tuple((table, code, "count") for code in codes)
