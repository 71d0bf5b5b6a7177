"""Checking raw responses against a definition before anything is scored.

Responses come in the printed order of the form. A discrete item's response is the position of
the ticked box counting from 0 (the engine applies reverse keying); a continuous item's response
is the measured value (ORS/CORS marks in cm). ``None`` or an empty string is a missing answer.
Anything else that does not fit the item's answer scale is refused with a message naming the item.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from linkdesk.errors import ValidationError
from linkdesk.measures.definitions import AnswerScale, Item, MeasureDefinition
from linkdesk.measures.numbers import decimal_places, parse_decimal

Response = int | Decimal | None
RawResponse = str | int | float | Decimal | None

FIELD = "responses"


def split_responses(text: str) -> list[str]:
    """``"1,,2"`` -> ``["1", "", "2"]``: one value per comma-separated position."""
    return [part.strip() for part in text.split(",")]


def parse_responses(definition: MeasureDefinition, text: str) -> tuple[Response, ...]:
    """Parse the CLI form ``"R1,R2,...,RN"``."""
    return check_responses(definition, split_responses(text))


def check_responses(definition: MeasureDefinition, values: Sequence[RawResponse]) -> tuple[Response, ...]:
    """Validate ``values`` for ``definition``; raise :class:`ValidationError` on the first fault."""
    if len(values) not in definition.response_counts:
        raise ValidationError(
            f"{definition.short_name} takes {definition.describe_counts()} responses in the printed "
            f"order of the form (leave a value empty for a missing answer); got {len(values)}",
            field=FIELD,
        )
    return tuple(
        _check_one(definition, item, definition.scale_of(item), value)
        for item, value in zip(definition.items, values, strict=False)
    )


def _check_one(definition: MeasureDefinition, item: Item, scale: AnswerScale, value: RawResponse) -> Response:
    where = f"Item {item.number} of {definition.short_name}"
    number = _as_decimal(value, where)
    if number is None:
        return None
    shown = str(value).strip() if isinstance(value, str) else str(number)
    if scale.continuous:
        if not scale.minimum <= number <= scale.maximum:
            raise ValidationError(
                f"{where}: {shown} is outside the answer scale {scale.describe()}", field=FIELD
            )
        if decimal_places(number.normalize()) > scale.places:
            raise ValidationError(
                f"{where}: {shown} has more than {scale.places} decimal place(s) "
                f"(answer scale {scale.describe()}, measured to {Decimal(1).scaleb(-scale.places)})",
                field=FIELD,
            )
        return number
    if number != number.to_integral_value():
        raise ValidationError(
            f"{where}: {shown} is not a box position; the answer scale is {scale.describe()} (whole numbers)",
            field=FIELD,
        )
    position = int(number)
    if not 0 <= position < scale.options:
        raise ValidationError(f"{where}: {shown} is outside the answer scale {scale.describe()}", field=FIELD)
    return position


def _as_decimal(value: RawResponse, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{where}: {value!r} is not a number", field=FIELD)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(f"{where}: {value} is not a number", field=FIELD)
        return value
    if not value.strip():
        return None
    parsed = parse_decimal(value)
    if parsed is None:
        raise ValidationError(f"{where}: {value.strip()!r} is not a number", field=FIELD)
    return parsed
