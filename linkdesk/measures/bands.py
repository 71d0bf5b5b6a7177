"""Putting scores into bands: fixed ranges, clinical cut-offs (by age and sex), T-score norms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from linkdesk.errors import ValidationError
from linkdesk.measures.definitions import BandScheme, CutoffSet, ScoreBands
from linkdesk.measures.norms import NormTable, grade_from_age


@dataclass(frozen=True)
class ScoringContext:
    """Facts about the young person that some bands need. Every field is optional."""

    age: int | None = None
    sex: str | None = None  # "female" or "male": the published tables are binary
    grade: int | None = None  # US school grade for RCADS norms; default age - 6
    cutoff_set: str | None = None  # which published cut-off set; default: the definition's first

    def us_grade(self) -> int | None:
        if self.grade is not None:
            return self.grade
        return grade_from_age(self.age) if self.age is not None else None


@dataclass
class BandOutcome:
    bands: dict[str, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    cutoff_sets: list[str] = field(default_factory=list)


def apply_scheme(
    scheme: BandScheme | None, scores: Mapping[str, Decimal | None], context: ScoringContext
) -> BandOutcome:
    outcome = BandOutcome()
    if scheme is None:
        return outcome
    for key, bands in scheme.scores.items():
        value = scores.get(key)
        if bands.ranges:
            outcome.bands[key] = None if value is None else _range_label(bands, value)
            continue
        _apply_cutoff(key, bands, value, context, outcome)
    return outcome


def _range_label(bands: ScoreBands, value: Decimal) -> str | None:
    for band in bands.ranges:
        if band.low <= value <= band.high:
            return band.label
    return None


def _choose_set(bands: ScoreBands, context: ScoringContext) -> CutoffSet:
    chosen = bands.cutoff_set(context.cutoff_set)
    if chosen is None:
        known = ", ".join(s.id for s in bands.cutoff_sets)
        raise ValidationError(
            f"Unknown cut-off set {context.cutoff_set!r}; choose one of: {known}", field="cutoff_set"
        )
    return chosen


def _apply_cutoff(
    key: str, bands: ScoreBands, value: Decimal | None, context: ScoringContext, outcome: BandOutcome
) -> None:
    chosen = _choose_set(bands, context)
    if chosen.needs_age_and_sex and (context.age is None or context.sex is None):
        return  # cut-offs by age and sex: without both, no band is offered (and none guessed)
    outcome.cutoff_sets.append(chosen.id)
    if value is None:
        outcome.bands[key] = None
        return
    cutoff = next((c for c in chosen.cutoffs if c.matches(context.age, context.sex)), None)
    if cutoff is None:
        outcome.bands[key] = None
        outcome.warnings.append(
            f"{key}: no clinical cut-off for a {context.sex} aged {context.age} in {chosen.title}, "
            "so no band is given"
        )
        return
    clinical = value >= cutoff.value if bands.clinical_when == "at_or_above" else value < cutoff.value
    outcome.bands[key] = bands.clinical_label if clinical else bands.non_clinical_label


@dataclass
class NormOutcome:
    t_scores: dict[str, Decimal | None] = field(default_factory=dict)
    bands: dict[str, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    table_id: str | None = None


def apply_norms(
    tables: Sequence[NormTable], scores: Mapping[str, Decimal | None], context: ScoringContext
) -> NormOutcome:
    """T-scores and T-score bands from the first loaded norm table, if any."""
    outcome = NormOutcome()
    if not tables:
        return outcome
    table = tables[0]
    grade = context.us_grade()
    if context.sex is None or grade is None:
        outcome.warnings.append(
            f"T-scores not given: {table.title} needs the young person's sex and age (or US school grade)"
        )
        return outcome
    group = table.group_for(context.sex, grade)
    if group is None:
        outcome.warnings.append(
            f"T-scores not given: {table.title} has no norms for a {context.sex} in grade {grade}"
        )
        return outcome
    outcome.table_id = table.id
    for key, entry in group.scores.items():
        raw = scores.get(key)
        t = None if raw is None else entry.t_score(raw)
        outcome.t_scores[f"t_{key}"] = t
        outcome.bands[key] = None if t is None else table.band(t)
        if raw is not None and t is None:
            outcome.warnings.append(f"t_{key}: {table.title} has no T-score for a raw score of {raw}")
    return outcome
