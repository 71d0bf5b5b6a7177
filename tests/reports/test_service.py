"""The service report: every figure against the hand-worked world of conftest.py (week 2026-W47)."""

from __future__ import annotations

from datetime import date

import pytest

from linkdesk.domain.calendar import Closure
from linkdesk.domain.reporting import Report, display
from linkdesk.domain.reporting_periods import Period, date_range, iso_week, named_period
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from tests.reports.attacker import attack, feasible_range
from tests.reports.test_outputs import FILES, pdf_text
from tests.reports.world import World, registry

W47 = iso_week("2026-W47")

OVERVIEW = {
    "visits_planned": "7",  # v1-v7
    "visits_held": "4",  # v1, v2, v5, v7
    "visits_cancelled": "1",  # v3
    "case_discussions": "3",  # v1, v2, v7
    "items_discussed": "7",  # i1-i7 (i6 at the drop-in v5 counts; i8 is the week before)
    "mean_items_per_discussion": "2",  # 6 items at the 3 case discussions
    "cyp_discussed": "5",  # C1, C2, C3, C5 and the anonymous i3
    "cyp_seen": "1",  # C2, at the drop-in
    "taken_on_pct": "14.3%",  # i6 brief intervention: 1 of 7
    "referred_specialist_pct": "28.6%",  # i1, i4: 2 of 7
    "referrals_sent": "3",  # r4 (Mon 16), r2 (Wed 18), r6 (Sun 22)
    "wait_mean_days": "4",  # r4: sent 16th, assessed 20th
    "wait_median_days": "4",
    "still_waiting": "2",  # r2, r6
    "new_cases": "3",  # C2 (16th), C5 (17th), C3 (22nd)
    "closed_cases": "2",  # C4, C6
    "closed_without_specialist_input": "1",
    "closed_without_specialist_input_pct": "50.0%",
    "open_at_end": "4",  # on Sun 22: C1, C2, C3, C5 (C6 closed that day, C8 opened the 23rd)
    "consent_coverage_pct": "25.0%",  # C2 only: 1 of 4
    "contact_hours": "5.3",  # 120 + 90 + 45 + 60 minutes = 5.25 h
    "contracted_hours": "8.5",  # 5 + 2 + 1.5
    "delivered_pct": "61.8%",
    "admin_ratio": "0.3",  # 110 / 315
    "training_sessions": "1",
    "training_hours": "1.5",
    "training_attendees": "12",
    "schools_no_contact_this_term": "1",  # Damson Infant (Elm Gone has left)
    "paired_score_completeness_pct": "0.0%",  # baselines in the week: C2, C4, neither followed up
}
BY_SCHOOL = {
    "activity": {
        "Alder Primary": ["3", "2", "1", "1", "4", "3", "3", "1"],
        "Birch Academy": ["3", "1", "0", "1", "2", "2", "2", "0"],
        "Cedar Special": ["1", "1", "0", "1", "1", "1", "1", "0"],
        "Damson Infant": ["0", "0", "0", "0", "0", "n/a", "0", "0"],
        "All": ["7", "4", "1", "3", "7", "2", "5", "1"],
    },
    "outcomes": {
        "Alder Primary": ["4", "1", "25.0%", "1", "25.0%", "0", "2", "1", "4", "4", "1"],
        "Birch Academy": ["2", "0", "0.0%", "1", "50.0%", "0", "0", "0", "n/a", "n/a", "0"],
        "Cedar Special": ["1", "0", "0.0%", "0", "0.0%", "1", "1", "0", "n/a", "n/a", "1"],
        "Damson Infant": ["0", "0", "n/a", "0", "n/a", "0", "0", "0", "n/a", "n/a", "0"],
        "All": ["7", "1", "14.3%", "2", "28.6%", "1", "3", "1", "4", "4", "2"],
    },
    "caseload": {
        "Alder Primary": ["1", "1", "0", "0.0%", "2", "1", "50.0%", "1"],
        "Birch Academy": ["1", "1", "1", "100.0%", "1", "0", "0.0%", "1"],
        "Cedar Special": ["1", "0", "0", "n/a", "1", "0", "0.0%", "0"],
        "Damson Infant": ["0", "0", "0", "n/a", "0", "0", "n/a", "0"],
        "All": ["3", "2", "1", "50.0%", "4", "1", "25.0%", "2"],
    },
    "time": {  # admin: S1 entry 10 + v1 30; S2 entry 25 (v2's own 15 not counted); S3 entry 40 + v7 5
        "Alder Primary": ["2.8", "5.0", "55.0%", "0.7", "0.2", "0.6", "1", "1.5", "12"],
        "Birch Academy": ["1.5", "2.0", "75.0%", "0.4", "0.3", "0.2", "0", "0.0", "0"],
        "Cedar Special": ["1.0", "1.5", "66.7%", "0.8", "0.8", "0.0", "0", "0.0", "0"],
        "Damson Infant": ["0.0", "n/a", "n/a", "0.0", "n/a", "0.0", "0", "0.0", "0"],
        "All": ["5.3", "8.5", "61.8%", "1.8", "0.3", "0.8", "1", "1.5", "12"],
    },
    "schools": {  # contacts per 30 days over 7 days: 2 -> 8.6 (continuous), 1 -> 4.3 (weekly)
        "Alder Primary": ["5.0", "2.8", "55.0%", "2", "Continuous", "2026-11-22"],
        "Birch Academy": ["2.0", "1.5", "75.0%", "2", "Continuous", "2026-11-20"],  # the phone call
        "Cedar Special": ["1.5", "1.0", "66.7%", "1", "Weekly", "2026-11-17"],
        "Damson Infant": ["n/a", "0.0", "n/a", "0", "None", "none"],
    },
    "no_contact_this_term": {"Damson Infant": ["none assigned"]},
    "outcome_mix": {
        "Advice given, school manages": ["1", "14.3%"],
        "Watchful waiting": ["1", "14.3%"],
        "Brief intervention": ["1", "14.3%"],
        "Referred to specialist CAMHS": ["2", "28.6%"],
        "Early help": ["1", "14.3%"],
        "Not recorded": ["1", "14.3%"],
        "All": ["7", "100.0%"],
    },
    "closure_reasons": {
        "Closed without specialist input": ["1", "50.0%"],
        "School managing": ["1", "50.0%"],
        "All": ["2", "100.0%"],
    },
    "funnel": {
        "Cases discussed (consultations)": ["7", "100.0%"],
        "Assessed by the link service": ["0", "0.0%"],
        "Referred to specialist CAMHS at discussion": ["2", "28.6%"],
        "Specialist CAMHS referrals sent": ["1", "14.3%"],  # r6
        "Supported by the school": ["2", "28.6%"],
    },
    "waits_by_month": {"Nov 2026": ["3", "1", "4", "4", "2"]},
    "equity_setting": {
        "Primary": ["2", "50.0%"],
        "Secondary": ["1", "25.0%"],
        "Special": ["1", "25.0%"],
        "All": ["4", "100.0%"],
    },
    "equity_ethnicity": {
        "Not recorded": ["1", "25.0%"],
        "Pakistani": ["1", "25.0%"],
        "White British": ["2", "50.0%"],
        "All": ["4", "100.0%"],
    },
    "equity_flags": {"CYP discussed": ["4", "100.0%"], "Young carer": ["1", "25.0%"], "SEND": ["2", "50.0%"]},
}


