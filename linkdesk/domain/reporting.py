"""The shape of a report: figures, tables and charts, built by pure functions from records.

A report builder (``reporting_weekly``, ``reporting_service``) turns records into a
:class:`Report`; a renderer (``linkdesk.reports``) turns a Report into PDF, CSV or XLSX without
knowing what any figure means. Every figure is a :class:`Cell` that carries its kind (a count, a
share, hours...) so that each format can show it properly and so that small-number suppression
(``reporting_disclosure``) can find every count and every figure derived from one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Kind = Literal["count", "percent", "hours", "minutes", "days", "number", "text", "date"]
Plain = int | float | str
#: Where a figure is in a report: (table key, row key, column key); a metric is ("", "", key).
Ref = tuple[str, str, str]


def metric_ref(key: str) -> Ref:
    return ("", "", key)


#: Shown in place of every withheld figure, whatever the reason it was withheld (cli-contract.md).
WITHHELD_MARK = "[c]"
#: Shown where a figure cannot be computed (nothing to divide by, nothing recorded).
NOT_AVAILABLE = "n/a"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Cell:
    """One figure. ``value`` None means "not available" (for example a share of nothing).

    A percent holds a fraction (0.25 is shown as 25.0%). ``basis`` lists the counts a derived
    figure (a share, a mean) rests on, and ``depends`` the keys of the columns in the same table
    row that hold them: when any of them is withheld, so is this figure.
    """

    value: int | float | str | None
    kind: Kind = "text"
    basis: tuple[int, ...] = ()
    depends: tuple[str, ...] = ()
    #: Set by suppression: the threshold under which this figure was withheld.
    withheld_under: int | None = None
    #: Counts elsewhere in the report (another row or table) that this figure also rests on.
    rests_on: tuple[Ref, ...] = ()
    #: One child's own value (the longest wait): never in a shared report.
    individual: bool = False

    @property
    def derived(self) -> bool:
        return self.kind != "count" and bool(self.basis or self.depends or self.rests_on)


def count(n: int) -> Cell:
    return Cell(n, "count")


def text(value: str | None) -> Cell:
    return Cell(value, "text")


def share(part: int, whole: int, *, depends: tuple[str, ...] = (), rests_on: tuple[Ref, ...] = ()) -> Cell:
    """``part`` of ``whole`` as a fraction; not available when ``whole`` is 0."""
    return Cell(part / whole if whole else None, "percent", (part, whole), depends, rests_on=rests_on)


def ratio(numerator: float, denominator: float, kind: Kind = "number", basis: tuple[int, ...] = ()) -> Cell:
    return Cell(numerator / denominator if denominator else None, kind, basis)


def minutes_cell(minutes: int) -> Cell:
    return Cell(minutes, "minutes")


def hours_cell(minutes: float | None) -> Cell:
    """Minutes shown as hours."""
    return Cell(None if minutes is None else minutes / 60, "hours")


def days_cell(days: float | None, basis: tuple[int, ...] = (), depends: tuple[str, ...] = ()) -> Cell:
    return Cell(days, "days", basis, depends)


def not_recorded(what: str = "not recorded yet") -> Cell:
    return Cell(what, "text")


@dataclass(frozen=True)
class Metric:
    """A named figure: ``key`` is its stable name in CSV output, ``definition`` says how it is counted."""

    key: str
    label: str
    cell: Cell
    definition: str = ""
    #: False for a figure that a table of the same section already shows (it stays in the CSV).
    shown: bool = True


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = "count"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]
    #: The "all" row of a grouped table: its counts are the sums of the rows above.
    total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    label_header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""
    #: Part of the long-form CSV of a grouped report (lists of visits or actions are not).
    long_form: bool = True
    #: One row per child (referrals waiting, consents expiring): left out of a shared report.
    individual: bool = False

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    #: For each value, the count it rests on (0 where it rests on none): used by suppression.
    basis: tuple[int, ...] = ()
    #: For each value, the table cell holding that count, when the report has one.
    cells: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: Literal["bar", "line"]
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    note: str = ""


@dataclass(frozen=True)
class Relation:
    """What a reader can work out between counts of one report: ``sum(coef * value) == 0``
    (``kind`` "eq") or ``<= 0`` ("le"). Builders declare them; disclosure control uses those that
    hold, so that no withheld count can be worked out from the published ones."""

    terms: tuple[tuple[Ref, int], ...]
    kind: Literal["eq", "le"] = "eq"


def same(a: Ref, b: Ref) -> Relation:
    """Two places that show the same count."""
    return Relation(((a, 1), (b, -1)))


def total_of(parts: tuple[Ref, ...], whole: Ref) -> Relation:
    return Relation((*((p, 1) for p in parts), (whole, -1)))


def at_most(parts: tuple[Ref, ...], whole: Ref) -> Relation:
    """The parts add up to no more than the whole (held and cancelled visits of those planned)."""
    return Relation((*((p, 1) for p in parts), (whole, -1)), "le")


@dataclass(frozen=True)
class Section:
    title: str
    intro: str = ""
    metrics: tuple[Metric, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    #: How many of the tables come before the charts when printed.
    charts_after: int = 0


@dataclass(frozen=True)
class Report:
    kind: Literal["weekly", "service"]
    title: str
    #: Label and value pairs printed under the title: period, scope, when it was made.
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    #: The key figures shown first, as large numbers (metrics that also appear in a section).
    headline: tuple[Metric, ...] = ()
    notes: tuple[str, ...] = ()
    #: A service report's tables are by group (school, worker...): its CSV has a group column.
    grouped: bool = False
    marking: str = "OFFICIAL-SENSITIVE"
    suppress_under: int | None = None
    pseudonymised: bool = False
    #: Relations between the report's counts that are not "rows add up to the All row".
    relations: tuple[Relation, ...] = ()

    def metrics(self) -> Iterator[Metric]:
        seen: set[str] = set()
        for section in self.sections:
            for metric in section.metrics:
                if metric.key not in seen:
                    seen.add(metric.key)
                    yield metric

    def metric(self, key: str) -> Metric:
        return next(m for m in self.metrics() if m.key == key)

    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            yield from section.tables

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)

    def charts(self) -> Iterator[Chart]:
        for section in self.sections:
            yield from section.charts


# -- how a figure reads --------------------------------------------------------------------------


def half_up(value: float, places: int = 1) -> float:
    """Rounded half away from zero (42.25 -> 42.3), as people round, not half to even."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def _number(value: float, places: int) -> str:
    text_value = f"{half_up(value, places):,.{places}f}"
    return text_value.rstrip("0").rstrip(".") if places and "." in text_value else text_value


