"""The Service page's lists and forms: columns over ``services.wider_view`` rows, form fields, words.

Stored values stay the fixed vocabulary (``domain/vocab.py``); ``choices`` turns one into the words
a combo box shows, tidying any value without plainer words of its own.
"""

from __future__ import annotations

from datetime import date

from linkdesk.domain import vocab as v
from linkdesk.services.school_view import academic_year
from linkdesk.services.wider_view import ActionRow, AgencyRow, AgreementRow, CallRow, OfferRow, TrainingRow
from linkdesk.ui import labels as L
from linkdesk.ui.models.table import ALERT, GOOD, MUTED, Column
from linkdesk.ui.privacy import NAMES
from linkdesk.ui.record_form import CHOICE, DATE, LONG, SCHOOL, WHOLE, FormField, FormSpec

NEVER = date.max
WORDS = {
    "commissioned_core": "Commissioned",
    "pilot_grant": "Pilot grant",
    "in_school_regular": "Regular sessions in school",
    "training_support": "Training and support",
    "single_point_of_access": "Single point of access",
    "ad_hoc": "As needed",
    "inset": "INSET day",
    "sencos": "SENCos",
    "face_to_face": "Face to face",
    "helpline": "Duty line",
    "referral_status_query": "Where is a referral?",
    "training_request": "Training request",
    "information_received": "Information received",
    "advice_given": "Advice given",
    "consultation_booked": "Advice slot booked",
    "case_opened": "Case opened",
    "referral_made": "Referral made",
    "no_action": "No action",
    "specialist_camhs": "Specialist CAMHS",
    "gp": "GP",
    "early_help": "Early Help",
    "dropped": "Dropped",
}


def choices(values: tuple[str, ...]) -> dict[str, str]:
    return {value: L.word(WORDS, value) for value in values}


def word(value: str | None, empty: str = "") -> str:
    return L.word(WORDS, value, empty)


def this_year(today: date) -> str:
    return academic_year(today)[0]


def iso_today(today: date) -> str:
    return today.isoformat()


# -- forms ----------------------------------------------------------------------------------------

