"""Reports on a large store: the weekly caseload summary (budget 300 ms for one worker) and a
year's service report for the whole team.

Run: ``LINKDESK_PASSPHRASE=... .venv/bin/python -m benchmarks.bench_reports DATA_DIR`` on a store
made by ``linkdesk demo --size large``. Times are the median of several runs, after one first
(cold) run that is reported on its own; rendering to PDF, CSV and XLSX is timed separately.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

from benchmarks._harness import Row, cpu, table, timed
from linkdesk.config import resources_dir
from linkdesk.domain.calendar import academic_year_of
from linkdesk.domain.clock import SystemClock
from linkdesk.domain.reporting_periods import named_period, week_of
from linkdesk.measures import MeasureRegistry
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.reports import ReportFiles
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault


def cold(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def rows(folder: Path, passphrase: str = "benchmark passphrase", repeat: int = 5) -> list[Row]:
    """The weekly summary of the busiest worker, last week: its figures and its PDF (CPU time)."""
    store = Vault(folder, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()).unlock(
        passphrase
    )
    try:
        today = SystemClock().now().date()
        records = RecordService(store, lambda: today)
        week = week_of(today - timedelta(days=7))
        workers = [s for s in records.find("staff") if s.get("role") == "link_worker"]
        busiest = max(workers, key=lambda s: len(records.find("assignment", {"staff_id": s.id})))
        files = ReportFiles()
        report = weekly_report(records, week, busiest.id)
        files.render(report, "pdf")  # fonts registered once per process, as in the app
        figures = cpu(lambda: weekly_report(records, week, busiest.id), repeat)
        drawing = cpu(lambda: files.render(report, "pdf"), repeat)
        both = cpu(lambda: files.render(weekly_report(records, week, busiest.id), "pdf"), repeat)
        return [
            Row("weekly summary, one worker: its figures", figures * 1000),
            Row("weekly summary, one worker: drawing the PDF", drawing * 1000),
            Row("weekly summary PDF, one worker (figures + PDF)", both * 1000, limit=100),
        ]
    finally:
        store.close()


def main(folder: Path) -> None:
    passphrase = os.environ.get("LINKDESK_PASSPHRASE", "benchmark passphrase")
    store = Vault(folder, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()).unlock(
        passphrase
    )
    today = SystemClock().now().date()
    records = RecordService(store, lambda: today)
    registry = MeasureRegistry.load(resources_dir() / "measures")
    files = ReportFiles()
    week = week_of(today - timedelta(days=7))
    year = named_period(f"{academic_year_of(today) - 1}/{academic_year_of(today) % 100:02d}")
    workers = [s for s in records.find("staff") if s.get("role") == "link_worker"]
    busiest = max(workers, key=lambda s: len(records.find("assignment", {"staff_id": s.id})))

    def one() -> object:
        return weekly_report(records, week, busiest.id)

    def team() -> object:
        return weekly_report(records, week)

    def service() -> object:
        return service_report(records, year, "school", registry=registry)

    rows: list[tuple[str, float, float | None]] = [
        (f"weekly, one worker, first run ({week.label})", cold(one), None),
        ("weekly, one worker (budget 300 ms)", timed(one), None),
        ("weekly, whole team", timed(team, repeat=3), None),
    ]
    weekly = weekly_report(records, week, busiest.id)
    for fmt in ("pdf", "csv", "xlsx"):
        rows.append((f"  render the weekly as {fmt}", timed(partial(files.render, weekly, fmt)), None))
    rows.append((f"service report, {year.label}, by school, first run", cold(service), None))
    rows.append(("service report, a year, whole team", timed(service, repeat=3), None))
    report = service_report(records, year, "school", registry=registry)
    rows.append(
        ("  render the service report as pdf", timed(lambda: files.render(report, "pdf"), repeat=3), None)
    )
    rows.append(
        ("  render the service report as xlsx", timed(lambda: files.render(report, "xlsx"), repeat=3), None)
    )
    visits = records.records.count("visit")
    print(f"{visits:,} visits; {len(workers)} link workers; {week.label}; {year.label}")
    print(table(rows))
    store.close()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m benchmarks.bench_reports DATA_DIR (made by 'linkdesk demo --size large')")
    main(Path(sys.argv[1]))
