"""SDQ golden tests: hand-worked vectors from the publisher's scoring rules."""

from __future__ import annotations

import pytest
from sdq_vectors import (
    FOUR_BAND,
    REVERSED,
    SCALES,
    THREE_BAND,
    band_cases,
    impact_block,
    positions_for,
    vector_for,
)

SDQ_IDS = ("sdq-p4-17", "sdq-t4-17", "sdq-s11-17")
KEYS = {
    "emotional",
    "conduct",
    "hyperactivity",
    "peer",
    "prosocial",
    "total_difficulties",
    "externalising",
    "internalising",
    "impact",
}
BAND_KEYS = {"total_difficulties", "emotional", "conduct", "hyperactivity", "peer", "prosocial", "impact"}


def test_hand_worked_parent_form(score) -> None:
    # items 1-25 ticked at positions 0,1,2,0,1,2,... Worked by hand from the scoring sheet:
    # emotional 3,8,13,16,24 -> 2+1+0+0+2 = 5; conduct 5,7R,12,18,22 -> 1+2+2+2+0 = 7;
    # hyperactivity 2,10,15,21R,25R -> 1+0+2+0+2 = 5; peer 6,11R,14R,19,23 -> 2+1+1+0+1 = 5;
    # prosocial 1,4,9,17,20 -> 0+0+2+1+1 = 4; total 22; externalising 12; internalising 10.
    form = ",".join(str(i % 3) for i in range(25))
    out = score("sdq-p4-17", form).to_json()
    assert out["measure"] == "sdq-p4-17"
    assert out["scores"] == {
        "emotional": 5,
        "conduct": 7,
        "hyperactivity": 5,
        "peer": 5,
        "prosocial": 4,
        "total_difficulties": 22,
        "externalising": 12,
        "internalising": 10,
        "impact": None,
    }
    assert out["bands"] == {
        "total_difficulties": "very high",
        "emotional": "high",
        "conduct": "very high",
        "hyperactivity": "close to average",
        "peer": "very high",
        "prosocial": "very low",
        "impact": None,
    }
    assert out["bands_original"] == {
        "total_difficulties": "abnormal",
        "emotional": "abnormal",
        "conduct": "abnormal",
        "hyperactivity": "normal",
        "peer": "abnormal",
        "prosocial": "abnormal",
        "impact": None,
    }
    assert out["flags"] == []
    assert out["warnings"] == ["impact: the impact supplement (items 26-33) was not given"]


@pytest.mark.parametrize("measure", SDQ_IDS)
def test_all_not_true_scores_the_reverse_keyed_items(score, measure: str) -> None:
    # "Not True" everywhere: only the five reverse-keyed items score (2 each).
    out = score(measure, ",".join(["0"] * 25)).to_json()["scores"]
    assert out["emotional"] == 0
    assert out["conduct"] == 2  # obeys (7)
    assert out["hyperactivity"] == 4  # reflect (21), attends (25)
    assert out["peer"] == 4  # friend (11), popular (14)
    assert out["prosocial"] == 0
    assert out["total_difficulties"] == 10
    assert out["externalising"] == 6
    assert out["internalising"] == 4
    assert set(out) == KEYS


def test_reverse_keyed_set_is_the_published_one(registry) -> None:
    definition = registry.get("sdq-p4-17")
    assert {item.number for item in definition.items if item.reverse} == REVERSED == {7, 11, 14, 21, 25}


@pytest.mark.parametrize("item", sorted(REVERSED))
@pytest.mark.parametrize(("position", "expected"), [(0, 2), (1, 1), (2, 0)])
def test_each_reverse_keyed_item(score, item: int, position: int, expected: int) -> None:
    scale = next(name for name, items in SCALES.items() if item in items)
    form = positions_for()  # every scale 0: reverse-keyed items sit at position 2
    form[item - 1] = str(position)
    assert score("sdq-p4-17", form).scores[scale] == expected


@pytest.mark.parametrize("scale", sorted(SCALES))
@pytest.mark.parametrize("target", range(11))
def test_every_subscale_every_value(score, scale: str, target: int) -> None:
    result = score("sdq-s11-17", positions_for(**{scale: target}))
    assert result.scores[scale] == target
    others = [s for s in SCALES if s != scale]
    assert all(result.scores[s] == 0 for s in others)