def display(cell: Cell, column_kind: Kind = "text") -> str:
    """A figure as a person reads it (PDF, screen); a date in a date column as "18 Sep 2026"
    (spreadsheets and CSV keep the ISO date, see ``plain``)."""
    if cell.withheld_under is not None:
        return WITHHELD_MARK
    value = cell.value
    if value is None or isinstance(value, str):
        return _shown_text(value, cell.kind, column_kind)
    if cell.kind == "percent":
        return f"{half_up(value * 100):.1f}%"
    if cell.kind == "hours":
        return f"{half_up(value):,.1f}"
    if cell.kind in ("count", "minutes"):
        return f"{round(value):,}"
    return _number(float(value), 1)


def _shown_text(value: str | None, kind: Kind, column_kind: Kind) -> str:
    if value and "date" in (kind, column_kind) and _ISO_DAY.fullmatch(value):
        day = date.fromisoformat(value)
        return f"{day.day} {day:%b %Y}"
    return value or (NOT_AVAILABLE if kind not in ("text", "date") else "")


def plain(cell: Cell) -> Plain:
    """A figure for a spreadsheet or CSV: a number where there is one, else its text.

    Percentages become numbers of percent (25.0); figures not available become "".
    """
    if cell.withheld_under is not None:
        return display(cell)
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if cell.kind == "percent":
        return half_up(value * 100)
    if cell.kind in ("count", "minutes") or float(value).is_integer():
        return round(value)
    return half_up(float(value))


def long_form(report: Report) -> tuple[tuple[str, ...], list[tuple[Plain, ...]]]:
    """The report as a long table: ``metric,value`` for a weekly summary; a service report adds
    the table and group of each figure (``table,group,metric,value``)."""
    if not report.grouped:
        return ("metric", "value"), [(m.key, plain(m.cell)) for m in report.metrics()]
    rows: list[tuple[Plain, ...]] = [("summary", "all", m.key, plain(m.cell)) for m in report.metrics()]
    for table in report.tables():
        if not table.long_form:
            continue
        for row in table.rows:
            rows.extend(
                (table.key, row.label, column.key, plain(cell))
                for column, cell in zip(table.columns, row.cells, strict=True)
            )
    return ("table", "group", "metric", "value"), rows
