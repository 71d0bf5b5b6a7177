"""Which counts of a shared report are withheld: primary and secondary cell suppression.

The method is the one NHS England (NHS Digital) and the ONS describe for tables of health
statistics (docs/reports.md, "Sharing"): every count from 1 to N-1 is withheld (primary
suppression); then further counts are withheld until no withheld count can be worked out from
what is published, through any total, row, column or other table of the same report
(secondary suppression). Whether a count can be worked out is decided as in secondary suppression
by Gaussian elimination (Statistics Norway's GaussSuppression): the report's counts are the
variables of a set of linear relations (rows add up to their All row; the same count shown in two
places; a breakdown adds up to the total it breaks down; held visits are no more than planned
ones...). A withheld count is safe when the report, with every published count fixed, also fits
another value of it: this module finds such an alternative for each withheld count explicitly, an
integer, non-negative solution of every relation that holds in the report, moving only withheld
counts. Where none is found, the smallest published count that shares a relation with it is
withheld too, and the search runs again.

Only relations that hold in the report's own figures are used, so declaring one too many is
harmless (a reader could guess it); declaring one too few is what the attacker test in
``tests/reports/test_disclosure_attacker.py`` looks for.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from linkdesk.domain.reporting import Ref, Relation, Report, Table, metric_ref, same, total_of


@dataclass
class Model:
    """The report's counts as variables, and the relations between them that hold."""

    values: list[int] = field(default_factory=list)
    refs: dict[Ref, int] = field(default_factory=dict)
    equalities: list[dict[int, int]] = field(default_factory=list)
    inequalities: list[dict[int, int]] = field(default_factory=list)
    #: Variables shown as a total (an All row or a headline figure): withheld last.
    totals: set[int] = field(default_factory=set)

    def refs_of(self, variables: set[int]) -> set[Ref]:
        return {ref for ref, var in self.refs.items() if var in variables}


def count_cells(report: Report) -> Iterator[tuple[Ref, int, bool]]:
    """Every count the report shows, where it is, and whether it is shown as a total."""
    for metric in report.metrics():
        cell = metric.cell
        if cell.kind == "count" and isinstance(cell.value, int):
            yield metric_ref(metric.key), cell.value, True
    for table in report.tables():
        if table.individual:
            continue
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                if cell.kind == "count" and isinstance(cell.value, int):
                    yield (table.key, row.key, column.key), cell.value, row.total


def _table_relations(table: Table) -> Iterator[Relation]:
    """A table with an All row: each count column's rows add up to it."""
    totals = [row for row in table.rows if row.total]
    if len(totals) != 1:
        return
    for column in table.columns:
        if column.kind == "count":
            parts = tuple((table.key, row.key, column.key) for row in table.rows if not row.total)
            yield total_of(parts, (table.key, totals[0].key, column.key))


def _shown_twice(report: Report) -> Iterator[Relation]:
    """A headline or overview figure is the All row of the column with its key."""
    keys = {m.key for m in report.metrics()}
    for table in report.tables():
        for row in table.rows:
            if row.total:
                for column in table.columns:
                    if column.key in keys:
                        yield same(metric_ref(column.key), (table.key, row.key, column.key))


def build_model(report: Report) -> Model:
    model = Model()
    values: dict[Ref, int] = {}
    for ref, value, total in count_cells(report):
        values[ref] = value
        model.refs[ref] = len(model.values)
        model.values.append(value)
        if total:
            model.totals.add(model.refs[ref])
    relations = [*_shown_twice(report), *report.relations]
    for table in report.tables():
        relations += _table_relations(table)
    parent = list(range(len(model.values)))

    def find(var: int) -> int:
        while parent[var] != var:
            parent[var] = parent[parent[var]]
            var = parent[var]
        return var

    kept: list[Relation] = []
    for relation in relations:
        if not _holds(relation, values):
            continue
        terms = [(ref, coef) for ref, coef in relation.terms if ref in values]
        if relation.kind == "eq" and len(terms) == 2 and terms[0][1] == -terms[1][1]:
            a, b = find(model.refs[terms[0][0]]), find(model.refs[terms[1][0]])
            parent[max(a, b)] = min(a, b)  # one count shown in two places: one variable
        else:
            kept.append(relation)
    model.refs = {ref: find(var) for ref, var in model.refs.items()}
    model.totals = {find(var) for var in model.totals}
    for relation in kept:
        row: dict[int, int] = defaultdict(int)
        for ref, coef in relation.terms:
            if ref in model.refs:
                row[model.refs[ref]] += coef
        row = {var: coef for var, coef in row.items() if coef}
        if row:
            (model.equalities if relation.kind == "eq" else model.inequalities).append(row)
    return model


def _holds(relation: Relation, values: dict[Ref, int]) -> bool:
    """Whether the relation holds in the report's figures (a ref the report lacks counts as 0)."""
    total = sum(coef * values.get(ref, 0) for ref, coef in relation.terms)
    return total == 0 if relation.kind == "eq" else total <= 0


