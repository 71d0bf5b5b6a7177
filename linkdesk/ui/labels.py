"""Plain-English words for stored values, and the dates and durations the screens show.

Stored values stay the fixed vocabulary (``domain/vocab.py``); only what is shown changes. A
visit kind stored as ``consultation`` is shown as an advice slot: the service says "case
discussion", never "consultation" (domain.md §2.5).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

OUTCOMES = {
    "advice_school_manages": "Advice given; school manages",
    "watchful_waiting": "Watchful waiting",
    "signposted": "Signposted",
    "parent_meeting": "Meeting with parent or carer",
    "brief_intervention": "Brief intervention by our team",
    "joint_work": "Joint work with school staff",
    "assessment": "Assessment by the link worker",
    "referred_specialist": "Referred to specialist CAMHS",
    "referred_other_agency": "Referred to another agency",
    "early_help": "Early Help",
    "no_further_action": "No further action",
}
VISIT_KINDS = {
    "case_discussion": "Case discussion",
    "consultation": "Advice slot",
    "training": "Training",
    "drop_in": "Drop-in",
    "parent_meeting": "Parent meeting",
    "direct_work": "Direct work",
    "joint_visit": "Joint visit",
    "multi_school_clinic": "Multi-school clinic",
    "panel": "Panel",
    "other": "Other",
}
CONTACT_TYPES = {
    "face_to_face": "Face to face",
    "video": "Video call",
    "phone": "Phone",
    "email": "Email",
    "text_message": "Text message",
    "instant_messaging": "Instant messaging",
    "other": "Other",
}
WITH_WHOM = {
    "school_staff": "School staff",
    "cyp": "Child or young person",
    "parent_carer": "Parent or carer",
    "cyp_and_parent_carer": "Young person and parent or carer",
    "school_staff_and_family": "School staff and family",
    "professionals": "Other professionals",
    "group": "A group",
    "other": "Other",
}
VISIT_STATUSES = {
    "planned": "Planned",
    "held": "Held",
    "cancelled_by_school": "Cancelled by school",
    "cancelled_by_service": "Cancelled by us",
    "nothing_planned": "Nothing planned",
}
SETTING_TYPES = {
    "all_through": "All-through",
    "special": "Special school",
    "pru": "Pupil referral unit",
    "alternative_provision": "Alternative provision",
    "fe_college": "FE college",
    "hospital_school": "Hospital school",
    "secure_unit": "Secure unit",
}
#: A school's status in GIAS, as a flag beside its name (nothing for an open school).
GIAS_FLAGS = {
    "closed": "closed (GIAS)",
    "proposed_to_close": "proposed to close (GIAS)",
    "proposed_to_open": "proposed to open (GIAS)",
}
CONCERNS = {"self_harm": "Self-harm", "neurodevelopmental": "Neurodevelopment"}
MH_JUDGEMENTS = {
    "mental_health": "Mental health",
    "behaviour_conduct": "Behaviour or conduct",
    "mixed": "Both",
    "unclear": "Not clear yet",
}
CONSENT_SCOPES = {
    "identifiable_discussion": "Named discussion",
    "share_with_school": "Sharing with school",
    "outcome_measures": "Outcome measures",
}
CONSENT_STATES = {
    "given": "Given",
    "sought": "Asked, no answer",
    "missing": "Not asked yet",
    "refused": "Refused",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
}
DESTINATIONS = {
    "specialist_camhs": "Specialist CAMHS",
    "early_help": "Early Help",
    "social_care": "Children's social care",
    "gp": "GP",
    "voluntary_sector": "Voluntary sector",
}
REFERRAL_STATUSES = {"waiting": "Waiting list", "sent": "Sent, no reply", "accepted": "Accepted"}
CONTACT_ROLES = {
    "spoc": "Mental health lead (SPOC)",
    "senco": "SENCo",
    "dsl": "Safeguarding lead (DSL)",
    "head": "Headteacher",
    "slt_sponsor": "SLT sponsor",
}
AGREEMENTS = {"active": "Active", "expired": "Expired", "missing": "Missing"}
FUNDING = {"commissioned_core": "Commissioned", "traded": "Traded", "pilot_grant": "Pilot grant"}


def word(table: dict[str, str], value: str | None, empty: str = "") -> str:
    """The plain-English word for a stored value (the value itself, tidied, if unlisted)."""
    if not value:
        return empty
    return table.get(value) or value.replace("_", " ").capitalize()


# -- dates and durations --------------------------------------------------------------------------


def short_date(value: date | None, today: date | None = None, weekday: bool = True) -> str:
    """``Tue 24 Nov`` (with the year when it is not this year's); ``24 Nov`` without the weekday."""
    if value is None:
        return ""
    text = (f"{value:%a} " if weekday else "") + f"{value.day} {value:%b}"
    return text if today is not None and value.year == today.year else f"{text} {value.year}"


def short_case(label: str) -> str:
    """``AB · Y8`` from ``AB · Year 8 · CYP-1A2B3C`` (the code is in the tooltip)."""
    parts = label.split(" · ")
    if len(parts) < 3:
        return parts[0] if parts else ""
    year = parts[1].replace("Year ", "Y").replace("Reception", "R")
    return f"{parts[0]} · {year}"


def long_date(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def relative_day(value: date, today: date) -> str:
    """``Today``, ``Tomorrow``, ``Yesterday`` or the short date."""
    names = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
    return names.get((value - today).days) or short_date(value, today)


def duration(minutes: int | None) -> str:
    """``2 h``, ``1 h 45`` or ``40 min``."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


_UK = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str, today: date) -> date | None:
    """A date typed the UK way (``7/12/2026``, ``07-12-26``, ``7/12``) or as ``2026-12-07``.

    Empty text is None; anything else that is not a real date raises ValueError. With no year,
    the next such date from today on is meant.
    """
    if not text.strip():
        return None
    iso = _ISO.match(text)
    if iso:
        return date(int(iso[1]), int(iso[2]), int(iso[3]))
    uk = _UK.match(text)
    if not uk:
        raise ValueError(text)
    dd, mm = int(uk[1]), int(uk[2])
    if uk[3] is None:
        found = date(today.year, mm, dd)
        return found if found >= today - timedelta(days=1) else date(today.year + 1, mm, dd)
    year = int(uk[3])
    return date(year + 2000 if year < 100 else year, mm, dd)


def uk_date(value: date | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


def parse_time(text: str) -> str | None:
    """``9:30``, ``0930`` or ``09.30`` as ``09:30``; empty is None; ValueError otherwise."""
    cleaned = text.strip().replace(".", ":")
    if not cleaned:
        return None
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})", cleaned)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(text)
    return f"{int(match[1]):02d}:{match[2]}"


#: The languages letters are translated into, by code.
LETTER_LANGUAGES = {
    "en": "English",
    "pl": "Polish",
    "ur": "Urdu",
    "ar": "Arabic",
    "bn": "Bengali",
    "pa": "Punjabi",
}

#: Who a letter template is written to, after its title.
LETTER_FOR = {
    "parent_carer": "to a parent or carer",
    "cyp": "to the young person",
    "school": "to school",
    "worker": "for you",
}
