"""Outcome measures in reports: which results pair up, what is due, and change between pairs.

A *series* is one CYP's results on one measure from one informant. Its baseline is the first
result marked ``baseline`` (else the first result); its follow-up is the latest result dated after
the baseline. A pair is a series with both. Results entered in error are left out.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.domain.records import Record

#: A baseline with no follow-up this long after it means a review is due (Area R: 6 weeks).
REVIEW_AFTER_DAYS = 42
IMPROVEMENT, DETERIORATION, NO_CHANGE = "reliable improvement", "reliable deterioration", "no reliable change"


@dataclass(frozen=True)
class ChangeRule:
    """How change on a measure is read (from the measure registry)."""

    name: str
    score: str
    higher_is_better: bool
    #: The reliable change index, None when no published value is recorded.
    rci: float | None = None


@dataclass(frozen=True)
class MeasureSeries:
    cyp_id: str
    measure: str
    informant: str
    baseline: Record
    follow_up: Record | None

    @property
    def paired(self) -> bool:
        return self.follow_up is not None


def _order(result: Record) -> tuple[str, str]:
    return (str(result.get("date")), result.id)


def measure_series(results: Iterable[Record]) -> list[MeasureSeries]:
    grouped: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
    for result in results:
        if result.get("status") != "entered_in_error":
            key = (str(result.get("cyp_id")), str(result.get("measure")), str(result.get("informant")))
            grouped[key].append(result)
    found = []
    for (cyp_id, measure, informant), mine in sorted(grouped.items()):
        mine.sort(key=_order)
        baseline = next((r for r in mine if r.get("time_point") == "baseline"), mine[0])
        later = [r for r in mine if str(r.get("date")) > str(baseline.get("date"))]
        found.append(MeasureSeries(cyp_id, measure, informant, baseline, later[-1] if later else None))
    return found


def reviews_due(series: Iterable[MeasureSeries], on: date) -> list[MeasureSeries]:
    """Unpaired series whose baseline is at least ``REVIEW_AFTER_DAYS`` old on ``on``."""
    cutoff = (on - timedelta(days=REVIEW_AFTER_DAYS)).isoformat()
    return [s for s in series if not s.paired and str(s.baseline.get("date")) <= cutoff]


def score_of(result: Record, key: str) -> float | None:
    try:
        value = json.loads(str(result.get("result")))["scores"].get(key)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    improved: bool
    worse: bool
    reliable: str | None


def change_of(series: MeasureSeries, rule: ChangeRule) -> Change | None:
    """The change on the measure's change score, None when either score is missing."""
    if series.follow_up is None:
        return None
    before, after = score_of(series.baseline, rule.score), score_of(series.follow_up, rule.score)
    if before is None or after is None:
        return None
    gain = (after - before) if rule.higher_is_better else (before - after)
    reliable = None
    if rule.rci is not None:
        reliable = IMPROVEMENT if gain > rule.rci else DETERIORATION if gain < -rule.rci else NO_CHANGE
    return Change(before, after, gain > 0, gain < 0, reliable)


@dataclass(frozen=True)
class ChangeSummary:
    measure: str
    name: str
    score: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    improved: int
    worse: int
    reliable_improvement: int | None
    reliable_deterioration: int | None


def summarise_changes(
    series: Sequence[MeasureSeries], rules: Mapping[str, ChangeRule]
) -> list[ChangeSummary]:
    """Per measure: pairs with both scores, mean scores before and after, how many improved."""
    changes: dict[str, list[Change]] = defaultdict(list)
    for item in series:
        rule = rules.get(item.measure)
        change = change_of(item, rule) if rule else None
        if change is not None:
            changes[item.measure].append(change)
    found = []
    for measure, mine in sorted(changes.items()):
        rule = rules[measure]
        with_rci = rule.rci is not None
        found.append(
            ChangeSummary(
                measure,
                rule.name,
                rule.score,
                len(mine),
                statistics.fmean(c.before for c in mine),
                statistics.fmean(c.after for c in mine),
                sum(c.improved for c in mine),
                sum(c.worse for c in mine),
                sum(c.reliable == IMPROVEMENT for c in mine) if with_rci else None,
                sum(c.reliable == DETERIORATION for c in mine) if with_rci else None,
            )
        )
    return found
