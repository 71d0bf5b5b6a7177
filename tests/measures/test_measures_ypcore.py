"""YP-CORE: reverse-keyed positive items, one missing item allowed, clinical score, CSC, risk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from linkdesk.errors import ValidationError

REVERSED = (3, 5, 10)  # able to cope, someone to ask for help, done all the things I wanted


def zero_form() -> list[str]:
    """Every item scoring 0: positive items ticked 'Most or all of the time' (position 4)."""
    return ["4" if n in REVERSED else "0" for n in range(1, 11)]


def test_hand_worked_complete_form(score) -> None:
    # positions 1,2,3,0,1,2,3,4,0,1 -> keyed 1,2,(4-3),0,(4-1),2,3,4,0,(4-1) = 19
    result = score("ypcore", "1,2,3,0,1,2,3,4,0,1")
    assert result.scores == {"total": Decimal("19.0"), "mean": Decimal("1.90")}
    out = result.to_json()
    assert out["scores"] == {"total": 19.0, "mean": 1.9}
    assert isinstance(out["scores"]["total"], float)
    assert out["flags"] == []
    assert out["warnings"] == []
    assert out["bands"] == {}  # the cut-off needs age and sex
    assert out["bands_original"] == {}


def test_all_not_at_all_scores_the_positive_items(score) -> None:
    result = score("ypcore", ",".join(["0"] * 10))
    assert result.scores == {"total": Decimal("12.0"), "mean": Decimal("1.20")}


@pytest.mark.parametrize("item", REVERSED)
@pytest.mark.parametrize(("position", "expected"), [(0, 4), (1, 3), (2, 2), (3, 1), (4, 0)])
def test_each_reverse_keyed_item(score, item: int, position: int, expected: int) -> None:
    form = zero_form()
    form[item - 1] = str(position)
    assert score("ypcore", form).scores["total"] == Decimal(expected)


@pytest.mark.parametrize("item", [1, 2, 4, 6, 7, 8, 9])
def test_each_plain_item(score, item: int) -> None:
    form = zero_form()
    form[item - 1] = "3"
    assert score("ypcore", form).scores["total"] == Decimal("3.0")


# Missing items: CST "What's in a name (1): scoring CORE measures" (coresystemtrust.org.uk):
# the YP-CORE may be pro-rated "if one item was missing", as the mean of the remaining items,
# x 10 for the clinical score; two missing items give no score. Expected values worked by hand.
@pytest.mark.parametrize(
    ("form", "total", "mean"),
    [
        ("3,3,4,0,,3,2,1,1,4", "14.4", "1.44"),  # 13 / 9 items = 1.444...
        ("1,2,3,4,,1,2,3,4,0", "24.4", "2.44"),  # 22 / 9 = 2.444...
        ("2,2,2,2,,2,2,2,2,2", "20.0", "2.00"),  # 18 / 9
        ("0,0,4,0,4,0,0,0,,4", "0.0", "0.00"),
        ("4,4,0,4,0,4,4,4,,0", "40.0", "4.00"),
        ("1,0,4,0,4,0,0,0,,4", "1.1", "0.11"),  # 1 / 9 = 0.111...
        ("3,2,4,0,4,0,0,0,,4", "5.6", "0.56"),  # 5 / 9 = 0.555... rounds up
    ],
)
def test_one_missing_item_is_prorated(score, form: str, total: str, mean: str) -> None:
    result = score("ypcore", form)
    assert result.scores["total"] == Decimal(total)
    assert result.scores["mean"] == Decimal(mean)
    assert result.provenance.prorated == ("total", "mean")


def test_two_missing_items_give_null_with_reason(score) -> None:
    result = score("ypcore", "1,,1,1,1,1,,1,1,1")
    assert result.scores == {"total": None, "mean": None}
    assert result.to_json()["scores"] == {"total": None, "mean": None}
    assert result.warnings == (
        "total: 2 of 10 items missing (items 2, 7); at least 9 of 10 must be answered",
        "mean: 2 of 10 items missing (items 2, 7); at least 9 of 10 must be answered",
    )


@pytest.mark.parametrize(
    ("position", "flags"), [("0", ()), ("1", ("risk",)), ("2", ("risk",)), ("4", ("risk",))]
)
def test_risk_flag_when_item_4_above_zero(score, position: str, flags: tuple[str, ...]) -> None:
    form = zero_form()
    form[3] = position
    result = score("ypcore", form)
    assert result.flags == flags
    assert result.warnings == ()


def test_missing_risk_item_is_warned_not_flagged(score) -> None:
    form = zero_form()
    form[3] = ""
    result = score("ypcore", form)
    assert result.flags == ()
    assert result.scores["total"] == Decimal("0.0")
    assert result.warnings == ("risk: item 4 was not answered; it is a risk item, so ask about it directly",)


def form_with_total(total: int) -> list[str]:
    form = zero_form()
    for index in (0, 1, 5, 6, 7, 8, 3):  # plain items first, then the risk item
        step = min(4, total)
        form[index] = str(step)
        total -= step
    assert total == 0
    return form


@pytest.mark.parametrize(
    ("sex", "age", "cutoff"),
    [
        ("male", 11, 10),
        ("male", 12, 10),
        ("male", 13, 10),
        ("male", 14, 13),
        ("male", 15, 14),
        ("male", 16, 15),
        ("female", 11, 11),
        ("female", 12, 15),
        ("female", 13, 14),
        ("female", 14, 16),
        ("female", 15, 16),
        ("female", 16, 15),
    ],
)
def test_default_cutoffs_blackshaw(score, sex: str, age: int, cutoff: int) -> None:
    at = score("ypcore", form_with_total(cutoff), age=age, sex=sex)
    below = score("ypcore", form_with_total(cutoff - 1), age=age, sex=sex)
    assert at.bands == {"total": "clinical range"}
    assert below.bands == {"total": "non-clinical range"}
    assert at.provenance.cutoff_sets == ("blackshaw",)


@pytest.mark.parametrize(
    ("sex", "age", "clinical_total", "non_clinical_total"),
    [
        ("male", 11, 11, 10),  # 10.3
        ("male", 13, 11, 10),
        ("male", 14, 15, 14),  # 14.1
        ("male", 16, 15, 14),
        ("female", 11, 15, 14),  # 14.4
        ("female", 13, 15, 14),
        ("female", 14, 16, 15),  # 15.9
        ("female", 16, 16, 15),
    ],
)
def test_twigg_2016_cutoffs(score, sex: str, age: int, clinical_total: int, non_clinical_total: int) -> None:
    options = {"age": age, "sex": sex, "cutoff_set": "twigg-2016"}
    assert score("ypcore", form_with_total(clinical_total), **options).bands == {"total": "clinical range"}
    assert score("ypcore", form_with_total(non_clinical_total), **options).bands == {
        "total": "non-clinical range"
    }


def test_prorated_score_at_a_cutoff(score) -> None:
    # 13 from 9 items = 14.44 -> reported 14.4, at the Twigg female 11-13 cut-off (1.44 x 10)
    options = {"age": 12, "sex": "female", "cutoff_set": "twigg-2016"}
    at = score("ypcore", "3,3,4,0,,3,2,1,1,4", **options)
    assert at.scores["total"] == Decimal("14.4")
    assert at.bands == {"total": "clinical range"}
    # 12 from 9 items = 13.3: below it
    below = score("ypcore", "3,3,4,0,,3,2,1,0,4", **options)
    assert below.scores["total"] == Decimal("13.3")
    assert below.bands == {"total": "non-clinical range"}


def test_age_outside_the_tables_gives_null_band_with_reason(score) -> None:
    result = score("ypcore", form_with_total(20), age=17, sex="female")
    assert result.bands == {"total": None}
    assert result.warnings == (
        "total: no clinical cut-off for a female aged 17 in YP-CORE cut-offs, Blackshaw PhD (CST default), "
        "so no band is given",
    )


def test_only_age_or_only_sex_gives_no_band(score) -> None:
    assert score("ypcore", form_with_total(20), age=14).bands == {}
    assert score("ypcore", form_with_total(20), sex="male").bands == {}


def test_unknown_cutoff_set_is_refused(score) -> None:
    with pytest.raises(
        ValidationError, match="Unknown cut-off set 'nope'; choose one of: blackshaw, twigg-2016"
    ):
        score("ypcore", form_with_total(20), age=14, sex="male", cutoff_set="nope")


def test_item_text_and_copyright_line_ship(registry) -> None:
    definition = registry.get("ypcore")
    assert definition.item_text_allowed is True
    assert definition.item(4).text == "I’ve thought of hurting myself"
    assert "CORE System Trust" in definition.licence.copyright_line
    assert "CC BY-NC-ND 4.0" in definition.licence.name
