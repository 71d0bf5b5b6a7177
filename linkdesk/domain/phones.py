"""UK telephone numbers written the usual way, from the forms school lists give them in. Pure.

A GIAS download gives ``TelephoneNum`` as bare digits (``02072831147``); a file that has been
through a spreadsheet loses the leading 0 (``2072831147``). Both become ``020 7283 1147``. The
spacing follows the national numbering plan's area-code lengths (Ofcom): two-digit areas (020,
023, 024, 028, 029), three-digit areas (011x and 01x1), the twelve five-digit areas of the mixed
exchanges (such as 016977), four-digit areas for the rest of 01, and 03/08/09 as 0300 123 4567,
mobiles as 07700 900123.
"""

from __future__ import annotations

import re

#: National significant numbers (no leading 0) of the areas whose code has six digits with the 0.
_FIVE_DIGIT_AREAS = frozenset(
    {
        "13873",  # Langholm
        "15242",  # Hornby
        "15394",  # Hawkshead
        "15395",  # Grange-over-Sands
        "15396",  # Sedbergh
        "16973",  # Wigton
        "16974",  # Raughton Head
        "16977",  # Brampton
        "17683",  # Appleby
        "17684",  # Pooley Bridge
        "17687",  # Keswick
        "19467",  # Gosforth
    }
)
_TWO_DIGIT_AREAS = frozenset({"20", "23", "24", "28", "29"})
_SEPARATORS = re.compile(r"[\s\-.()/]")


def _groups(nsn: str) -> tuple[int, ...] | None:
    """The digit groups before the last one, by the area code's length; None if not UK."""
    first, ten = nsn[0], len(nsn) == 10
    if first == "1":
        if ten and "1" in (nsn[1], nsn[2]):  # 011x and 01x1: the big cities
            return (3, 3)
        return (5,) if nsn[:5] in _FIVE_DIGIT_AREAS else (4,)
    if ten and (first == "5" or nsn[:2] in _TWO_DIGIT_AREAS):
        return (2, 4)
    if first in "389":
        return (3, 3) if ten else (3,)
    return (4,) if first == "7" and ten else None


def _national(nsn: str) -> str | None:
    """``nsn`` (9 or 10 digits, no leading 0) spaced as a UK number, or None if it is not one."""
    if not nsn.isdigit() or len(nsn) not in (9, 10):
        return None
    groups = _groups(nsn)
    if groups is None:
        return None
    parts, start = [], 0
    for size in groups:
        parts.append(nsn[start : start + size])
        start += size
    parts.append(nsn[start:])
    return "0" + " ".join(parts)


def uk_phone(raw: str) -> str | None:
    """``raw`` as a UK number in the usual spaced form, or None when it is not a UK number.

    Accepts the leading 0 or not, ``+44``/``0044``/``44`` with or without ``(0)``, and the usual
    separators. Anything with letters (an extension, a note) or another country code is None: the
    caller keeps such a number as it was given.
    """
    text = raw.strip().replace("(0)", "")
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+"):
        if not digits.startswith("+44"):
            return None
        nsn = digits[3:]
    elif digits.startswith("0044"):
        nsn = digits[4:]
    elif digits.startswith("00"):
        return None
    elif digits.startswith("0"):
        nsn = digits[1:]
    elif len(digits) == 12 and digits.startswith("44"):
        nsn = digits[2:]
    else:
        nsn = digits  # the leading 0 a spreadsheet drops
    return _national(nsn)
