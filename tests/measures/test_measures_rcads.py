"""RCADS-47 and RCADS-25: raw subscales, totals, risk item, and licensed local norm tables."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from linkdesk.measures import MeasureRegistry, ScoringContext

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "measures"

RCADS47 = {
    "separation_anxiety": (5, 9, 17, 18, 33, 45, 46),
    "social_phobia": (4, 7, 8, 12, 20, 30, 32, 38, 43),
    "generalised_anxiety": (1, 13, 22, 27, 35, 37),
    "panic": (3, 14, 24, 26, 28, 34, 36, 39, 41),
    "ocd": (10, 16, 23, 31, 42, 44),
    "depression": (2, 6, 11, 15, 19, 21, 25, 29, 40, 47),
}
RCADS25 = {
    "depression": (1, 4, 8, 10, 13, 15, 16, 19, 21, 24),
    "anxiety": (2, 3, 5, 6, 7, 9, 11, 12, 14, 17, 18, 20, 22, 23, 25),
}


def form(length: int, marked: tuple[int, ...], value: str = "3") -> list[str]:
    return [value if n in marked else "0" for n in range(1, length + 1)]


def test_rcads47_item_lists_partition_the_form() -> None:
    items = sorted(n for numbers in RCADS47.values() for n in numbers)
    assert items == list(range(1, 48))


@pytest.mark.parametrize("measure", ["rcads47-c", "rcads47-p"])
@pytest.mark.parametrize("subscale", sorted(RCADS47))
def test_rcads47_each_subscale(score, measure: str, subscale: str) -> None:
    items = RCADS47[subscale]
    result = score(measure, form(47, items, "2"))
    expected = {key: 0 for key in RCADS47}
    expected[subscale] = 2 * len(items)
    for key, value in expected.items():
        assert result.scores[key] == value
    anxiety = 0 if subscale == "depression" else 2 * len(items)
    assert result.scores["total_anxiety"] == anxiety
    assert result.scores["total_internalising"] == 2 * len(items)


def test_rcads47_maximum_and_hand_worked(score) -> None:
    top = score("rcads47-c", ["3"] * 47).to_json()["scores"]
    assert top == {
        "separation_anxiety": 21,
        "social_phobia": 27,
        "generalised_anxiety": 18,
        "panic": 27,
        "ocd": 18,
        "depression": 30,
        "total_anxiety": 111,
        "total_internalising": 141,
    }
    # item n ticked at position n % 4: worked by hand per subscale
    mixed = score("rcads47-p", [str(n % 4) for n in range(1, 48)]).scores
    assert mixed["separation_anxiety"] == 1 + 1 + 1 + 2 + 1 + 1 + 2  # 5,9,17,18,33,45,46
    assert mixed["generalised_anxiety"] == 1 + 1 + 2 + 3 + 3 + 1  # 1,13,22,27,35,37
    assert mixed["depression"] == 2 + 2 + 3 + 3 + 3 + 1 + 1 + 1 + 0 + 3  # 2,6,11,...,47
    assert mixed["total_internalising"] == sum(n % 4 for n in range(1, 48))


@pytest.mark.parametrize("measure", ["rcads25-c", "rcads25-p"])
def test_rcads25_scales(score, measure: str) -> None:
    depression = score(measure, form(25, RCADS25["depression"])).to_json()["scores"]
    assert depression == {"depression": 30, "anxiety": 0, "total": 30}
    anxiety = score(measure, form(25, RCADS25["anxiety"])).to_json()["scores"]
    assert anxiety == {"depression": 0, "anxiety": 45, "total": 75 - 30}
    assert score(measure, ["1"] * 25).to_json()["scores"] == {"depression": 10, "anxiety": 15, "total": 25}


def test_rcads25_risk_item_18(score) -> None:
    flagged = score("rcads25-c", form(25, (18,), "1"))
    assert flagged.flags == ("risk",)
    assert flagged.warnings == ()
    assert score("rcads25-c", form(25, (17, 19), "3")).flags == ()


def test_rcads47_risk_item_is_flagged_with_a_check_note(score) -> None:
    flagged = score("rcads47-c", form(47, (37,), "1"))
    assert flagged.flags == ("risk",)
    assert flagged.warnings == (
        "risk: raised by item 37; the position of 'thinks about death' as item 37 of the RCADS-47 "
        "is from recall and must be checked against the UCLA form",
    )


def test_rcads_missing_item_leaves_its_scales_missing(score) -> None:
    values = ["1"] * 25
    values[4] = ""  # item 5, anxiety
    result = score("rcads25-p", values)
    assert result.scores == {"depression": 10, "anxiety": None, "total": None}
    assert result.warnings == (
        "anxiety: 1 of 15 items missing (item 5); every item must be answered for this score",
        "total: not computed because anxiety is missing",
    )


def test_no_t_scores_without_licensed_norms(score, registry) -> None:
    result = score("rcads47-c", ["1"] * 47, age=12, sex="female")
    assert not any(key.startswith("t_") for key in result.scores)
    assert result.bands == {}
    assert registry.norms("rcads47-c") == ()


def write_norms(directory: Path) -> None:
    """A synthetic norm table (invented numbers: tests the file format, not the UCLA norms)."""
    table = {
        "kind": "norm_table",
        "id": "test-norms-1",
        "measure": "rcads25-c",
        "title": "Synthetic test norms",
        "source": "invented for tests",
        "licence_reference": "TEST-ONLY",
        "groups": [
            {
                "sex": "female",
                "grades": [5, 6],
                "scores": {
                    "depression": {"mean": 6, "sd": 4},
                    "anxiety": {"table": {str(n): 40 + n for n in range(46)}},
                },
            }
        ],
    }
    (directory / "rcads25-norms.json").write_text(json.dumps(table), encoding="utf-8")


def test_local_norm_table_gives_t_scores_and_bands(tmp_path: Path) -> None:
    write_norms(tmp_path)
    registry = MeasureRegistry.load(SHIPPED, [tmp_path])
    assert registry.summaries()[3]["norm_tables"] == ["test-norms-1"]
    values = form(25, RCADS25["depression"][:7], "1")  # depression 7
    context = ScoringContext(age=11, sex="female")  # grade 5
    result = registry.score("rcads25-c", values, context)
    assert result.scores["depression"] == 7
    assert result.scores["t_depression"] == Decimal(53)  # 50 + 10 * (7 - 6) / 4 = 52.5 -> 53
    assert result.scores["t_anxiety"] == Decimal(40)
    assert result.bands == {"depression": "normal range", "anxiety": "normal range"}
    assert result.provenance.norm_table == "test-norms-1"
    assert result.to_json()["scores"]["t_depression"] == 53


@pytest.mark.parametrize(
    ("depression", "t", "band"),
    [
        (9, 58, "normal range"),
        (11, 63, "normal range"),
        (12, 65, "borderline clinical"),
        (13, 68, "borderline clinical"),
        (14, 70, "clinical"),
        (30, 110, "clinical"),
    ],
)
def test_t_score_band_boundaries(tmp_path: Path, depression: int, t: int, band: str) -> None:
    write_norms(tmp_path)
    registry = MeasureRegistry.load(SHIPPED, [tmp_path])
    values = []
    remaining = depression
    for n in range(1, 26):
        step = min(3, remaining) if n in RCADS25["depression"] else 0
        remaining -= step
        values.append(str(step))
    result = registry.score("rcads25-c", values, ScoringContext(sex="female", grade=6))
    assert result.scores["t_depression"] == t
    assert result.bands["depression"] == band


def test_norms_need_sex_and_grade(tmp_path: Path) -> None:
    write_norms(tmp_path)
    registry = MeasureRegistry.load(SHIPPED, [tmp_path])
    missing = registry.score("rcads25-c", ["1"] * 25, ScoringContext(age=11))
    assert missing.warnings == (
        "T-scores not given: Synthetic test norms needs the young person's sex and age (or US school grade)",
    )
    outside = registry.score("rcads25-c", ["1"] * 25, ScoringContext(age=16, sex="female"))
    assert outside.warnings == (
        "T-scores not given: Synthetic test norms has no norms for a female in grade 10",
    )
    assert "t_depression" not in outside.scores
