"""Findings from issue 16 about shared reports, each replayed: a false "<5", a small count
recovered by subtraction, a count worked out from another table, and a range of single waits."""

from __future__ import annotations

import re
from datetime import date, timedelta

from linkdesk.domain.reporting import Column, Report, Row, Section, Table, count, display, share
from linkdesk.domain.reporting_disclosure import suppress
from linkdesk.domain.reporting_periods import date_range
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from tests.reports.attacker import attack, feasible_range


def referrals_by_month(*sent: int) -> Report:
    """Referrals sent by month, with the All row a reader sees."""
    rows = [
        Row(f"m{n}", f"Month {n}", (count(x), share(x, sum(sent), depends=("sent",))))
        for n, x in enumerate(sent)
    ]
    rows.append(
        Row("all", "All", (count(sum(sent)), share(sum(sent), sum(sent), depends=("sent",))), total=True)
    )
    table = Table(
        "months",
        "Referrals sent",
        "Month",
        (Column("sent", "Sent"), Column("pct", "%", "percent")),
        tuple(rows),
    )
    return Report("service", "R", (), (Section("S", tables=(table,)),), grouped=True)


def shown(report: Report) -> dict[str, list[str]]:
    return {row.label: [display(c) for c in row.cells] for row in next(report.tables()).rows}


def test_every_withheld_figure_shows_the_same_marker_and_no_false_bound() -> None:
    """Finding: the second withheld count was printed "<5" even when it was 5 to 7."""
    out = shown(suppress(referrals_by_month(4, 6, 7, 20, 24), 5))
    marks = {v for values in out.values() for v in values if not re.fullmatch(r"[\d.,]+%?", v)}
    assert marks == {"[c]"}
    assert out["Month 0"] == ["[c]", "[c]"] and out["Month 1"] == ["[c]", "[c]"]  # 4, and its complement 6
    assert out["All"] == ["61", "100.0%"]


def possible_values(report: Report, month: str) -> list[int]:
    """Every value the month's count can take given what is shown: the All row, the published
    months, and whatever bound a withheld figure's marker states ("<5" says under 5)."""
    rows = shown(report)
    total = int(rows.pop("All")[0])
    withheld = {label: v[0] for label, v in rows.items() if not v[0].isdigit()}
    published = sum(int(v[0]) for v in rows.values() if v[0].isdigit())
    others = [label for label in withheld if label != month]
    assert len(others) == 1, "this replay has two withheld months"
    found = []
    for value in range(total - published + 1):
        rest = total - published - value
        bounds_ok = all(
            not mark.startswith("<") or x < int(mark[1:])
            for mark, x in ((withheld[month], value), (withheld[others[0]], rest))
        )
        if bounds_ok:
            found.append(value)
    return found


def test_a_small_count_cannot_be_recovered_by_subtraction() -> None:
    """Finding: referrals sent 61 - 52 published = 9 withheld, and with the complement printed as
    "at least 5" (or "<5") the small month was exactly 4."""
    report = suppress(referrals_by_month(4, 5, 20, 32), 5)
    assert len(possible_values(report, "Month 0")) > 1
    assert len(possible_values(report, "Month 1")) > 1


def add_referrals(
    records: RecordService, casework: Casework, school: str, day: date, n: int, seen: int = 0
) -> None:
    for k in range(n):
        cyp = records.add("cyp", {"school_id": school, "opened_on": day.isoformat()}).id
        referral = casework.make_referral(cyp, "specialist_camhs", sent_on=day.isoformat())
        if k < seen:
            casework.add_referral_event(
                referral.id, (day + timedelta(days=30 + 4 * k)).isoformat(), "appointment_attended"
            )


def test_a_withheld_month_cannot_be_worked_out_from_the_total_in_another_table(
    records: RecordService, casework: Casework
) -> None:
    """Finding: the waits-by-month table had no All row of its own, so a small month was left
    alone, and the total referrals sent in the outcomes table gave it away."""
    school = records.add("school", {"name": "Alder Primary", "setting_type": "primary"}).id
    add_referrals(records, casework, school, date(2026, 9, 10), 12)
    add_referrals(records, casework, school, date(2026, 10, 8), 4)
    period = date_range("2026-09-01", "2026-10-31")
    truth = service_report(records, period, "school")
    shared = service_report(records, period, "school", suppress_under=10)
    found = attack(shared, truth)
    october = ("waits_by_month", "2026-10", "referrals_sent")
    assert october in found.withheld
    low, high = feasible_range(found, october)
    assert low < high, f"October's 4 referrals are worked out exactly ({low})"


def test_no_figure_publishes_one_childs_wait(records: RecordService, casework: Casework) -> None:
    """Finding: the "range of waits" 30-74 published the shortest and the longest child's wait."""
    school = records.add("school", {"name": "Alder Primary", "setting_type": "primary"}).id
    add_referrals(records, casework, school, date(2026, 9, 10), 12, seen=12)  # waits 30, 34, ... 74
    period = date_range("2026-09-01", "2026-10-31")
    for report in (
        service_report(records, period, "school"),
        service_report(records, period, "school", suppress_under=10),
    ):
        texts = [display(m.cell) for m in report.metrics()]
        texts += [display(c) for t in report.tables() for r in t.rows for c in r.cells]
        assert not [t for t in texts if re.search(r"\b30\b.*\b74\b", t)]
        assert "wait_range_days" not in {m.key for m in report.metrics()}
        assert all("range" not in c.key for t in report.tables() for c in t.columns)
    shared = service_report(records, period, "school", suppress_under=10)
    assert display(shared.metric("wait_median_days").cell) == "52"  # twelve waits: a median may show
    small = service_report(records, date_range("2026-09-01", "2026-09-30"), "school", suppress_under=13)
    assert display(small.metric("wait_median_days").cell) == "[c]"  # but not with fewer than N
