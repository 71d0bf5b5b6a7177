"""The weekly caseload summary: every figure against the hand-worked world of conftest.py."""

from __future__ import annotations

import pytest

from linkdesk.domain import vocab as v
from linkdesk.domain.reporting import Report, display, plain
from linkdesk.domain.reporting_periods import iso_week
from linkdesk.errors import NotFoundError
from linkdesk.services.records import RecordService
from linkdesk.services.report_weekly import weekly_report
from tests.reports.world import World

#: Ann's week, 2026-W47, worked out by hand from the world's records (see conftest.py).
ANN = {
    # v1-v6: Ann's visits dated Mon 16 (first day) to Sun 22 (last day); not v8 (Sun 15) or v9 (Mon 23).
    "visits_planned": 6,
    "visits_held": 3,  # v1, v2, v5
    "visits_cancelled": 1,  # v3
    "visits_cancelled_by_school": 1,
    "visits_cancelled_by_service": 0,
    "visits_nothing_planned": 1,  # v4: counted in visits_planned only
    "visits_not_yet_recorded": 1,  # v6
    "case_discussions": 2,  # v1, v2 (v5 is a drop-in)
    "cases_discussed": 5,  # i1-i3 at v1, i4-i5 at v2
    "mean_items_per_discussion": 2.5,
    "cyp_discussed": 3,  # C1 (twice), C2, C3
    "anonymous_items": 1,  # i3
    "cases_referred_specialist": 2,  # i1, i4
    "cases_referred_specialist_pct": 40.0,
    "outcome_advice_school_manages": 1,
    "outcome_watchful_waiting": 1,
    "outcome_signposted": 0,
    "outcome_parent_meeting": 0,
    "outcome_brief_intervention": 0,  # i6 is at the drop-in, not a case discussion
    "outcome_joint_work": 0,
    "outcome_assessment": 0,
    "outcome_referred_specialist": 2,
    "outcome_referred_other_agency": 0,
    "outcome_early_help": 0,
    "outcome_no_further_action": 0,
    "outcome_not_recorded": 1,  # i5
    "new_cyp": 2,  # C2 opened Mon 16, C3 opened Sun 22 (C8 opened Mon 23: next week)
    "open_cases": 4,  # C1, C2, C3, C8 (now)
    "closed_cases": 2,  # C4 (18th), C6 (22nd); C7 closed on the 15th
    "closed_without_specialist_input": 1,  # C4
    "closed_without_specialist_input_pct": 50.0,
    "closure_reason_closed_without_specialist_input": 1,
    "closure_reason_closed_after_specialist_referral": 0,
    "closure_reason_signposted": 0,
    "closure_reason_school_managing": 1,
    "closure_reason_moved_or_left": 0,
    "closure_reason_declined_engagement": 0,
    "closure_reason_transferred": 0,
    "closure_reason_other": 0,
    "referrals_made": 2,  # r4 sent Mon 16, r2 sent Wed 18
    "referrals_waiting": 3,  # r1 waiting, r2 sent, r3 accepted; r4 seen, r5 a draft
    "referrals_stalled": 1,  # r3: nothing since 10 Aug
    "referral_wait_mean_days": 56,  # (49 + 5 + 114) / 3
    "referral_wait_median_days": 49,
    "referral_wait_longest_days": 114,  # 1 Aug to 23 Nov
    "consents_pending": 1,  # C1 share (C2's request was later answered)
    "consents_refused": 1,  # C3
    "consents_withdrawn": 0,  # C6's withdrawal: C6 closed on the 22nd, off the caseload
    "consents_expiring": 1,  # C1 referral consent, 10 Dec (C8's is 5 Jan; C4's has expired)
    "measures_recorded": 2,  # m2 (C2, 17th) and m6 (C4, closed, 18th)
    "open_cases_without_measure": 1,  # C3
    "measure_reviews_due": 1,  # C1's baseline of 1 Oct
    "paired_score_completeness_pct": 33.3,  # C8 paired; C1 and C2 not
    "contact_minutes": 255,  # 120 + 90 + 45
    "admin_minutes": 65,  # entries 25 (for v2, replacing its 15) + 10, plus v1's 30
    "travel_minutes": 45,  # entry 15 + v1 20 + v2 10
    "admin_to_contact_ratio": 0.3,  # 65 / 255 = 0.25
    "contracted_minutes": 420,  # S1 5 h (10 h over ten open weekdays) + S2 2 h a week
    "actions_due_next_week": 3,  # a1 (Mon 23), a2 (Sun 29), a6 (S2's own); a3 is 30 Nov, a5 done
    "actions_overdue": 1,  # a4
    "next_week_visits": 1,  # v9
    # no risk assessments in this world (tests/reports/test_weekly_risk.py adds some)
    "risk_high": 0,
    "risk_medium": 0,
    "risk_assessments": 0,
    "dsl_informed": 0,
    "safeguarding_referrals": 0,
    # no visit records how or with whom contact took place
    **{f"contact_type_{code}": 0 for code in v.CONTACT_TYPES},
    "contact_type_not_recorded": 3,
    **{f"with_whom_{code}": 0 for code in v.WITH_WHOM},
    "with_whom_not_recorded": 3,
}
#: The whole team adds Ben's school S3: visit v7, item i7, C5 with its consent and referral r6.
TEAM = {
    **ANN,
    "visits_planned": 7,
    "visits_held": 4,
    "case_discussions": 3,
    "cases_discussed": 6,
    "mean_items_per_discussion": 2,
    "cyp_discussed": 4,
    "cases_referred_specialist_pct": 33.3,
    "outcome_early_help": 1,
    "new_cyp": 3,
    "open_cases": 5,
    "referrals_made": 3,  # r6 sent Sun 22
    "referrals_waiting": 4,
    "referral_wait_mean_days": 42.3,  # (49 + 5 + 114 + 1) / 4 = 42.25, rounded half up
    "referral_wait_median_days": 27,
    "consents_pending": 2,
    "open_cases_without_measure": 2,
    "contact_minutes": 315,
    "admin_minutes": 110,  # + entry 40 + v7's 5
    "admin_to_contact_ratio": 0.3,
    "contracted_minutes": 510,  # + S3 3 h a fortnight
    "actions_due_next_week": 4,
    "contact_type_not_recorded": 4,
    "with_whom_not_recorded": 4,
}
CONTRACT_METRICS = [
    "visits_planned",
    "visits_held",
    "visits_cancelled",
    "case_discussions",
    "cases_discussed",
    "cases_referred_specialist",
    "new_cyp",
    "open_cases",
    "closed_cases",
    "closed_without_specialist_input",
    "consents_pending",
    "referrals_waiting",
    "contact_minutes",
]


