"""The service's wider record, as the Service page lists it (domain.md §2, §6).

Pure use-case queries over ``RecordService``: offers and the contact time delivered against them
this academic year, information-sharing agreements with their warnings, training delivered, the
duty line and calls, actions, and the directory of agencies with how long since each was checked.
Free text that can name a child (a call's summary, an action) has every child's name replaced by
their code, as in letters, because this page may be open in a school.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from linkdesk.domain.records import Record
from linkdesk.domain.redaction import NameRedactor
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import academic_year, agreement_state, contracted_minutes, cyp_label, day

REVIEW_SOON_DAYS = 60
STALE_AFTER_DAYS = 365
DUE_SOON_DAYS = 7

#: The record type each tab of the Service page adds and edits.
TAB_TYPES = {
    "offers": "service_offer",
    "agreements": "info_sharing_agreement",
    "training": "training",
    "duty": "communication",
    "actions": "action",
    "agencies": "agency",
}
TAB_OF_TYPE = {t: k for k, t in TAB_TYPES.items()}


@dataclass(frozen=True)
class OfferRow:
    school_id: str
    school: str
    offer_id: str | None
    academic_year: str
    funding: str | None
    pattern: str | None
    session_minutes: int | None
    contracted_minutes: int | None
    delivered_minutes: int
    year_elapsed: float

    @property
    def share(self) -> float | None:
        return self.delivered_minutes / self.contracted_minutes if self.contracted_minutes else None

    @property
    def behind(self) -> bool:
        """Clearly behind: less delivered than three quarters of the year's share so far."""
        share = self.share
        return share is not None and share < self.year_elapsed * 0.75


@dataclass(frozen=True)
class AgreementRow:
    school_id: str
    school: str
    agreement_id: str | None
    state: str  # active, expired, missing
    agreed_on: date | None
    review_on: date | None
    drafts: int
    warning: str


@dataclass(frozen=True)
class TrainingRow:
    id: str
    date: date
    title: str
    school: str
    audience: str | None
    format: str | None
    minutes: int | None
    attendees: int | None


@dataclass(frozen=True)
class CallRow:
    id: str
    date: date
    channel: str
    direction: str | None
    school: str
    purpose: str | None
    outcome: str | None
    minutes: int | None
    summary: str


@dataclass(frozen=True)
class ActionRow:
    id: str
    description: str
    due_on: date | None
    status: str
    owner: str
    school: str
    case: str
    overdue: bool
    due_soon: bool


@dataclass(frozen=True)
class AgencyRow:
    id: str
    name: str
    kind: str | None
    phone: str
    email: str
    website: str
    age_range: str
    criteria: str
    last_verified_on: date | None
    age_days: int | None

    @property
    def stale(self) -> bool:
        return self.age_days is None or self.age_days > STALE_AFTER_DAYS


