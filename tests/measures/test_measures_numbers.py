"""Round half up, exactly: the publishers' floor(x + 0.5), never Python's banker's round."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from linkdesk.measures.numbers import (
    decimal_places,
    format_decimal,
    json_number,
    parse_decimal,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(5, 2), 0, "3"),  # round(2.5) == 2 in Python: the bug this avoids
        (Fraction(13, 2), 0, "7"),  # round(6.5) == 6
        (Fraction(1, 2), 0, "1"),
        (Fraction(3, 2), 0, "2"),
        (Fraction(20, 3), 0, "7"),  # SDQ official example: 4 from 3 items -> 6.67 -> 7
        (Fraction(15, 4), 0, "4"),  # 3.75
        (Fraction(49, 20), 1, "2.5"),  # 2.45 -> 2.5 (float 2.45 is below 2.45)
        (Decimal("2.675"), 2, "2.68"),  # float round(2.675, 2) == 2.67
        (Fraction(130, 9), 1, "14.4"),  # 14.444...
        (Fraction(13, 9), 2, "1.44"),
        (Fraction(-5, 2), 0, "-3"),  # halves away from zero, like decimal.ROUND_HALF_UP
        (0, 2, "0.00"),
        (15, 1, "15.0"),
    ],
)
def test_round_half_up(value: Fraction | Decimal | int, places: int, expected: str) -> None:
    result = round_half_up(value, places)
    assert str(result) == expected


def test_round_half_up_refuses_negative_places() -> None:
    with pytest.raises(ValueError, match="places"):
        round_half_up(1, -1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", Decimal(7)),
        (" 7.5 ", Decimal("7.5")),
        ("-1", Decimal(-1)),
        ("+2", Decimal(2)),
        (".5", Decimal("0.5")),
    ],
)
def test_parse_decimal_accepts_plain_numbers(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "x", "1e3", "NaN", "Infinity", "1.2.3", "1,5", "1 2", "٣", "-", "."])
def test_parse_decimal_refuses_anything_else(text: str) -> None:
    assert parse_decimal(text) is None


def test_json_number_and_formatting() -> None:
    assert json_number(Decimal(7), 0) == 7
    assert isinstance(json_number(Decimal(7), 0), int)
    assert json_number(Decimal("15.0"), 1) == 15.0
    assert isinstance(json_number(Decimal("15.0"), 1), float)
    assert json_number(None, 2) is None
    assert format_decimal(Decimal("1.5"), 2) == "1.50"
    assert format_decimal(None, 2) == "–"
    assert decimal_places(Decimal("7.50")) == 2
    assert decimal_places(Decimal("7")) == 0