def table(report: Report, key: str) -> dict[str, list[str]]:
    return {row.label: [display(c) for c in row.cells] for row in report.table(key).rows}


def overview(report: Report) -> dict[str, str]:
    return {m.key: display(m.cell) for m in report.metrics()}


def test_every_figure_by_school(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "school", registry=registry())
    assert overview(report) == OVERVIEW
    for key, expected in BY_SCHOOL.items():
        assert table(report, key) == expected, key
    assert [t.key for t in report.tables()].count("measure_change") == 0  # no pair completed in the week
    charts = {c.key: c for c in report.charts()}
    assert charts["referral_waits"].categories == ("Nov 2026",)
    assert [s.values for s in charts["referral_waits"].series] == [(4.0,), (4.0,)]
    assert charts["contact_against_contract"].categories == (
        "Alder Primary",
        "Birch Academy",
        "Cedar Special",
        "Damson Infant",
    )
    assert [s.values for s in charts["contact_against_contract"].series] == [
        (2.75, 1.5, 1.0, 0.0),
        (5.0, 2.0, 1.5, 0.0),
    ]


def test_by_worker(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "staff")
    assert table(report, "activity") == {
        "Ann Link": ["6", "3", "1", "2", "6", "2.5", "4", "1"],  # v1-v6; i1-i6; C1, C2, C3 and i3
        "Ben Link": ["1", "1", "0", "1", "1", "1", "1", "0"],
        "All": ["7", "4", "1", "3", "7", "2", "5", "1"],
    }
    # CYP count for their named worker (C5: Ben), else for the worker assigned to their school.
    assert table(report, "caseload")["Ann Link"][:5] == ["2", "2", "1", "50.0%", "3"]
    assert table(report, "caseload")["Ben Link"][:5] == ["1", "0", "0", "n/a", "1"]
    assert table(report, "time")["Ann Link"][:3] == ["4.3", "7.0", "60.7%"]  # 255 min of S1 5 h + S2 2 h


