"""The scoring engine: one generic pass driven entirely by a :class:`MeasureDefinition`.

Rules that differ between measures are data (which items, reverse keys, how many may be missing,
prorating, decimals, conversion tables, gates). A score that cannot be computed is ``None`` with
the reason in ``warnings``; nothing is ever guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from linkdesk.measures.bands import ScoringContext, apply_norms, apply_scheme
from linkdesk.measures.definitions import AnswerScale, Item, MeasureDefinition, ScoreKind, ScoreSpec
from linkdesk.measures.norms import NormTable
from linkdesk.measures.numbers import json_number, round_half_up
from linkdesk.measures.responses import RawResponse, Response, check_responses
from linkdesk.measures.verification import band_name, unverified_names


@dataclass(frozen=True)
class Provenance:
    """What a stored score depends on, so it can be reproduced or re-scored later."""

    measure: str
    definition_version: str
    informant: str
    band_scheme: str | None
    band_scheme_original: str | None
    cutoff_sets: tuple[str, ...]
    norm_table: str | None
    prorated: tuple[str, ...]
    wording_source: str


@dataclass(frozen=True)
class ScoreResult:
    measure: str
    responses: tuple[Response, ...]
    scores: Mapping[str, Decimal | None]
    places: Mapping[str, int]
    bands: Mapping[str, str | None]
    bands_original: Mapping[str, str | None]
    flags: tuple[str, ...]
    warnings: tuple[str, ...]
    provenance: Provenance
    #: Bands, cut-offs, rules, risk items and RCI not yet checked against a published source
    #: (names in :mod:`linkdesk.measures.verification`); shown as "(unverified)", never in a label.
    unverified: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``linkdesk measures score --json`` document."""
        return {
            "measure": self.measure,
            "scores": {k: json_number(v, self.places[k]) for k, v in self.scores.items()},
            "bands": dict(self.bands),
            "bands_original": dict(self.bands_original),
            "flags": list(self.flags),
            "warnings": list(self.warnings),
            "unverified": list(self.unverified),
        }

    def is_unverified(self, scheme: str, score: str) -> bool:
        """Whether the band of ``score`` in ``scheme`` ("bands" or "bands_original") is unverified."""
        return band_name(scheme, score) in self.unverified


def reverse_position(scale: AnswerScale, position: int) -> int:
    """The box position read from the other end of the scale (its own inverse)."""
    return scale.options - 1 - position


def keyed_score(item: Item, scale: AnswerScale, response: Response) -> Fraction | None:
    """The score an answer contributes, after reverse keying; ``None`` when missing."""
    if response is None:
        return None
    if scale.continuous:
        return Fraction(response)
    position = int(response)
    if item.reverse:
        position = reverse_position(scale, position)
    return Fraction(scale.scores[position])


