"""Initials of a child or young person, made from the recorded names when none were given."""

from __future__ import annotations

import re

#: A name part starts after a space or a hyphen ("Mary-Jane" gives MJ); apostrophes stay inside.
_PARTS = re.compile(r"[\s\-\u2010]+")
MAX_INITIALS = 6


def derive_initials(given: str | None, family: str | None) -> str:
    """``Mary-Jane`` ``O'Neil Smith`` -> ``MJOS``: the first letter of every part, upper case."""
    letters = []
    for name in (given or "", family or ""):
        for part in _PARTS.split(name.strip()):
            first = next((ch for ch in part if ch.isalpha()), "")
            if first:
                letters.append(first.upper())
    return "".join(letters)[:MAX_INITIALS]
