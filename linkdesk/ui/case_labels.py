"""Plain-English words for the casework vocabularies the caseload and CYP pages show.

Stored values stay the fixed vocabulary (``domain/vocab.py``); ``labels.word`` turns a value into
words with these tables (and tidies any value not listed). Shared words are in ``labels.py``.
"""

from __future__ import annotations

from linkdesk.domain import vocab as v
from linkdesk.ui import labels as L

CLOSURE_REASONS = {
    "closed_without_specialist_input": "Closed without specialist input",
    "closed_after_specialist_referral": "Closed after referral to specialist services",
    "signposted": "Signposted elsewhere",
    "school_managing": "School is managing",
    "moved_or_left": "Moved or left the school",
    "declined_engagement": "Family or young person declined",
    "transferred": "Transferred to another service",
    "other": "Other reason",
}
CYP_FLAGS = {
    "looked_after": "Looked after",
    "child_in_need": "Child in need",
    "young_carer": "Young carer",
    "send": "SEND",
    "ehcp": "EHCP",
    "excluded_or_at_risk": "Excluded or at risk",
    "attendance_concern": "Attendance",
    "hard_to_reach": "Hard to reach",
    "high_risk_held_in_school": "High risk held in school",
    "appointment_attendance_risk": "May miss appointments",
}
CONSENT_SCOPES = {
    **L.CONSENT_SCOPES,
    "referral": "Referral",
    "liaison": "Liaison with others",
}
#: Consent states for a narrow column (the full words are in the tooltip and on the CYP page).
SHORT_CONSENT_STATES = {**L.CONSENT_STATES, "sought": "Asked", "missing": "Not asked"}
CONSENT_GIVERS = {"parent_carer": "Parent or carer", "cyp": "Young person", "both": "Both"}
CONSENT_METHODS = {"verbal": "Verbally", "written": "In writing", "letter_returned": "Letter returned"}
#: What recording a consent with each status means, as the form offers it.
CONSENT_STATUSES = {
    "sought": "Asked, waiting for an answer",
    "given": "Given",
    "refused": "Refused",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
}
DESTINATIONS = {
    **L.DESTINATIONS,
    "paediatrics": "Paediatrics",
    "educational_psychology": "Educational psychology",
    "school_nurse": "School nurse",
    "other": "Other service",
}
#: Short names for a narrow column (the full name is in the tooltip).
SHORT_DESTINATIONS = {
    "specialist_camhs": "CAMHS",
    "early_help": "Early Help",
    "paediatrics": "Paediatrics",
    "social_care": "Social care",
    "educational_psychology": "Ed psych",
    "school_nurse": "School nurse",
    "voluntary_sector": "Voluntary",
    "gp": "GP",
    "other": "Other",
}
REFERRAL_STATUSES = {
    **L.REFERRAL_STATUSES,
    "draft": "Not sent yet",
    "declined": "Declined",
    "seen": "Seen",
    "closed": "Closed",
}
REFERRAL_ROUTES = {
    "direct_school": "School referred directly",
    "via_link_worker": "Through the link worker",
    "via_gp": "Through the GP",
    "via_school_nurse": "Through the school nurse",
    "online_proforma": "Online form",
    "panel": "Panel",
}
REFERRAL_EVENTS = {
    "sent": "Sent",
    "received": "Received",
    "triaged": "Triaged",
    "accepted": "Accepted",
    "declined": "Declined",
    "allocated": "Allocated to a clinician",
    "appointment_offered": "Appointment offered",
    "appointment_attended": "Appointment attended",
    "appointment_dna": "Appointment not attended",
    "assessment": "Assessed",
    "treatment_plan": "Treatment plan agreed",
    "discharged": "Discharged",
    "status_query_from_school": "School asked how it stands",
    "status_query_from_parent": "Parent asked how it stands",
    "chased": "Chased",
    "feedback_sent_school": "Feedback sent to school",
    "closed": "Closed",
}
INFORMANTS = {
    "self": "Young person",
    "parent": "Parent or carer",
    "teacher": "Teacher",
    "clinician": "Clinician",
    "other": "Someone else",
}
RISK_LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}
TIME_POINTS = {"baseline": "Baseline", "review": "Review", "close": "Closing", "other": "Other"}
LETTER_AUDIENCES = {
    "parent_carer": "Parent or carer",
    "cyp": "Young person",
    "school": "School",
    "worker": "Worker",
    "referrer": "Referrer",
}
LETTER_OUTPUTS = {"previewed": "Previewed", "printed": "Printed", "saved": "Saved as PDF"}
CONCERNS = {**L.CONCERNS, "low_mood": "Low mood", "social_anxiety": "Social anxiety"}


def choices(values: tuple[str, ...], table: dict[str, str]) -> dict[str, str]:
    """Stored value -> words, in the vocabulary's order, for a choice box."""
    return {value: L.word(table, value) for value in values}


def closure_choices() -> dict[str, str]:
    return choices(v.CLOSURE_REASONS, CLOSURE_REASONS)


def case_title(initials: str, year: str, code: str) -> str:
    return "  ·  ".join(p for p in (initials, year, code) if p)


CARER_RELATIONSHIPS = {
    "step_parent": "Step-parent",
    "other_relative": "Other relative",
    "special_guardian": "Special guardian",
}
SEXES = {"not_stated": "Not stated"}
#: Year groups for a choice box: 0 is Reception.
YEAR_GROUPS = {year: "Reception" if year == 0 else f"Year {year}" for year in range(15)}
