"""Words for codes in reports: vocabulary values, CYP codes, school names, truncated text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from linkdesk.domain.records import Record

_LABELS = {
    "advice_school_manages": "Advice given, school manages",
    "referred_specialist": "Referred to specialist CAMHS",
    "referred_other_agency": "Referred to another agency",
    "specialist_camhs": "Specialist CAMHS",
    "closed_without_specialist_input": "Closed without specialist input",
    "closed_after_specialist_referral": "Closed after specialist referral",
    "cancelled_by_school": "Cancelled by school",
    "cancelled_by_service": "Cancelled by service",
    "nothing_planned": "Nothing planned",
    "pru": "Pupil referral unit",
    "fe_college": "FE college",
    "send": "SEND",
    "ehcp": "EHCP",
    "share_with_school": "Share with school",
    "identifiable_discussion": "Identifiable discussion",
    "outcome_measures": "Outcome measures",
    "gp": "GP",
}


def label(code: object) -> str:
    """A vocabulary value as words: ``referred_specialist`` -> "Referred to specialist CAMHS"."""
    if code is None or code == "":
        return "Not recorded"
    text = str(code)
    if text in _LABELS:
        return _LABELS[text]
    words = text.replace("_", " ")
    return words[:1].upper() + words[1:]


def cyp_code(cyp: Record | None) -> str:
    """How a CYP appears in a report: the pseudonymous code, never a name."""
    if cyp is None:
        return "(anonymous)"
    return str(cyp.get("pseudonym") or f"CYP {cyp.id[:8]}")


def name_of(records: Mapping[str, Record], record_id: object, missing: str = "(not recorded)") -> str:
    record = records.get(str(record_id)) if record_id else None
    return str(record.get("name")) if record is not None else missing


def clip(text: object, limit: int) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


_WORD = re.compile(r"[^\W\d_]+")


def name_redactor(cyps: Iterable[Record]) -> Callable[[str], str]:
    """Replaces the given and family names of these CYP in free text with their codes.

    Free text such as an action ("ring Amara's mum") can name a child; a printed report shows
    the child's code instead. A name part shared by two children becomes "[name]".
    """
    names: dict[str, str] = {}
    for cyp in cyps:
        code = cyp_code(cyp)
        for field in ("given_name", "family_name"):
            for part in _WORD.findall(str(cyp.get(field) or "")):
                key = part.casefold()
                if len(key) >= 2:
                    names[key] = code if names.get(key, code) == code else "[name]"

    def redact(text: str) -> str:
        if not names:
            return text
        swapped = _WORD.sub(lambda m: names.get(m.group(0).casefold(), m.group(0)), text)
        for code in set(names.values()):
            swapped = re.sub(rf"{re.escape(code)}(?:[\s'-]+{re.escape(code)})+", code, swapped)
        return swapped

    return redact
