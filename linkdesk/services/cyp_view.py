"""One child or young person's record as the CYP page shows it (domain.md §3.4-3.6).

Pure use-case queries over ``Casework`` and the measure registry: no Qt, no SQL. Notes are
append-only: an addendum hangs under the note it adds to, and a note marked entered in error is
still returned (with its reason) so the screen can show it struck through. Writes go through
``Casework`` and ``MeasureRecords`` as they are; ``record_measure`` adds the scoring context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.measures import MeasureRegistry
from linkdesk.services.caseload_view import NextAction, full_name, next_action
from linkdesk.services.casework import Casework
from linkdesk.services.consent_view import ConsentScope, scope_state
from linkdesk.services.cyp_identity import Identity, identity_of
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.measure_view import (
    ResultRow,
    Trajectory,
    age_on,
    result_row,
    scoring_context,
    trajectories,
)
from linkdesk.services.school_view import consent_states, cyp_label, day, year_label


@dataclass(frozen=True)
class ConsentEntry:
    id: str
    scope: str
    status: str
    given_by: str | None
    method: str | None
    sought_on: date | None
    decided_on: date | None
    expires_on: date | None
    notes: str


@dataclass(frozen=True)
class EventRow:
    id: str
    date: date
    event: str
    note: str


@dataclass(frozen=True)
class ReferralDetail:
    id: str
    destination: str
    route: str | None
    status: str
    sent_on: date | None
    reason: str
    waiting_days: int | None
    stalled: bool
    events: list[EventRow]


@dataclass(frozen=True)
class DiscussionEntry:
    id: str
    visit_id: str
    visit_date: date
    school: str
    concern: str
    concerns: tuple[str, ...]
    outcome: str | None
    actions: str
    follow_up_on: date | None


@dataclass(frozen=True)
class NoteEntry:
    id: str
    date: date | None
    body: str
    in_error: bool
    error_reason: str
    addenda: list[NoteEntry]


@dataclass(frozen=True)
class LetterEntry:
    id: str
    rendered_on: date
    template: str
    audience: str | None
    recipient: str
    output: str | None


@dataclass(frozen=True)
class RiskEntry:
    """One risk assessment: the level, when and why, the safety plan and who was told when."""

    id: str
    level: str
    assessed_on: date
    reason: str
    safety_plan: str
    dsl_informed_on: date | None
    safeguarding_referral_on: date | None


@dataclass(frozen=True)
class CypDetail:
    id: str
    label: str
    initials: str
    name: str
    pseudonym: str
    year_group: int | None
    year: str
    school_id: str
    school: str
    status: str
    opened_on: date | None
    closed_on: date | None
    closure_reason: str | None
    flags: tuple[str, ...]
    age: int | None
    sex: str | None
    worker: str
    consents: list[ConsentScope]
    consent_history: list[ConsentEntry]
    missing_consents: list[str]
    referrals: list[ReferralDetail]
    discussions: list[DiscussionEntry]
    notes: list[NoteEntry]
    letters: list[LetterEntry]
    actions: list[NextAction]
    results: list[ResultRow]
    trajectories: list[Trajectory]
    #: Risk assessments, newest first: the first is the current risk.
    risks: list[RiskEntry]
    identity: Identity

    @property
    def risk(self) -> list[ResultRow]:
        """The latest result of each measure and informant, where it raised a risk item that no risk
        assessment made on or after its date has answered yet."""
        latest: dict[tuple[str, str], ResultRow] = {}
        for row in self.results:
            key = (row.measure, row.informant)
            if key not in latest or (row.date, row.id) > (latest[key].date, latest[key].id):
                latest[key] = row
        answered = max((e.assessed_on for e in self.risks), default=None)
        return [r for r in latest.values() if r.risk and (answered is None or answered < r.date)]


class CypView:
    def __init__(self, casework: Casework, registry: MeasureRegistry) -> None:
        self.casework = casework
        self.records = casework.records
        self.registry = registry

    @property
    def today(self) -> date:
        return self.records.today()

    def detail(self, cyp_id: str) -> CypDetail:
        cyp = self.records.get("cyp", cyp_id)
        today = self.today
        school = self.records.records.get(cyp.get("school_id"))
        worker = self.records.records.get(cyp.get("worker_id")) if cyp.get("worker_id") else None
        consents = self.records.find("consent", {"cyp_id": cyp_id})
        states = consent_states(consents, today)
        history = MeasureRecords(self.records, self.registry).history(cyp_id)
        first = date.fromisoformat(history[0].record.get("date")) if history else today
        label = cyp_label(cyp)
        results = [result_row(self.registry, p.record, label) for p in history if p.record.get("measure")]
        actions = [a for a in self.records.find("action", {"cyp_id": cyp_id}) if a.get("status") == "open"]
        return CypDetail(
            id=cyp.id,
            label=label,
            initials=cyp.get("initials", ""),
            name=full_name(cyp),
            pseudonym=cyp.get("pseudonym", ""),
            year_group=cyp.get("year_group"),
            year=year_label(cyp.get("year_group")),
            school_id=cyp.get("school_id"),
            school=school.get("name") if school else "Unknown school",
            status=cyp.get("status", "open"),
            opened_on=day(cyp.get("opened_on")),
            closed_on=day(cyp.get("closed_on")),
            closure_reason=cyp.get("closure_reason"),
            flags=tuple(cyp.get("flags") or ()),
            age=age_on(cyp.get("date_of_birth"), today),
            sex=cyp.get("sex"),
            worker=worker.get("name", "") if worker else "",
            consents=[scope_state(consents, s, states[s]) for s in v.CONSENT_SCOPES],
            consent_history=consent_history(consents),
            missing_consents=[s for s in v.CONSENT_SCOPES if states[s] != "given"],
            referrals=self.referrals(cyp_id),
            discussions=self.discussions(cyp_id),
            notes=self.notes(cyp_id),
            letters=self.letters(cyp_id),
            actions=sorted(
                (a for a in (next_action([x], today) for x in actions) if a is not None),
                key=lambda a: a.due_on or date.max,
            ),
            results=sorted(results, key=lambda r: (r.date, r.id), reverse=True),
            trajectories=trajectories(self.registry, history, scoring_context(cyp, first)),
            risks=risk_entries(self.records.find("risk", {"cyp_id": cyp_id})),
            identity=identity_of(cyp),
        )

    def referrals(self, cyp_id: str) -> list[ReferralDetail]:
        found = []
        for referral in self.records.find("referral", {"cyp_id": cyp_id}):
            view = self.casework.referral_view(referral.id)
            found.append(
                ReferralDetail(
                    id=referral.id,
                    destination=referral.get("destination"),
                    route=referral.get("route"),
                    status=referral.get("status", "draft"),
                    sent_on=day(referral.get("sent_on")),
                    reason=referral.get("reason", ""),
                    waiting_days=view.waiting_days,
                    stalled=view.stalled,
                    events=[
                        EventRow(e.id, date.fromisoformat(e.get("date")), e.get("event"), e.get("note", ""))
                        for e in reversed(view.events)
                    ],
                )
            )
        waiting = [r for r in found if r.status in v.WAITING_STATUSES]
        done = [r for r in found if r.status not in v.WAITING_STATUSES]
        return sorted(waiting, key=lambda r: (not r.stalled, -(r.waiting_days or 0))) + sorted(
            done, key=lambda r: r.sent_on or date.min, reverse=True
        )

    def discussions(self, cyp_id: str) -> list[DiscussionEntry]:
        found = []
        for item in self.records.find("discussion_item", {"cyp_id": cyp_id}):
            visit = self.records.records.get(item.get("visit_id"))
            if visit is None:
                continue
            school = self.records.records.get(visit.get("school_id"))
            found.append(
                DiscussionEntry(
                    id=item.id,
                    visit_id=visit.id,
                    visit_date=date.fromisoformat(visit.get("date")),
                    school=school.get("name") if school else "",
                    concern=item.get("concern", ""),
                    concerns=tuple(item.get("concern_categories") or ()),
                    outcome=item.get("outcome"),
                    actions=item.get("actions", ""),
                    follow_up_on=day(item.get("follow_up_on")),
                )
            )
        return sorted(found, key=lambda d: (d.visit_date, d.id), reverse=True)

    def notes(self, cyp_id: str) -> list[NoteEntry]:
        return thread_notes(self.records.find("note", {"subject_type": "cyp", "subject_id": cyp_id}))

    def letters(self, cyp_id: str) -> list[LetterEntry]:
        rows = [
            LetterEntry(
                id=r.id,
                rendered_on=date.fromisoformat(r.get("rendered_on")),
                template=r.get("template"),
                audience=r.get("audience"),
                recipient=r.get("recipient", ""),
                output=r.get("output"),
            )
            for r in self.records.find("letter", {"cyp_id": cyp_id})
        ]
        return sorted(rows, key=lambda r: (r.rendered_on, r.id), reverse=True)

    def record_measure(
        self, cyp_id: str, measure_id: str, responses: str, informant: str, time_point: str, when: str
    ) -> Record:
        """Score and store one administration with the young person's age and sex on that day."""
        cyp = self.records.get("cyp", cyp_id)
        context = scoring_context(cyp, date.fromisoformat(when)) if when else None
        return MeasureRecords(self.records, self.registry).record(
            cyp_id,
            measure_id,
            responses,
            informant=informant,
            time_point=time_point,
            date=when,
            context=context,
        )


