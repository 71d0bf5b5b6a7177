"""The schools a link worker covers: the list, and one school's page (domain.md §2.1, §3.1).

Pure use-case queries over ``RecordService``: no Qt, no SQL. Contact time delivered is the sum of
the minutes of held visits in the academic year, set against the hours the offer contracts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.services.records import RecordService

# -- rows shared with the visit day (services.visit_day) -------------------------------------------


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def year_label(year_group: int | None) -> str:
    if year_group is None:
        return ""
    return "Reception" if year_group == 0 else f"Year {year_group}"


def cyp_label(cyp: Record) -> str:
    """How a case is named in front of others: initials, year group and pseudonymous code (no names)."""
    parts = [cyp.get("initials") or "", year_label(cyp.get("year_group")), cyp.get("pseudonym") or ""]
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class VisitRow:
    id: str
    school_id: str
    school: str
    date: date
    start_time: str | None
    kind: str
    status: str
    planned_minutes: int | None
    held_minutes: int | None
    summary: str | None
    #: How the contact took place and with whom (None: not recorded).
    contact_type: str | None = None
    with_whom: str | None = None


@dataclass(frozen=True)
class CaseRow:
    id: str
    label: str
    pseudonym: str
    initials: str
    year_group: int | None
    status: str
    opened_on: date | None
    share_consent: str
    #: Where consent to identifiable discussion stands, in words (the discussion form's picker).
    discussion_consent: str = ""


def visit_order(row: VisitRow) -> tuple[date, str, str, str]:
    return row.date, row.start_time or "99:99", row.school, row.id


def visit_row(record: Record, names: dict[str, str]) -> VisitRow:
    return VisitRow(
        id=record.id,
        school_id=record.get("school_id"),
        school=names.get(record.get("school_id"), "Unknown school"),
        date=date.fromisoformat(record.get("date")),
        start_time=record.get("start_time"),
        kind=record.get("kind", "case_discussion"),
        status=record.get("status", "planned"),
        planned_minutes=record.get("planned_minutes"),
        held_minutes=record.get("duration_minutes"),
        summary=record.get("summary"),
        contact_type=record.get("contact_type"),
        with_whom=record.get("with_whom"),
    )


def case_row(cyp: Record, consent: dict[str, str]) -> CaseRow:
    return CaseRow(
        id=cyp.id,
        label=cyp_label(cyp),
        pseudonym=cyp.get("pseudonym", ""),
        initials=cyp.get("initials", ""),
        year_group=cyp.get("year_group"),
        status=cyp.get("status", "open"),
        opened_on=day(cyp.get("opened_on")),
        share_consent=consent.get("share_with_school", ""),
    )


def consent_states(consents: list[Record], today: date) -> dict[str, str]:
    return {scope: rules.consent_state(consents, scope, today) for scope in v.CONSENT_SCOPES}


#: How many of a contracted period fit in an academic year (39 school weeks, three terms).
PERIODS_PER_YEAR = {"year": 1.0, "term": 3.0, "fortnight": 19.5, "week": 39.0}


def academic_year(today: date) -> tuple[str, date, date]:
    """The academic year containing ``today``: its label (2026/27), first and last day."""
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}/{(first + 1) % 100:02d}", date(first, 9, 1), date(first + 1, 8, 31)


@dataclass(frozen=True)
class SchoolRow:
    id: str
    name: str
    setting_type: str | None
    postcode: str
    workers: str
    next_visit: date | None
    open_cases: int
    agreement: str
    #: The school's status in GIAS as the last school-list import found it (None: never imported).
    gias_status: str | None = None


@dataclass(frozen=True)
class ContactRow:
    id: str
    name: str
    role: str | None
    job_title: str
    email: str
    phone: str
    primary: bool


@dataclass(frozen=True)
class Offer:
    academic_year: str
    contracted_minutes: int | None
    hours: int | None
    hours_period: str | None
    pattern: str | None
    session_minutes: int | None
    funding: str | None
    model: str | None


@dataclass(frozen=True)
class Agreement:
    state: str  # "active", "expired" or "missing"
    agreed_on: date | None
    review_on: date | None
    drafts: int


@dataclass(frozen=True)
class ContactTime:
    academic_year: str
    delivered_minutes: int
    contracted_minutes: int | None
    #: How far through the academic year today is (0 to 1), to read the delivered share against.
    year_elapsed: float


@dataclass(frozen=True)
class SchoolDetail:
    id: str
    name: str
    setting_type: str | None
    urn: str
    phone: str
    email: str
    address: str
    postcode: str
    local_authority: str
    status: str
    workers: list[str]
    contacts: list[ContactRow]
    visits: list[VisitRow]
    cases: list[CaseRow]
    offer: Offer | None
    agreement: Agreement
    contact_time: ContactTime
    next_visit: VisitRow | None
    gias_status: str | None = None
    closed_on: date | None = None


class SchoolView:
    def __init__(self, records: RecordService) -> None:
        self.records = records

    @property
    def today(self) -> date:
        return self.records.today()

    def choices(self) -> list[tuple[str, str]]:
        """(id, name) of every school that is not marked as left, by name."""
        schools = [s for s in self.records.find("school") if s.get("status") != "left"]
        return sorted(((s.id, s.get("name")) for s in schools), key=lambda pair: (pair[1].lower(), pair[0]))

    def rows(self) -> list[SchoolRow]:
        today = self.today.isoformat()
        open_cases: dict[str, int] = defaultdict(int)
        for cyp in self.records.find("cyp", {"status": "open"}):
            open_cases[cyp.get("school_id")] += 1
        next_visit: dict[str, str] = {}
        for visit in self.records.find("visit", {"status": "planned"}):
            when, school = visit.get("date"), visit.get("school_id")
            if when >= today and (school not in next_visit or when < next_visit[school]):
                next_visit[school] = when
        agreements: dict[str, list[Record]] = defaultdict(list)
        for agreement in self.records.find("info_sharing_agreement"):
            agreements[agreement.get("school_id")].append(agreement)
        workers = self._workers()
        rows = [
            SchoolRow(
                id=s.id,
                name=s.get("name"),
                setting_type=s.get("setting_type"),
                postcode=s.get("postcode", ""),
                workers=", ".join(workers.get(s.id, [])),
                next_visit=day(next_visit.get(s.id)),
                open_cases=open_cases[s.id],
                agreement=agreement_state(agreements[s.id], self.today).state,
                gias_status=s.get("gias_status"),
            )
            for s in self.records.find("school")
        ]
        return sorted(rows, key=lambda r: (r.name.lower(), r.id))

    def detail(self, school_id: str) -> SchoolDetail:
        school = self.records.get("school", school_id)
        names = {school_id: school.get("name")}
        visits = sorted(
            (visit_row(r, names) for r in self.records.find("visit", {"school_id": school_id})),
            key=visit_order,
            reverse=True,
        )
        cases = []
        for cyp in self.records.find("cyp", {"school_id": school_id}):
            consents = self.records.find("consent", {"cyp_id": cyp.id})
            cases.append(case_row(cyp, consent_states(consents, self.today)))
        cases.sort(key=lambda c: (c.status != "open", -(c.opened_on or date.min).toordinal(), c.id))
        upcoming = [v for v in visits if v.status == "planned" and v.date >= self.today]
        return SchoolDetail(
            id=school.id,
            name=school.get("name"),
            setting_type=school.get("setting_type"),
            urn=school.get("urn", ""),
            phone=school.get("phone", ""),
            email=school.get("email", ""),
            address=school.get("address", ""),
            postcode=school.get("postcode", ""),
            local_authority=school.get("local_authority", ""),
            status=school.get("status", "active"),
            workers=self._workers().get(school_id, []),
            contacts=self.contacts(school_id),
            visits=visits,
            cases=cases,
            offer=self.offer(school_id),
            agreement=agreement_state(
                self.records.find("info_sharing_agreement", {"school_id": school_id}), self.today
            ),
            contact_time=self.contact_time(school_id, visits),
            next_visit=upcoming[-1] if upcoming else None,
            gias_status=school.get("gias_status"),
            closed_on=day(school.get("closed_on")),
        )

    def contacts(self, school_id: str) -> list[ContactRow]:
        rows = [
            ContactRow(
                id=c.id,
                name=c.get("name"),
                role=c.get("role"),
                job_title=c.get("job_title", ""),
                email=c.get("email", ""),
                phone=c.get("phone", ""),
                primary=bool(c.get("is_primary", False)),
            )
            for c in self.records.find("contact", {"school_id": school_id})
        ]
        return sorted(rows, key=lambda r: (not r.primary, r.name.lower(), r.id))

    def offer(self, school_id: str) -> Offer | None:
        label, _first, _last = academic_year(self.today)
        offers = [
            o
            for o in self.records.find("service_offer", {"school_id": school_id})
            if o.get("academic_year") == label
        ]
        if not offers:
            return None
        found = max(offers, key=lambda o: (o.get("starts_on") or "", o.id))
        return Offer(
            academic_year=label,
            contracted_minutes=contracted_minutes(found),
            hours=found.get("contracted_hours"),
            hours_period=found.get("hours_period"),
            pattern=found.get("session_pattern"),
            session_minutes=found.get("session_minutes"),
            funding=found.get("funding"),
            model=found.get("delivery_model"),
        )

    def contact_time(self, school_id: str, visits: list[VisitRow]) -> ContactTime:
        label, first, last = academic_year(self.today)
        delivered = sum(v.held_minutes or 0 for v in visits if v.status == "held" and first <= v.date <= last)
        offer = self.offer(school_id)
        elapsed = (self.today - first).days / ((last - first).days + 1)
        return ContactTime(label, delivered, offer.contracted_minutes if offer else None, min(1.0, elapsed))

    def _workers(self) -> dict[str, list[str]]:
        """Names of the staff assigned to each school now."""
        today = self.today.isoformat()
        staff = {s.id: s.get("name") for s in self.records.find("staff")}
        found: dict[str, list[str]] = defaultdict(list)
        for a in self.records.find("assignment"):
            current = a.get("starts_on") <= today and (a.get("ends_on") is None or a.get("ends_on") >= today)
            if current and a.get("staff_id") in staff:
                found[a.get("school_id")].append(staff[a.get("staff_id")])
        return {k: sorted(v) for k, v in found.items()}


def contracted_minutes(offer: Record) -> int | None:
    hours, period = offer.get("contracted_hours"), offer.get("hours_period") or "year"
    if hours is None:
        return None
    return round(int(hours) * 60 * PERIODS_PER_YEAR.get(period, 1.0))


def agreement_state(agreements: list[Record], today: date) -> Agreement:
    """Active if one is active and not past its review date; expired if one was; otherwise missing."""
    drafts = sum(1 for a in agreements if a.get("status") == "draft")
    signed = [a for a in agreements if a.get("status") in ("active", "expired")]
    if not signed:
        return Agreement("missing", None, None, drafts)
    latest = max(signed, key=lambda a: (a.get("agreed_on") or "", a.id))
    review = day(latest.get("review_on"))
    current = latest.get("status") == "active" and (review is None or review >= today)
    return Agreement("active" if current else "expired", day(latest.get("agreed_on")), review, drafts)
