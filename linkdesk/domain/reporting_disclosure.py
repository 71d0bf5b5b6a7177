"""Small-number suppression for reports shared outside the team (architecture.md D7).

Every count under the threshold is shown as ``<N`` (cli-contract.md). A figure derived from a
withheld count (a share, a mean, a range) is withheld too and shown as ``*``. In a table with an
"All" row, a column with exactly one withheld group would let a reader subtract it out of the
total, so the next smallest count in that column is withheld as well (complementary
suppression). Chart points that rest on a small count are left out.
"""

from __future__ import annotations

from dataclasses import replace

from linkdesk.domain.reporting import Cell, Chart, Metric, Report, Section, Series, Table


def _small(cell: Cell, under: int) -> bool:
    if cell.kind == "count" and isinstance(cell.value, int):
        return cell.value < under
    return any(n < under for n in cell.basis)


def _withhold(cell: Cell, under: int) -> Cell:
    return replace(cell, withheld_under=under)


def _primary(cell: Cell, under: int) -> Cell:
    return _withhold(cell, under) if _small(cell, under) else cell


def _complementary(rows: list[list[Cell]], totals: set[int], column: int, under: int) -> None:
    """Withhold a second count where exactly one group's count is withheld beside a shown total."""
    groups = [n for n in range(len(rows)) if n not in totals]
    withheld = [n for n in groups if rows[n][column].withheld_under is not None]
    shown_total = any(rows[n][column].withheld_under is None for n in totals)
    if len(withheld) != 1 or not shown_total:
        return
    candidates = [n for n in groups if rows[n][column].withheld_under is None]
    if candidates:
        smallest = min(candidates, key=lambda n: (rows[n][column].value, n))
        rows[smallest][column] = _withhold(rows[smallest][column], under)


def suppress_table(table: Table, under: int) -> Table:
    rows = [[_primary(cell, under) for cell in row.cells] for row in table.rows]
    totals = {n for n, row in enumerate(table.rows) if row.total}
    if totals:
        for column, spec in enumerate(table.columns):
            if spec.kind == "count":
                _complementary(rows, totals, column, under)
    keys = [c.key for c in table.columns]
    for cells in rows:
        withheld = {keys[n] for n, cell in enumerate(cells) if cell.withheld_under is not None}
        for n, cell in enumerate(cells):
            if cell.withheld_under is None and withheld.intersection(cell.depends):
                cells[n] = _withhold(cell, under)
    new_rows = tuple(replace(row, cells=tuple(cells)) for row, cells in zip(table.rows, rows, strict=True))
    return replace(table, rows=new_rows)


def _series(series: Series, under: int) -> Series:
    if not series.basis:
        return series
    kept = tuple(None if n < under else value for value, n in zip(series.values, series.basis, strict=True))
    return replace(series, values=kept)


def suppress(report: Report, under: int) -> Report:
    """The report with every count under ``under``, and what rests on one, withheld."""
    if under <= 0:
        return report

    def metric(m: Metric) -> Metric:
        return replace(m, cell=_primary(m.cell, under))

    def chart(c: Chart) -> Chart:
        return replace(c, series=tuple(_series(s, under) for s in c.series))

    def section(s: Section) -> Section:
        return replace(
            s,
            metrics=tuple(metric(m) for m in s.metrics),
            tables=tuple(suppress_table(t, under) for t in s.tables),
            charts=tuple(chart(c) for c in s.charts),
        )

    sections = tuple(section(s) for s in report.sections)
    by_key = {m.key: m for s in sections for m in s.metrics}
    note = (
        f"Counts under {under} are shown as <{under}; figures that rest on one are shown as *, and where "
        "one group's count is withheld beside a total, the next smallest is withheld too."
    )
    return replace(
        report,
        sections=sections,
        headline=tuple(by_key.get(m.key, metric(m)) for m in report.headline),
        notes=(*report.notes, note),
        suppress_under=under,
    )
