"""Small-number suppression on its own, and the periods a report can cover."""

from __future__ import annotations

from datetime import date

import pytest

from linkdesk.domain.reporting import (
    Cell,
    Chart,
    Column,
    Report,
    Row,
    Section,
    Series,
    Table,
    count,
    display,
    share,
)
from linkdesk.domain.reporting_disclosure import suppress
from linkdesk.domain.reporting_periods import date_range, iso_week, named_period, week_of
from linkdesk.errors import ValidationError


def grouped(*rows: tuple[str, int, int]) -> Table:
    """Groups with a count and a share of a second count, and an All row of the sums."""
    cells = [Row(name, name, (count(a), count(b), share(a, b, depends=("a", "b")))) for name, a, b in rows]
    total_a, total_b = sum(r[1] for r in rows), sum(r[2] for r in rows)
    cells.append(
        Row(
            "all",
            "All",
            (count(total_a), count(total_b), share(total_a, total_b, depends=("a", "b"))),
            total=True,
        )
    )
    return Table(
        "t", "T", "Group", (Column("a", "A"), Column("b", "B"), Column("pct", "%", "percent")), tuple(cells)
    )


def suppress_table(table: Table, under: int) -> Table:
    report = Report("service", "R", (), (Section("S", tables=(table,)),), grouped=True)
    return next(suppress(report, under).tables())


def shown(table: Table) -> dict[str, list[str]]:
    return {row.label: [display(c) for c in row.cells] for row in table.rows}


def test_one_withheld_group_beside_a_total_withholds_another() -> None:
    table = suppress_table(grouped(("X", 4, 40), ("Y", 12, 30), ("Z", 15, 50)), 10)
    assert shown(table) == {
        "X": ["[c]", "40", "[c]"],  # 4 is small; its share rests on it
        "Y": ["[c]", "30", "[c]"],  # withheld too, or X = 31 - 12 - 15 would give it away
        "Z": ["15", "50", "30.0%"],
        "All": ["31", "120", "25.8%"],
    }


def test_no_second_withholding_when_two_are_already_withheld_or_the_total_is() -> None:
    assert shown(suppress_table(grouped(("X", 4, 40), ("Y", 3, 30), ("Z", 15, 50)), 10))["Z"][0] == "15"
    assert shown(suppress_table(grouped(("X", 4, 40), ("Y", 3, 30)), 10))["All"][0] == "[c]"


def test_counts_from_1_to_n_minus_1_and_what_rests_on_them() -> None:
    report = Report(
        "service",
        "R",
        (),
        (
            Section(
                "S",
                metrics=(),
                charts=(Chart("c", "C", "line", ("a", "b"), (Series("Mean", (3.0, 9.0), (2, 12)),), "days"),),
            ),
        ),
    )
    out = suppress(report, 10)
    assert next(out.charts()).series[0].values == (None, 9.0)
    assert display(Cell(7, "count", withheld_under=10)) == "[c]"
    assert display(Cell(0.5, "percent", withheld_under=10)) == "[c]"
    assert shown(suppress_table(grouped(("X", 0, 40), ("Y", 12, 30)), 10))["X"] == ["0", "40", "0.0%"]
    assert suppress(report, 0) is report


def test_iso_weeks() -> None:
    week = iso_week("2026-W47")
    assert (week.start, week.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert iso_week("2026-W53").start == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    assert iso_week("2027-W01").start == date(2027, 1, 4)
    assert week_of(date(2026, 11, 22)) == week
    for bad in ("2027-W53", "2026-W00", "2026-47", "2026W47", "next week", ""):
        with pytest.raises(ValidationError, match="week"):
            iso_week(bad)


def test_named_periods() -> None:
    def span(name: str) -> tuple[date, date]:
        period = named_period(name)
        return period.start, period.end

    assert span("2026/27") == (date(2026, 9, 1), date(2027, 8, 31))
    assert span("FY2026/27") == (date(2026, 4, 1), date(2027, 3, 31))
    assert span("autumn-2026") == (date(2026, 9, 1), date(2026, 12, 31))
    assert span("spring-2027") == (date(2027, 1, 1), date(2027, 3, 31))
    assert span("summer-2027") == (date(2027, 4, 1), date(2027, 8, 31))
    assert span("2027-02") == (date(2027, 2, 1), date(2027, 2, 28))
    assert span("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert span("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    for bad in ("2026/28", "FY2026", "winter-2026", "2026-13", "last term"):
        with pytest.raises(ValidationError, match="period"):
            named_period(bad)


def test_date_ranges() -> None:
    assert date_range("2026-11-22", "2026-11-22").days == 1
    with pytest.raises(ValidationError, match="to: 2026-11-01 is before"):
        date_range("2026-11-22", "2026-11-01")
    with pytest.raises(ValidationError, match="from"):
        date_range("22/11/2026", "2026-11-30")
