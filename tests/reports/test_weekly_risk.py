"""Risk and contact type in the weekly summary (issue #18): open cases whose current risk is high or
medium and the week's risk assessments, in the PDF read back (children by code, another child's
name in a reason replaced by that child's code), and held visits counted by contact type and by
whom they were with."""

from __future__ import annotations

from linkdesk.domain import redaction
from linkdesk.domain.reporting import plain
from linkdesk.domain.reporting_disclosure import suppress
from linkdesk.domain.reporting_periods import iso_week
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.report_weekly import weekly_report
from tests.reports.test_outputs import FILES, pdf_text, read_csv
from tests.reports.world import World

W47 = iso_week("2026-W47")


def code(records: RecordService, world: World, key: str) -> str:
    return redaction.cyp_code(records.get("cyp", world[key]))


def add_risks(casework: Casework, world: World) -> None:
    casework.record_risk(
        world["C1"],
        "high",
        "2026-11-17",
        reason="Told Xanthippe Wolstenholme-Canary she wanted to die",
        safety_plan="Daily check-in",
        dsl_informed_on="2026-11-17",
        safeguarding_referral_on="2026-11-18",
    )
    casework.record_risk(world["C2"], "medium", "2026-10-01", reason="Low mood")  # before the week
    casework.record_risk(world["C3"], "high", "2026-09-01")
    casework.record_risk(world["C3"], "low", "2026-11-20", reason="Settled after the move")  # now low
    casework.record_risk(world["C5"], "high", "2026-11-19")  # Ben's school: not in Ann's summary


def test_the_weekly_summary_counts_and_lists_risk(
    records: RecordService, casework: Casework, world: World
) -> None:
    add_risks(casework, world)
    report = weekly_report(records, W47, world["A"])
    figures = {m.key: plain(m.cell) for m in report.metrics()}
    assert (figures["risk_high"], figures["risk_medium"]) == (1, 1)  # C1; C2 (C3's latest is low)
    assert figures["risk_assessments"] == 2  # C1 on the 17th, C3 on the 20th
    assert (figures["dsl_informed"], figures["safeguarding_referrals"]) == (1, 1)
    current = [(r.label, r.cells[0].value) for r in report.table("current_risk").rows]
    assert current == [(code(records, world, "C1"), "High"), (code(records, world, "C2"), "Medium")]
    assert [r.label for r in report.table("risk_assessments").rows] == [
        code(records, world, "C1"),
        code(records, world, "C3"),
    ]
    team = {m.key: plain(m.cell) for m in weekly_report(records, W47).metrics()}
    assert team["risk_high"] == 2 and team["risk_assessments"] == 3  # with Ben's C5

    text = pdf_text(FILES.render(report, "pdf"))
    assert "Risk and safeguarding" in text and "Open cases whose current risk is high or medium" in text
    assert code(records, world, "C1") in text and code(records, world, "C2") in text
    assert "wanted to die" in text and code(records, world, "C2") in text.split("wanted to die")[0][-40:]
    for name in ("Xanthippe", "Wolstenholme", "Zebulonia", "Quennell"):
        assert name not in text, name
    assert "Daily check-in" not in text  # a safety plan stays on the child's record

    shared = suppress(report, 3)
    assert not {"current_risk", "risk_assessments"} & {t.key for t in shared.tables()}


def test_held_visits_are_counted_by_contact_type_and_with_whom(records: RecordService, world: World) -> None:
    records.update("visit", world["v1"], {"contact_type": "face_to_face", "with_whom": "school_staff"})
    records.update("visit", world["v2"], {"contact_type": "video", "with_whom": "school_staff"})
    records.update("visit", world["v5"], {"contact_type": "face_to_face", "with_whom": "cyp"})
    records.update("visit", world["v6"], {"contact_type": "phone"})  # still planned: not counted
    report = weekly_report(records, W47, world["A"])
    rows = dict(read_csv(FILES.render(report, "csv"))[1:])
    assert (rows["contact_type_face_to_face"], rows["contact_type_video"], rows["contact_type_phone"]) == (
        "2",
        "1",
        "0",
    )
    assert (rows["with_whom_school_staff"], rows["with_whom_cyp"], rows["with_whom_not_recorded"]) == (
        "2",
        "1",
        "0",
    )
    assert [(r.label, r.cells[0].value) for r in report.table("contact_type").rows] == [
        ("Face to face", 2),
        ("Video", 1),
    ]
    text = pdf_text(FILES.render(report, "pdf"))
    assert "Visits held, by contact type" in text and "Face to face" in text
