"""Outcome measures as the screens show them (measures.md §1-2, architecture.md D5); no Qt, no SQL.

``preview`` scores a half-entered form (nothing stored); ``trajectories`` gives one series per
measure and informant with band regions and reliable-change marks from ``measures.compare`` on the
stored scores (never re-scored), or a note saying why there are none; ``recent_results`` and
``catalogue`` feed the Measures page."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.measures import MeasureDefinition, MeasureRegistry, ScoreResult, ScoringContext, compare
from linkdesk.measures.definitions import Direction
from linkdesk.measures.responses import RawResponse
from linkdesk.measures.scoring import Provenance
from linkdesk.measures.verification import band_name, row_verified, unverified_names
from linkdesk.services.measure_records import MeasurePoint
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import cyp_label

#: What a definition's informant allows the form to be recorded as.
INFORMANT_CHOICES = {"child": ("self",), "any": ("self", "parent", "clinician", "teacher", "other")}


def informants(definition: MeasureDefinition) -> tuple[str, ...]:
    found = INFORMANT_CHOICES.get(definition.informant)
    if found is not None:
        return found
    return (definition.informant,) if definition.informant in v.INFORMANTS else v.INFORMANTS


def main_score(definition: MeasureDefinition) -> str:
    """The score a trajectory follows: the definition's change score, else its first score."""
    if definition.change is not None:
        return definition.change.score
    return definition.scores[0].key


def age_on(date_of_birth: str | None, when: date) -> int | None:
    if not date_of_birth:
        return None
    born = date.fromisoformat(date_of_birth)
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


def scoring_context(cyp: Record, when: date) -> ScoringContext:
    """Age on the day and sex where the published tables can use them (they are binary)."""
    sex = cyp.get("sex")
    return ScoringContext(
        age=age_on(cyp.get("date_of_birth"), when), sex=sex if sex in ("female", "male") else None
    )


