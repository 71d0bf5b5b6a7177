"""Planning a series of visits needs the school's term dates: a warning without them, and term
dates from a CSV as well as an .ics file."""

from __future__ import annotations

from datetime import date

import pytest

from linkdesk.domain.reporting_periods import date_range
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService
from tests.conftest import init_store
from tests.reports.test_calendar import ICS_TERMS, calendar
from tests.reports.world import World

CSV_TERMS = b"""title,start,end
Autumn half term,2026-10-26,2026-10-30
Christmas holiday,21/12/2026,01/01/2027
INSET day,2027-01-04,
Sports day,2027-06-12,2027-06-12
"""


def test_planning_a_series_without_term_dates_warns(records: RecordService, world: World) -> None:
    cal = calendar(records)
    plan = cal.plan(world["S4"], "weekly", date_range("2026-10-12", "2026-12-31"), dry_run=True)
    assert plan.warnings and "term dates" in plan.warnings[0]
    assert "calendar terms import" in plan.warnings[0]
    assert date(2026, 10, 26) in plan.planned  # planned anyway: a warning, not a refusal


def test_with_term_dates_there_is_no_warning(records: RecordService, world: World) -> None:
    cal = calendar(records)
    cal.import_term_dates(ICS_TERMS)
    plan = cal.plan(world["S4"], "weekly", date_range("2026-10-12", "2026-12-31"), dry_run=True)
    assert plan.warnings == []
    assert date(2026, 10, 26) not in plan.planned


def test_term_dates_import_from_a_csv(records: RecordService, world: World) -> None:
    cal = calendar(records)
    imported = cal.import_term_dates(CSV_TERMS)
    assert [(c.start, c.end, c.label) for c in imported.closures] == [
        (date(2026, 10, 26), date(2026, 10, 30), "Autumn half term"),
        (date(2026, 12, 21), date(2027, 1, 1), "Christmas holiday"),
        (date(2027, 1, 4), date(2027, 1, 4), "INSET day"),
    ]
    assert imported.ignored == ["Sports day"]
    plan = cal.plan(world["S4"], "weekly", date_range("2026-10-12", "2026-11-09"), dry_run=True)
    assert date(2026, 10, 26) not in plan.planned and plan.warnings == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"title,start,end\nHalf term,2026-13-40,2026-10-30\n", "row 2"),
        (b"name,when\nHalf term,2026-10-26\n", "start"),
        (b"title,start,end\n", "no holiday"),
    ],
)
def test_a_bad_csv_is_refused_naming_the_row_or_column(
    data: bytes, message: str, records: RecordService, world: World
) -> None:
    with pytest.raises(ValidationError, match=message):
        calendar(records).import_term_dates(data)
    assert calendar(records).closures() == ()


def test_the_cli_imports_a_csv(cli, home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init_store(home)
    terms = tmp_path / "terms.csv"
    terms.write_bytes(CSV_TERMS)
    result = cli("calendar", "terms", "import", str(terms))
    assert result.code == 0, result.err
    assert result.out.strip() == "3"
    listed = cli("calendar", "terms", "list").out
    assert "2026-12-21  2027-01-01  Christmas holiday" in listed