@pytest.mark.parametrize(
    ("answered", "expected"),
    [
        # emotional items 3, 8, 13, 16, 24; None = missing
        ((2, 1, 1, 0, 0), 4),  # 0 missing: plain sum
        ((2, 1, 0, 0, None), 4),  # 1 missing: 3/4*5 = 3.75 -> 4
        ((1, 1, 0, 0, None), 3),  # 1 missing: 2/4*5 = 2.5 -> 3 (round half up; round() gives 2)
        ((2, 2, 1, 1, None), 8),  # 1 missing: 6/4*5 = 7.5 -> 8
        ((1, 0, 0, 0, None), 1),  # 1 missing: 1.25 -> 1
        ((2, 2, None, None, 0), 7),  # 2 missing: 4/3*5 = 6.67 -> 7 (the official example)
        ((1, None, None, 0, 0), 2),  # 2 missing: 1.67 -> 2
        ((None, 2, 2, None, 2), 10),  # 2 missing: 6/3*5 = 10
        ((None, None, None, 2, 2), None),  # 3 missing: not scored
    ],
)
def test_prorating_emotional(score, answered: tuple[int | None, ...], expected: int | None) -> None:
    form = positions_for()
    for item, value in zip(SCALES["emotional"], answered, strict=True):
        form[item - 1] = "" if value is None else str(value)
    result = score("sdq-p4-17", form)
    assert result.scores["emotional"] == expected
    if expected is None:
        assert result.scores["total_difficulties"] is None
        assert result.scores["internalising"] is None
        assert result.scores["externalising"] == 0  # conduct and hyperactivity still scored
        assert result.bands["emotional"] is None
        assert result.bands_original["emotional"] is None
        assert result.bands["total_difficulties"] is None
        assert result.warnings == (
            "emotional: 3 of 5 items missing (items 3, 8, 13); at least 3 of 5 must be answered",
            "total_difficulties: not computed because emotional is missing",
            "internalising: not computed because emotional is missing",
            "impact: the impact supplement (items 26-33) was not given",
        )
    elif None in answered:
        assert "emotional" in result.provenance.prorated


def test_prorating_with_a_missing_reverse_keyed_item(score) -> None:
    # conduct 5,7R,12,18,22 with item 7 missing: 1+2+1+0 = 4 from 4 items -> 5.0
    form = positions_for()
    for item, value in zip(SCALES["conduct"], ("1", "", "2", "1", "0"), strict=True):
        form[item - 1] = value
    assert score("sdq-t4-17", form).scores["conduct"] == 5


@pytest.mark.parametrize(("measure", "key", "value", "label"), band_cases(FOUR_BAND))
def test_four_band_boundaries(score, measure: str, key: str, value: int, label: str) -> None:
    result = score(measure, vector_for(measure, key, value))
    assert result.scores[key] == value
    assert result.bands[key] == label


@pytest.mark.parametrize(("measure", "key", "value", "label"), band_cases(THREE_BAND))
def test_original_three_band_boundaries(score, measure: str, key: str, value: int, label: str) -> None:
    result = score(measure, vector_for(measure, key, value))
    assert result.scores[key] == value
    assert result.bands_original[key] == label


@pytest.mark.parametrize("measure", SDQ_IDS)
def test_band_keys(score, measure: str) -> None:
    result = score(measure, positions_for())
    assert set(result.bands) == BAND_KEYS
    assert set(result.bands_original) == BAND_KEYS


@pytest.mark.parametrize("measure", ["sdq-p4-17", "sdq-s11-17"])
def test_no_difficulties_gives_impact_zero_and_ignores_later_answers(score, measure: str) -> None:
    later = ["3"] * 7  # every later impact answer "A great deal" / "Over a year"
    result = score(measure, [*positions_for(), "0", *later])
    assert result.scores["impact"] == 0
    assert result.bands["impact"] == "close to average"
    assert result.bands_original["impact"] == "normal"
    assert result.warnings == ()
    empty = score(measure, positions_for() + ["0"] + [""] * 7)
    assert empty.scores["impact"] == 0


def test_teacher_no_difficulties(score) -> None:
    result = score("sdq-t4-17", [*positions_for(), "0", "3", "3", "3", "3", "3"])
    assert result.scores["impact"] == 0


@pytest.mark.parametrize(
    ("measure", "item"),
    [("sdq-p4-17", n) for n in (28, 29, 30, 31, 32)]
    + [("sdq-s11-17", n) for n in (28, 29, 30, 31, 32)]
    + [("sdq-t4-17", n) for n in (28, 29, 30)],
)
@pytest.mark.parametrize(("position", "expected"), [("0", 0), ("1", 0), ("2", 1), ("3", 2)])
def test_every_impact_item_and_its_recode(
    score, measure: str, item: int, position: str, expected: int
) -> None:
    block = impact_block(measure, 0, gate="2")
    block[item - 26] = position
    assert score(measure, positions_for() + block).scores["impact"] == expected


@pytest.mark.parametrize(
    ("measure", "not_scored"), [("sdq-p4-17", (27, 33)), ("sdq-s11-17", (27, 33)), ("sdq-t4-17", (27, 31))]
)
def test_chronicity_and_burden_are_not_in_impact(score, measure: str, not_scored: tuple[int, int]) -> None:
    block = impact_block(measure, 0, gate="3")
    for item in not_scored:
        block[item - 26] = "3"
    assert score(measure, positions_for() + block).scores["impact"] == 0