@dataclass
class _Run:
    definition: MeasureDefinition
    values: tuple[Response, ...]  # padded with None for items that were not administered
    administered: int
    keyed: list[Fraction | None]
    scores: dict[str, Decimal | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    prorated: list[str] = field(default_factory=list)

    def missing(self, numbers: Sequence[int]) -> list[int]:
        return [n for n in numbers if self.keyed[n - 1] is None]

    def not_given(self, numbers: Sequence[int]) -> list[int]:
        return [n for n in numbers if n > self.administered]

    def fail(self, spec: ScoreSpec, reason: str) -> None:
        self.scores[spec.key] = None
        self.warnings.append(f"{spec.key}: {reason}")


def _items_text(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"item {numbers[0]}"
    return "items " + ", ".join(str(n) for n in numbers)


def _span_text(numbers: Sequence[int]) -> str:
    return f"items {numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else f"item {numbers[0]}"


def _answered(run: _Run, spec: ScoreSpec, required: int) -> list[Fraction] | None:
    """The keyed scores of ``spec``'s answered items, or ``None`` (with a warning) if too few."""
    not_given = run.not_given(spec.items)
    if not_given and len(spec.items) - len(not_given) < required:
        run.fail(spec, f"{_span_text(not_given)} were not given, so this score cannot be computed")
        return None
    missing = run.missing(spec.items)
    answered = [v for v in (run.keyed[n - 1] for n in spec.items) if v is not None]
    if len(answered) < required:
        if required == len(spec.items):
            rule = "every item must be answered for this score"
        else:
            rule = f"at least {required} of {len(spec.items)} must be answered"
        run.fail(spec, f"{len(missing)} of {len(spec.items)} items missing ({_items_text(missing)}); {rule}")
        return None
    return answered


def _sum(run: _Run, spec: ScoreSpec) -> None:
    required = spec.required if spec.prorate else len(spec.items)
    answered = _answered(run, spec, required)
    if answered is None:
        return
    total = sum(answered, Fraction(0))
    if len(answered) < len(spec.items):
        total = total * len(spec.items) / len(answered)
        run.prorated.append(spec.key)
    run.scores[spec.key] = round_half_up(total, spec.places)


def _mean(run: _Run, spec: ScoreSpec) -> None:
    answered = _answered(run, spec, spec.required)
    if answered is None:
        return
    if len(answered) < len(spec.items):
        run.prorated.append(spec.key)
    mean = sum(answered, Fraction(0)) / len(answered)
    run.scores[spec.key] = round_half_up(mean * Fraction(spec.multiplier), spec.places)


def _item(run: _Run, spec: ScoreSpec) -> None:
    number = spec.items[0]
    value = run.keyed[number - 1]
    if value is None:
        reason = "was not given" if number > run.administered else "was not answered"
        run.fail(spec, f"item {number} {reason}")
        return
    run.scores[spec.key] = round_half_up(value, spec.places)


def _sum_of(run: _Run, spec: ScoreSpec) -> None:
    absent = [key for key in spec.of if run.scores.get(key) is None]
    if absent:
        run.fail(
            spec,
            "not computed because "
            + ", ".join(absent)
            + (" is" if len(absent) == 1 else " are")
            + " missing",
        )
        return
    run.scores[spec.key] = sum((run.scores[k] or Decimal(0) for k in spec.of), Decimal(0))


def _lookup(run: _Run, spec: ScoreSpec) -> None:
    source = run.scores.get(spec.source)
    if source is None:
        run.fail(spec, f"not computed because {spec.source} is missing")
        return
    run.scores[spec.key] = spec.table[int(source)]


def _gated_sum(run: _Run, spec: ScoreSpec) -> None:
    gate = spec.gate_item or 0
    if gate > run.administered:
        block = list(range(gate, len(run.values) + 1))
        name = run.definition.item(gate).block
        run.fail(spec, f"the {name} supplement ({_span_text(block)}) was not given")
        return
    gate_answer = run.values[gate - 1]
    if gate_answer is not None and int(gate_answer) in spec.gate_zero_positions:
        run.scores[spec.key] = Decimal(0)  # answered "No": later answers are ignored
        return
    if not spec.unanswered_as_zero:
        if gate_answer is None:
            run.fail(spec, f"item {gate} (the question that opens the supplement) was not answered")
            return
        answered = _answered(run, spec, len(spec.items))
        if answered is not None:
            run.scores[spec.key] = round_half_up(sum(answered, Fraction(0)), spec.places)
        return
    _sum_counting_blanks_as_zero(run, spec, gate, gate_answer is None)


def _sum_counting_blanks_as_zero(run: _Run, spec: ScoreSpec, gate: int, gate_missing: bool) -> None:
    """Unanswered items count 0; no score only when every item is blank (or the gate rule says so)."""
    missing = run.missing(spec.items)
    if len(missing) == len(spec.items):
        run.fail(
            spec,
            f"every {run.definition.item(gate).block} item ({_items_text(missing)}) is blank, "
            f"so there is no {spec.key} score",
        )
        return
    total = round_half_up(
        sum((run.keyed[n - 1] or Fraction(0) for n in spec.items), Fraction(0)), spec.places
    )
    if gate_missing:
        opening = f"item {gate} (the question that opens the supplement) was not answered"
        note = f"; {spec.gate_note}" if spec.gate_note else ""
        if spec.when_gate_unanswered == "missing":
            run.fail(
                spec,
                f"{opening}, so the score is left missing (the answered items would sum to {total}){note}",
            )
            return
        run.warnings.append(f"{spec.key}: {opening}; the answered items are summed{note}")
    if missing:
        verb = "was" if len(missing) == 1 else "were"
        run.warnings.append(
            f"{spec.key}: {_items_text(missing)} {verb} not answered and count"
            f"{'s' if len(missing) == 1 else ''} as 0"
        )
    run.scores[spec.key] = total


_KINDS = {
    ScoreKind.SUM: _sum,
    ScoreKind.MEAN: _mean,
    ScoreKind.ITEM: _item,
    ScoreKind.SUM_OF: _sum_of,
    ScoreKind.LOOKUP: _lookup,
    ScoreKind.GATED_SUM: _gated_sum,
}


def score(
    definition: MeasureDefinition,
    responses: Sequence[RawResponse],
    context: ScoringContext | None = None,
    norms: Sequence[NormTable] = (),
) -> ScoreResult:
    """Validate ``responses`` and score them by ``definition``'s rules."""
    context = context or ScoringContext()
    checked = check_responses(definition, responses)
    values = checked + (None,) * (len(definition.items) - len(checked))
    keyed = [
        keyed_score(item, definition.scale_of(item), v)
        for item, v in zip(definition.items, values, strict=True)
    ]
    run = _Run(definition, values, len(checked), keyed)
    for spec in definition.scores:
        _KINDS[spec.kind](run, spec)
    places = {spec.key: spec.places for spec in definition.scores}

    primary = apply_scheme(definition.bands, run.scores, context)
    original = apply_scheme(definition.bands_original, run.scores, context)
    normed = apply_norms([t for t in norms if t.measure == definition.id], run.scores, context)
    scores = {**run.scores, **normed.t_scores}
    places.update(dict.fromkeys(normed.t_scores, 0))
    flags, flag_warnings = _flags(definition, values, len(checked))
    provenance = Provenance(
        measure=definition.id,
        definition_version=definition.version,
        informant=definition.informant,
        band_scheme=definition.bands.id if definition.bands else None,
        band_scheme_original=definition.bands_original.id if definition.bands_original else None,
        cutoff_sets=tuple(dict.fromkeys(primary.cutoff_sets)),
        norm_table=normed.table_id,
        prorated=tuple(run.prorated),
        wording_source=definition.wording_source,
    )
    return ScoreResult(
        measure=definition.id,
        responses=checked,
        scores=scores,
        places=places,
        bands={**primary.bands, **normed.bands},
        bands_original=original.bands,
        flags=flags,
        warnings=tuple(run.warnings + primary.warnings + normed.warnings + flag_warnings),
        provenance=provenance,
        unverified=unverified_names(definition, context),
    )


def _flags(
    definition: MeasureDefinition, values: Sequence[Response], administered: int
) -> tuple[tuple[str, ...], list[str]]:
    flags: list[str] = []
    warnings: list[str] = []
    for rule in definition.flags:
        if rule.item > administered:
            continue
        answer = values[rule.item - 1]
        if answer is None:
            warnings.append(
                f"{rule.flag}: item {rule.item} was not answered; it is a risk item, so ask about it directly"
            )
        elif int(answer) > rule.above:
            if rule.flag not in flags:
                flags.append(rule.flag)
            if not rule.verified:
                warnings.append(f"{rule.flag}: raised by item {rule.item}; {rule.note}".rstrip("; "))
    return tuple(flags), warnings
