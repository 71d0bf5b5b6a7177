"""Reports on the small demo service: they render, read like the supervision document they are,
and name no child."""

from __future__ import annotations

import io

import pypdf

from linkdesk.domain.reporting_periods import iso_week, named_period
from linkdesk.reports import ReportFiles
from linkdesk.services.demo import build_demo
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report
from tests.reports.world import TODAY, registry


def test_the_small_demo_weekly_summary_and_service_report(records: RecordService) -> None:
    build_demo(records, "small", 1, TODAY, MeasureRecords(records, registry()))
    worker = records.find("staff", {"role": "link_worker"})[0]
    weekly = weekly_report(records, iso_week("2026-W47"), worker.id, service_name="Demo Link Work Service")
    assert weekly.metric("visits_held").cell.value
    data = ReportFiles().render(weekly, "pdf")
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert 2 <= len(pages) <= 6
    text = "\n".join(p.extract_text() for p in pages)
    for heading in (
        "Visits",
        "Case discussions",
        "Caseload",
        "Referrals",
        "Consent",
        "Outcome measures",
        "Time",
    ):
        assert heading in text
    names = [f"{c.get('given_name')} {c.get('family_name')}" for c in records.find("cyp")]
    assert names and not [n for n in names if n in text]
    year = service_report(records, named_period("2026/27"), "staff", registry=registry(), suppress_under=10)
    service = "\n".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(ReportFiles().render(year, "pdf"))).pages
    )
    assert "Service report" in service and not [n for n in names if n in service]
