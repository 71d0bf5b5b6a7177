"""Property tests: ranges hold, reverse keying is an involution, prorating is exact."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sdq_vectors import REVERSED, SCALES

from linkdesk.measures import MeasureRegistry, ScoringContext, round_half_up
from linkdesk.measures.definitions import AnswerScale, MeasureDefinition, ScoreKind
from linkdesk.measures.scoring import keyed_score, reverse_position, score

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "measures"
REGISTRY = MeasureRegistry.load(SHIPPED)


def answer(scale: AnswerScale) -> st.SearchStrategy[str]:
    if scale.continuous:
        steps = int((scale.maximum - scale.minimum) * 10**scale.places)
        value = st.integers(0, steps).map(lambda n: str(scale.minimum + Decimal(n).scaleb(-scale.places)))
    else:
        value = st.integers(0, scale.options - 1).map(str)
    return st.one_of(st.just(""), value, value, value)


@st.composite
def forms(draw: st.DrawFn) -> tuple[MeasureDefinition, list[str]]:
    definition = REGISTRY.get(draw(st.sampled_from(REGISTRY.ids())))
    count = draw(st.sampled_from(definition.response_counts))
    return definition, [draw(answer(definition.scale_of(item))) for item in definition.items[:count]]


@settings(max_examples=400)
@given(
    forms(),
    st.one_of(st.none(), st.integers(4, 18)),
    st.one_of(st.none(), st.sampled_from(["female", "male"])),
)
def test_every_score_stays_in_its_range(
    form: tuple[MeasureDefinition, list[str]], age: int | None, sex: str | None
) -> None:
    definition, values = form
    result = score(definition, values, ScoringContext(age=age, sex=sex))
    assert set(result.scores) == {spec.key for spec in definition.scores}
    for spec in definition.scores:
        value = result.scores[spec.key]
        if value is None:
            assert any(w.startswith(f"{spec.key}: ") for w in result.warnings)
            continue
        assert spec.minimum <= value <= spec.maximum, (spec.key, value)
        assert value == round_half_up(value, spec.places)  # no more decimals than published
    for key, label in result.bands.items():
        if result.scores[key] is None:
            assert label is None
        elif label is None:  # a score without a band: only when no cut-off fits the age and sex
            assert any(w.startswith(f"{key}: no clinical cut-off") for w in result.warnings)
    out = result.to_json()
    assert list(out) == ["measure", "scores", "bands", "bands_original", "flags", "warnings", "unverified"]


@given(
    st.sampled_from(sorted({(d, i.number) for d in REGISTRY.ids() for i in REGISTRY.get(d).items})), st.data()
)
def test_reverse_keying_is_its_own_inverse(pair: tuple[str, int], data: st.DataObject) -> None:
    definition = REGISTRY.get(pair[0])
    item = definition.item(pair[1])
    scale = definition.scale_of(item)
    if scale.continuous:
        return
    position = data.draw(st.integers(0, scale.options - 1))
    assert reverse_position(scale, reverse_position(scale, position)) == position
    flipped = replace(item, reverse=not item.reverse)
    assert keyed_score(item, scale, position) == keyed_score(
        flipped, scale, reverse_position(scale, position)
    )


SDQ_POSITIONS = st.lists(st.integers(0, 2), min_size=25, max_size=25)


@given(st.sampled_from(["sdq-p4-17", "sdq-t4-17", "sdq-s11-17"]), SDQ_POSITIONS)
def test_complete_sdq_equals_plain_sums(measure: str, positions: list[int]) -> None:
    definition = REGISTRY.get(measure)
    result = score(definition, [str(p) for p in positions])
    unprorated = replace(definition, scores=tuple(replace(s, prorate=False) for s in definition.scores))
    plain = score(unprorated, [str(p) for p in positions])
    for scale, items in SCALES.items():
        expected = sum(2 - positions[n - 1] if n in REVERSED else positions[n - 1] for n in items)
        assert result.scores[scale] == expected == plain.scores[scale]
    assert result.provenance.prorated == ()


@given(SDQ_POSITIONS, st.lists(st.sampled_from(sorted(SCALES["peer"])), max_size=2, unique=True))
def test_sdq_prorating_matches_the_integer_rule(positions: list[int], missing: list[int]) -> None:
    values = [str(p) for p in positions]
    for n in missing:
        values[n - 1] = ""
    answered = [n for n in SCALES["peer"] if n not in missing]
    raw = sum(2 - positions[n - 1] if n in REVERSED else positions[n - 1] for n in answered)
    count = len(answered)
    expected = (10 * raw + count) // (2 * count)  # floor(0.5 + raw / count * 5) in integers
    assert score(REGISTRY.get("sdq-p4-17"), values).scores["peer"] == expected


@given(st.lists(st.integers(0, 4), min_size=10, max_size=10), st.one_of(st.none(), st.integers(1, 10)))
def test_ypcore_total_is_mean_times_ten(positions: list[int], missing: int | None) -> None:
    values = [str(p) for p in positions]
    if missing is not None:
        values[missing - 1] = ""
    keyed = [4 - p if n in (3, 5, 10) else p for n, p in enumerate(positions, start=1) if n != missing]
    result = score(REGISTRY.get("ypcore"), values)
    exact = Fraction(sum(keyed), len(keyed))
    assert result.scores["mean"] == Decimal(math.floor(exact * 100 + Fraction(1, 2))) / 100
    assert result.scores["total"] == round_half_up(exact * 10, 1)
    if missing is None:
        assert result.scores["total"] == sum(keyed)  # complete form: the sum of the keyed items


@given(st.fractions(min_value=0, max_value=1000, max_denominator=1000), st.integers(0, 3))
def test_round_half_up_is_floor_x_plus_half(value: Fraction, places: int) -> None:
    scaled = value * 10**places
    assert round_half_up(value, places) == Decimal(math.floor(scaled + Fraction(1, 2))).scaleb(-places)


def test_every_scored_kind_is_exercised() -> None:
    kinds = {spec.kind for d in REGISTRY.ids() for spec in REGISTRY.get(d).scores}
    assert kinds == set(ScoreKind)