def number(value: Decimal | float | None, places: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{Decimal(str(value)):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fit_responses(definition: MeasureDefinition, values: Sequence[RawResponse]) -> list[RawResponse]:
    """As many responses as the shortest form that holds every answer (SDQ: 25, or 33 with impact)."""
    last = max((i + 1 for i, x in enumerate(values) if x not in (None, "")), default=0)
    count = min((n for n in definition.response_counts if n >= last), default=max(definition.response_counts))
    kept = list(values[:count])
    return kept + [None] * (count - len(kept))


def band_text(band: str | None, unverified: bool) -> str | None:
    """The band as shown: ``"high (unverified)"`` when no published source has confirmed it."""
    if band is None:
        return None
    return f"{band} (unverified)" if unverified else band


def band_unverified(document: dict[str, Any], definition: MeasureDefinition | None, key: str) -> bool:
    """Whether a stored result's primary band of ``key`` is unverified.

    Results stored before the ``unverified`` list existed are judged by the current definition
    only when it is the version that scored them; otherwise every band is treated as unverified
    (their tables were then all unchecked, YP-CORE's aside)."""
    if "unverified" in document:
        return band_name("bands", key) in document["unverified"]
    version = (document.get("provenance") or {}).get("definition_version")
    if definition is None or version != definition.version:
        return True
    return band_name("bands", key) in unverified_names(definition, ScoringContext())


def responses_text(values: Sequence[RawResponse]) -> str:
    """The stored, CLI-compatible form: ``"0,1,,2"`` (empty for a missing answer)."""
    return ",".join("" if x is None else str(x).strip() for x in values)


# -- the live preview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    key: str
    label: str
    value: str
    band: str | None
    main: bool
    band_unverified: bool = False

    @property
    def band_text(self) -> str | None:
        return band_text(self.band, self.band_unverified)


@dataclass(frozen=True)
class RiskLine:
    flag: str
    item: int
    message: str


@dataclass(frozen=True)
class Preview:
    scores: list[ScoreLine]
    risks: list[RiskLine]
    warnings: list[str]
    answered: int
    items: int
    #: Scoring rules of this measure that no published source has confirmed, as sentences.
    unverified_rules: list[str] = field(default_factory=list)


def preview(
    registry: MeasureRegistry,
    measure_id: str,
    values: Sequence[RawResponse],
    context: ScoringContext | None = None,
) -> Preview:
    """Score what has been entered so far; ValidationError if an answer does not fit its item."""
    definition = registry.get(measure_id)
    trimmed = fit_responses(definition, values)
    result = registry.score(measure_id, trimmed, context)
    key = main_score(definition)
    lines = [
        ScoreLine(
            spec.key,
            spec.label,
            number(result.scores.get(spec.key), spec.places),
            result.bands.get(spec.key),
            spec.key == key,
            result.is_unverified("bands", spec.key),
        )
        for spec in definition.scores
    ]
    return Preview(
        scores=lines,
        risks=risk_lines(definition, result),
        warnings=list(result.warnings),
        answered=sum(1 for x in values if x not in (None, "")),
        items=len(definition.items),
        unverified_rules=[
            f"Not checked against a published source: {rule.text}"
            for rule in definition.rules
            if f"rule.{rule.id}" in result.unverified
        ],
    )


def risk_lines(definition: MeasureDefinition, result: ScoreResult) -> list[RiskLine]:
    lines = []
    for rule in definition.flags:
        if rule.flag not in result.flags or rule.item > len(result.responses):
            continue
        answer = result.responses[rule.item - 1]
        if answer is None or int(answer) <= rule.above:
            continue
        item = definition.item(rule.item)
        scale = definition.scale_of(item)
        said = scale.labels[int(answer)] if int(answer) < len(scale.labels) else str(answer)
        wording = f" ({item.text})" if definition.item_text_allowed and item.text else ""
        message = f"{definition.short_name} item {rule.item}{wording} answered '{said}'."
        lines.append(RiskLine(rule.flag, rule.item, f"{message} {rule.note}".strip()))
    return lines


# -- trajectories -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    low: float
    high: float
    label: str
    #: 0 = the best band ... the worst; ``concern`` marks the clinical side of a cut-off.
    level: int
    concern: bool


@dataclass(frozen=True)
class Point:
    id: str
    date: date
    value: float | None
    band: str | None
    time_point: str
    flags: tuple[str, ...]
    band_unverified: bool = False

    @property
    def band_text(self) -> str | None:
        return band_text(self.band, self.band_unverified)


@dataclass(frozen=True)
class Mark:
    """Reliable change between point ``index`` and the next one."""

    index: int
    reliable: str
    difference: float


@dataclass(frozen=True)
class Trajectory:
    measure: str
    short_name: str
    informant: str
    score: str
    score_label: str
    minimum: float
    maximum: float
    higher_is_worse: bool
    points: list[Point]
    regions: list[Region]
    marks: list[Mark]
    #: Why there are no marks (no reliable change index) or what they rest on.
    note: str


def stored_result(definition: MeasureDefinition, scores: dict[str, Any]) -> ScoreResult:
    """A ScoreResult carrying the scores as stored (for ``compare``): nothing is re-scored."""
    return ScoreResult(
        measure=definition.id,
        responses=(),
        scores={k: None if val is None else Decimal(str(val)) for k, val in scores.items()},
        places={},
        bands={},
        bands_original={},
        flags=(),
        warnings=(),
        provenance=Provenance(
            definition.id, definition.version, definition.informant, None, None, (), None, (), ""
        ),
    )


def regions(definition: MeasureDefinition, key: str, context: ScoringContext) -> list[Region]:
    bands = definition.bands.scores.get(key) if definition.bands else None
    spec = definition.score_spec(key)
    low, high = float(spec.minimum), float(spec.maximum)
    if bands is None:
        return []
    worse_high = definition.change is None or definition.change.direction is Direction.HIGHER_IS_WORSE
    unverified = not row_verified(definition.bands, bands, context.cutoff_set) if definition.bands else True
    if bands.ranges:
        count = len(bands.ranges)
        return [
            Region(
                float(b.low),
                float(b.high),
                band_text(b.label, unverified) or "",
                i if worse_high else count - 1 - i,
                False,
            )
            for i, b in enumerate(bands.ranges)
        ]
    chosen = bands.cutoff_set(context.cutoff_set)
    cutoff = (
        next((c for c in chosen.cutoffs if c.matches(context.age, context.sex)), None) if chosen else None
    )
    if cutoff is None:
        return []
    at, above = float(cutoff.value), bands.clinical_when == "at_or_above"
    clinical = band_text(bands.clinical_label, unverified) or ""
    other = band_text(bands.non_clinical_label, unverified) or ""
    return [
        Region(low, at, other if above else clinical, int(not above), not above),
        Region(at, high, clinical if above else other, int(above), above),
    ]


def trajectories(
    registry: MeasureRegistry, points: Sequence[MeasurePoint], context: ScoringContext | None = None
) -> list[Trajectory]:
    """One series per measure and informant, oldest result first."""
    context = context or ScoringContext()
    series: dict[tuple[str, str], list[MeasurePoint]] = defaultdict(list)
    for point in points:
        series[(point.record.get("measure"), point.record.get("informant"))].append(point)
    found = []
    for (measure_id, informant), own in sorted(series.items()):
        if measure_id not in registry.ids():
            continue
        found.append(_trajectory(registry.get(measure_id), informant, own, context))
    return found


def _trajectory(
    definition: MeasureDefinition, informant: str, own: list[MeasurePoint], context: ScoringContext
) -> Trajectory:
    key = main_score(definition)
    spec = definition.score_spec(key)
    own = sorted(own, key=lambda p: (p.record.get("date"), p.record.id))
    points = [
        Point(
            p.record.id,
            date.fromisoformat(p.record.get("date")),
            None if p.scores.get(key) is None else float(p.scores[key]),
            p.bands.get(key),
            p.record.get("time_point", ""),
            tuple(p.flags),
            band_unverified(p.document, definition, key),
        )
        for p in own
    ]
    change = definition.change
    marks: list[Mark] = []
    if change is not None and change.rci is not None:
        for index in range(len(own) - 1):
            result = compare(
                definition,
                stored_result(definition, own[index].scores),
                stored_result(definition, own[index + 1].scores),
                context=context,
            )
            if result.reliable is not None and result.difference is not None:
                marks.append(Mark(index, result.reliable, float(result.difference)))
        kind = "indicative " if change.rci.indicative else ""
        kind += "unverified " if not change.rci.verified else ""
        rci = number(change.rci.value, 2)
        note = f"Reliable change: more than {rci} points ({kind}RCI; {change.rci.source})."
    elif change is not None:
        note = change.note or f"No reliable change index is recorded for {definition.short_name}."
    else:
        note = f"No reliable change index is recorded for {definition.short_name}."
    return Trajectory(
        measure=definition.id,
        short_name=definition.short_name,
        informant=informant,
        score=key,
        score_label=spec.label,
        minimum=float(spec.minimum),
        maximum=float(spec.maximum),
        higher_is_worse=change is None or change.direction is Direction.HIGHER_IS_WORSE,
        points=points,
        regions=regions(definition, key, context),
        marks=marks,
        note=note,
    )


# -- the Measures page --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureInfo:
    id: str
    short_name: str
    title: str
    informants: tuple[str, ...]
    items: int
    main_score: str
    item_text: bool
    licence: str
    has_rci: bool


def catalogue(registry: MeasureRegistry) -> list[MeasureInfo]:
    found = []
    for measure_id in registry.ids():
        d = registry.get(measure_id)
        found.append(
            MeasureInfo(
                id=d.id,
                short_name=d.short_name,
                title=d.title,
                informants=informants(d),
                items=len(d.items),
                main_score=d.score_spec(main_score(d)).label,
                item_text=d.item_text_allowed,
                licence=d.licence.holder,
                has_rci=d.change is not None and d.change.rci is not None,
            )
        )
    return sorted(found, key=lambda m: m.short_name.lower())


@dataclass(frozen=True)
class ResultRow:
    id: str
    cyp_id: str
    case: str
    date: date
    measure: str
    short_name: str
    informant: str
    time_point: str
    score: str
    band: str | None
    risk: bool
    flags: tuple[str, ...]
    band_unverified: bool = False

    @property
    def band_text(self) -> str | None:
        return band_text(self.band, self.band_unverified)


def result_row(registry: MeasureRegistry, record: Record, case: str) -> ResultRow:
    document = json.loads(record.get("result"))
    measure_id = record.get("measure")
    definition = registry.get(measure_id) if measure_id in registry.ids() else None
    key = main_score(definition) if definition else next(iter(document["scores"]), "")
    places = definition.score_spec(key).places if definition else 1
    flags = tuple(document.get("flags") or ())
    return ResultRow(
        id=record.id,
        cyp_id=record.get("cyp_id"),
        case=case,
        date=date.fromisoformat(record.get("date")),
        measure=measure_id,
        short_name=definition.short_name if definition else measure_id,
        informant=record.get("informant"),
        time_point=record.get("time_point"),
        score=number(document["scores"].get(key), places),
        band=document["bands"].get(key),
        risk=bool(flags),
        flags=flags,
        band_unverified=band_unverified(document, definition, key),
    )


def recent_results(records: RecordService, registry: MeasureRegistry, limit: int = 60) -> list[ResultRow]:
    """The latest current results across the caseload, newest first."""
    found = [r for r in records.find("measure_result") if r.get("status") != "entered_in_error"]
    found.sort(key=lambda r: (r.get("date"), r.id), reverse=True)
    cases = {c.id: c for c in records.find("cyp")}
    return [
        result_row(registry, r, cyp_label(cases[r.get("cyp_id")]) if r.get("cyp_id") in cases else "")
        for r in found[:limit]
    ]