FORMS = {
    "offers": FormSpec(
        "service_offer",
        "offer",
        (
            FormField("school_id", "&School", SCHOOL, required=True),
            FormField(
                "academic_year", "Academic &year", required=True, hint="Like 2026/27", default=this_year
            ),
            FormField("funding", "&Funding", CHOICE, choices(v.FUNDING)),
            FormField("contracted_hours", "Contracted &hours", WHOLE),
            FormField("hours_period", "Hours &per", CHOICE, choices(v.HOURS_PERIODS), default="year"),
            FormField("session_pattern", "Session patter&n", CHOICE, choices(v.SESSION_PATTERNS)),
            FormField("session_minutes", "Session &minutes", WHOLE),
            FormField("delivery_model", "&Delivery model", CHOICE, choices(v.DELIVERY_MODELS)),
            FormField("review_on", "&Review on", DATE),
            FormField("notes", "N&otes", span=3),
        ),
    ),
    "agreements": FormSpec(
        "info_sharing_agreement",
        "agreement",
        (
            FormField("school_id", "&School", SCHOOL, required=True),
            FormField(
                "status", "S&tatus", CHOICE, choices(v.AGREEMENT_STATUSES), required=True, default="draft"
            ),
            FormField("document_ref", "Document &reference"),
            FormField("agreed_on", "&Agreed on", DATE),
            FormField("review_on", "Re&view on", DATE),
            FormField("signatory_school", "Signed for the s&chool"),
            FormField("signatory_service", "Signed for the ser&vice"),
            FormField("information_exchanged", "What is &exchanged", LONG, span=3),
        ),
    ),
    "training": FormSpec(
        "training",
        "training session",
        (
            FormField("title", "&Title", required=True, span=2),
            FormField("date", "&Date", DATE, required=True, default=iso_today),
            FormField("school_id", "&School", SCHOOL, hint="Empty for training across schools"),
            FormField("audience", "A&udience", CHOICE, choices(v.TRAINING_AUDIENCES)),
            FormField("format", "&Format", CHOICE, choices(v.TRAINING_FORMATS)),
            FormField("minutes", "&Minutes delivered", WHOLE),
            FormField("attendees", "Attende&es", WHOLE),
        ),
    ),
    "duty": FormSpec(
        "communication",
        "duty line entry",
        (
            FormField("summary", "&What was it about", LONG, span=3, hint="No names: initials or a code"),
            FormField("channel", "&By", CHOICE, choices(v.COMM_CHANNELS), required=True, default="helpline"),
            FormField("direction", "D&irection", CHOICE, choices(v.DIRECTIONS), default="incoming"),
            FormField("school_id", "&School", SCHOOL),
            FormField("purpose", "&Purpose", CHOICE, choices(v.COMM_PURPOSES)),
            FormField("triage_outcome", "&Outcome", CHOICE, choices(v.TRIAGE_OUTCOMES)),
            FormField("minutes", "&Minutes", WHOLE),
            FormField("date", "&Date", DATE, required=True, default=iso_today),
        ),
    ),
    "actions": FormSpec(
        "action",
        "action",
        (
            FormField("description", "&What needs doing", required=True, span=2),
            FormField("due_on", "D&ue on", DATE),
            FormField("owner", "&Owner", hint="Who will do it"),
            FormField("school_id", "&School", SCHOOL),
            FormField("status", "S&tatus", CHOICE, choices(v.ACTION_STATUSES), required=True, default="open"),
        ),
    ),
    "agencies": FormSpec(
        "agency",
        "agency",
        (
            FormField("name", "&Name", required=True, span=2),
            FormField("kind", "&Kind", CHOICE, choices(v.AGENCY_KINDS)),
            FormField("phone", "&Phone"),
            FormField("email", "&Email"),
            FormField("website", "&Website"),
            FormField("age_range", "&Ages", hint="Like 5 to 18"),
            FormField("last_verified_on", "Details chec&ked on", DATE, default=iso_today),
            FormField("criteria", "Referral c&riteria", LONG, span=3),
            FormField("how_to_refer", "&How to refer", LONG, span=3),
        ),
    ),
}


# -- lists ------------------------------------------------------------------------------------------


def offers(today: date) -> list[Column]:
    def delivered(r: OfferRow) -> str:
        done = L.duration(r.delivered_minutes) or "0 h"
        return f"{done} of {L.duration(r.contracted_minutes)}" if r.contracted_minutes else done

    def share(r: OfferRow) -> str:
        value = r.share
        if value is None:
            return "No offer" if r.offer_id is None else "No hours set"
        return f"{value:.0%}" + (" · behind" if r.behind else "")

    return [
        Column("School", lambda r: r.school, bold=lambda r: True, tip=lambda r: r.school),
        Column("Funding", lambda r: word(r.funding, "—")),
        Column("Pattern", lambda r: word(r.pattern, "—")),
        Column("Delivered", delivered, sort=lambda r: r.delivered_minutes, right=True),
        Column(
            "Share",
            share,
            sort=lambda r: -1 if r.share is None else r.share,
            tone=lambda r: ALERT if r.offer_id is None or r.behind else None,
            tip=lambda r: f"{r.year_elapsed:.0%} of the academic year has gone",
            right=True,
        ),
    ]


def agreements(today: date) -> list[Column]:
    return [
        Column("School", lambda r: r.school, bold=lambda r: True, tip=lambda r: r.school),
        Column(
            "Status",
            lambda r: L.word(L.AGREEMENTS, r.state),
            tone=lambda r: GOOD if r.state == "active" and not r.warning else ALERT,
        ),
        Column(
            "Agreed",
            lambda r: L.short_date(r.agreed_on, today, weekday=False),
            sort=lambda r: r.agreed_on or NEVER,
        ),
        Column(
            "Review",
            lambda r: L.short_date(r.review_on, today, weekday=False),
            sort=lambda r: r.review_on or NEVER,
        ),
        Column(
            "Needs", lambda r: r.warning, tone=lambda r: ALERT if r.warning else None, tip=lambda r: r.warning
        ),
    ]