def risk_entries(risks: list[Record]) -> list[RiskEntry]:
    """Risk assessments newest first (by the date assessed), so the first is the current risk."""
    return [
        RiskEntry(
            id=r.id,
            level=r.get("level"),
            assessed_on=date.fromisoformat(r.get("assessed_on")),
            reason=r.get("reason", ""),
            safety_plan=r.get("safety_plan", ""),
            dsl_informed_on=day(r.get("dsl_informed_on")),
            safeguarding_referral_on=day(r.get("safeguarding_referral_on")),
        )
        for r in sorted(risks, key=rules.risk_order, reverse=True)
    ]


def consent_history(consents: list[Record]) -> list[ConsentEntry]:
    rows = [
        ConsentEntry(
            id=c.id,
            scope=c.get("scope"),
            status=c.get("status"),
            given_by=c.get("given_by"),
            method=c.get("method"),
            sought_on=day(c.get("sought_on")),
            decided_on=day(c.get("decided_on")),
            expires_on=day(c.get("expires_on")),
            notes=c.get("notes", ""),
        )
        for c in consents
    ]
    return sorted(rows, key=lambda r: (r.decided_on or r.sought_on or date.min, r.id), reverse=True)


def thread_notes(notes: list[Record]) -> list[NoteEntry]:
    """Notes newest first, each with its addenda (oldest first) under it."""
    by_id = {n.id: n for n in notes}

    def root(note: Record) -> str:
        seen = set()
        while note.get("addendum_to") in by_id and note.id not in seen:
            seen.add(note.id)
            note = by_id[note.get("addendum_to")]
        return note.id

    children: dict[str, list[Record]] = {}
    for note in notes:
        if note.get("addendum_to"):
            children.setdefault(root(note), []).append(note)

    def entry(note: Record, addenda: list[NoteEntry]) -> NoteEntry:
        return NoteEntry(
            id=note.id,
            date=day(note.get("date")),
            body=note.get("body", ""),
            in_error=note.get("status") == "entered_in_error",
            error_reason=note.get("entered_in_error_reason", ""),
            addenda=addenda,
        )

    def order(n: Record) -> tuple[str, str]:
        return n.get("date") or "", n.id

    tops = [n for n in notes if not n.get("addendum_to") or n.get("addendum_to") not in by_id]
    return [
        entry(n, [entry(a, []) for a in sorted(children.get(n.id, []), key=order)])
        for n in sorted(tops, key=order, reverse=True)
    ]
