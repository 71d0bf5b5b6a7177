"""``linkdesk demo``: a deterministic synthetic link service to explore and to benchmark.

The same size and seed always give the same records (ids included), so two demo stores have
the same ``state-hash``. Everything is invented (see ``demo_text``). Risk assessments and
follow-up actions come last, from a random source of their own (``demo_follow_through``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import academic_year_of
from linkdesk.domain.ids import uuid7
from linkdesk.services import demo_text as words
from linkdesk.services.demo_follow_through import (
    OpenCase,
    RecentItem,
    add_follow_through,
    follow_through_seed,
)
from linkdesk.services.demo_identity import demo_identity
from linkdesk.services.demo_measures import add_measures
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService


@dataclass(frozen=True)
class DemoSize:
    workers: int
    schools: int
    years: int  # academic years of history before this one
    notes_per_cyp: int


SIZES = {"small": DemoSize(2, 8, 0, 3), "large": DemoSize(6, 50, 5, 16)}
VISIT_WEEKDAYS = (1, 2, 3)  # Tuesday to Thursday: never a bank-holiday Monday
#: How far ahead the demo looks for the next term-time visit (past the longest school holiday).
PLAN_AHEAD_DAYS = 120


def term_weeks(first_year: int, until: date) -> Iterator[date]:
    """Mondays of English school-term weeks from September ``first_year`` to ``until``."""
    for year in range(first_year, until.year + 1):
        terms = [
            (date(year, 9, 4), date(year, 12, 18)),
            (date(year + 1, 1, 5), date(year + 1, 3, 27)),
            (date(year + 1, 4, 13), date(year + 1, 7, 21)),
        ]
        half_terms = {date(year, 10, 26), date(year + 1, 2, 15), date(year + 1, 5, 25)}
        for start, end in terms:
            monday = start - timedelta(days=start.weekday())
            while monday <= min(end, until):
                if not any(abs((monday - h).days) < 5 for h in half_terms):
                    yield monday
                monday += timedelta(days=7)


class DemoBuilder:
    def __init__(
        self, records: RecordService, seed: int, today: date, measures: MeasureRecords | None
    ) -> None:
        self.records = records
        self.measures = measures
        self.rng = random.Random(seed)
        self.today = today
        self.counts: dict[str, int] = {}
        self.minted = 0
        self.epoch = datetime.combine(today, time(0), UTC)
        self.seed = seed
        self.id_bits: Callable[[int], int] = self.rng.getrandbits
        #: What the follow-through records are added to, gathered as the service is built.
        self.open_cases: list[OpenCase] = []
        #: The year groups each school teaches.
        self.years: dict[str, tuple[int, int]] = {}
        self.recent_items: list[RecentItem] = []

    def new_id(self) -> str:
        """The next id: time-ordered (UUIDv7, a millisecond apart) and the same for the same seed."""
        self.minted += 1
        return uuid7(self.epoch + timedelta(milliseconds=self.minted), self.id_bits)

    def add(self, type_name: str, **fields: Any) -> str:
        record_id = self.new_id()
        self.records.add(type_name, {k: v for k, v in fields.items() if v is not None}, record_id=record_id)
        self.counts[type_name] = self.counts.get(type_name, 0) + 1
        return record_id

    def year_at(self, school: str, drawn: int) -> int:
        """A year group the school teaches, from a drawn one (the draws stay as they were)."""
        low, high = self.years[school]
        return low + drawn % (high - low + 1)

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    # -- the service --------------------------------------------------------------------------------

    def build(self, size: DemoSize) -> dict[str, int]:
        with self.records.batch():
            staff = [self.add("staff", name=name, role=role) for name, role in words.STAFF[: size.workers]]
            staff.append(self.add("staff", name=words.STAFF[-1][0], role=words.STAFF[-1][1]))
            localities = [
                self.add("grouping", kind="locality", name=n) for n in ("North", "South", "Central")
            ]
            clusters = [self.add("grouping", kind="cluster", name=f"Cluster {c}") for c in "ABCD"]
            for name, kind in words.AGENCIES:
                self.add(
                    "agency",
                    name=name,
                    kind=kind,
                    last_verified_on=(self.today - self.days(10, 400)).isoformat(),
                    criteria="Children and young people aged 5-18 registered with a local GP.",
                )
            first_year = (self.today.year if self.today.month >= 9 else self.today.year - 1) - size.years
            for index in range(size.schools):
                worker = staff[index % size.workers]
                school = self.school(index, worker, first_year, localities, clusters)
                self.school_year(school, worker, first_year, size)
            extra = follow_through_seed(self.seed)
            self.id_bits = extra.getrandbits  # the records before these keep their ids
            add_follow_through(self.add, extra, self.today, self.open_cases, self.recent_items)
        return dict(sorted(self.counts.items()))

    def school(
        self, index: int, worker: str, first_year: int, localities: list[str], clusters: list[str]
    ) -> str:
        place = words.SCHOOL_PLACES[index % len(words.SCHOOL_PLACES)]
        kinds = [k for k in words.SCHOOL_KINDS for _ in range(k[2])]
        suffix, setting, _, years = kinds[(index * 13) % len(kinds)]  # a stride: a small demo has each kind
        school = self.add(
            "school",
            name=f"{place} {suffix}",
            setting_type=setting,
            urn=f"{190100 + index}",
            phone=f"01582 {400000 + index * 37:06d}",
            postcode=f"LU{index % 7 + 1} {index % 9}AB",
            local_authority="Luton",
        )
        self.years[school] = years
        self.add("school_grouping", school_id=school, grouping_id=localities[index % 3])
        self.add("school_grouping", school_id=school, grouping_id=clusters[index % 4])
        self.add("assignment", staff_id=worker, school_id=school, starts_on=f"{first_year}-09-01")
        given = self.rng.choice(words.CONTACT_GIVEN)
        self.add(
            "contact",
            school_id=school,
            name=f"{given} {self.rng.choice(words.FAMILY)}",
            role="spoc",
            is_primary=True,
            email=f"{given.lower()}.spoc@{place.lower().replace(' ', '')}.sch.uk",
        )
        self.add(
            "contact",
            school_id=school,
            name=f"{self.rng.choice(words.CONTACT_GIVEN)} {self.rng.choice(words.FAMILY)}",
            role="senco",
        )
        self.add(
            "info_sharing_agreement",
            school_id=school,
            status="active",
            agreed_on=min(date(first_year, 9, 15), self.today).isoformat(),
            review_on=f"{self.today.year + 1}-09-15",
            channels=["email", "meeting"],
            information_exchanged="Outcome of referrals and agreed actions for named pupils, with consent.",
        )
        return school

    def school_year(self, school: str, worker: str, first_year: int, size: DemoSize) -> None:
        """Offers, training, contacts and the fortnightly visits with their case discussions."""
        for year in range(first_year, self.today.year + (1 if self.today.month >= 9 else 0)):
            self.add(
                "service_offer",
                school_id=school,
                academic_year=f"{year}/{(year + 1) % 100:02d}",
                delivery_model="in_school_regular",
                funding=self.rng.choice(["commissioned_core", "traded"]),
                contracted_hours=self.rng.choice([24, 36, 48]),
                hours_period="year",
                session_pattern="fortnightly",
                session_minutes=120,
                starts_on=f"{year}-09-01",
                ends_on=f"{year + 1}-07-31",
                review_on=f"{year + 1}-06-30",
            )
            title, topic = self.rng.choice(words.TRAINING_TITLES)
            when = date(year, 11, 12) + self.days(0, 20)
            if when <= self.today:
                self.add(
                    "training",
                    school_id=school,
                    staff_id=worker,
                    date=when.isoformat(),
                    title=title,
                    topics=[topic],
                    audience="teachers",
                    format="twilight",
                    planned_minutes=90,
                    minutes=self.rng.choice([75, 90, 90]),
                    attendees=self.rng.randint(8, 40),
                )
        pool: list[str] = []
        weekday = self.rng.choice(VISIT_WEEKDAYS)
        horizon = self.today + timedelta(days=21)
        ahead = 0  # visits planned after today: at least the next one, even from a school holiday
        for number, monday in enumerate(term_weeks(first_year, self.today + timedelta(days=PLAN_AHEAD_DAYS))):
            if number % 2:
                continue
            visit_day = monday + timedelta(days=weekday)
            if monday > horizon and ahead:
                break
            if visit_day > self.today:
                ahead += 1
            if visit_day < self.today - timedelta(days=365 * size.years + 120) and size.years == 0:
                continue
            if size.years == 0 and visit_day < self.today - timedelta(days=84):
                continue
            self.visit(school, worker, visit_day, pool, size)
            if self.rng.random() < 0.1 and visit_day <= self.today:
                self.add(
                    "communication",
                    school_id=school,
                    staff_id=worker,
                    date=visit_day.isoformat(),
                    channel=self.rng.choice(["phone", "email", "helpline"]),
                    direction="incoming",
                    purpose=self.rng.choice(["advice", "referral_status_query", "booking"]),
                    triage_outcome=self.rng.choice(["advice_given", "consultation_booked", "signposted"]),
                    minutes=self.rng.choice([10, 15, 20]),
                    summary="Call from school about a pupil.",
                )

    def visit(self, school: str, worker: str, day: date, pool: list[str], size: DemoSize) -> None:
        iso = day.isoformat()
        if day > self.today:
            self.add(
                "visit",
                school_id=school,
                staff_id=worker,
                date=iso,
                start_time="09:30",
                planned_minutes=120,
                kind="case_discussion",
                status="planned",
            )
            return
        roll = self.rng.random()
        status = (
            "held"
            if roll < 0.86
            else "cancelled_by_school"
            if roll < 0.92
            else "cancelled_by_service"
            if roll < 0.96
            else "nothing_planned"
        )
        minutes = self.rng.choice([90, 105, 120, 120, 135]) if status == "held" else None
        visit = self.add(
            "visit",
            school_id=school,
            staff_id=worker,
            date=iso,
            start_time="09:30",
            planned_minutes=120,
            duration_minutes=minutes,
            admin_minutes=self.rng.choice([20, 30, 45]),
            travel_minutes=self.rng.choice([15, 20, 30, 40]),
            kind="case_discussion",
            status=status,
            agenda_received=self.rng.random() < 0.7,
            summary="Agreed actions recorded for each item." if status == "held" else None,
        )
        if status != "held":
            return
        self.add(
            "time_entry",
            staff_id=worker,
            school_id=school,
            visit_id=visit,
            date=iso,
            minutes=minutes,
            category="consultation",
        )
        self.add(
            "time_entry",
            staff_id=worker,
            school_id=school,
            visit_id=visit,
            date=iso,
            minutes=self.rng.choice([20, 30, 45]),
            category="admin",
        )
        self.add(
            "time_entry",
            staff_id=worker,
            school_id=school,
            visit_id=visit,
            date=iso,
            minutes=self.rng.choice([15, 20, 30, 40]),
            category="travel",
        )
        for _ in range(self.rng.choice([3, 3, 4, 4, 4])):
            self.item(school, worker, visit, day, pool, size)

    def item(self, school: str, worker: str, visit: str, day: date, pool: list[str], size: DemoSize) -> None:
        category, concern = self.rng.choice(words.CONCERNS)
        roll = self.rng.random()
        outcome = (
            "referred_specialist"
            if roll < 0.26
            else "referred_other_agency"
            if roll < 0.31
            else "early_help"
            if roll < 0.34
            else self.rng.choice(
                [
                    "advice_school_manages",
                    "watchful_waiting",
                    "signposted",
                    "parent_meeting",
                    "brief_intervention",
                    "joint_work",
                    "assessment",
                    "no_further_action",
                ]
            )
        )
        anonymous = self.rng.random() < 0.3 and not outcome.startswith("referred")
        cyp = None
        if not anonymous:
            cyp = (
                self.rng.choice(pool)
                if pool and self.rng.random() < 0.72
                else self.cyp(school, worker, day, size)
            )
            if cyp not in pool:
                pool.append(cyp)
        year = self.year_at(school, self.rng.randint(1, 13))
        item = self.add(
            "discussion_item",
            visit_id=visit,
            cyp_id=cyp,
            anon_label=f"Y{year} {self.rng.choice(['girl', 'boy'])}" if cyp is None else None,
            concern_categories=[category],
            concern=concern,
            outcome=outcome,
            mh_judgement=self.rng.choice(["mental_health", "mixed", "behaviour_conduct", "unclear"]),
            actions=self.rng.choice(words.ACTIONS),
        )
        self.recent_items.append(RecentItem(item, school, worker, visit, cyp, day))
        if self.rng.random() < 0.4:
            due = day + self.days(7, 28)
            self.add(
                "action",
                description=self.rng.choice(words.ACTIONS),
                owner_staff_id=worker,
                school_id=school,
                cyp_id=cyp,
                visit_id=visit,
                discussion_item_id=item,
                due_on=due.isoformat(),
                status="done" if due < self.today - timedelta(days=7) else "open",
            )
        if cyp and outcome.startswith("referred"):
            self.referral(
                cyp,
                item,
                day,
                "specialist_camhs"
                if outcome == "referred_specialist"
                else self.rng.choice(["paediatrics", "educational_psychology", "voluntary_sector"]),
            )

    def cyp(self, school: str, worker: str, day: date, size: DemoSize) -> str:
        year = self.year_at(school, self.rng.randint(0, 13))
        given, family = self.rng.choice(words.GIVEN), self.rng.choice(words.FAMILY)
        # born in the school year (1 September to 31 August) that is in Year ``year`` on ``day``
        cohort = academic_year_of(day) - year - 5
        month = self.rng.randint(1, 12)
        born = date(cohort if month >= 9 else cohort + 1, month, self.rng.randint(1, 28))
        closed = day < self.today - timedelta(days=240)
        sex = self.rng.choice(["female", "male", "female", "male", "not_stated"])
        code = f"CYP-{self.rng.getrandbits(24):06X}"
        cyp = self.add(
            "cyp",
            **demo_identity(self.seed, code, family),
            school_id=school,
            given_name=given,
            family_name=family,
            initials=f"{given[0]}{family[0]}",
            pseudonym=code,
            date_of_birth=born.isoformat(),
            year_group=year,
            sex=sex,
            flags=self.rng.sample(
                ["young_carer", "send", "looked_after", "attendance_concern", "hard_to_reach"],
                self.rng.choice([0, 0, 0, 1, 1, 2]),
            ),
            venue_preference=self.rng.choice(["school", "school", "clinic", "home"]),
            worker_id=worker,
            opened_on=day.isoformat(),
            status="closed" if closed else "open",
            closed_on=(day + self.days(60, 200)).isoformat() if closed else None,
            closure_reason=self.rng.choice(words.CLOSURES) if closed else None,
        )
        if not closed:
            self.open_cases.append(OpenCase(cyp, day))
        self.add(
            "consent",
            cyp_id=cyp,
            scope="identifiable_discussion",
            given_by="parent_carer",
            status="given",
            method="verbal",
            decided_on=day.isoformat(),
        )
        share = self.rng.choices(["given", "sought", "refused", "withdrawn"], [80, 10, 5, 5])[0]
        # an answer within a fortnight of asking, but never one from the future
        decided = None if share == "sought" else min(day + self.days(0, 14), self.today).isoformat()
        self.add(
            "consent",
            cyp_id=cyp,
            scope="share_with_school",
            status=share,
            sought_on=day.isoformat(),
            given_by=None if share == "sought" else "parent_carer",
            decided_on=decided,
            expires_on=(day + timedelta(days=365)).isoformat() if share == "given" else None,
        )
        if self.measures is not None and self.rng.random() < 0.6:
            count = add_measures(self.measures, self.rng, self.new_id, cyp, born, sex, day, self.today)
            self.counts["measure_result"] = self.counts.get("measure_result", 0) + count
        for n in range(size.notes_per_cyp):
            when = min(day + self.days(0, 30 * (n + 1)), self.today)
            self.add(
                "note",
                subject_type="cyp",
                subject_id=cyp,
                body=self.rng.choice(words.NOTES),
                date=when.isoformat(),
            )
        return cyp

    def referral(self, cyp: str, item: str, day: date, destination: str) -> None:
        sent = day + self.days(1, 7)
        sent = min(sent, self.today)
        self.add(
            "consent",
            cyp_id=cyp,
            scope="referral",
            given_by="both",
            status="given",
            decided_on=day.isoformat(),
        )
        events: list[tuple[date, str]] = [(sent, "sent")]
        decided = sent + self.days(3, 20)
        if decided <= self.today:
            events.append((decided, "accepted" if self.rng.random() < 0.85 else "declined"))
        if events[-1][1] == "accepted":
            offered = decided + self.days(14, 90)
            if offered <= self.today and self.rng.random() < 0.9:
                events.append((offered, "appointment_offered"))
                seen = offered + self.days(0, 21)
                if seen <= self.today:
                    events.append((seen, "appointment_attended"))
            else:
                # never offered an appointment (the family did not opt in): closed by the
                # service some months on, as a real waiting list is, not left waiting for years
                closed = decided + timedelta(days=60 + 3 * (offered - decided).days)
                if closed <= self.today:
                    events.append((closed, "closed"))
        status = v.EVENT_STATUS[events[-1][1]]
        referral = self.add(
            "referral",
            cyp_id=cyp,
            destination=destination,
            route="via_link_worker",
            sent_on=sent.isoformat(),
            status=status,
            origin_item_id=item,
            appropriateness="appropriate",
            reason="Agreed at case discussion with family consent.",
        )
        for when, event in events:
            self.add("referral_event", referral_id=referral, date=when.isoformat(), event=event)


def build_demo(
    records: RecordService, size: str, seed: int, today: date, measures: MeasureRecords | None = None
) -> dict[str, int]:
    return DemoBuilder(records, seed, today, measures).build(SIZES[size])
