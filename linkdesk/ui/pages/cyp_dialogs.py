"""The CYP page's forms: record consent, make a referral, add a referral event, add a note or an
addendum, mark a note entered in error, and close the case (with a confirm step)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QLineEdit, QWidget

from linkdesk.domain import vocab as v
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.cyp_view import NoteEntry, ReferralDetail
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.forms import Field, choice_box, set_choice, text_box
from linkdesk.ui.record_dialog import RecordDialog, Write, date_box, read_date
from linkdesk.ui.session import Session


def chosen(box: Any) -> str | None:
    value = box.currentData()
    return str(value) if value else None


def given(**fields: Any) -> dict[str, Any]:
    """The fields that were filled in."""
    return {k: val for k, val in fields.items() if val not in (None, "")}


class ConsentDialog(RecordDialog):
    draft_kind = "record_consent"
    friendly: ClassVar[dict[str, str]] = {
        "given_by": "Say who gave, refused or withdrew consent.",
    }

    def __init__(self, session: Session, parent: QWidget, cyp_id: str, case: str, scope: str | None) -> None:
        super().__init__("Record consent", case, session, parent, "Record consent")
        self.cyp_id = cyp_id
        self.scope = choice_box("consentScope", C.choices(v.CONSENT_SCOPES, C.CONSENT_SCOPES))
        set_choice(self.scope, scope)
        self.status = choice_box("consentStatus", C.choices(v.CONSENT_STATUSES, C.CONSENT_STATUSES))
        set_choice(self.status, "given")
        self.given_by = choice_box("consentGivenBy", C.CONSENT_GIVERS, empty="Not recorded")
        self.method = choice_box("consentMethod", C.CONSENT_METHODS, empty="Not recorded")
        self.sought_on = date_box("consentSought")
        self.decided_on = date_box("consentDecided", self.today)
        self.expires_on = date_box("consentExpires")
        self.notes = QLineEdit()
        self.notes.setObjectName("consentNotes")
        self.add("scope", Field("Consent &for", self.scope), 0, 0)
        self.add("status", Field("&Where it stands", self.status), 0, 1)
        self.add("given_by", Field("&Given by", self.given_by), 1, 0)
        self.add("method", Field("&How", self.method), 1, 1)
        self.add("sought_on", Field("&Asked on", self.sought_on), 2, 0)
        self.add(
            "decided_on", Field("&Decided on", self.decided_on, hint="Given, refused or withdrawn"), 2, 1
        )
        self.add("expires_on", Field("&Expires on", self.expires_on, hint="Leave empty if open-ended"), 3, 0)
        self.add("notes", Field("&Note", self.notes), 4, 0, 2)

    def build(self) -> Write:
        cyp_id, scope, status = self.cyp_id, chosen(self.scope) or "", chosen(self.status) or ""
        fields = given(
            given_by=chosen(self.given_by),
            method=chosen(self.method),
            sought_on=read_date(self.sought_on, "sought_on", self.today),
            decided_on=read_date(self.decided_on, "decided_on", self.today),
            expires_on=read_date(self.expires_on, "expires_on", self.today),
            notes=self.notes.text().strip(),
        )
        if status == "sought":
            fields.pop("decided_on", None)
        return lambda cw: cw.record_consent(cyp_id, scope, status, **fields)

    def message(self, result: Any) -> str:
        return f"Consent recorded: {L.word(C.CONSENT_SCOPES, result.get('scope'))}."


class ReferralDialog(RecordDialog):
    draft_kind = "make_referral"

    def __init__(self, session: Session, parent: QWidget, cyp_id: str, case: str) -> None:
        super().__init__("Make a referral", case, session, parent, "Record referral")
        self.cyp_id = cyp_id
        self.destination = choice_box(
            "referralDestination", C.choices(v.REFERRAL_DESTINATIONS, C.DESTINATIONS), empty="Choose…"
        )
        self.route = choice_box("referralRoute", C.REFERRAL_ROUTES, empty="Not recorded")
        self.sent_on = date_box("referralSent", self.today)
        self.reason = text_box("referralReason", 2)
        self.add("destination", Field("Referred &to", self.destination), 0, 0)
        self.add("route", Field("&Route", self.route), 0, 1)
        self.add("sent_on", Field("&Sent on", self.sent_on, hint="Empty: not sent yet (a draft)"), 1, 0)
        self.add("reason", Field("Re&ason", self.reason), 2, 0, 2)

    def build(self) -> Write:
        if not chosen(self.destination):
            raise ValidationError("destination: choose where the referral goes.", "destination")
        cyp_id, destination = self.cyp_id, chosen(self.destination)
        fields = given(
            route=chosen(self.route),
            sent_on=read_date(self.sent_on, "sent_on", self.today),
            reason=self.reason.toPlainText().strip(),
        )
        return lambda cw: cw.make_referral(cyp_id, destination, **fields)

    def message(self, result: Any) -> str:
        return f"Referral recorded: {L.word(C.DESTINATIONS, result.get('destination'))}."


class EventDialog(RecordDialog):
    draft_kind = "referral_event"

    def __init__(self, session: Session, parent: QWidget, referral: ReferralDetail) -> None:
        where = L.word(C.DESTINATIONS, referral.destination)
        status = L.word(C.REFERRAL_STATUSES, referral.status)
        super().__init__("Add a referral event", f"{where} · {status}", session, parent, "Add event")
        self.referral_id = self.draft_about = referral.id
        self.kind = choice_box("eventKind", C.choices(v.REFERRAL_EVENTS, C.REFERRAL_EVENTS), empty="Choose…")
        self.date = date_box("eventDate", self.today)
        self.note = QLineEdit()
        self.note.setObjectName("eventNote")
        self.add("event", Field("&What happened", self.kind), 0, 0)
        self.add("date", Field("&Date", self.date), 0, 1)
        self.add("note", Field("&Note", self.note), 1, 0, 2)

    def build(self) -> Write:
        if not chosen(self.kind):
            raise ValidationError("event: choose what happened.", "event")
        referral_id, event = self.referral_id, chosen(self.kind)
        when = read_date(self.date, "date", self.today)
        fields = given(note=self.note.text().strip())
        return lambda cw: cw.add_referral_event(referral_id, when, event, **fields)

    def message(self, result: Any) -> str:
        return f"Referral event added: {L.word(C.REFERRAL_EVENTS, result.get('event'))}."


class NoteDialog(RecordDialog):
    """A new note on the case, or an addendum to ``note`` (the note itself never changes)."""

    draft_kind = "add_note"

    friendly: ClassVar[dict[str, str]] = {"body": "Write the note first."}

    def __init__(
        self, session: Session, parent: QWidget, cyp_id: str, case: str, note: NoteEntry | None
    ) -> None:
        title = "Add an addendum" if note else "Add a note"
        intro = (
            f"Adding to the note of {L.short_date(note.date)}: “{note.body}”" if note and note.date else case
        )
        super().__init__(title, intro, session, parent, "Save addendum" if note else "Save note")
        self.cyp_id, self.note_id = cyp_id, note.id if note else None
        self.draft_about = self.note_id
        self.body = text_box("noteBody", 5)
        self.body.setMinimumWidth(self.body.fontMetrics().averageCharWidth() * 70)
        hint = "Notes cannot be edited or deleted once saved; correct one with an addendum."
        self.add("body", Field("&Note" if note is None else "&Addendum", self.body, hint=hint), 0, 0)

    def build(self) -> Write:
        body = self.body.toPlainText().strip()
        if not body:
            raise ValidationError("body: write the note first.", "body")
        cyp_id, note_id = self.cyp_id, self.note_id
        if note_id is not None:
            return lambda cw: cw.add_addendum(note_id, body)
        return lambda cw: cw.add_note("cyp", cyp_id, body)

    def message(self, result: Any) -> str:
        return "Addendum saved." if self.note_id else "Note saved."


class EnteredInErrorDialog(RecordDialog):
    draft_kind = "entered_in_error"

    def __init__(self, session: Session, parent: QWidget, note: NoteEntry) -> None:
        intro = f"“{note.body}” stays on record, struck through, with the reason you give."
        super().__init__("Mark a note entered in error", intro, session, parent, "Mark entered in error")
        self.note_id = self.draft_about = note.id
        self.reason = QLineEdit()
        self.reason.setObjectName("errorReason")
        self.reason.setPlaceholderText("For example: written on the wrong child's record")
        self.add("entered_in_error_reason", Field("&Why", self.reason), 0, 0)

    def build(self) -> Write:
        note_id, reason = self.note_id, self.reason.text().strip()
        return lambda cw: cw.mark_entered_in_error(note_id, reason)

    def message(self, result: Any) -> str:
        return "The note is marked entered in error; it stays on record."


class CloseCaseDialog(RecordDialog):
    """Close with a reason: the first press checks the form and asks; the second closes."""

    draft_kind = "close_case"

    friendly: ClassVar[dict[str, str]] = {"closure_reason": "Choose why the case is closing."}

    def __init__(self, session: Session, parent: QWidget, cyp_id: str, case: str) -> None:
        super().__init__("Close the case", case, session, parent, "Close case…")
        self.cyp_id, self.case = cyp_id, case
        self.reason = choice_box("closureReason", C.closure_choices(), empty="Choose…")
        self.closed_on = date_box("closedOn", self.today)
        self.add("closure_reason", Field("&Reason", self.reason), 0, 0)
        self.add("closed_on", Field("Closed &on", self.closed_on), 0, 1)
        self._asked: tuple[str, str | None] | None = None
        self._pending: tuple[str, str | None] = ("", None)
        self.reason.currentIndexChanged.connect(self._changed)
        self.closed_on.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self._asked = None
        self.notice.hide()
        self.ok_button.setText("Close case…")
        self.ok_button.setAccessibleName("Close case")

    def build(self) -> Write:
        reason = chosen(self.reason)
        if reason is None:
            raise ValidationError("closure_reason: choose why the case is closing.", "closure_reason")
        cyp_id, when = self.cyp_id, read_date(self.closed_on, "closed_on", self.today)
        self._pending = (reason, when)

        def write(cw: Casework) -> Any:
            return cw.close_case(cyp_id, reason, when)

        return write

    def confirm(self) -> bool:
        if self._asked == self._pending:
            return True
        self._asked = self._pending
        reason, when = self._pending
        day = L.uk_date(L.parse_date(when, self.today)) if when else "today"
        self.notice.setText(
            f"Close {self.case} on {day} as “{L.word(C.CLOSURE_REASONS, reason)}”? It leaves the open "
            "caseload; everything recorded stays, and the case can be reopened later."
        )
        self.notice.show()
        self.ok_button.setText("Yes, close the case")
        self.ok_button.setAccessibleName("Yes, close the case")
        return False

    def message(self, result: Any) -> str:
        return f"Case closed: {L.word(C.CLOSURE_REASONS, result.get('closure_reason'))}."