def test_by_cluster_counts_a_school_in_each_of_its_clusters(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "cluster")
    assert table(report, "activity") == {
        "North": ["6", "3", "1", "2", "6", "2.5", "4", "1"],  # Alder and Birch
        "South": ["4", "2", "0", "2", "3", "1.5", "3", "0"],  # Birch and Cedar
        "(in no cluster)": ["0", "0", "0", "0", "0", "n/a", "0", "0"],  # Damson
        "All": ["7", "4", "1", "3", "7", "2", "5", "1"],
    }
    assert any("more than one cluster" in note for note in report.notes)


def test_by_setting_type(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "setting_type")
    assert table(report, "activity") == {
        "Infant": ["0", "0", "0", "0", "0", "n/a", "0", "0"],
        "Primary": ["3", "2", "1", "1", "4", "3", "3", "1"],
        "Secondary": ["3", "1", "0", "1", "2", "2", "2", "0"],
        "Special": ["1", "1", "0", "1", "1", "1", "1", "0"],
        "All": ["7", "4", "1", "3", "7", "2", "5", "1"],
    }


def test_small_numbers_are_suppressed(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "school", suppress_under=3)
    assert table(report, "activity") == {  # counts of 1 and 2, and those that would give one away
        "Alder Primary": ["[c]", "[c]", "[c]", "[c]", "4", "[c]", "3", "[c]"],
        "Birch Academy": ["3", "[c]", "0", "[c]", "[c]", "[c]", "[c]", "0"],
        "Cedar Special": ["[c]", "[c]", "0", "[c]", "[c]", "[c]", "[c]", "0"],
        "Damson Infant": ["0", "0", "0", "0", "0", "n/a", "0", "0"],
        "All": ["7", "4", "[c]", "3", "7", "2", "5", "[c]"],
    }
    found = attack(report, service_report(records, W47, "school"))
    assert all(len(set(feasible_range(found, key))) > 1 for key in found.withheld)
    figures = overview(report)
    assert figures["visits_cancelled"] == "[c]" and figures["items_discussed"] == "7"
    assert figures["taken_on_pct"] == "[c]"  # 1 of 7: rests on a withheld count
    assert figures["wait_mean_days"] == "[c]" and "wait_range_days" not in figures  # one completed wait
    assert figures["contact_hours"] == "5.3"  # hours are not counts of people
    assert table(report, "funnel")["Cases discussed (consultations)"] == ["7", "100.0%"]
    assert table(report, "funnel")["Assessed by the link service"] == ["0", "0.0%"]  # 0 is no child
    assert table(report, "funnel")["Supported by the school"] == ["[c]", "[c]"]
    assert report.suppress_under == 3 and report.marking == "OFFICIAL-SENSITIVE"
    assert any("[c] marks a figure withheld" in note and "from 1 to 2" in note for note in report.notes)


def test_pseudonymised_reports_name_no_school_or_worker(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "school", pseudonymise=True, suppress_under=10)
    labels = list(table(report, "activity"))
    # Codes are given to every school (Elm Gone too), so they stay the same when schools come and go.
    assert len(labels) == 5 and labels[-1] == "All"
    assert set(labels[:-1]) <= {f"School 0{n}" for n in range(1, 6)}
    assert report.marking == "OFFICIAL"
    text = repr(report)
    for name in ("Alder", "Birch", "Cedar", "Damson", "Ann Link", "Ben Link", "North"):
        assert name not in text
    by_worker = service_report(records, W47, "staff", pseudonymise=True)
    assert set(table(by_worker, "activity")) == {"Worker 01", "Worker 02", "All"}
    again = service_report(records, W47, "school", pseudonymise=True)
    assert list(table(again, "activity")) == labels  # stable codes