class WiderView:
    def __init__(self, records: RecordService) -> None:
        self.records = records
        self._names: dict[str, str] | None = None
        self._redacted: dict[str, str] = {}

    @property
    def today(self) -> date:
        return self.records.today()

    def rows(self, tab: str) -> list[object]:
        loaders: dict[str, Callable[[], Sequence[object]]] = {
            "offers": self.offers,
            "agreements": self.agreements,
            "training": self.training,
            "duty": self.calls,
            "actions": self.actions,
            "agencies": self.agencies,
        }
        return list(loaders[tab]())

    # -- the lists ----------------------------------------------------------------------------------

    def offers(self) -> list[OfferRow]:
        label, first, last = academic_year(self.today)
        delivered: dict[str, int] = defaultdict(int)
        for visit in self.records.find_dated("visit", first.isoformat(), last.isoformat()):
            if visit.get("status") == "held":
                delivered[visit.get("school_id")] += visit.get("duration_minutes") or 0
        offers: dict[str, Record] = {}
        for offer in self.records.find("service_offer", {"academic_year": label}):
            held: Record | None = offers.get(offer.get("school_id"))
            if held is None or (offer.get("starts_on") or "", offer.id) > (
                held.get("starts_on") or "",
                held.id,
            ):
                offers[offer.get("school_id")] = offer
        elapsed = min(1.0, (self.today - first).days / ((last - first).days + 1))
        rows = []
        for school_id, name in self._active_schools():
            chosen = offers.get(school_id)
            rows.append(
                OfferRow(
                    school_id=school_id,
                    school=name,
                    offer_id=chosen.id if chosen else None,
                    academic_year=label,
                    funding=chosen.get("funding") if chosen else None,
                    pattern=chosen.get("session_pattern") if chosen else None,
                    session_minutes=chosen.get("session_minutes") if chosen else None,
                    contracted_minutes=contracted_minutes(chosen) if chosen else None,
                    delivered_minutes=delivered[school_id],
                    year_elapsed=elapsed,
                )
            )
        return rows

    def agreements(self) -> list[AgreementRow]:
        found: dict[str, list[Record]] = defaultdict(list)
        for agreement in self.records.find("info_sharing_agreement"):
            found[agreement.get("school_id")].append(agreement)
        rows = []
        for school_id, name in self._active_schools():
            agreements = found[school_id]
            state = agreement_state(agreements, self.today)
            latest = max(agreements, key=lambda a: (a.get("agreed_on") or "", a.id)) if agreements else None
            rows.append(
                AgreementRow(
                    school_id=school_id,
                    school=name,
                    agreement_id=latest.id if latest else None,
                    state=state.state,
                    agreed_on=state.agreed_on,
                    review_on=state.review_on,
                    drafts=state.drafts,
                    warning=self._agreement_warning(state.state, state.review_on, state.drafts),
                )
            )
        order = {"missing": 0, "expired": 1, "active": 2}
        return sorted(rows, key=lambda r: (order[r.state], not r.warning, r.review_on or date.max, r.school))

    def _agreement_warning(self, state: str, review_on: date | None, drafts: int) -> str:
        if state == "missing":
            return (
                "Draft waiting to be signed" if drafts else "No agreement: nothing identifiable may be shared"
            )
        if state == "expired":
            return f"Expired {review_on:%d %b %Y}: renew it" if review_on else "Expired: renew it"
        if review_on is not None and review_on - self.today <= timedelta(days=REVIEW_SOON_DAYS):
            return f"Review due in {(review_on - self.today).days} days"
        return ""

    def training(self) -> list[TrainingRow]:
        names = self._school_names()
        rows = [
            TrainingRow(
                id=t.id,
                date=date.fromisoformat(t.get("date")),
                title=t.get("title"),
                school=names.get(t.get("school_id") or "", "Across schools"),
                audience=t.get("audience"),
                format=t.get("format"),
                minutes=t.get("minutes"),
                attendees=t.get("attendees"),
            )
            for t in self.records.find("training")
        ]
        return sorted(rows, key=lambda r: (r.date, r.id), reverse=True)

    def calls(self) -> list[CallRow]:
        names = self._school_names()
        rows = [
            CallRow(
                id=c.id,
                date=date.fromisoformat(c.get("date")),
                channel=c.get("channel"),
                direction=c.get("direction"),
                school=names.get(c.get("school_id") or "", ""),
                purpose=c.get("purpose"),
                outcome=c.get("triage_outcome"),
                minutes=c.get("minutes"),
                summary=self._safe(c.get("summary") or ""),
            )
            for c in self.records.find("communication")
        ]
        return sorted(rows, key=lambda r: (r.date, r.id), reverse=True)

    def actions(self) -> list[ActionRow]:
        names = self._school_names()
        staff = {s.id: s.get("name") for s in self.records.find("staff")}
        contacts = {c.id: c.get("name") for c in self.records.find("contact")}
        # each child's label, read one child at a time: no list of every child held at once
        cases = {c.id: cyp_label(c) for c in self.records.records.each("cyp")}
        rows = []
        for a in self.records.find("action"):
            due = day(a.get("due_on"))
            status = a.get("status") or "open"
            owner = (
                staff.get(a.get("owner_staff_id") or "")
                or contacts.get(a.get("owner_contact_id") or "")
                or a.get("owner")
                or ""
            )
            is_open = status == "open"
            rows.append(
                ActionRow(
                    id=a.id,
                    description=self._safe(a.get("description")),
                    due_on=due,
                    status=status,
                    owner=owner,
                    school=names.get(a.get("school_id") or "", ""),
                    case=cases.get(a.get("cyp_id") or "", ""),
                    overdue=is_open and due is not None and due < self.today,
                    due_soon=is_open
                    and due is not None
                    and self.today <= due <= self.today + timedelta(days=DUE_SOON_DAYS),
                )
            )
        return sorted(rows, key=lambda r: (r.status != "open", r.due_on or date.max, r.id))

    def agencies(self) -> list[AgencyRow]:
        rows = []
        for a in self.records.find("agency"):
            checked = day(a.get("last_verified_on"))
            rows.append(
                AgencyRow(
                    id=a.id,
                    name=a.get("name"),
                    kind=a.get("kind"),
                    phone=a.get("phone") or "",
                    email=a.get("email") or "",
                    website=a.get("website") or "",
                    age_range=a.get("age_range") or "",
                    criteria=a.get("criteria") or "",
                    last_verified_on=checked,
                    age_days=(self.today - checked).days if checked else None,
                )
            )
        return sorted(rows, key=lambda r: (r.name.lower(), r.id))

    # -- changes ---------------------------------------------------------------------------------

    def mark_action(self, action_id: str, status: str = "done") -> Record:
        return self.records.update("action", action_id, {"status": status})

    def verify_agency(self, agency_id: str) -> Record:
        """Mark an agency's details checked today."""
        return self.records.update("agency", agency_id, {"last_verified_on": self.today.isoformat()})

    # -- helpers ----------------------------------------------------------------------------------

    def _active_schools(self) -> list[tuple[str, str]]:
        schools = [s for s in self.records.find("school") if s.get("status") != "left"]
        return sorted(((s.id, s.get("name")) for s in schools), key=lambda p: (p[1].lower(), p[0]))

    def _school_names(self) -> dict[str, str]:
        if self._names is None:
            self._names = {s.id: s.get("name") for s in self.records.find("school")}
        return self._names

    @cached_property
    def _redactor(self) -> NameRedactor:
        return child_redactor(self.records)

    def _safe(self, text: str) -> str:
        if not text:
            return ""
        found = self._redacted.get(text)
        if found is None:  # the same words recur ("Send the consent form"): redacted once a view
            found = self._redacted[text] = self._redactor(text)
        return found
