"""Exact arithmetic for scores: fractions inside, :class:`~decimal.Decimal` out.

Publishers round half up (the SDQ syntax uses ``floor(0.5 + x)``). Python's ``round`` rounds half
to even (``round(2.5) == 2``), so it is never used here. Every score is computed as an exact
:class:`~fractions.Fraction` and rounded once, at the end, by :func:`round_half_up`.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Number = int | Decimal | Fraction


def round_half_up(value: Number, places: int = 0) -> Decimal:
    """Round ``value`` to ``places`` decimals, halves away from zero, exactly.

    For the non-negative values that scores take this is the publishers' ``floor(x + 0.5)``;
    for negative differences it is the mirror image (``-2.5 -> -3``), which is what
    :data:`decimal.ROUND_HALF_UP` does too.
    """
    if places < 0:
        raise ValueError("places must not be negative")
    scaled = Fraction(value) * (10**places)
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    signed = -magnitude if scaled < 0 else magnitude
    return Decimal(signed).scaleb(-places)


def to_fraction(value: Number) -> Fraction:
    """An exact fraction of an int, Decimal or Fraction (Decimals convert without loss)."""
    return Fraction(value)


def json_number(value: Decimal | None, places: int) -> int | float | None:
    """The JSON form of a score: an integer when the score has no decimals, else a float.

    A float is only the carrier: the value was already rounded exactly to ``places`` decimals,
    so ``float`` reproduces it (``Decimal("14.40")`` prints as ``14.4``).
    """
    if value is None:
        return None
    if places == 0:
        return int(value)
    return float(value)


def format_decimal(value: Decimal | None, places: int) -> str:
    """Human-readable fixed-point text (``1.50``), or an en dash when there is no score."""
    if value is None:
        return "–"
    return f"{value:.{places}f}"


def parse_decimal(text: str) -> Decimal | None:
    """Parse a plain decimal number (``7``, ``7.5``, ``-1``); ``None`` when it is not one.

    Exponents, ``NaN``, ``Infinity``, thousands separators and embedded spaces are refused, so
    only what a person would type from a paper form gets through.
    """
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body or body.count(".") > 1:
        return None
    digits = body.replace(".", "", 1)
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    return Decimal(stripped)


def decimal_places(value: Decimal) -> int:
    """How many decimals ``value`` was written with (``Decimal("7.50")`` -> 2)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        return 0
    return max(0, -exponent)
