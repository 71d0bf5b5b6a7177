"""The caseload: every child or young person on this desk, one row each (domain.md §3.4).

Pure use-case queries over ``Casework``: no Qt, no SQL. Each record type is read once and grouped
by CYP, so the list costs a handful of look-ups however long the caseload is. A row carries the
identifiers shown in front of others (initials, year group, pseudonymous code) and, separately,
the name, which a front end shows only while privacy mode is off.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.names import derive_initials
from linkdesk.domain.records import Keep, Record, grouped, with_status
from linkdesk.services.casework import Casework
from linkdesk.services.school_view import consent_states, cyp_label, day

#: The consent scope the caseload shows as its own column.
SHARING = "share_with_school"


@dataclass(frozen=True)
class ReferralState:
    """The referral that most needs attention: stalled first, then the longest wait."""

    id: str
    destination: str
    status: str
    waiting_days: int | None
    stalled: bool


@dataclass(frozen=True)
class NextAction:
    description: str
    due_on: date | None
    overdue: bool


@dataclass(frozen=True)
class CaseloadRow:
    id: str
    label: str
    initials: str
    pseudonym: str
    year_group: int | None
    #: Given and family name as recorded ("" when none): shown only outside privacy mode.
    name: str
    school_id: str
    school: str
    status: str
    opened_on: date | None
    closed_on: date | None
    last_discussed: date | None
    share_consent: str
    #: Consent scopes with no active consent.
    missing_consents: tuple[str, ...]
    referral: ReferralState | None
    open_referrals: int
    flags: tuple[str, ...]
    #: The latest outcome measure raised a risk item.
    risk: bool
    next_action: NextAction | None


def _by_id(record: Record) -> str:
    return record.id


def full_name(cyp: Record) -> str:
    return " ".join(p for p in (cyp.get("given_name"), cyp.get("family_name")) if p)


class CaseloadView:
    def __init__(self, casework: Casework) -> None:
        self.casework = casework
        self.records = casework.records

    @property
    def today(self) -> date:
        return self.records.today()

    def schools(self) -> list[tuple[str, str]]:
        """(id, name) of the schools that have at least one case, by name."""
        with_cases = {c.get("school_id") for c in self.records.find("cyp")}
        names = [(s.id, s.get("name")) for s in self.records.find("school") if s.id in with_cases]
        return sorted(names, key=lambda pair: (pair[1].lower(), pair[0]))

    def rows(self, status: str | None = None) -> list[CaseloadRow]:
        """Every case (or only ``open`` / ``closed`` ones), the most recently opened first."""
        cases = self.records.find("cyp", {"status": status} if status else None)
        if not cases:
            return []
        today = self.today
        schools = {s.id: s.get("name") for s in self.records.find("school")}
        # Each kind of record is read and reduced to what a row shows before the next kind is
        # read, so only one kind is held at a time (a team's store has tens of thousands).
        consents = {k: consent_states(found, today) for k, found in self._by_cyp("consent").items()}
        waiting = self._waiting(today)
        actions = {
            k: next_action(found, today) for k, found in self._by_cyp("action", with_status("open")).items()
        }
        risks = {k: latest_has_risk(found) for k, found in self._by_cyp("measure_result").items()}
        discussed = self._last_discussed()
        no_consent = consent_states([], today)
        rows = []
        for cyp in cases:
            states = consents.get(cyp.id, no_consent)
            referrals = waiting.get(cyp.id, [])
            rows.append(
                CaseloadRow(
                    id=cyp.id,
                    label=cyp_label(cyp),
                    initials=cyp.get("initials")
                    or derive_initials(cyp.get("given_name"), cyp.get("family_name")),
                    pseudonym=cyp.get("pseudonym", ""),
                    year_group=cyp.get("year_group"),
                    name=full_name(cyp),
                    school_id=cyp.get("school_id"),
                    school=schools.get(cyp.get("school_id"), "Unknown school"),
                    status=cyp.get("status", "open"),
                    opened_on=day(cyp.get("opened_on")),
                    closed_on=day(cyp.get("closed_on")),
                    last_discussed=discussed.get(cyp.id),
                    share_consent=states.get(SHARING, "missing"),
                    missing_consents=tuple(s for s, state in states.items() if state != "given"),
                    referral=referrals[0] if referrals else None,
                    open_referrals=len(referrals),
                    flags=tuple(cyp.get("flags") or ()),
                    risk=risks.get(cyp.id, False),
                    next_action=actions.get(cyp.id),
                )
            )
        return sorted(rows, key=lambda r: (r.status != "open", -(r.opened_on or date.min).toordinal(), r.id))

    def _by_cyp(self, type_name: str, keep: Keep | None = None) -> dict[str, list[Record]]:
        """A type's records (those ``keep`` accepts) by CYP; records of a type are read one at a
        time, so only those kept are ever held."""
        return grouped(sorted(self.records.records.each(type_name, keep), key=_by_id), "cyp_id")

    def _waiting(self, today: date) -> dict[str, list[ReferralState]]:
        """Each case's referrals still waiting, the stalled and longest-waiting first."""
        referrals = self._by_cyp("referral", with_status(*v.WAITING_STATUSES))
        waiting = [r.id for found in referrals.values() for r in found]
        events = grouped(
            self.records.records.find_any("referral_event", "referral_id", waiting), "referral_id"
        )
        return {
            cyp_id: states
            for cyp_id, found in referrals.items()
            if (states := self._referral_states(found, events, today))
        }

    def _last_discussed(self) -> dict[str, date]:
        """Each case's latest held case discussion: visits and items are read one at a time and
        only their dates and links kept (a team's store has tens of thousands of items)."""
        store = self.records.records
        visits = {r.id: r.get("date") for r in store.each("visit")}
        latest: dict[str, str] = {}
        for item in store.each("discussion_item"):
            cyp_id, when = item.get("cyp_id"), visits.get(item.get("visit_id"))
            if cyp_id and when and when > latest.get(cyp_id, ""):
                latest[cyp_id] = when
        return {cyp_id: date.fromisoformat(when) for cyp_id, when in latest.items()}

    def _referral_states(
        self, referrals: list[Record], events: dict[str, list[Record]], today: date
    ) -> list[ReferralState]:
        found = []
        for referral in referrals:
            if referral.get("status") not in v.WAITING_STATUSES:
                continue
            own = events.get(referral.id, [])
            found.append(
                ReferralState(
                    id=referral.id,
                    destination=referral.get("destination"),
                    status=referral.get("status"),
                    waiting_days=rules.referral_waiting_days(referral, own, today),
                    stalled=rules.referral_stalled(referral, own, today, self.casework.stalled_after_days),
                )
            )
        return sorted(found, key=lambda r: (not r.stalled, -(r.waiting_days or 0), r.id))


def next_action(actions: list[Record], today: date) -> NextAction | None:
    """The open action due soonest (undated ones last)."""
    if not actions:
        return None
    first = min(actions, key=lambda a: (a.get("due_on") or "9999-12-31", a.id))
    due = day(first.get("due_on"))
    return NextAction(first.get("description"), due, due is not None and due < today)


def latest_has_risk(results: list[Record]) -> bool:
    """True when the latest current result of any measure raised a flag (a risk item)."""
    latest: dict[str, Record] = {}
    for result in results:
        if result.get("status") == "entered_in_error":
            continue
        key = f"{result.get('measure')}:{result.get('informant')}"
        if key not in latest or (result.get("date"), result.id) > (latest[key].get("date"), latest[key].id):
            latest[key] = result
    return any(json.loads(r.get("result")).get("flags") for r in latest.values())
