"""SWEMWBS raw and metric scores, GBO goal ratings, ORS/CORS totals and cut-offs."""

from __future__ import annotations

from decimal import Decimal

import pytest

# Warwick SWEMWBS raw -> metric conversion table, restated here as the test oracle.
SWEMWBS_METRIC = {
    7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75", 14: "15.32",
    15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98", 20: "18.59", 21: "19.25",
    22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35", 26: "23.21", 27: "24.11", 28: "25.03",
    29: "26.02", 30: "27.03", 31: "28.13", 32: "29.31", 33: "30.70", 34: "32.55", 35: "35.00",
}  # fmt: skip


def swemwbs_form(raw: int) -> list[str]:
    """Positions 0-4 (scored 1-5) adding up to ``raw``."""
    extra = raw - 7
    form = []
    for _ in range(7):
        step = min(4, extra)
        form.append(str(step))
        extra -= step
    return form


def test_swemwbs_endpoints(score) -> None:
    low = score("swemwbs", "0,0,0,0,0,0,0").to_json()
    assert low["scores"] == {"raw": 7, "metric": 7.0}
    high = score("swemwbs", "4,4,4,4,4,4,4").to_json()
    assert high["scores"] == {"raw": 35, "metric": 35.0}
    assert high["bands"] == {}
    assert high["flags"] == []
    assert high["warnings"] == []


@pytest.mark.parametrize(("raw", "metric"), sorted(SWEMWBS_METRIC.items()))
def test_swemwbs_conversion_table(score, raw: int, metric: str) -> None:
    result = score("swemwbs", swemwbs_form(raw))
    assert result.scores["raw"] == raw
    assert result.scores["metric"] == Decimal(metric)
    assert str(result.scores["metric"]) == metric  # two decimals kept


def test_swemwbs_hand_worked(score) -> None:
    # positions 2,3,1,4,0,2,3 -> scores 3,4,2,5,1,3,4 = 22 -> 19.98
    assert score("swemwbs", "2,3,1,4,0,2,3").to_json()["scores"] == {"raw": 22, "metric": 19.98}


def test_swemwbs_missing_item_is_not_prorated(score) -> None:
    result = score("swemwbs", "2,3,1,,0,2,3")
    assert result.scores == {"raw": None, "metric": None}
    assert result.warnings == (
        "raw: 1 of 7 items missing (item 4); every item must be answered for this score",
        "metric: not computed because raw is missing",
    )


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        ("7", {"goal_1": 7, "goal_2": None, "goal_3": None, "mean": 7.0}),
        ("3,4", {"goal_1": 3, "goal_2": 4, "goal_3": None, "mean": 3.5}),
        ("1,2,2", {"goal_1": 1, "goal_2": 2, "goal_3": 2, "mean": 1.67}),
        ("0,10,5", {"goal_1": 0, "goal_2": 10, "goal_3": 5, "mean": 5.0}),
        ("2,,9", {"goal_1": 2, "goal_2": None, "goal_3": 9, "mean": 5.5}),
        ("1,1,0", {"goal_1": 1, "goal_2": 1, "goal_3": 0, "mean": 0.67}),
    ],
)
def test_gbo_goal_ratings_and_mean(score, responses: str, expected: dict[str, object]) -> None:
    assert score("gbo", responses).to_json()["scores"] == expected


def test_gbo_reasons_for_missing_goals(score) -> None:
    result = score("gbo", "7")
    assert result.warnings == ("goal_2: item 2 was not given", "goal_3: item 3 was not given")
    none = score("gbo", ",,")
    assert none.scores["mean"] is None
    assert none.warnings[-1] == "mean: 3 of 3 items missing (items 1, 2, 3); at least 1 of 3 must be answered"


def test_gbo_wording_is_allowed(registry) -> None:
    definition = registry.get("gbo")
    assert definition.item_text_allowed is True
    assert definition.licence.status.value == "shipped"
    assert "CC BY-NC-SA 4.0" in definition.licence.name


@pytest.mark.parametrize(
    ("responses", "total"),
    [
        ("0,0,0,0", "0.0"),
        ("10,10,10,10", "40.0"),
        ("5.5,6,7.2,3", "21.7"),
        ("7.0,7.0,7.0,6.9", "27.9"),
        ("7,7,7,7", "28.0"),
        ("0.1,0.1,0.1,0.1", "0.4"),
    ],
)
def test_ors_total(score, responses: str, total: str) -> None:
    assert score("ors", responses).scores["total"] == Decimal(total)


# Cut-offs: ORS adult 25 and CORS 32 from OpenFIT knowledge base KA-01031 ("25 for adults, 32 for
# children"); ORS adolescent 28 from Duncan et al. 2006 as recalled (not found: unverified). A total
# equal to the cut-off counts as non-clinical: a LinkDesk decision (rule.cutoff_tie, unverified).
@pytest.mark.parametrize(
    ("measure", "responses", "band"),
    [
        ("ors", "7,7,7,6.9", "clinical range"),  # 27.9 below the adolescent cut-off 28
        ("ors", "7,7,7,7", "non-clinical range"),  # 28.0
        ("cors", "8,8,8,7.9", "clinical range"),  # 31.9 below the child cut-off 32
        ("cors", "8,8,8,8", "non-clinical range"),  # 32.0
    ],
)
def test_ors_cors_cutoffs(score, measure: str, responses: str, band: str) -> None:
    result = score(measure, responses)
    assert result.bands == {"total": band}
    assert result.bands_original == {}


def test_ors_adult_cutoff_boundary(score) -> None:
    below = score("ors", "6,6,6,6.9", cutoff_set="adult")
    at = score("ors", "6,6,6,7", cutoff_set="adult")
    assert below.bands == {"total": "clinical range"}
    assert at.bands == {"total": "non-clinical range"}
    # the value 25 is checked; the tie rule is not, and the result says so
    assert "bands.total" not in at.unverified and "rule.cutoff_tie" in at.unverified


def test_ors_json_output_and_missing_mark(score) -> None:
    assert score("ors", "5.5,6,7.2,3").to_json() == {
        "measure": "ors",
        "scores": {"total": 21.7},
        "bands": {"total": "clinical range"},
        "bands_original": {},
        "flags": [],
        "warnings": [],
        # the adolescent cut-off 28 (default set), the tie rule, the missing-mark rule and the adult
        # RCI 5 were not found in any source read (docs/measures.md 2.5)
        "unverified": ["bands.total", "rule.cutoff_tie", "rule.missing_items", "change.rci"],
    }
    missing = score("cors", "5.5,,7.2,3")
    assert missing.scores["total"] is None
    assert missing.bands == {"total": None}
    assert missing.warnings == (
        "total: 1 of 4 items missing (item 2); every item must be answered for this score",
    )
