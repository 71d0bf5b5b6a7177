"""Reliable and clinically significant change between two administrations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from linkdesk.errors import ValidationError
from linkdesk.measures import ScoringContext, compare, goal_change, jacobson_truax_rci
from linkdesk.measures.change import indicative_rci


def test_jacobson_truax_worked_example() -> None:
    # Jacobson & Truax (1991): SD 7.5, reliability .80 -> 1.96 * sqrt(2) * 7.5 * sqrt(.2) = 9.297
    assert jacobson_truax_rci(Decimal("7.5"), Decimal("0.80")) == Decimal("9.30")
    assert jacobson_truax_rci(Decimal("5.2"), Decimal("0.83"), places=3) == Decimal("5.943")


@pytest.mark.parametrize(("sd", "reliability"), [("0", "0.8"), ("-1", "0.8"), ("5", "1"), ("5", "0")])
def test_rci_inputs_are_checked(sd: str, reliability: str) -> None:
    with pytest.raises(ValidationError):
        jacobson_truax_rci(Decimal(sd), Decimal(reliability))


@pytest.mark.parametrize(
    ("after", "reliable", "significant", "recovered"),
    [
        ("6.2,6.2,6.3,6.3", "no reliable change", False, False),  # 25.0: change 5.0 must be exceeded
        ("6.2,6.2,6.3,6.4", "reliable improvement", False, False),  # 25.1, still below 28
        ("7,7,7,7", "reliable improvement", True, True),  # 28.0: crosses the cut-off
        ("3.7,3.7,3.7,3.8", "reliable deterioration", False, False),  # 14.9
        ("5,5,5,5", "no reliable change", False, False),  # 20.0
    ],
)
def test_ors_change(score, registry, after: str, reliable: str, significant: bool, recovered: bool) -> None:
    first = score("ors", "5,5,5,5")  # 20.0, clinical range (below 28)
    result = compare(registry.get("ors"), first, score("ors", after))
    assert result.before == Decimal("20.0")
    assert result.reliable == reliable
    assert result.clinically_significant is significant
    assert result.recovered is recovered
    assert result.rci is not None and result.rci.value == Decimal(5)
    assert result.cutoff == Decimal(28)
    out = result.to_json(places=1)
    assert out["references"]["rci"] == 5.0
    assert out["references"]["rci_indicative"] is True
    assert out["references"]["cutoff_source"].startswith("ORS adolescent cut-off (13-17)")


def test_ypcore_change_with_supplied_rci_and_age_sex_cutoff(score, registry) -> None:
    definition = registry.get("ypcore")
    before = score("ypcore", "3,3,1,2,1,3,3,3,3,1")  # 3+3+3+2+3+3+3+3+3+3 = 29.0
    after = score("ypcore", "1,1,3,0,3,1,1,1,1,3")  # 1+1+1+0+1+1+1+1+1+1 = 9.0
    context = ScoringContext(age=14, sex="female")  # Blackshaw cut-off 16.0
    plain = compare(definition, before, after, context=context)
    assert plain.difference == Decimal("-20.0")
    assert plain.reliable is None
    assert plain.warnings == ("total: no reliable change index is recorded for YP-CORE",)
    assert plain.clinical_before is True and plain.clinical_after is False
    assert plain.clinically_significant is True
    assert plain.recovered is None
    rci = indicative_rci(Decimal("6.5"), Decimal("0.85"), "test reference")
    assert rci.value == Decimal("6.98")  # 1.96 * sqrt(2) * 6.5 * sqrt(.15)
    supplied = compare(definition, before, after, rci=rci, context=context)
    assert supplied.reliable == "reliable improvement"
    assert supplied.recovered is True
    assert supplied.to_json()["references"]["rci_source"].startswith("Jacobson-Truax from SD 6.5, alpha 0.85")


def test_ypcore_without_age_and_sex_gives_no_csc(score, registry) -> None:
    before = score("ypcore", "1,1,1,1,1,1,1,1,1,1")  # 7 x 1 + 3 reverse-keyed x 3 = 16.0
    result = compare(registry.get("ypcore"), before, score("ypcore", "0,0,4,0,4,0,0,0,0,4"))
    assert result.difference == Decimal("-16.0")
    assert result.clinically_significant is None
    assert "YP-CORE cut-offs, Blackshaw PhD (CST default) needs a matching age and sex" in result.warnings[-1]


def test_sdq_change_has_no_official_references(score, registry) -> None:
    before = score("sdq-p4-17", ",".join(["1"] * 25))
    after = score("sdq-p4-17", ",".join(["0"] * 25))
    result = compare(registry.get("sdq-p4-17"), before, after)
    assert result.score == "total_difficulties"
    assert result.difference == -10  # 20 -> 10
    assert result.reliable is None
    assert result.clinically_significant is None
    assert len(result.warnings) == 2


def test_missing_score_gives_no_change(score, registry) -> None:
    result = compare(registry.get("ors"), score("ors", "5,,5,5"), score("ors", "7,7,7,7"))
    assert result.difference is None
    assert result.reliable is None
    assert result.clinically_significant is None
    assert (
        result.warnings[0]
        == "total: a score is missing at one of the two administrations, so change is not given"
    )


def test_compare_refuses_other_measures(score, registry) -> None:
    with pytest.raises(ValidationError, match="Both administrations must be ORS"):
        compare(registry.get("ors"), score("cors", "1,1,1,1"), score("ors", "1,1,1,1"))
    with pytest.raises(ValidationError, match="has no score 'nope'"):
        compare(registry.get("ors"), score("ors", "1,1,1,1"), score("ors", "1,1,1,1"), score_key="nope")


def test_gbo_change_per_goal_and_mean(score, registry) -> None:
    definition = registry.get("gbo")
    result = goal_change(definition, score("gbo", "2,3,5"), score("gbo", "6,3"))
    assert result.per_goal == {"goal_1": Decimal(4), "goal_2": Decimal(0), "goal_3": None}
    assert result.mean_change == Decimal("2.00")
    assert result.reliable == "no reliable change"  # 2.00 does not exceed 2.45
    assert result.warnings == (
        "goal_3: rated at only one of the two administrations, so left out of the mean change",
    )


@pytest.mark.parametrize(
    ("first", "latest", "mean", "reliable"),
    [
        ("1,2", "5,6", "4.00", "reliable improvement"),
        ("5,6,7", "5,6,0", "-2.33", "no reliable change"),
        ("8,8,8", "5,5,4", "-3.33", "reliable deterioration"),
        ("1,1,1", "3,4,3", "2.33", "no reliable change"),
        ("1,1", "3,4", "2.50", "reliable improvement"),
    ],
)
def test_gbo_reliable_change(score, registry, first: str, latest: str, mean: str, reliable: str) -> None:
    result = goal_change(registry.get("gbo"), score("gbo", first), score("gbo", latest))
    assert result.mean_change == Decimal(mean)
    assert result.reliable == reliable
    assert result.rci is not None and result.rci.value == Decimal("2.45")


def test_gbo_no_paired_goal(score, registry) -> None:
    result = goal_change(registry.get("gbo"), score("gbo", "2"), score("gbo", ",5"))
    assert result.mean_change is None
    assert result.reliable is None
