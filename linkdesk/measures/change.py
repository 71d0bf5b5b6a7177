"""Change between two administrations: reliable change (RCI) and clinically significant change.

Reliable change follows Jacobson & Truax (1991): change must *exceed* the RCI, not merely equal
it (as in CORE System Trust's CECPfuns ``classifyScoresVectorByRCI``). Clinically significant
change means moving from the clinical to the non-clinical side of the measure's cut-off.
Where no published RCI exists, :func:`jacobson_truax_rci` computes one from a reference SD and
reliability; such values are labelled indicative. Every result records the references it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from linkdesk.errors import ValidationError
from linkdesk.measures.bands import ScoringContext
from linkdesk.measures.definitions import (
    Cutoff,
    Direction,
    MeasureDefinition,
    RciReference,
    ScoreBands,
    ScoreKind,
)
from linkdesk.measures.numbers import json_number, round_half_up
from linkdesk.measures.scoring import ScoreResult

Z_95 = Decimal("1.96")

RELIABLE_IMPROVEMENT = "reliable improvement"
RELIABLE_DETERIORATION = "reliable deterioration"
NO_RELIABLE_CHANGE = "no reliable change"


def jacobson_truax_rci(sd: Decimal, reliability: Decimal, z: Decimal = Z_95, places: int = 2) -> Decimal:
    """``z * sqrt(2) * SD * sqrt(1 - reliability)``, rounded half up to ``places``.

    Jacobson & Truax's own example (SD 7.5, reliability .80) gives 9.30.
    """
    if sd <= 0:
        raise ValidationError("The reference SD must be above 0", field="sd")
    if not Decimal(0) < reliability < Decimal(1):
        raise ValidationError("The reliability must be between 0 and 1", field="reliability")
    with localcontext() as ctx:
        ctx.prec = 40
        exact = z * Decimal(2).sqrt() * sd * (Decimal(1) - reliability).sqrt()
    return round_half_up(exact, places)


def indicative_rci(sd: Decimal, reliability: Decimal, source: str) -> RciReference:
    """An RCI computed from a published SD and alpha: always labelled indicative."""
    return RciReference(
        jacobson_truax_rci(sd, reliability),
        f"Jacobson-Truax from SD {sd}, alpha {reliability}: {source}",
        False,
        True,
    )


@dataclass(frozen=True)
class ChangeResult:
    measure: str
    score: str
    before: Decimal | None
    after: Decimal | None
    difference: Decimal | None  # after - before, in the score's own direction
    direction: Direction
    rci: RciReference | None
    reliable: str | None
    cutoff: Decimal | None
    cutoff_source: str | None
    clinical_before: bool | None
    clinical_after: bool | None
    clinically_significant: bool | None  # from the clinical to the non-clinical range
    warnings: tuple[str, ...]

    @property
    def recovered(self) -> bool | None:
        """Jacobson-Truax "recovered": reliable improvement and clinically significant change."""
        if self.reliable is None or self.clinically_significant is None:
            return None
        return self.reliable == RELIABLE_IMPROVEMENT and self.clinically_significant

    def to_json(self, places: int = 2) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "score": self.score,
            "before": json_number(self.before, places),
            "after": json_number(self.after, places),
            "difference": json_number(self.difference, places),
            "direction": self.direction.value,
            "reliable": self.reliable,
            "clinically_significant": self.clinically_significant,
            "recovered": self.recovered,
            "references": {
                "rci": None if self.rci is None else float(self.rci.value),
                "rci_source": None if self.rci is None else self.rci.source,
                "rci_indicative": None if self.rci is None else self.rci.indicative,
                "rci_verified": None if self.rci is None else self.rci.verified,
                "cutoff": None if self.cutoff is None else float(self.cutoff),
                "cutoff_source": self.cutoff_source,
            },
            "warnings": list(self.warnings),
        }


def classify_reliable(difference: Decimal, rci: Decimal, direction: Direction) -> str:
    improvement = -difference if direction is Direction.HIGHER_IS_WORSE else difference
    if improvement > rci:
        return RELIABLE_IMPROVEMENT
    if improvement < -rci:
        return RELIABLE_DETERIORATION
    return NO_RELIABLE_CHANGE


def compare(
    definition: MeasureDefinition,
    before: ScoreResult,
    after: ScoreResult,
    *,
    score_key: str | None = None,
    rci: RciReference | None = None,
    context: ScoringContext | None = None,
) -> ChangeResult:
    """Compare one score between two administrations of ``definition``.

    ``score_key`` defaults to the definition's change score; ``rci`` to its published RCI
    (if any). ``context`` (age, sex) picks the clinical cut-off where it depends on them; use
    the young person's details at the first administration.
    """
    if before.measure != definition.id or after.measure != definition.id:
        raise ValidationError(f"Both administrations must be {definition.short_name}", field="measure")
    spec = definition.change
    key = score_key or (spec.score if spec else None)
    if key is None or key not in before.scores:
        raise ValidationError(f"{definition.short_name} has no score {key!r} to compare", field="score")
    direction = spec.direction if spec else Direction.HIGHER_IS_WORSE
    rci = rci or (spec.rci if spec and key == spec.score else None)
    warnings: list[str] = []
    first, last = before.scores[key], after.scores[key]
    difference = None if first is None or last is None else last - first
    if difference is None:
        warnings.append(
            f"{key}: a score is missing at one of the two administrations, so change is not given"
        )
    reliable = None
    if rci is None:
        warnings.append(f"{key}: no reliable change index is recorded for {definition.short_name}")
    elif difference is not None:
        reliable = classify_reliable(difference, rci.value, direction)
    cutoff, cutoff_source = _cutoff(definition, key, context or ScoringContext(), warnings)
    clinical_before = _is_clinical(definition, key, first, cutoff)
    clinical_after = _is_clinical(definition, key, last, cutoff)
    significant = None
    if clinical_before is not None and clinical_after is not None:
        significant = clinical_before and not clinical_after
    return ChangeResult(
        measure=definition.id,
        score=key,
        before=first,
        after=last,
        difference=difference,
        direction=direction,
        rci=rci,
        reliable=reliable,
        cutoff=cutoff,
        cutoff_source=cutoff_source,
        clinical_before=clinical_before,
        clinical_after=clinical_after,
        clinically_significant=significant,
        warnings=tuple(warnings),
    )


def _cutoff_bands(definition: MeasureDefinition, key: str) -> ScoreBands | None:
    if definition.bands is None:
        return None
    bands = definition.bands.scores.get(key)
    return bands if bands is not None and bands.cutoff_sets else None


def _cutoff(
    definition: MeasureDefinition, key: str, context: ScoringContext, warnings: list[str]
) -> tuple[Decimal | None, str | None]:
    bands = _cutoff_bands(definition, key)
    if bands is None:
        warnings.append(
            f"{key}: no clinical cut-off is recorded, so clinically significant change is not given"
        )
        return None, None
    chosen = bands.cutoff_set(context.cutoff_set)
    if chosen is None:
        raise ValidationError(f"Unknown cut-off set {context.cutoff_set!r}", field="cutoff_set")
    match: Cutoff | None = next((c for c in chosen.cutoffs if c.matches(context.age, context.sex)), None)
    if match is None:
        warnings.append(f"{key}: {chosen.title} needs a matching age and sex for its cut-off")
        return None, None
    return match.value, f"{chosen.title}: {chosen.source}"


def _is_clinical(
    definition: MeasureDefinition, key: str, value: Decimal | None, cutoff: Decimal | None
) -> bool | None:
    bands = _cutoff_bands(definition, key)
    if value is None or cutoff is None or bands is None:
        return None
    return value >= cutoff if bands.clinical_when == "at_or_above" else value < cutoff


@dataclass(frozen=True)
class GoalChange:
    """GBO: change per goal (latest - first) and the mean over goals rated both times."""

    per_goal: dict[str, Decimal | None]
    mean_change: Decimal | None
    rci: RciReference | None
    reliable: str | None
    warnings: tuple[str, ...]


def goal_change(
    definition: MeasureDefinition, first: ScoreResult, latest: ScoreResult, places: int = 2
) -> GoalChange:
    """Per-goal change for a goal-based measure (scores of kind ``item``), and its mean."""
    keys = [s.key for s in definition.scores if s.kind is ScoreKind.ITEM]
    per_goal: dict[str, Decimal | None] = {}
    warnings: list[str] = []
    for key in keys:
        a, b = first.scores.get(key), latest.scores.get(key)
        per_goal[key] = None if a is None or b is None else b - a
        if per_goal[key] is None and (a is not None or b is not None):
            warnings.append(
                f"{key}: rated at only one of the two administrations, so left out of the mean change"
            )
    paired = [v for v in per_goal.values() if v is not None]
    mean = round_half_up(Fraction(sum(paired, Decimal(0))) / len(paired), places) if paired else None
    rci = definition.change.rci if definition.change else None
    reliable = (
        None
        if mean is None or rci is None
        else classify_reliable(mean, rci.value, Direction.HIGHER_IS_BETTER)
    )
    if mean is None:
        warnings.append("mean_change: no goal was rated at both administrations")
    return GoalChange(per_goal, mean, rci, reliable, tuple(warnings))
