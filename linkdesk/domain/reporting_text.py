"""Words for codes in reports: vocabulary values, CYP codes, school names, shortened text
(``clip``, from ``redaction``, which never cuts a code)."""

from __future__ import annotations

from collections.abc import Mapping

from linkdesk.domain import redaction
from linkdesk.domain.records import Record
from linkdesk.domain.redaction import clip

__all__ = ["clip", "cyp_code", "label", "name_of"]

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
    return "(anonymous)" if cyp is None else redaction.cyp_code(cyp)


def name_of(records: Mapping[str, Record], record_id: object, missing: str = "(not recorded)") -> str:
    record = records.get(str(record_id)) if record_id else None
    return str(record.get("name")) if record is not None else missing
