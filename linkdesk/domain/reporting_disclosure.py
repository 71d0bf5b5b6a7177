"""Disclosure control for reports shared outside the team (architecture.md D7, cli-contract.md).

``suppress(report, n)`` withholds every count from 1 to n-1 (primary suppression), then every
count that would let one be worked out from the report's other figures (secondary suppression,
``reporting_sdc``), then every figure derived from a withheld count (a share, a mean, a median,
a contact-frequency band) and every figure that is one child's own value (the longest wait).
Every withheld figure shows the same marker, ``[c]``, whatever the reason, so a reader cannot
tell a small count from its complement. Tables that list children one per row are left out;
chart points that rest on a withheld count are left out.
"""

from __future__ import annotations

from dataclasses import replace

from linkdesk.domain.reporting import (
    WITHHELD_MARK,
    Cell,
    Metric,
    Ref,
    Report,
    Section,
    Series,
    Table,
    metric_ref,
)
from linkdesk.domain.reporting_sdc import withheld_refs

METHOD = (
    "primary suppression of every count from 1 to {last}, then secondary suppression so that no "
    "withheld count can be worked out from the published totals, rows, columns or other tables "
    "(as in NHS England's and the ONS's disclosure control guidance for health statistics)"
)


def _small(cell: Cell, under: int) -> bool:
    return any(1 <= n < under for n in cell.basis)


def _withheld(cell: Cell, under: int) -> Cell:
    return cell if cell.withheld_under is not None else replace(cell, withheld_under=under)


class _Pass:
    """One suppression of one report: which counts are withheld, and what follows from them."""

    def __init__(self, report: Report, under: int) -> None:
        self.report = report
        self.under = under
        self.counts = withheld_refs(report, under)
        self.derived: set[Ref] = set()
        keys = {m.key for m in report.metrics()}
        self.all_rows: dict[str, list[Ref]] = {}
        for table in report.tables():
            for row in table.rows:
                if row.total:
                    for column in table.columns:
                        self.all_rows.setdefault(column.key, []).append((table.key, row.key, column.key))
        self.metric_keys = keys

    def _hidden(self, ref: Ref) -> bool:
        return ref in self.counts or ref in self.derived

    def _resolve(self, table: Table | None, row_key: str, key: str) -> list[Ref]:
        """Where a ``depends`` key points: a column of the same row, or for a metric the metric
        of that key and the All rows of that column."""
        if table is not None:
            return [(table.key, row_key, key)]
        found = self.all_rows.get(key, [])
        return [metric_ref(key), *found] if key in self.metric_keys else list(found)

    def _derived_hidden(self, cell: Cell, table: Table | None, row_key: str) -> bool:
        if cell.individual or _small(cell, self.under):
            return True
        refs = [ref for key in cell.depends for ref in self._resolve(table, row_key, key)]
        return any(self._hidden(ref) for ref in (*refs, *cell.rests_on))

    def settle(self) -> None:
        """Mark derived figures, until nothing changes (a metric and its All row go together)."""
        changed = True
        while changed:
            changed = False
            for metric in self.report.metrics():
                ref = metric_ref(metric.key)
                if ref in self.counts or ref in self.derived or metric.cell.kind in ("hours", "minutes"):
                    continue
                twins = self.all_rows.get(metric.key, [])
                if (metric.cell.derived or metric.cell.individual) and (
                    self._derived_hidden(metric.cell, None, "") or any(self._hidden(t) for t in twins)
                ):
                    self.derived.add(ref)
                    self.derived.update(twins)
                    changed = True
            for table in self.report.tables():
                for row in table.rows:
                    for column, cell in zip(table.columns, row.cells, strict=True):
                        ref = (table.key, row.key, column.key)
                        if ref in self.derived or not (cell.derived or cell.individual):
                            continue
                        if self._derived_hidden(cell, table, row.key):
                            self.derived.add(ref)
                            changed = True

    def cell(self, cell: Cell, ref: Ref) -> Cell:
        return _withheld(cell, self.under) if self._hidden(ref) else cell

    def table(self, table: Table) -> Table:
        rows = tuple(
            replace(
                row,
                cells=tuple(
                    self.cell(cell, (table.key, row.key, column.key))
                    for column, cell in zip(table.columns, row.cells, strict=True)
                ),
            )
            for row in table.rows
        )
        return replace(table, rows=rows)

    def series(self, series: Series) -> Series:
        hidden = [
            (n < self.under and n != 0) or (k < len(series.cells) and self._hidden(series.cells[k]))
            for k, n in enumerate(series.basis)
        ]
        if not any(hidden):
            return series
        counts = not series.cells and all(v == n for v, n in zip(series.values, series.basis, strict=True))
        if counts:  # a chart of counts adds up to a published figure: show none of it
            return replace(series, values=tuple(None for _ in series.values))
        return replace(
            series, values=tuple(None if h else v for v, h in zip(series.values, hidden, strict=True))
        )

    def section(self, section: Section) -> Section:
        return replace(
            section,
            metrics=tuple(replace(m, cell=self.cell(m.cell, metric_ref(m.key))) for m in section.metrics),
            tables=tuple(self.table(t) for t in section.tables if not t.individual),
            charts=tuple(replace(c, series=tuple(self.series(s) for s in c.series)) for c in section.charts),
        )


def suppress(report: Report, under: int) -> Report:
    """The report as it may be shared: see the module's description."""
    if under <= 0:
        return report
    done = _Pass(report, under)
    done.settle()
    sections = tuple(done.section(s) for s in report.sections)
    by_key = {m.key: m for s in sections for m in s.metrics}

    def headline(m: Metric) -> Metric:
        return by_key.get(m.key) or replace(m, cell=done.cell(m.cell, metric_ref(m.key)))

    dropped = [t.title for s in report.sections for t in s.tables if t.individual]
    notes = [
        f"{WITHHELD_MARK} marks a figure withheld to protect the privacy of children and families: "
        f"{METHOD.format(last=under - 1)}. Shares, means and medians that rest on a withheld count "
        f"are withheld with it. {WITHHELD_MARK} does not say which figures are small."
    ]
    if dropped:
        notes.append(
            "Lists of individual children are left out of a shared report: " + ", ".join(dropped) + "."
        )
    return replace(
        report,
        sections=sections,
        headline=tuple(headline(m) for m in report.headline),
        notes=(*report.notes, *notes),
        suppress_under=under,
    )