def training(today: date) -> list[Column]:
    return [
        Column("Date", lambda r: L.short_date(r.date, today, weekday=False), sort=lambda r: r.date),
        Column("Title", lambda r: r.title, bold=lambda r: True, tip=lambda r: r.title),
        Column("School", lambda r: r.school, tip=lambda r: r.school),
        Column("Audience", lambda r: word(r.audience)),
        Column("Minutes", lambda r: L.duration(r.minutes), sort=lambda r: r.minutes or 0, right=True),
        Column(
            "People",
            lambda r: "" if r.attendees is None else str(r.attendees),
            sort=lambda r: r.attendees or 0,
            right=True,
        ),
    ]


def calls(today: date) -> list[Column]:
    return [
        Column("Date", lambda r: L.short_date(r.date, today, weekday=False), sort=lambda r: r.date),
        Column("By", lambda r: word(r.channel) + (" · in" if r.direction == "incoming" else "")),
        Column("School", lambda r: r.school or "—", tip=lambda r: r.school),
        Column(
            "About",
            lambda r: r.summary.splitlines()[0] if r.summary else word(r.purpose),
            tip=lambda r: r.summary,
        ),
        Column("Outcome", lambda r: word(r.outcome)),
    ]


def actions(today: date) -> list[Column]:
    def due(r: ActionRow) -> str:
        if r.due_on is None:
            return ""
        shown = L.relative_day(r.due_on, today)
        return f"{shown} · overdue" if r.overdue else shown

    return [
        Column(
            "Due",
            due,
            sort=lambda r: r.due_on or NEVER,
            tone=lambda r: ALERT if r.overdue else (MUTED if r.status != "open" else None),
            bold=lambda r: r.overdue or r.due_soon,
        ),
        Column("Action", lambda r: r.description, tip=lambda r: r.description, private=NAMES),
        Column("Owner", lambda r: r.owner),
        Column("School", lambda r: r.school or "—", tip=lambda r: r.case),
        Column("Status", lambda r: word(r.status), tone=lambda r: MUTED if r.status != "open" else None),
    ]


def agencies(today: date) -> list[Column]:
    def checked(r: AgencyRow) -> str:
        if r.last_verified_on is None:
            return "Never checked"
        shown = L.short_date(r.last_verified_on, today, weekday=False)
        return f"{shown} · over a year ago" if r.stale else shown

    return [
        Column("Agency", lambda r: r.name, bold=lambda r: True, tip=lambda r: r.criteria or r.name),
        Column("Kind", lambda r: word(r.kind)),
        Column("Phone", lambda r: r.phone),
        Column("Email", lambda r: r.email, tip=lambda r: r.email),
        Column(
            "Last checked",
            checked,
            sort=lambda r: r.last_verified_on or date.min,
            tone=lambda r: ALERT if r.stale else None,
            tip=lambda r: "Check these details before referring: they are over a year old" if r.stale else "",
        ),
    ]


COLUMNS = {
    "offers": (offers, (0, 9, 9, 8, 7)),
    "agreements": (agreements, (0, 6, 8, 8, 0)),
    "training": (training, (5.5, 0, 11, 8, 5, 4.5)),
    "duty": (calls, (5.5, 8, 12, 0, 11)),
    "actions": (actions, (8.5, 0, 8, 10, 5)),
    "agencies": (agencies, (0, 9, 8, 11, 11)),
}
ROW_TYPES = (OfferRow, AgreementRow, TrainingRow, CallRow, ActionRow, AgencyRow)
