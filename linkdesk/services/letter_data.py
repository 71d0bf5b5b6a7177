"""What each letter says, gathered from the records (no rendering, no consent decisions here).

Free text written by the worker (a treatment plan, agreed actions, a visit summary) can name a
child. Before it goes into a letter, the names of every child in the store who may not be named
in that letter are replaced by their pseudonym (``domain.redaction.NameRedactor``, however the
name is spelt). Nicknames and misspellings are not caught: the worker still reads the letter
before sending it.

Values are plain strings keyed by placeholder; ``fields`` names the record field each came from,
so a value that cannot be printed is reported naming that field. Components (given name, family
name) come before the values composed from them, so the precise field is the one reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.domain.redaction import NameRedactor
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService

REPLY_DAYS = 14
ACTIONS_AHEAD_DAYS = 14
ACTIONS_BEHIND_DAYS = 42
STAFF_ROLES = {
    "link_worker": "Mental health link worker",
    "duty_worker": "Duty worker",
    "team_manager": "Team manager",
    "clinical_lead": "Clinical lead",
    "educational_psychologist": "Educational psychologist",
}
CONTACT_ROLES = {
    "spoc": "Mental health lead",
    "senco": "SENCO",
    "dsl": "Designated safeguarding lead",
    "head": "Headteacher",
    "deputy_head": "Deputy headteacher",
    "pastoral_lead": "Pastoral lead",
    "inclusion_lead": "Inclusion lead",
}


@dataclass
class Gathered:
    values: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    #: Letter-record fields shared by every log entry of this letter.
    log: dict[str, Any] = field(default_factory=dict)
    #: The CYP the letter is about, each with the consent relied on to name them (None: not named
    #: to a school, or not a school letter).
    cyps: dict[str, str | None] = field(default_factory=dict)

    def put(self, key: str, value: Any, source: str) -> None:
        self.values[key] = "" if value is None else str(value)
        self.fields[key] = source


def child_name(cyp: Record) -> str:
    """Given and family name; else initials; else the pseudonym."""
    name = " ".join(p for p in (cyp.get("given_name"), cyp.get("family_name")) if p)
    return name or cyp.get("initials") or cyp.get("pseudonym") or "your child"


def year_label(cyp: Record) -> str:
    year = cyp.get("year_group")
    if year is None:
        return "not recorded"
    return "Reception" if year == 0 else f"Year {year}"


def pseudonymous(cyp: Record) -> str:
    return str(cyp.get("pseudonym") or cyp.get("initials") or cyp.id[-6:])


class LetterData:
    def __init__(self, records: RecordService, casework: Casework) -> None:
        self.records = records
        self.casework = casework

    @property
    def today(self) -> date:
        return self.records.today()

    # -- shared pieces --------------------------------------------------------------------------

    def spoc(self, school_id: str) -> Record | None:
        contacts = self.records.find("contact", {"school_id": school_id})
        ranked = sorted(contacts, key=lambda c: (not c.get("is_primary"), c.get("role") != "spoc", c.id))
        return ranked[0] if ranked else None

    def signatory(self, got: Gathered, staff_id: str | None) -> None:
        staff = self.records.records.get(staff_id) if staff_id else None
        if staff is None or staff.deleted or staff.type != "staff":
            got.put("signatory_name", "", "staff.name")
            got.put("signatory_role", "", "staff.role")
            return
        got.put("signatory_name", staff.get("name"), "staff.name")
        got.put(
            "signatory_role", STAFF_ROLES.get(staff.get("role") or "", "CAMHS link service"), "staff.role"
        )

    def school_recipient(self, got: Gathered, school: Record, recipient: str | None) -> None:
        contact = self.spoc(school.id)
        if recipient:
            got.put("recipient_name", recipient, "recipient")
            got.put("recipient_role", "", "recipient")
            got.log["recipient"] = f"{recipient}, {school.get('name')}"
        elif contact is not None:
            got.put("recipient_name", contact.get("name"), "contact.name")
            role = contact.get("job_title") or CONTACT_ROLES.get(contact.get("role") or "", "")
            got.put("recipient_role", role, "contact.job_title")
            got.log["recipient_contact_id"] = contact.id
            got.log["recipient"] = f"{contact.get('name')}, {school.get('name')}"
        else:
            got.put("recipient_name", "", "recipient")
            got.put("recipient_role", "The mental health lead", "recipient")
            got.log["recipient"] = f"The mental health lead, {school.get('name')}"
        address = "\n".join(p for p in (school.get("address"), school.get("postcode")) if p)
        got.put("school_address", address, "school.address")

    def common(self, got: Gathered, reference: str) -> None:
        got.put("letter_date", self.today.isoformat(), "date")
        got.put("reference", reference, "reference")

    def cyp_basics(self, got: Gathered, cyp: Record) -> Record:
        got.put("child_given_name", cyp.get("given_name"), "given_name")
        got.put("child_family_name", cyp.get("family_name"), "family_name")
        got.put("child_initials", cyp.get("initials"), "initials")
        got.put("child_pseudonym", cyp.get("pseudonym"), "pseudonym")
        got.put("child_name", child_name(cyp), "given_name/family_name")
        got.put("year_group", year_label(cyp), "year_group")
        school = self.records.get("school", cyp.get("school_id"))
        got.put("school_name", school.get("name"), "school.name")
        self.signatory(got, cyp.get("worker_id"))
        got.log.update(cyp_id=cyp.id, school_id=school.id)
        self.common(got, pseudonymous(cyp))
        return school

    # -- the letters ----------------------------------------------------------------------------

    def consent_request(self, cyp: Record, recipient: str | None, for_cyp: bool) -> Gathered:
        got = Gathered()
        if for_cyp:
            got.put("recipient_name", recipient or cyp.get("given_name") or "", "recipient")
            got.log["recipient"] = recipient or "the young person"
        else:
            got.put("recipient_name", recipient or "", "recipient")
            got.log["recipient"] = recipient or "Parent or carer"
        self.cyp_basics(got, cyp)
        got.put("reply_by", (self.today + timedelta(days=REPLY_DAYS)).isoformat(), "reply_by")
        got.tables["scopes"] = [{"scope": scope} for scope in v.CONSENT_SCOPES]
        got.fields["scopes.scope"] = "consent.scope"
        got.cyps[cyp.id] = None
        return got

    def school_feedback(self, cyp: Record, consent: Record, recipient: str | None) -> Gathered:
        got = Gathered()
        school = self.records.get("school", cyp.get("school_id"))
        self.school_recipient(got, school, recipient)
        self.cyp_basics(got, cyp)
        self.consent_values(got, consent)
        got.put("case_status", cyp.get("status"), "status")
        got.put(
            "case_outcome",
            cyp.get("closure_reason") if cyp.get("status") == "closed" else "",
            "closure_reason",
        )
        redact = self.redactor([cyp.id])
        referral = self.latest_referral(cyp.id)
        events = self.casework.referral_view(referral.id).events if referral else []
        got.put(
            "referral_destination", referral.get("destination") if referral else "", "referral.destination"
        )
        got.put("referral_sent_on", referral.get("sent_on") if referral else "", "referral.sent_on")
        got.put("referral_status", sent_status(referral) if referral else "", "referral.status")
        got.put("treatment_plan", redact(_latest_note(events, ("treatment_plan",))), "referral_event.note")
        got.put("outcome_note", redact(_latest_note(events, ("discharged", "closed"))), "referral_event.note")
        item = self.latest_item(cyp.id)
        actions = redact(item.get("actions")) if item else ""
        got.tables["school_actions"] = [{"text": actions}] if actions else []
        got.fields["school_actions.text"] = "discussion_item.actions"
        got.put("follow_up_on", item.get("follow_up_on") if item else "", "discussion_item.follow_up_on")
        if referral:
            got.log["referral_id"] = referral.id
        got.cyps[cyp.id] = consent.id
        return got

    def referral_status(
        self, cyp: Record, referral: Record, consent: Record, recipient: str | None
    ) -> Gathered:
        status = sent_status(referral)
        if status == "draft":
            raise ValidationError(
                "status: this referral has not been sent yet, so there is no status to report to school.",
                "status",
            )
        got = Gathered()
        school = self.records.get("school", cyp.get("school_id"))
        self.school_recipient(got, school, recipient)
        self.cyp_basics(got, cyp)
        self.consent_values(got, consent)
        view = self.casework.referral_view(referral.id)
        got.put("referral_destination", referral.get("destination"), "referral.destination")
        got.put("referral_sent_on", referral.get("sent_on"), "referral.sent_on")
        got.put("referral_status", status, "referral.status")
        for name in ("sent", "accepted", "waiting", "seen", "declined", "closed"):
            got.put(f"status_{name}", "yes" if status == name else "", "referral.status")
        reason_events = {"declined": ("declined",), "closed": ("closed", "discharged")}.get(str(status), ())
        redact = self.redactor([cyp.id])
        got.put("status_reason", redact(_latest_note(view.events, reason_events)), "referral_event.note")
        days = view.waiting_days
        ending = {"seen": "", "declined": ", until the decision", "closed": ", until it closed"}
        waited = "not known" if days is None else f"{days} days" + ending.get(str(status), " so far")
        got.put("waiting", waited, "referral.sent_on")
        # each key date once: a 'sent' event recorded by hand repeats the one made with the referral
        dated = {(e.get("date"), e.get("event")): None for e in view.events}
        got.tables["events"] = [{"date": day, "event": event} for day, event in dated]
        got.log["referral_id"] = referral.id
        got.cyps[cyp.id] = consent.id
        return got

    def redactor(self, keep: Iterable[str] = ()) -> NameRedactor:
        """Every child's names except those in ``keep`` (the children this letter may name); a
        pack of letters builds the lookup once."""
        return child_redactor(self.records).keeping(keep)

    def consent_values(self, got: Gathered, consent: Record) -> None:
        got.put("consent_giver", consent.get("given_by"), "consent.given_by")
        got.put("consent_date", consent.get("decided_on"), "consent.decided_on")

    def latest_referral(self, cyp_id: str) -> Record | None:
        found = self.records.find("referral", {"cyp_id": cyp_id})
        return max(found, key=lambda r: (r.get("sent_on") or "", r.id)) if found else None

    def latest_item(self, cyp_id: str) -> Record | None:
        items = self.records.find("discussion_item", {"cyp_id": cyp_id})
        dated = [(self._visit_date(i), i.id, i) for i in items]
        return max(dated, key=lambda t: (t[0], t[1]))[2] if dated else None

    def _visit_date(self, item: Record) -> str:
        visit = self.records.records.get(item.get("visit_id"))
        return str(visit.get("date")) if visit else ""


def sent_status(referral: Record) -> str:
    """The status, counting a draft with a sending date as sent (make_referral leaves it 'draft')."""
    status = str(referral.get("status"))
    return "sent" if status == "draft" and referral.get("sent_on") else status


def _latest_note(events: list[Record], kinds: tuple[str, ...]) -> str:
    notes = [e for e in events if e.get("event") in kinds and e.get("note")]
    return str(notes[-1].get("note")) if notes else ""