def figures(report: Report) -> dict[str, object]:
    return {m.key: plain(m.cell) for m in report.metrics()}


def test_every_figure_of_a_workers_week(records: RecordService, world: World) -> None:
    report = weekly_report(records, iso_week("2026-W47"), world["A"])
    assert figures(report) == ANN
    assert set(CONTRACT_METRICS) <= set(ANN)
    assert dict(report.facts)["Worker"] == "Ann Link"
    assert dict(report.facts)["Week"].startswith("Week 2026-W47 (Mon 16 Nov 2026 to Sun 22 Nov 2026)")


def test_consents_count_for_open_cases_only(records: RecordService, world: World) -> None:
    """A request left pending on a long-closed case is not work to do; reopening brings it back."""
    records.update("cyp", world["C6"], {"status": "open", "closed_on": None, "closure_reason": None})
    reopened = figures(weekly_report(records, iso_week("2026-W47"), world["A"]))
    assert (reopened["open_cases"], reopened["consents_withdrawn"]) == (5, 1)


def test_every_figure_of_the_teams_week(records: RecordService, world: World) -> None:
    assert figures(weekly_report(records, iso_week("2026-W47"))) == TEAM


def rows(report: Report, key: str) -> list[tuple[str, ...]]:
    return [(row.label, *(display(c) for c in row.cells)) for row in report.table(key).rows]