def test_first_and_last_day_of_a_term(records: RecordService, world: World) -> None:
    closures = (
        Closure(date(2026, 10, 26), date(2026, 10, 30), "Autumn half term"),
        Closure(date(2026, 12, 21), date(2027, 1, 1), "Christmas holiday"),
    )
    autumn = named_period("autumn-2026", closures)
    assert (autumn.start, autumn.end) == (date(2026, 9, 1), date(2026, 12, 20))
    school = world["S4"]
    for day, status in (
        ("2026-08-31", "held"),
        ("2026-09-01", "held"),
        ("2026-12-20", "planned"),
        ("2026-12-21", "planned"),
    ):
        records.add("visit", {"school_id": school, "date": day, "status": status, "duration_minutes": 60})
    records.add(
        "service_offer",
        {"school_id": school, "academic_year": "2026/27", "contracted_hours": 6, "hours_period": "term"},
    )
    report = service_report(records, autumn, "school", closures=closures)
    assert table(report, "activity")["Damson Infant"][:3] == ["2", "1", "0"]  # 1 Sep and 20 Dec only
    assert table(report, "schools")["Damson Infant"] == [
        "6.0",
        "1.0",
        "16.7%",
        "1",
        "A few times a year",
        "2026-09-01",
    ]
    assert "Damson Infant" not in table(report, "no_contact_this_term")
    # In one week of the term, the term's 6 hours are shared over its open weekdays.
    weekdays = sum(1 for d in autumn.dates() if d.weekday() < 5) - 5  # less the half-term week
    week = service_report(records, W47, "school", closures=closures)
    assert table(week, "schools")["Damson Infant"][0] == f"{6 * 5 / weekdays:.1f}"


def test_change_on_paired_measures(records: RecordService, world: World) -> None:
    from linkdesk.measures.responses import split_responses

    report = service_report(records, date_range("2026-09-01", "2026-11-22"), "school", registry=registry())
    before = registry().score("sdq-p4-17", split_responses(",".join(["2"] * 25))).scores["total_difficulties"]
    after = registry().score("sdq-p4-17", split_responses(",".join(["1"] * 25))).scores["total_difficulties"]
    assert table(report, "measure_change") == {
        "SDQ (parent 4-17) (total difficulties)": [
            "1",
            f"{float(before):g}",
            f"{float(after):g}",
            "1" if after < before else "0",
            "1" if after > before else "0",
            "no RCI recorded",
            "no RCI recorded",
        ]
    }
    assert overview(report)["paired_score_completeness_pct"] == "25.0%"  # C8 of C1, C2, C4, C8


def test_a_range_with_no_data_is_an_honest_empty_report(records: RecordService, world: World) -> None:
    report = service_report(records, date_range("2031-01-01", "2031-01-31"), "school", registry=registry())
    figures = overview(report)
    assert figures["visits_planned"] == "0" and figures["items_discussed"] == "0"
    assert figures["mean_items_per_discussion"] == "n/a" and figures["delivered_pct"] == "n/a"
    assert figures["schools_no_contact_this_term"] == "4"
    empty = service_report(records, date_range("2031-01-01", "2031-01-31"), "cluster", suppress_under=10)
    assert overview(empty)["visits_planned"] == "0"  # a zero is no child: shown as it is


def test_bad_ranges_and_groupings_are_refused(records: RecordService) -> None:
    with pytest.raises(ValidationError, match="before"):
        date_range("2026-11-22", "2026-11-16")
    with pytest.raises(ValidationError):
        Period(date(2026, 11, 22), date(2026, 11, 16))
    with pytest.raises(ValidationError, match="group-by"):
        service_report(records, W47, "region")
    with pytest.raises(ValidationError, match="suppress-under"):
        service_report(records, W47, suppress_under=0)


def test_held_visits_by_contact_type_and_with_whom(records: RecordService, world: World) -> None:
    """The service report counts how contact took place, as the weekly summary does (issue #18)."""
    records.update("visit", world["v1"], {"contact_type": "face_to_face", "with_whom": "school_staff"})
    records.update("visit", world["v2"], {"contact_type": "video", "with_whom": "school_staff"})
    report = service_report(records, W47, "school")
    activity = report.table("activity")
    column = [c.key for c in activity.columns].index("visits_held")
    held = next(r for r in activity.rows if r.total).cells[column].value
    by_type = {r.label: r.cells[0].value for r in report.table("contact_type").rows}
    by_whom = {r.label: r.cells[0].value for r in report.table("with_whom").rows}
    assert by_type["Face to face"] == 1 and by_type["Video"] == 1 and by_type["All"] == held
    assert by_whom["School staff"] == 2 and by_whom["All"] == held
    assert by_type.get("Not recorded", 0) == held - 2
    text = pdf_text(FILES.render(report, "pdf"))
    assert "Visits held, by contact type" in text and "Visits held, by whom with" in text
