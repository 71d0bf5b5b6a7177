"""The weekly summary reads only what its week needs, and its figures are those of reading every
record of the worker's cases (the way it read them before issue 20)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from linkdesk.domain import vocab as v
from linkdesk.domain.reporting_periods import week_of
from linkdesk.domain.reporting_weekly import WeeklyData, build_weekly
from linkdesk.services.demo import build_demo
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService
from linkdesk.services.report_weekly import gather_weekly
from tests.reports.world import TODAY, registry


def every_record_of_the_cases(records: RecordService, data: WeeklyData) -> WeeklyData:
    """The summary's data as it was gathered before: every consent, referral and risk assessment
    of the children at the worker's schools, each type looked up on its own."""
    ids = [c.id for c in data.cyps]
    store = records.records
    return replace(
        data,
        consents=store.find_any("consent", "cyp_id", ids),
        referrals=store.find_any("referral", "cyp_id", ids),
        risks=store.find_any("risk", "cyp_id", ids),
    )


def test_a_workers_week_has_the_figures_of_reading_every_record_of_their_cases(
    records: RecordService,
) -> None:
    build_demo(records, "small", 1, TODAY, MeasureRecords(records, registry()))
    workers = records.find("staff", {"role": "link_worker"})
    weeks = [week_of(TODAY - timedelta(days=7 * n)) for n in range(-1, 9)]
    compared = skipped = 0
    for worker in workers:
        for week in weeks:
            lean = gather_weekly(records, week, worker.id)
            full = every_record_of_the_cases(records, lean)
            assert build_weekly(lean) == build_weekly(full), (worker.get("name"), week.label)
            compared += 1
            skipped += len(full.referrals) - len(lean.referrals)
    assert compared == len(workers) * len(weeks) >= 20
    assert skipped > 0, "the demo has referrals the summary need not read"


def test_the_referrals_read_are_those_waiting_or_sent_in_the_week(records: RecordService) -> None:
    build_demo(records, "small", 1, TODAY, MeasureRecords(records, registry()))
    worker = records.find("staff", {"role": "link_worker"})[0]
    week = week_of(TODAY - timedelta(days=7))
    lean = gather_weekly(records, week, worker.id)
    full = every_record_of_the_cases(records, lean)
    wanted = [
        r for r in full.referrals if r.get("status") in v.WAITING_STATUSES or week.holds(r.get("sent_on"))
    ]
    assert lean.referrals == wanted
    assert lean.consents == full.consents and lean.risks == full.risks
