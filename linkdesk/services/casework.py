"""The everyday uses of a link worker's record, each one all-or-nothing.

Plan a visit; record a case discussion with its items and outcomes; link an anonymous item to
a CYP; record consent; make a referral and add its events; record a risk assessment; close a
case; write notes, addenda and "entered in error" corrections.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService


@dataclass(frozen=True)
class ReferralView:
    referral: Record
    events: list[Record]
    waiting_days: int | None
    stalled: bool


class Casework:
    def __init__(self, records: RecordService, stalled_after_days: int = rules.DEFAULT_STALLED_DAYS) -> None:
        self.records = records
        self.session = records.session
        self.stalled_after_days = stalled_after_days

    def add(self, type_name: str, fields: dict[str, Any]) -> Record:
        """Add any record, routing the types whose use cases do more than one write."""
        if type_name == "referral":
            return self.make_referral(fields.pop("cyp_id", None), fields.pop("destination", None), **fields)
        if type_name == "referral_event":
            return self.add_referral_event(
                fields.pop("referral_id", None), fields.pop("date", None), fields.pop("event", None), **fields
            )
        return self.records.add(type_name, fields)

    # -- visits and case discussions --------------------------------------------------------------

    def visit_clashes(self, school_id: str, date: str, **fields: Any) -> list[Record]:
        """The visits already planned or held at the school that overlap one planned with these
        values (``start_time``, ``planned_minutes``), so a front end can warn before planning."""
        given = {
            k: self.records.check_value("visit", k, fields.get(k)) for k in ("start_time", "planned_minutes")
        }
        wanted = Record("", "visit", {"school_id": school_id, "date": date, "status": "planned", **given})
        same_day = self.records.find("visit", {"school_id": school_id, "date": date})
        return sorted(
            (visit for visit in same_day if rules.visits_clash(wanted, visit)),
            key=lambda visit: (visit.get("start_time") or "", visit.id),
        )

    def plan_visit(self, school_id: str, date: str, **fields: Any) -> Record:
        return self.records.add(
            "visit", {"school_id": school_id, "date": date, "status": "planned", **fields}
        )

    def record_case_discussion(
        self,
        visit_id: str,
        items: list[dict[str, Any]],
        *,
        duration_minutes: int | None = None,
        summary: str | None = None,
    ) -> list[Record]:
        """Mark the visit held and add its discussion items, together or not at all."""
        if not items:
            raise ValidationError("items: a case discussion needs at least one item.", "items")
        visit = self.records.get("visit", visit_id)
        changes: dict[str, Any] = {"status": "held"}
        if duration_minutes is not None:
            changes["duration_minutes"] = duration_minutes
        if summary:
            changes["summary"] = summary
        if visit.get("kind") is None:
            changes["kind"] = "case_discussion"
        with self.session.transaction():
            self.records.update("visit", visit_id, changes)
            return [self.records.add("discussion_item", {**item, "visit_id": visit_id}) for item in items]

    def link_item_to_cyp(self, item_id: str, cyp_id: str) -> Record:
        """Attach an anonymous item to the CYP it was about; its label and history are kept, and
        the actions agreed for it become the child's too (Tasks and the CYP page show them)."""
        item = self.records.get("discussion_item", item_id)
        if item.get("cyp_id") == cyp_id:
            return item
        with self.session.transaction():
            for action in self.records.find("action", {"discussion_item_id": item_id}):
                if not action.get("cyp_id"):
                    self.records.update("action", action.id, {"cyp_id": cyp_id})
            return self.records.update("discussion_item", item_id, {"cyp_id": cyp_id})

    # -- consent --------------------------------------------------------------------------------

    def record_consent(self, cyp_id: str, scope: str, status: str, **fields: Any) -> Record:
        return self.records.add("consent", {"cyp_id": cyp_id, "scope": scope, "status": status, **fields})

    def consent_state(self, cyp_id: str) -> dict[str, str]:
        consents = self.records.find("consent", {"cyp_id": cyp_id})
        today = self.records.today()
        return {scope: rules.consent_state(consents, scope, today) for scope in v.CONSENT_SCOPES}

    def has_active_consent(self, cyp_id: str, scope: str) -> Record | None:
        """The consent record that currently covers ``scope``, if any."""
        consents = self.records.find("consent", {"cyp_id": cyp_id})
        today = self.records.today()
        if rules.consent_state(consents, scope, today) != "given":
            return None
        active = [c for c in consents if c.get("scope") == scope and rules.consent_active(c, today)]
        return max(active, key=lambda c: (c.get("decided_on") or "", c.id))

    # -- referrals ------------------------------------------------------------------------------

    def make_referral(self, cyp_id: str | None, destination: str | None, **fields: Any) -> Record:
        if fields.get("sent_on") and not fields.get("status"):
            fields["status"] = "sent"  # a referral with a sent date has gone
        with self.session.transaction():
            referral = self.records.add("referral", {"cyp_id": cyp_id, "destination": destination, **fields})
            if referral.get("sent_on"):
                self.records.add(
                    "referral_event",
                    {"referral_id": referral.id, "date": referral.get("sent_on"), "event": "sent"},
                )
            return referral

    def add_referral_event(
        self, referral_id: str | None, date: str | None, event: str | None, **fields: Any
    ) -> Record:
        """Add a dated event; events that change where a referral stands update its status."""
        with self.session.transaction():
            added = self.records.add(
                "referral_event", {"referral_id": referral_id, "date": date, "event": event, **fields}
            )
            referral = self.records.get("referral", added.get("referral_id"))
            event, date = added.get("event"), added.get("date")
            changes: dict[str, Any] = {}
            new_status = v.EVENT_STATUS.get(event)
            if new_status and new_status != referral.get("status"):
                changes["status"] = new_status
            if event == "sent" and not referral.get("sent_on"):
                changes["sent_on"] = date
            if changes:
                self.records.update("referral", referral.id, changes)
            return added

    def referral_view(self, referral_id: str) -> ReferralView:
        referral = self.records.get("referral", referral_id)
        events = sorted(
            self.records.find("referral_event", {"referral_id": referral_id}),
            key=lambda e: (e.get("date"), e.id),
        )
        today = self.records.today()
        return ReferralView(
            referral,
            events,
            rules.referral_waiting_days(referral, events, today),
            rules.referral_stalled(referral, events, today, self.stalled_after_days),
        )

    def stalled_referrals(self) -> list[ReferralView]:
        views = [
            self.referral_view(r.id)
            for r in self.records.find("referral")
            if r.get("status") in v.WAITING_STATUSES
        ]
        return [view for view in views if view.stalled]

    # -- risk and safeguarding -------------------------------------------------------------------

    def record_risk(self, cyp_id: str, level: str | None, assessed_on: str | None, **fields: Any) -> Record:
        """A new risk assessment: the level, when, why, the safety plan and who was told when."""
        return self.records.add(
            "risk", {"cyp_id": cyp_id, "level": level, "assessed_on": assessed_on, **fields}
        )

    # -- cases and notes ------------------------------------------------------------------------

    def close_case(self, cyp_id: str, reason: str, closed_on: str | None = None) -> Record:
        changes = {"status": "closed", "closure_reason": reason}
        if closed_on:
            changes["closed_on"] = closed_on
        return self.records.update("cyp", cyp_id, changes)

    def add_note(self, subject_type: str, subject_id: str, body: str) -> Record:
        return self.records.add(
            "note", {"subject_type": subject_type, "subject_id": subject_id, "body": body}
        )

    def add_addendum(self, note_id: str, body: str) -> Record:
        note = self.records.get("note", note_id)
        return self.records.add(
            "note",
            {
                "subject_type": note.get("subject_type"),
                "subject_id": note.get("subject_id"),
                "body": body,
                "addendum_to": note_id,
            },
        )

    def mark_entered_in_error(self, note_id: str, reason: str) -> Record:
        return self.records.update(
            "note", note_id, {"status": "entered_in_error", "entered_in_error_reason": reason}
        )
