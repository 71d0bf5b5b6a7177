"""The next steps a saved case discussion calls for (domain.md §3.3, §3.4): offered, never taken.

An item "referred to specialist CAMHS" calls for a draft referral there; one referred to another
agency or to early help, a draft referral with that destination; agreed actions with a follow-up
date, an ``action`` due on that date (the prep sheet and the weekly summary count those); and a
linked case whose family agreed to sharing with the school, a feedback letter for the school.

``next_steps`` only proposes; ``take_steps`` writes the ones the user accepted, all or nothing.
``steps_once_named`` offers again, once an anonymous item is made into a case, the referral that
could not be made while the child had no record.
Pure: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from linkdesk.domain.fields import SHORT_TEXT_LIMIT
from linkdesk.domain.records import Record
from linkdesk.domain.redaction import clip
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.me import read_me
from linkdesk.services.school_view import cyp_label

#: Where each referring outcome sends the referral (the user can change it before accepting).
REFERRAL_FOR_OUTCOME = {
    "referred_specialist": "specialist_camhs",
    "referred_other_agency": "other",
    "early_help": "early_help",
}
#: The letter offered where consent allows it.
FEEDBACK_LETTER = "school-feedback"


@dataclass(frozen=True)
class NextStep:
    """One proposed record: ``kind`` is "referral", "action" or "letter"."""

    kind: str
    item_id: str
    #: The case it is about ("" for an anonymous item).
    cyp_id: str
    case: str
    #: referral: the destination; action: the description; letter: the template.
    what: str
    #: action: the due date (ISO).
    due_on: str = ""
    school_id: str = ""
    visit_id: str = ""
    owner_staff_id: str = ""


def next_steps(casework: Casework, visit_id: str, items: list[Record]) -> list[NextStep]:
    """What the saved ``items`` of the visit call for, in item order."""
    records = casework.records
    visit = records.get("visit", visit_id)
    me = read_me(records)
    owner = str(visit.get("staff_id") or (me.staff_id if me else ""))
    steps: list[NextStep] = []
    for item in items:
        cyp = records.records.get(item.get("cyp_id")) if item.get("cyp_id") else None
        base = NextStep(
            "",
            item.id,
            cyp.id if cyp else "",
            cyp_label(cyp) if cyp else str(item.get("anon_label") or "Not named"),
            "",
            school_id=str(visit.get("school_id")),
            visit_id=visit_id,
            owner_staff_id=owner,
        )
        destination = REFERRAL_FOR_OUTCOME.get(item.get("outcome") or "")
        if destination and cyp is not None:
            steps.append(replace(base, kind="referral", what=destination))
        if item.get("follow_up_on"):
            agreed = str(item.get("actions") or "").strip() or "Follow up the case discussion"
            steps.append(
                replace(
                    base, kind="action", what=clip(agreed, SHORT_TEXT_LIMIT), due_on=item.get("follow_up_on")
                )
            )
        if cyp is not None and casework.has_active_consent(cyp.id, "share_with_school") is not None:
            steps.append(replace(base, kind="letter", what=FEEDBACK_LETTER))
    return steps


def steps_once_named(casework: Casework, item_id: str) -> list[NextStep]:
    """What an anonymous item made into a case still calls for: the draft referral its outcome
    asked for (an anonymous item cannot be referred), unless one was made from it already."""
    records = casework.records
    item = records.get("discussion_item", item_id)
    if not item.get("cyp_id") or records.find("referral", {"origin_item_id": item_id}):
        return []
    return [s for s in next_steps(casework, str(item.get("visit_id")), [item]) if s.kind == "referral"]


def take_steps(casework: Casework, steps: list[NextStep]) -> list[Record]:
    """Write the accepted referrals and actions together, or nothing. Letters are made on the
    Letters page (they need a printer or a file), so they write nothing here."""
    made: list[Record] = []
    with casework.session.transaction():
        for step in steps:
            if step.kind == "referral":
                made.append(
                    casework.make_referral(
                        step.cyp_id, step.what, status="draft", origin_item_id=step.item_id
                    )
                )
            elif step.kind == "action":
                made.append(casework.records.add("action", action_fields(step)))
            elif step.kind != "letter":
                raise ValidationError(f"kind: {step.kind!r} is not a next step.", "kind")
    return made


def action_fields(step: NextStep) -> dict[str, Any]:
    fields = {
        "description": step.what,
        "due_on": step.due_on,
        "status": "open",
        "school_id": step.school_id,
        "cyp_id": step.cyp_id,
        "visit_id": step.visit_id,
        "discussion_item_id": step.item_id,
        "owner_staff_id": step.owner_staff_id,
    }
    return {k: v for k, v in fields.items() if v}
