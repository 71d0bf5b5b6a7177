"""An attacker who reads a shared service report and tries to work out its withheld counts.

Every count the report shows, published or withheld, is an unknown non-negative integer. Every
published number fixes its unknown. What the report's definitions (docs/reports.md) let a reader
know becomes a linear constraint: rows add up to their All row, a headline figure is its All row,
a breakdown adds up to what it breaks down, held visits are no more than planned ones, a published
share or mean pins its numerator within its rounding. This is written here from the definitions,
not taken from the code under test. The attacker is given every such relation that is exactly
true of the service behind the report (as if they had guessed right), which is stronger than a
reader could be sure of.

For every withheld count, an exact integer program (scipy's ``milp``, HiGHS) finds its smallest
and largest value consistent with all of that; a count whose smallest and largest are equal has
been disclosed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from linkdesk.domain.reporting import WITHHELD_MARK, Report, display

Key = tuple[str, str, str]  # table, row, column ("" table for a headline figure)

SUPPORTED = ("advice_school_manages", "watchful_waiting")
TAKEN_ON = ("assessment", "brief_intervention", "joint_work")
ELSEWHERE = ("referred_other_agency", "early_help")
#: Share columns of the by-group tables: (share, numerator, denominator).
SHARES = (
    ("outcomes", "taken_on_pct", "taken_on", "items_discussed"),
    ("outcomes", "referred_specialist_pct", "referred_specialist", "items_discussed"),
    ("caseload", "closed_without_specialist_input_pct", "closed_without_specialist_input", "closed_cases"),
    ("caseload", "consent_coverage_pct", "consent_to_share", "open_at_end"),
)


@dataclass
class Attack:
    truth: dict[Key, int] = field(default_factory=dict)
    published: dict[Key, int] = field(default_factory=dict)
    withheld: set[Key] = field(default_factory=set)
    #: Linear constraints: ({unknown: coefficient}, low, high).
    rows: list[tuple[dict[Key, float], float, float]] = field(default_factory=list)

    def unknown(self, key: Key) -> bool:
        return key in self.truth

    def equal(self, terms: dict[Key, float]) -> None:
        """A relation the attacker may assume: only if it is true of the real service."""
        if all(k in self.truth for k in terms) and sum(c * self.truth[k] for k, c in terms.items()) == 0:
            self.rows.append((terms, 0.0, 0.0))

    def at_most(self, parts: list[Key], whole: Key) -> None:
        if whole in self.truth and all(p in self.truth for p in parts):
            self.rows.append(({**{p: 1.0 for p in parts}, whole: -1.0}, -np.inf, 0.0))


def _shown(report: Report, truth_report: Report) -> Iterator[tuple[Key, str, int]]:
    """Each count the shared report shows (display) with its true value (from the same report
    made without suppression), by key."""
    truth = {m.key: m.cell for m in truth_report.metrics()}
    for metric in report.metrics():
        cell = truth[metric.key]
        if cell.kind == "count" and isinstance(cell.value, int):
            yield ("", "", metric.key), display(metric.cell), cell.value
    true_cells = {
        (t.key, r.key, c.key): cell
        for t in truth_report.tables()
        for r in t.rows
        for c, cell in zip(t.columns, r.cells, strict=True)
    }
    for table in report.tables():
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                true_cell = true_cells[(table.key, row.key, column.key)]
                if true_cell.kind == "count" and isinstance(true_cell.value, int):
                    yield (table.key, row.key, column.key), display(cell), true_cell.value


def attack(shared: Report, truth_report: Report) -> Attack:
    a = Attack()
    for key, shown, value in _shown(shared, truth_report):
        a.truth[key] = value
        if shown in (WITHHELD_MARK, "*") or shown.startswith("<"):  # "<N" and "*": older markers
            a.withheld.add(key)
        else:
            assert shown.replace(",", "") == str(value), (key, shown, value)
            a.published[key] = value
    tables = {t.key: t for t in shared.tables()}
    for table in shared.tables():  # rows add up to the All row
        totals = [r for r in table.rows if r.total]
        for total in totals:
            for column in table.columns:
                parts = {(table.key, r.key, column.key): 1.0 for r in table.rows if not r.total}
                a.equal({**parts, (table.key, total.key, column.key): -1.0})
    for key in [k for k in a.truth if k[0] == ""]:  # a headline figure is its All row
        for table in shared.tables():
            a.equal({key: 1.0, (table.key, "all", key[2]): -1.0})
    groups = [r.key for r in tables["activity"].rows]
    for g in groups:
        act, out, case = ("activity", g), ("outcomes", g), ("caseload", g)
        a.equal({(*act, "items_discussed"): 1.0, (*out, "items_discussed"): -1.0})
        a.at_most([(*act, "visits_held"), (*act, "visits_cancelled")], (*act, "visits_planned"))
        a.at_most([(*act, "case_discussions")], (*act, "visits_held"))
        a.at_most([(*act, "cyp_seen")], (*act, "cyp_discussed"))
        a.at_most([(*act, "cyp_discussed")], (*act, "items_discussed"))
        a.at_most(
            [(*out, k) for k in ("taken_on", "referred_specialist", "referred_elsewhere")],
            (*out, "items_discussed"),
        )
        a.at_most([(*out, "waits_completed"), (*out, "still_waiting")], (*out, "referrals_sent"))
        a.at_most([(*case, "closed_without_specialist_input")], (*case, "closed_cases"))
        a.at_most([(*case, "consent_to_share")], (*case, "open_at_end"))
    _cross_tables(a, tables)
    _shares(a, shared)
    return a


def _mix(code: str) -> Key:
    return ("outcome_mix", code, "count")


def _cross_tables(a: Attack, tables: dict[str, object]) -> None:
    items = ("outcomes", "all", "items_discussed")
    a.equal({_mix("all"): 1.0, items: -1.0})
    a.equal({("funnel", "consultations", "count"): 1.0, items: -1.0})
    for code in ("assessment", "referred_specialist"):
        step = ("funnel", code, "count")
        if a.unknown(_mix(code)):
            a.equal({step: 1.0, _mix(code): -1.0})
        elif a.unknown(step):
            a.equal({step: 1.0})  # no such outcome: the step is 0
    for codes, whole in (
        (SUPPORTED, ("funnel", "supported_by_school", "count")),
        (TAKEN_ON, ("outcomes", "all", "taken_on")),
        (ELSEWHERE, ("outcomes", "all", "referred_elsewhere")),
        (("referred_specialist",), ("outcomes", "all", "referred_specialist")),
    ):
        a.equal({**{_mix(c): 1.0 for c in codes if a.unknown(_mix(c))}, whole: -1.0})
    a.equal({("closure_reasons", "all", "count"): 1.0, ("caseload", "all", "closed_cases"): -1.0})
    cwsi = ("closure_reasons", "closed_without_specialist_input", "count")
    a.equal({cwsi: 1.0, ("caseload", "all", "closed_without_specialist_input"): -1.0})
    equity = ("equity_setting", "all", "count")
    a.equal({equity: 1.0, ("equity_ethnicity", "all", "count"): -1.0})
    a.equal({equity: 1.0, ("equity_flags", "cyp", "count"): -1.0})
    a.at_most([equity], ("activity", "all", "cyp_discussed"))
    months = [r.key for r in getattr(tables.get("waits_by_month"), "rows", ())]
    for column in ("referrals_sent", "waits_completed", "still_waiting"):
        a.equal({**{("waits_by_month", m, column): 1.0 for m in months}, ("outcomes", "all", column): -1.0})
    for m in months:
        w = ("waits_by_month", m)
        a.at_most([(*w, "waits_completed"), (*w, "still_waiting")], (*w, "referrals_sent"))
    a.at_most([("funnel", "specialist_referrals_sent", "count")], ("outcomes", "all", "referrals_sent"))


def _shares(a: Attack, report: Report) -> None:
    """A published share pins its numerator to within the rounding of one decimal place."""
    for table in report.tables():
        index = {c.key: n for n, c in enumerate(table.columns)}
        pairs = [(s, n, d) for t, s, n, d in SHARES if t == table.key]
        if "share" in index and "count" in index:
            whole_row = next(
                (r.key for r in table.rows if r.total or r.key in ("consultations", "cyp")), None
            )
            pairs += [("share", "count", None)] if whole_row else []
        for row in table.rows:
            for share, num, den in pairs:
                shown = display(row.cells[index[share]])
                if shown in (WITHHELD_MARK, "n/a", ""):
                    continue
                p = float(shown.rstrip("%")) / 100
                n_key = (table.key, row.key, num)
                d_key = (table.key, row.key, den) if den else (table.key, str(whole_row), "count")
                if n_key in a.truth and d_key in a.truth and n_key != d_key:
                    a.rows.append(({n_key: 1.0, d_key: -(p - 0.0005)}, 0.0, np.inf))
                    a.rows.append(({n_key: 1.0, d_key: -(p + 0.0005)}, -np.inf, 0.0))


def feasible_range(a: Attack, key: Key) -> tuple[int, int]:
    """The smallest and largest value of ``key`` that fits everything the attacker knows."""
    keys = sorted(a.truth)
    at = {k: n for n, k in enumerate(keys)}
    low = np.array([a.published.get(k, 0) for k in keys], dtype=float)
    high = np.array([a.published.get(k, 10**6) for k in keys], dtype=float)
    matrix = np.zeros((len(a.rows), len(keys)))
    lows, highs = np.zeros(len(a.rows)), np.zeros(len(a.rows))
    for n, (terms, lo, hi) in enumerate(a.rows):
        for k, c in terms.items():
            matrix[n, at[k]] += c
        lows[n], highs[n] = lo, hi
    found = []
    for sign in (1.0, -1.0):
        objective = np.zeros(len(keys))
        objective[at[key]] = sign
        result = milp(
            objective,
            integrality=np.ones(len(keys)),
            bounds=Bounds(low, high),
            constraints=[LinearConstraint(matrix, lows, highs)] if a.rows else [],
        )
        assert result.success, result.message
        found.append(round(result.x[at[key]]))
    return found[0], found[1]
