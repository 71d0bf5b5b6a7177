"""Who a child is: NHS numbers as people read them, names compared for duplicates, and the year
group an anonymous label gives away. Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from linkdesk.domain.records import Record

#: Why an existing record may be the same child (shown to the user in these words).
SAME_NHS_NUMBER = "same NHS number"
SAME_NAME_AND_BIRTH = "same name and date of birth"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_YEAR = re.compile(r"\b(?:y(?:ea)?r?\.?\s*(\d{1,2})|(reception|yr))\b", re.IGNORECASE)


def format_nhs_number(digits: str | None) -> str:
    """``9434765919`` -> ``943 476 5919`` (the 3-3-4 form NHS staff read); other text unchanged."""
    if not digits:
        return ""
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return digits


def name_key(name: str | None) -> str:
    """A name as compared for duplicates: accents, case, curly apostrophes and spacing ignored,
    so "Siobhán O’Neill" matches "siobhan o'neill". Scripts without accents compare as written."""
    text = unicodedata.normalize("NFKD", (name or "").translate(_APOSTROPHES))
    bare = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).casefold().split())


@dataclass(frozen=True)
class IdentityMatch:
    """An existing child who may be the one being saved, and why."""

    record: Record
    reasons: tuple[str, ...]


def identity_matches(
    fields: Mapping[str, Any], existing: Iterable[Record], exclude_id: str | None = None
) -> list[IdentityMatch]:
    """Existing CYP records with the same NHS number, or the same given and family name and date
    of birth, as ``fields`` (stored forms). ``exclude_id``: the record being edited."""
    nhs = fields.get("nhs_number")
    given, family = name_key(fields.get("given_name")), name_key(fields.get("family_name"))
    born = fields.get("date_of_birth")
    found = []
    for record in existing:
        if record.id == exclude_id or record.deleted:
            continue
        reasons = []
        if nhs and record.get("nhs_number") == nhs:
            reasons.append(SAME_NHS_NUMBER)
        if (
            given
            and family
            and born
            and record.get("date_of_birth") == born
            and name_key(record.get("given_name")) == given
            and name_key(record.get("family_name")) == family
        ):
            reasons.append(SAME_NAME_AND_BIRTH)
        if reasons:
            found.append(IdentityMatch(record, tuple(reasons)))
    return sorted(found, key=lambda m: m.record.id)


def year_from_label(label: str | None) -> int | None:
    """The year group an anonymous label names, where it is plain: "anonymous Y8 girl" -> 8,
    "Year 10 boy" -> 10, "reception child" -> 0. None when it names none, or more than one."""
    years = set()
    for match in _YEAR.finditer(label or ""):
        years.add(0 if match.group(2) else int(match.group(1)))
    if len(years) != 1:
        return None
    year = years.pop()
    return year if 0 <= year <= 14 else None