@pytest.mark.parametrize(("measure", "maximum"), [("sdq-p4-17", 10), ("sdq-s11-17", 10), ("sdq-t4-17", 6)])
def test_impact_maximum_per_informant(score, measure: str, maximum: int) -> None:
    block = ["3"] * (len(impact_block(measure, 0)))
    assert score(measure, positions_for() + block).scores["impact"] == maximum


# Impact with unanswered items. Expected values follow the sdqinfo scoring syntax as copied in
# public code: the R syntax recodes each impact item "0:1=0; 2=1; 3=2; NA=0" and leaves impact
# missing only when all of them are NA (ifelse(!pnimpact==5, ...)); the Stata syntax recodes
# "(.=0)" and sums "if (nimpact!=0)". Both then set impact to 0 when ebddiff (item 26) is 0.
# Item 26 is entered as its box position (0 No, 1-3 Yes); impact answers 0/1 score 0, 2 scores 1,
# 3 scores 2.


def test_parent_impact_with_an_unanswered_item_counts_it_as_zero(score) -> None:
    # The worked example: 25 zeros, then items 26-33 = 1,0,2,,0,0,0,0 -> distres "quite a lot"
    # (1) + imphome blank (0) + friendships, classroom, leisure "not at all" = impact 1, not null.
    result = score("sdq-p4-17", ["0"] * 25 + ["1", "0", "2", "", "0", "0", "0", "0"])
    assert result.scores["impact"] == 1
    assert result.bands["impact"] == "slightly raised"
    assert result.bands_original["impact"] == "borderline"
    assert result.warnings == ("impact: item 29 was not answered and counts as 0",)


@pytest.mark.parametrize(
    ("measure", "block", "expected"),
    [
        # self: distres "a great deal" (2), home and friendships blank, classroom "quite a lot" (1)
        ("sdq-s11-17", ["2", "1", "3", "", "", "2", "0", "1"], 3),
        # teacher: distres blank, peer relationships "a great deal" (2), classroom blank
        ("sdq-t4-17", ["3", "2", "", "3", "", "0"], 2),
        # only one item answered, "only a little" (0): still a score of 0, not missing
        ("sdq-p4-17", ["2", "1", "", "", "", "", "1", "0"], 0),
    ],
)
def test_unanswered_impact_items_count_zero_for_every_informant(
    score, measure: str, block: list[str], expected: int
) -> None:
    result = score(measure, positions_for() + block)
    assert result.scores["impact"] == expected


@pytest.mark.parametrize("measure", SDQ_IDS)
def test_impact_is_missing_only_when_every_impact_item_is_blank(score, measure: str) -> None:
    block = impact_block(measure, 0, gate="2")
    items = (28, 29, 30) if measure == "sdq-t4-17" else (28, 29, 30, 31, 32)
    for item in items:
        block[item - 26] = ""
    result = score(measure, positions_for() + block)
    assert result.scores["impact"] is None
    assert result.bands["impact"] is None
    assert result.warnings == (
        f"impact: every impact item (items {', '.join(str(n) for n in items)}) is blank, so there is no "
        "impact score",
    )


def test_unanswered_item_26_leaves_impact_missing_with_a_warning(score) -> None:
    # Item 26 blank but impact items answered: the sources disagree (R: missing; Stata: the sum,
    # here 2 + 2 + 2 + 2 + 2 = 10). LinkDesk keeps the R rule and says so in a warning.
    result = score("sdq-p4-17", [*positions_for(), "", "1", "3", "3", "3", "3", "3", "0"])
    assert result.scores["impact"] is None
    assert result.bands["impact"] is None
    assert result.warnings == (
        "impact: item 26 (the question that opens the supplement) was not answered, so the score is "
        "left missing (the answered items would sum to 10); sdqinfo's R syntax leaves impact missing "
        "here, its Stata syntax sums the items: ask item 26 and re-enter the form",
    )
    blank = score("sdq-p4-17", [*positions_for(), "", "", "", "", "", "", "", ""])
    assert blank.scores["impact"] is None


def test_twenty_five_values_give_null_impact_for_teacher(score) -> None:
    result = score("sdq-t4-17", positions_for())
    assert result.scores["impact"] is None
    assert result.warnings == ("impact: the impact supplement (items 26-31) was not given",)


def test_provenance_records_definition_and_band_schemes(score) -> None:
    result = score("sdq-s11-17", positions_for() + impact_block("sdq-s11-17", 2))
    assert result.provenance.definition_version == "1.1.0"
    assert result.provenance.informant == "self"
    assert result.provenance.band_scheme == "sdq-s11-17-four-band"
    assert result.provenance.band_scheme_original == "sdq-s11-17-original-three-band"
    assert result.provenance.prorated == ()