def primary(model: Model, under: int) -> set[int]:
    """Every count from 1 to ``under`` - 1."""
    return {var for var in set(model.refs.values()) if 1 <= model.values[var] < under}


def secondary(model: Model, withheld: set[int]) -> set[int]:
    """``withheld`` and as many more as it takes for each to have another possible value."""
    withheld = set(withheld)
    by_var: dict[int, list[int]] = defaultdict(list)
    for n, row in enumerate(model.inequalities):
        for var in row:
            by_var[var].append(n)
    settled: set[frozenset[int]] = set()  # safe, or with nothing left beside it to withhold
    while True:
        for component in _components(model, withheld):
            if component in settled:
                continue
            exposed = _exposed(model, by_var, component)
            complement = None if exposed is None else _complement(model, withheld, component, exposed)
            if complement is None:
                settled.add(component)
                continue
            withheld.add(complement)
            break
        else:
            return withheld


def _components(model: Model, withheld: set[int]) -> list[frozenset[int]]:
    """Withheld variables linked by a relation (moving one may mean moving the others)."""
    parent = {var: var for var in withheld}

    def find(var: int) -> int:
        while parent[var] != var:
            parent[var] = parent[parent[var]]
            var = parent[var]
        return var

    for row in (*model.equalities, *model.inequalities):
        inside = [var for var in row if var in withheld]
        for var in inside[1:]:
            parent[find(var)] = find(inside[0])
    groups: dict[int, set[int]] = defaultdict(set)
    for var in withheld:
        groups[find(var)].add(var)
    return sorted((frozenset(g) for g in groups.values()), key=min)


def _kernel(model: Model, component: frozenset[int]) -> list[dict[int, int]]:
    """Integer directions that move only the component's variables and keep every equality."""
    order = sorted(component)
    rows = [
        [Fraction(row.get(var, 0)) for var in order]
        for row in model.equalities
        if any(var in component for var in row)
    ]
    pivots: list[int] = []
    r = 0
    for c in range(len(order)):
        pick = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pick is None:
            continue
        rows[r], rows[pick] = rows[pick], rows[r]
        lead = rows[r][c]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(rows):
            break
    directions = []
    for free in (c for c in range(len(order)) if c not in pivots):
        vector = {free: Fraction(1)}
        for i, p in enumerate(pivots):
            if rows[i][free] != 0:
                vector[p] = -rows[i][free]
        scale = math.lcm(*(x.denominator for x in vector.values()))
        directions.append({order[c]: int(x * scale) for c, x in vector.items()})
    return directions


def _violated(model: Model, by_var: dict[int, list[int]], direction: dict[int, int]) -> set[int]:
    """The variables of every constraint that ``direction`` breaks (empty: the move fits)."""
    values = model.values
    bad = {var for var, step in direction.items() if values[var] + step < 0}
    for n in {n for var in direction for n in by_var.get(var, ())}:
        row = model.inequalities[n]
        if sum(coef * (values[var] + direction.get(var, 0)) for var, coef in row.items()) > 0:
            bad.update(row)
    return bad


def _exposed(model: Model, by_var: dict[int, list[int]], component: frozenset[int]) -> int | None:
    """A variable of the component for which no other possible value was found, or None.

    Each direction that moves it is tried both ways; one that breaks an inequality (or takes a
    count below 0) is tried again together with each direction that moves a count of the broken
    constraint, which is how "one more held visit" finds "and one more planned visit"."""
    basis = _kernel(model, component)
    both = [*basis, *({k: -x for k, x in d.items()} for d in basis)]
    for var in sorted(component):
        if not any(_moves(model, by_var, both, d, var) for d in both if d.get(var)):
            return var
    return None


def _moves(
    model: Model, by_var: dict[int, list[int]], both: list[dict[int, int]], d: dict[int, int], var: int
) -> bool:
    bad = _violated(model, by_var, d)
    if not bad:
        return True
    for other in both:
        if other is d or not bad & other.keys():
            continue
        combined = dict(d)
        for k, x in other.items():
            combined[k] = combined.get(k, 0) + x
        combined = {k: x for k, x in combined.items() if x}
        if combined.get(var) and not _violated(model, by_var, combined):
            return True
    return False


def _complement(model: Model, withheld: set[int], component: frozenset[int], exposed: int) -> int | None:
    """The published count to withhold next: one that shares a relation with ``exposed`` (else
    with its component), preferring a non-zero count that is not a total, the smallest first."""
    rows = [*model.equalities, *model.inequalities]
    near = {var for row in rows if exposed in row for var in row} - withheld
    if not near:
        near = {var for row in rows if component & row.keys() for var in row} - withheld
    if not near:
        return None
    return min(near, key=lambda var: (model.values[var] == 0, var in model.totals, model.values[var], var))


def withheld_refs(report: Report, under: int) -> set[Ref]:
    """Where the counts to withhold are, in a report shared with threshold ``under``."""
    model = build_model(report)
    return model.refs_of(secondary(model, primary(model, under)))
