"""The record types LinkDesk keeps, their fields and which fields point at which records.

This table is the single source for validation, the CLI, ``dump`` and the subject access
export: a type or field added here is known everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkdesk.domain import vocab as v
from linkdesk.domain.fields import Field, enum, longtext, ref, text
from linkdesk.errors import ValidationError


@dataclass(frozen=True)
class RecordType:
    name: str
    label: str
    fields: tuple[Field, ...]
    #: Fields whose values show the record in lists (joined with spaces).
    title_fields: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        for spec in self.fields:
            if spec.name == name:
                return spec
        known = ", ".join(f.name for f in self.fields)
        raise ValidationError(f"{name}: {self.name} has no field called '{name}' (fields: {known}).", name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _int(name: str, low: int, high: int, **kw: object) -> Field:
    return Field(name, "int", minimum=low, maximum=high, **kw)  # type: ignore[arg-type]


def _date(name: str, **kw: object) -> Field:
    return Field(name, "date", **kw)  # type: ignore[arg-type]


def _bool(name: str, **kw: object) -> Field:
    return Field(name, "bool", **kw)  # type: ignore[arg-type]


MINUTES = 24 * 60

TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType(
            "school",
            "School",
            (
                text("name", required=True, searchable=True),
                Field("urn", "urn", label="URN"),
                enum("setting_type", v.SETTING_TYPES),
                Field("phone", "phone"),
                Field("email", "email"),
                text("address"),
                text("postcode"),
                enum("status", v.SCHOOL_STATUSES, default="active"),
                text("local_authority"),
            ),
            ("name",),
        ),
        RecordType(
            "staff",
            "Staff member",
            (
                text("name", required=True, searchable=True),
                enum("role", v.STAFF_ROLES),
                Field("email", "email"),
                Field("phone", "phone"),
                _bool("active", default=True),
            ),
            ("name",),
        ),
        RecordType(
            "contact",
            "School contact",
            (
                ref("school_id", "school", required=True),
                text("name", required=True, searchable=True),
                enum("role", v.CONTACT_ROLES),
                text("job_title"),
                Field("email", "email"),
                Field("phone", "phone"),
                _bool("is_primary", label="main contact (SPOC)"),
            ),
            ("name",),
        ),
        RecordType(
            "cyp",
            "Child or young person",
            (
                ref("school_id", "school", required=True),
                text("pseudonym", label="pseudonymous code"),
                text("given_name", searchable=True, identifying=True),
                text("family_name", searchable=True, identifying=True),
                text("initials", searchable=True),
                _date("date_of_birth", identifying=True),
                _int("year_group", 0, 14, label="year group (0 = Reception)"),
                Field("nhs_number", "nhs_number", identifying=True, label="NHS number"),
                enum("sex", v.SEXES),
                text("ethnicity"),
                Field("flags", "enum_list", values=v.CYP_FLAGS),
                enum("venue_preference", v.VENUES),
                ref("worker_id", "staff", label="link worker"),
                enum("status", v.CYP_STATUSES, default="open"),
                _date("opened_on"),
                _date("closed_on"),
                enum("closure_reason", v.CLOSURE_REASONS),
                text("language", label="family's language for letters"),
            ),
            ("pseudonym", "initials"),
        ),
        RecordType(
            "visit",
            "Visit",
            (
                ref("school_id", "school", required=True),
                ref("staff_id", "staff"),
                _date("date", required=True),
                Field("start_time", "time"),
                _int("duration_minutes", 0, MINUTES, label="minutes held"),
                _int("planned_minutes", 0, MINUTES),
                _int("admin_minutes", 0, MINUTES),
                _int("travel_minutes", 0, MINUTES),
                enum("kind", v.VISIT_KINDS, default="case_discussion"),
                enum("status", v.VISIT_STATUSES, default="planned"),
                _bool("agenda_received"),
                longtext("summary", searchable=True, label="what was agreed"),
            ),
            ("date",),
        ),
        RecordType(
            "discussion_item",
            "Case discussion item",
            (
                ref("visit_id", "visit", required=True),
                ref("cyp_id", "cyp"),
                text("anon_label", searchable=True, label="anonymous label"),
                enum("subject", v.ITEM_SUBJECTS, default="individual"),
                _int("group_size", 2, 500),
                Field("concern_categories", "enum_list", values=v.CONCERNS),
                longtext("concern", searchable=True),
                enum("mh_judgement", v.MH_JUDGEMENTS, label="mental health or behaviour"),
                enum("outcome", v.OUTCOMES),
                longtext("actions", searchable=True, label="agreed actions"),
                _date("follow_up_on"),
            ),
            ("anon_label",),
        ),
        RecordType(
            "consent",
            "Consent",
            (
                ref("cyp_id", "cyp", required=True),
                enum("scope", v.CONSENT_SCOPES, required=True),
                enum("given_by", v.CONSENT_GIVERS),
                enum("status", v.CONSENT_STATUSES, default="sought"),
                enum("method", v.CONSENT_METHODS),
                _date("sought_on"),
                _date("decided_on"),
                _date("expires_on"),
                text("notes"),
            ),
            ("scope",),
        ),
        RecordType(
            "referral",
            "Referral",
            (
                ref("cyp_id", "cyp", required=True),
                enum("destination", v.REFERRAL_DESTINATIONS, required=True),
                enum("route", v.REFERRAL_ROUTES),
                _date("sent_on"),
                enum("status", v.REFERRAL_STATUSES, default="draft"),
                ref("origin_item_id", "discussion_item", label="from case discussion item"),
                enum("appropriateness", v.APPROPRIATENESS),
                text("reason", searchable=True),
            ),
            ("destination",),
        ),
        RecordType(
            "referral_event",
            "Referral event",
            (
                ref("referral_id", "referral", required=True),
                _date("date", required=True),
                enum("event", v.REFERRAL_EVENTS, required=True),
                text("note", searchable=True),
            ),
            ("event",),
        ),
        RecordType(
            "note",
            "Note",
            (
                enum("subject_type", v.NOTE_SUBJECTS, required=True),
                ref("subject_id", "*", required=True),
                longtext("body", required=True, immutable=True, searchable=True),
                ref("addendum_to", "note", immutable=True),
                enum("status", v.NOTE_STATUSES, default="current"),
                text("entered_in_error_reason"),
            ),
            (),
        ),
        RecordType(
            "letter",
            "Letter",
            (
                text("template", required=True),
                text("language", default="en"),
                enum("audience", v.LETTER_AUDIENCES),
                ref("cyp_id", "cyp"),
                ref("school_id", "school"),
                ref("visit_id", "visit"),
                ref("referral_id", "referral"),
                ref("recipient_contact_id", "contact", label="recipient (school contact)"),
                text("recipient", label="recipient as addressed"),
                ref("consent_id", "consent", label="consent relied on"),
                text("pdf_sha256", label="PDF SHA-256"),
                enum("output", v.LETTER_OUTPUTS),
                _date("rendered_on", required=True),
                text("rendered_by"),
            ),
            ("template",),
        ),
    )
}


def record_type(name: str) -> RecordType:
    try:
        return TYPES[name]
    except KeyError:
        raise ValidationError(
            f"type: there is no record type '{name}' (types: {', '.join(sorted(TYPES))}).", "type"
        ) from None


def references_to(target: str) -> list[tuple[str, str]]:
    """(type, field) pairs whose ``ref`` fields can point at a record of type ``target``."""
    return [
        (t.name, f.name)
        for t in TYPES.values()
        for f in t.fields
        if f.kind == "ref" and f.ref in (target, "*")
    ]
