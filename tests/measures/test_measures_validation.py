"""Bad input is refused with a message that names the item; missing answers are not errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from linkdesk.errors import ValidationError
from linkdesk.measures import MeasureRegistry
from linkdesk.measures.responses import check_responses, parse_responses, split_responses

SDQ_OK = ["0"] * 25


def test_message_names_item_measure_value_and_scale(registry: MeasureRegistry) -> None:
    values = SDQ_OK.copy()
    values[6] = "5"
    with pytest.raises(ValidationError) as caught:
        registry.score("sdq-p4-17", values)
    assert str(caught.value) == "Item 7 of SDQ (parent 4-17): 5 is outside the answer scale 0-2"
    assert caught.value.field == "responses"


@pytest.mark.parametrize(
    ("measure", "count", "expected"),
    [
        ("sdq-p4-17", 24, "SDQ (parent 4-17) takes 25 or 33 responses"),
        ("sdq-p4-17", 26, "SDQ (parent 4-17) takes 25 or 33 responses"),
        ("sdq-p4-17", 31, "SDQ (parent 4-17) takes 25 or 33 responses"),
        ("sdq-t4-17", 33, "SDQ (teacher 4-17) takes 25 or 31 responses"),
        ("ypcore", 11, "YP-CORE takes 10 responses"),
        ("swemwbs", 6, "SWEMWBS takes 7 responses"),
        ("gbo", 4, "GBO takes 1, 2 or 3 responses"),
        ("ors", 3, "ORS takes 4 responses"),
        ("rcads25-c", 47, "RCADS-25 (child) takes 25 responses"),
        ("rcads47-p", 25, "RCADS-47 (parent) takes 47 responses"),
    ],
)
def test_wrong_number_of_responses(
    registry: MeasureRegistry, measure: str, count: int, expected: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        registry.score(measure, ["0"] * count)
    assert str(caught.value).startswith(expected)
    assert str(caught.value).endswith(f"got {count}")


@pytest.mark.parametrize(
    ("measure", "position", "value", "message"),
    [
        ("ypcore", 3, "x", "Item 3 of YP-CORE: 'x' is not a number"),
        ("ypcore", 1, "-1", "Item 1 of YP-CORE: -1 is outside the answer scale 0-4"),
        ("ypcore", 10, "5", "Item 10 of YP-CORE: 5 is outside the answer scale 0-4"),
        (
            "ypcore",
            2,
            "1.5",
            "Item 2 of YP-CORE: 1.5 is not a box position; the answer scale is 0-4 (whole numbers)",
        ),
        ("swemwbs", 7, "5", "Item 7 of SWEMWBS: 5 is outside the answer scale 0-4"),
        ("rcads25-p", 25, "4", "Item 25 of RCADS-25 (parent): 4 is outside the answer scale 0-3"),
        ("ors", 2, "10.5", "Item 2 of ORS: 10.5 is outside the answer scale 0.0-10.0"),
        ("cors", 4, "-0.1", "Item 4 of CORS: -0.1 is outside the answer scale 0.0-10.0"),
        ("ors", 1, "5.25", "Item 1 of ORS: 5.25 has more than 1 decimal place(s)"),
        ("ors", 1, "abc", "Item 1 of ORS: 'abc' is not a number"),
        ("gbo", 1, "11", "Item 1 of GBO: 11 is outside the answer scale 0-10"),
    ],
)
def test_bad_values(registry: MeasureRegistry, measure: str, position: int, value: str, message: str) -> None:
    definition = registry.get(measure)
    values = ["1"] * definition.response_counts[-1]
    values[position - 1] = value
    with pytest.raises(ValidationError) as caught:
        registry.score(measure, values)
    assert str(caught.value).startswith(message)


def test_sdq_impact_answers_are_checked_against_their_own_scale(registry: MeasureRegistry) -> None:
    values = [*SDQ_OK, "3", "3", "3", "3", "3", "3", "3", "4"]
    with pytest.raises(ValidationError) as caught:
        registry.score("sdq-s11-17", values)
    assert str(caught.value) == "Item 33 of SDQ (self 11-17): 4 is outside the answer scale 0-3"


def test_empty_values_and_whitespace_are_missing_not_errors(registry: MeasureRegistry) -> None:
    definition = registry.get("ypcore")
    assert parse_responses(definition, " 1, ,2,3,4,0,1,2,3, 4 ") == (1, None, 2, 3, 4, 0, 1, 2, 3, 4)
    assert split_responses("1,,2") == ["1", "", "2"]


def test_python_values_are_accepted_and_bools_refused(registry: MeasureRegistry) -> None:
    ors = registry.get("ors")
    assert check_responses(ors, [Decimal("7.5"), 3, 2.5, None]) == (
        Decimal("7.5"),
        Decimal(3),
        Decimal("2.5"),
        None,
    )
    with pytest.raises(ValidationError, match="Item 1 of ORS: True is not a number"):
        check_responses(ors, [True, 1, 1, 1])
    with pytest.raises(ValidationError, match="is not a number"):
        check_responses(ors, [Decimal("NaN"), 1, 1, 1])


def test_whole_number_written_with_decimals_is_a_position(registry: MeasureRegistry) -> None:
    assert check_responses(registry.get("gbo"), ["7.0"]) == (7,)
    assert check_responses(registry.get("ors"), ["10", "0", "9.90", "0.0"]) == (
        Decimal(10),
        Decimal(0),
        Decimal("9.90"),
        Decimal("0.0"),
    )
