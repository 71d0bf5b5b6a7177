"""Making the service report: gathering the team's records for a period, then suppression.

Pseudonymising replaces school, worker and cluster names with codes; ``suppress_under`` withholds
small counts (see ``domain.reporting_disclosure``). A report that is both is marked OFFICIAL
rather than OFFICIAL-SENSITIVE.
"""

from __future__ import annotations

from dataclasses import replace

from linkdesk.domain.calendar import Closure, term_containing
from linkdesk.domain.records import Record, grouped
from linkdesk.domain.reporting import Report
from linkdesk.domain.reporting_disclosure import suppress
from linkdesk.domain.reporting_groups import GROUP_BY
from linkdesk.domain.reporting_measures import ChangeRule
from linkdesk.domain.reporting_periods import Period
from linkdesk.domain.reporting_service import ServiceData, build_service
from linkdesk.errors import ValidationError
from linkdesk.measures import MeasureRegistry
from linkdesk.measures.definitions import Direction
from linkdesk.services.records import RecordService
from linkdesk.services.report_gather import by_field, dated, index

#: Above this many keys, one scan of a type is cheaper than an indexed lookup per key.
LOOKUPS_BEFORE_SCAN = 1500


def change_rules(registry: MeasureRegistry | None) -> dict[str, ChangeRule]:
    """How change is read on each measure that has a change score."""
    found: dict[str, ChangeRule] = {}
    for measure_id in registry.ids() if registry else []:
        definition = registry.get(measure_id) if registry else None
        spec = definition.change if definition else None
        if definition is None or spec is None:
            continue
        found[measure_id] = ChangeRule(
            definition.short_name,
            spec.score,
            spec.direction is Direction.HIGHER_IS_BETTER,
            float(spec.rci.value) if spec.rci else None,
        )
    return found


def _linked(records: RecordService, type_name: str, field: str, keys: list[str]) -> list[Record]:
    if len(keys) <= LOOKUPS_BEFORE_SCAN:
        return by_field(records, type_name, field, keys)
    wanted = set(keys)
    return [r for r in records.find(type_name) if r.get(field) in wanted]


def gather_service(
    records: RecordService,
    period: Period,
    group_by: str = "school",
    *,
    registry: MeasureRegistry | None = None,
    closures: tuple[Closure, ...] = (),
    service_name: str = "",
    pseudonymise: bool = False,
) -> ServiceData:
    if group_by not in GROUP_BY:
        raise ValidationError(f"group-by: {group_by!r} is not one of {', '.join(GROUP_BY)}.", "group_by")
    term = term_containing(period.end, closures)
    window = Period(min(period.start, term.start), period.end)
    visits = dated(records, "visit", window)
    held = [x.id for x in visits if period.holds(x.get("date")) and x.get("status") == "held"]
    referrals = records.find("referral")
    sent = [r.id for r in referrals if period.holds(r.get("sent_on"))]
    return ServiceData(
        period=period,
        today=records.today(),
        group_by=group_by,
        schools=index(records.find("school")),
        staff=index(records.find("staff")),
        groupings=index(records.find("grouping")),
        school_groupings=records.find("school_grouping"),
        assignments=records.find("assignment"),
        offers=records.find("service_offer"),
        visits=visits,
        items=_linked(records, "discussion_item", "visit_id", held),
        cyps=records.find("cyp"),
        consents=records.find("consent"),
        referrals=referrals,
        events=grouped(_linked(records, "referral_event", "referral_id", sent), "referral_id"),
        time_entries=dated(records, "time_entry", period),
        training=dated(records, "training", period),
        communications=dated(records, "communication", window),
        measures=records.find("measure_result"),
        change_rules=change_rules(registry),
        closures=closures,
        service_name=service_name,
        pseudonymise=pseudonymise,
    )


def service_report(
    records: RecordService,
    period: Period,
    group_by: str = "school",
    *,
    registry: MeasureRegistry | None = None,
    closures: tuple[Closure, ...] = (),
    service_name: str = "",
    pseudonymise: bool = False,
    suppress_under: int | None = None,
) -> Report:
    if suppress_under is not None and suppress_under < 1:
        raise ValidationError(
            "suppress-under: give a whole number of 1 or more (10 is usual).", "suppress_under"
        )
    data = gather_service(
        records,
        period,
        group_by,
        registry=registry,
        closures=closures,
        service_name=service_name,
        pseudonymise=pseudonymise,
    )
    report = build_service(data)
    if suppress_under:
        report = suppress(report, suppress_under)
    if suppress_under and pseudonymise:
        report = replace(report, marking="OFFICIAL")
    return report