def test_the_weeks_tables(records: RecordService, world: World) -> None:
    report = weekly_report(records, iso_week("2026-W47"), world["A"])
    assert rows(report, "visits") == [
        ("Mon 16 Nov", "Alder Primary", "Case discussion", "Held", "120"),
        ("Wed 18 Nov", "Birch Academy", "Case discussion", "Held", "90"),
        ("Thu 19 Nov", "Alder Primary", "Case discussion", "Cancelled by school", ""),
        ("Fri 20 Nov", "Birch Academy", "Case discussion", "Nothing planned", ""),
        ("Sat 21 Nov", "Birch Academy", "Case discussion", "Planned", ""),
        ("Sun 22 Nov", "Alder Primary", "Drop in", "Held", "45"),
    ]
    assert rows(report, "outcomes") == [
        ("Advice given, school manages", "1", "20.0%"),
        ("Watchful waiting", "1", "20.0%"),
        ("Referred to specialist CAMHS", "2", "40.0%"),
        ("Not recorded", "1", "20.0%"),
    ]
    assert rows(report, "closure_reasons") == [
        ("Closed without specialist input", "1", "50.0%"),
        ("School managing", "1", "50.0%"),
    ]
    codes = {
        record_id: records.get("cyp", record_id).get("pseudonym")
        for record_id in (world["C1"], world["C2"], world["C4"])
    }
    assert rows(report, "referrals_waiting") == [
        (codes[world["C4"]], "Specialist CAMHS", "2026-08-01", "114", "stalled"),
        (codes[world["C1"]], "Specialist CAMHS", "2026-10-05", "49", ""),
        (codes[world["C2"]], "Early help", "2026-11-18", "5", ""),
    ]
    assert rows(report, "consents_expiring") == [(codes[world["C1"]], "Referral", "2026-12-10")]
    assert rows(report, "next_week_visits") == [
        ("Mon 23 Nov", "09:30", "Alder Primary", "Case discussion", "Planned")
    ]
    # Zebulonia is C1's given name: printed as C1's code.
    # Overdue actions come first, marked so.
    assert rows(report, "actions_due") == [
        ("Overdue: Sun 22 Nov", "Alder Primary", "Ann Link", f"Action a4 for {codes[world['C1']]}"),
        ("Mon 23 Nov", "Alder Primary", "Ann Link", f"Action a1 for {codes[world['C1']]}"),
        ("Tue 24 Nov", "Birch Academy", "school", f"Action a6 for {codes[world['C1']]}"),
        ("Sun 29 Nov", "Alder Primary", "Ann Link", f"Action a2 for {codes[world['C1']]}"),
    ]


def test_the_weeks_charts(records: RecordService, world: World) -> None:
    charts = {c.key: c for c in weekly_report(records, iso_week("2026-W47"), world["A"]).charts()}
    contact = charts["contact_against_contract"]
    assert contact.categories == ("Alder Primary", "Birch Academy")
    assert [s.values for s in contact.series] == [(2.75, 1.5), (5.0, 2.0)]
    waits = charts["referral_waits"]
    assert waits.series[0].values == (
        1.0,
        0.0,
        1.0,
        0.0,
        1.0,
        0.0,
    )  # 5 (<2 wk), 49 (4-8 wk), 114 days (12-18 wk)


def test_an_empty_week_is_an_honest_empty_report(records: RecordService, world: World) -> None:
    report = weekly_report(records, iso_week("2030-W01"), world["A"])
    values = figures(report)
    for key in (
        "visits_planned",
        "case_discussions",
        "cases_discussed",
        "new_cyp",
        "closed_cases",
        "contact_minutes",
    ):
        assert values[key] == 0
    for key in (
        "mean_items_per_discussion",
        "cases_referred_specialist_pct",
        "closed_without_specialist_input_pct",
        "admin_to_contact_ratio",
    ):
        assert values[key] == ""  # nothing to divide by: not available, never a crash
        assert display(report.metric(key).cell) == "n/a"
    assert values["open_cases"] == 4  # the current state does not depend on the week


def test_a_store_with_nothing_in_it(records: RecordService) -> None:
    report = weekly_report(records, iso_week("2026-W47"))
    assert figures(report)["visits_planned"] == 0
    assert figures(report)["paired_score_completeness_pct"] == "not recorded yet"
    measures = next(s for s in report.sections if s.title == "Outcome measures")
    assert measures.intro == "No outcome measures are recorded for these cases yet."


def test_an_unknown_worker_is_refused(records: RecordService, world: World) -> None:
    with pytest.raises(NotFoundError):
        weekly_report(records, iso_week("2026-W47"), world["C1"])
