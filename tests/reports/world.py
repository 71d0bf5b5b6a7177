"""A small, fully known link service for report tests, built through the record services.

TODAY is Monday 23 November 2026; the week under test is 2026-W47 (Monday 16 to Sunday 22
November). The tests work out every expected figure by hand from the tables below; comments give
the facts that matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from linkdesk.config import resources_dir
from linkdesk.measures import MeasureRegistry
from linkdesk.services.casework import Casework
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService

TODAY = date(2026, 11, 23)

# fmt: off
SCHOOLS = (  # key, name, setting type, status
    ("S1", "Alder Primary", "primary", "active"), ("S2", "Birch Academy", "secondary", "active"),
    ("S3", "Cedar Special", "special", "active"),
    ("S4", "Damson Infant", "infant", "active"),  # never visited
    ("S5", "Elm Gone", "primary", "left"),
)
GROUPINGS = (("north", "cluster", "North", ("S1", "S2")), ("south", "cluster", "South", ("S2", "S3")),
             ("east", "locality", "East locality", ("S1",)))
ASSIGNMENTS = (("A", "S1"), ("A", "S2"), ("B", "S3"))
OFFERS = (  # S1: 10 h over two weeks (5 h in W47); S2: 2 h a week; S3: 3 h a fortnight (1.5 h a week)
    ("S1", 10, "year", "2026-11-16", "2026-11-29"), ("S2", 2, "week", "2026-09-01", "2027-07-31"),
    ("S3", 3, "fortnight", None, None),
)
CYP = (  # key, school, opened, status, closed, reason, extra
    ("C1", "S1", "2026-09-10", "open", None, None,
     {"ethnicity": "White British", "flags": ["send", "young_carer"], "given_name": "Zebulonia",
      "family_name": "Quennell-Canary"}),
    ("C2", "S1", "2026-11-16", "open", None, None,
     {"ethnicity": "Pakistani", "given_name": "Xanthippe", "family_name": "Wolstenholme-Canary"}),
    ("C3", "S2", "2026-11-22", "open", None, None, {"ethnicity": " White  British ", "flags": ["send"]}),
    ("C4", "S2", "2026-06-01", "closed", "2026-11-18", "closed_without_specialist_input", {}),
    ("C5", "S3", "2026-11-17", "open", None, None, {"worker_id": "B"}),
    ("C6", "S1", "2026-05-01", "closed", "2026-11-22", "school_managing", {}),
    ("C7", "S1", "2026-03-01", "closed", "2026-11-15", "signposted", {}),  # closed the week before
    ("C8", "S2", "2026-11-23", "open", None, None, {}),  # opened next week
)
VISITS = (  # key, school, staff, date, status, kind, extra: v8 is the week before, v9 and v10 after
    ("v1", "S1", "A", "2026-11-16", "held", "case_discussion",
     {"duration_minutes": 120, "admin_minutes": 30, "travel_minutes": 20, "start_time": "09:30"}),
    ("v2", "S2", "A", "2026-11-18", "held", "case_discussion",
     {"duration_minutes": 90, "admin_minutes": 15, "travel_minutes": 10}),
    ("v3", "S1", "A", "2026-11-19", "cancelled_by_school", "case_discussion", {}),
    ("v4", "S2", "A", "2026-11-20", "nothing_planned", "case_discussion", {}),
    ("v5", "S1", "A", "2026-11-22", "held", "drop_in", {"duration_minutes": 45}),
    ("v6", "S2", "A", "2026-11-21", "planned", "case_discussion", {"planned_minutes": 60}),
    ("v7", "S3", "B", "2026-11-17", "held", "case_discussion", {"duration_minutes": 60, "admin_minutes": 5}),
    ("v8", "S1", "A", "2026-11-15", "held", "case_discussion", {"duration_minutes": 100}),
    ("v9", "S1", "A", "2026-11-23", "planned", "case_discussion",
     {"start_time": "09:30", "planned_minutes": 120}),
    ("v10", "S2", "A", "2026-11-30", "planned", "case_discussion", {}),
)
ITEMS = (  # key, visit, CYP, outcome, anonymous label
    ("i1", "v1", "C1", "referred_specialist", None), ("i2", "v1", "C2", "watchful_waiting", None),
    ("i3", "v1", None, "advice_school_manages", "Y5 girl"), ("i4", "v2", "C1", "referred_specialist", None),
    ("i5", "v2", "C3", None, None), ("i6", "v5", "C2", "brief_intervention", None),
    ("i7", "v7", "C5", "early_help", None), ("i8", "v8", "C7", "signposted", None),
)
CONSENTS = (  # CYP, scope, status, dates: as on TODAY
    ("C1", "share_with_school", "sought", {"sought_on": "2026-11-10"}),  # pending
    ("C1", "referral", "given", {"decided_on": "2026-11-10", "expires_on": "2026-12-10"}),  # expiring
    ("C2", "share_with_school", "sought", {"sought_on": "2026-11-01"}),  # later answered:
    ("C2", "share_with_school", "given", {"decided_on": "2026-11-20", "expires_on": "2027-11-20"}),
    ("C3", "identifiable_discussion", "refused", {"decided_on": "2026-11-19"}),
    ("C6", "share_with_school", "withdrawn", {"decided_on": "2026-11-20"}),
    ("C5", "share_with_school", "sought", {"sought_on": "2026-11-17"}),  # Ben's school
    ("C8", "referral", "given", {"decided_on": "2026-11-23", "expires_on": "2027-01-05"}),  # beyond 28 days
    ("C4", "share_with_school", "given", {"decided_on": "2026-06-01", "expires_on": "2026-11-20"}),  # expired
)
REFERRALS = (  # key, CYP, destination, sent, events (statuses follow the events)
    ("r1", "C1", "specialist_camhs", "2026-10-05", (("2026-10-12", "accepted"), ("2026-10-20", "allocated"))),
    ("r2", "C2", "early_help", "2026-11-18", ()),
    ("r3", "C4", "specialist_camhs", "2026-08-01", (("2026-08-10", "accepted"),)),  # stalled
    ("r4", "C6", "paediatrics", "2026-11-16", (("2026-11-20", "assessment"),)),  # seen after 4 days
    ("r5", "C3", "gp", None, ()),  # a draft
    ("r6", "C5", "specialist_camhs", "2026-11-22", ()),  # Ben's school
)
TIME = (  # staff, school, date, minutes, category, visit
    ("A", "S2", "2026-11-18", 25, "admin", "v2"),  # replaces v2's own 15 admin minutes
    ("A", "S1", "2026-11-20", 10, "admin", None), ("A", "S1", "2026-11-20", 15, "travel", None),
    ("A", "S1", "2026-11-23", 99, "admin", None),  # next week
    ("B", "S3", "2026-11-17", 40, "admin", None),
)
ACTIONS = (  # key, due, owner, school, status: next week is 23 to 29 November
    ("a1", "2026-11-23", "A", "S1", "open"), ("a2", "2026-11-29", "A", "S1", "open"),
    ("a3", "2026-11-30", "A", "S1", "open"), ("a4", "2026-11-22", "A", "S1", "open"),  # a4 overdue
    ("a5", "2026-11-25", "A", "S1", "done"), ("a6", "2026-11-24", None, "S2", "open"),  # a6: the school's
    ("a7", "2026-11-24", "B", "S3", "open"),
)
YP = "1,2,1,2,1,2,1,2,1,2"
MEASURES = (  # key, CYP, measure, informant, time point, date, responses
    ("m1", "C1", "ypcore", "self", "baseline", "2026-10-01", YP),  # a review is due
    ("m2", "C2", "ypcore", "self", "baseline", "2026-11-17", YP),  # in the week
    ("m4", "C8", "sdq-p4-17", "parent", "baseline", "2026-09-01", ",".join(["2"] * 25)),
    ("m5", "C8", "sdq-p4-17", "parent", "review", "2026-11-10", ",".join(["1"] * 25)),  # paired
    ("m6", "C4", "ypcore", "self", "baseline", "2026-11-18", YP),  # a closed case, in the week
)
# fmt: on


@cache
def registry() -> MeasureRegistry:
    return MeasureRegistry.load(resources_dir() / "measures")


@dataclass
class World:
    ids: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def build_world(records: RecordService, casework: Casework) -> World:
    w = World()

    def add(key: str | None, type_name: str, fields: dict[str, Any]) -> None:
        record = records.add(type_name, {k: v for k, v in fields.items() if v is not None})
        if key:
            w.ids[key] = record.id

    add("A", "staff", {"name": "Ann Link", "role": "link_worker"})
    add("B", "staff", {"name": "Ben Link", "role": "link_worker"})
    for key, name, setting, status in SCHOOLS:
        add(key, "school", {"name": name, "setting_type": setting, "status": status})
    for key, kind, name, schools in GROUPINGS:
        add(key, "grouping", {"kind": kind, "name": name})
        for school in schools:
            add(None, "school_grouping", {"school_id": w[school], "grouping_id": w[key]})
    for staff, school in ASSIGNMENTS:
        add(None, "assignment", {"staff_id": w[staff], "school_id": w[school], "starts_on": "2025-09-01"})
    for school, hours, unit, starts, ends in OFFERS:
        add(
            None,
            "service_offer",
            {
                "school_id": w[school],
                "academic_year": "2026/27",
                "contracted_hours": hours,
                "hours_period": unit,
                "starts_on": starts,
                "ends_on": ends,
            },
        )
    for key, school, opened, status, closed, reason, extra in CYP:
        fields = {**extra, "worker_id": w[extra["worker_id"]] if "worker_id" in extra else None}
        add(
            key,
            "cyp",
            {
                "school_id": w[school],
                "initials": key,
                "opened_on": opened,
                "status": status,
                "closed_on": closed,
                "closure_reason": reason,
                **fields,
            },
        )
    for key, school, staff, day, status, kind, extra in VISITS:
        add(
            key,
            "visit",
            {
                "school_id": w[school],
                "staff_id": w[staff],
                "date": day,
                "status": status,
                "kind": kind,
                **extra,
            },
        )
    for key, visit, cyp, outcome, anonymous in ITEMS:
        add(
            key,
            "discussion_item",
            {
                "visit_id": w[visit],
                "cyp_id": w[cyp] if cyp else None,
                "outcome": outcome,
                "anon_label": anonymous,
                "concern": "Canary: worried about Zebulonia",
            },
        )
    for cyp, scope, status, dates in CONSENTS:
        casework.record_consent(
            w[cyp], scope, status, given_by=None if status == "sought" else "parent_carer", **dates
        )
    for key, cyp, destination, sent, events in REFERRALS:
        w.ids[key] = casework.make_referral(
            w[cyp], destination, **({"sent_on": sent, "status": "sent"} if sent else {})
        ).id
        for day, event in events:
            casework.add_referral_event(w[key], day, event)
    for staff, school, day, minutes, category, visit in TIME:
        add(
            None,
            "time_entry",
            {
                "staff_id": w[staff],
                "school_id": w[school],
                "date": day,
                "minutes": minutes,
                "category": category,
                "visit_id": w[visit] if visit else None,
            },
        )
    for key, due, owner, school, status in ACTIONS:
        add(
            key,
            "action",
            {
                "description": f"Action {key} for Zebulonia",
                "due_on": due,
                "status": status,
                "owner_staff_id": w[owner] if owner else None,
                "school_id": w[school],
            },
        )
    add(
        None,
        "training",
        {
            "school_id": w["S1"],
            "staff_id": w["A"],
            "date": "2026-11-19",
            "title": "Anxiety in class",
            "minutes": 90,
            "attendees": 12,
        },
    )
    add(
        None,
        "training",
        {
            "school_id": w["S2"],
            "staff_id": w["A"],
            "date": "2026-11-23",
            "title": "Next week",
            "minutes": 60,
            "attendees": 30,
        },
    )
    add(
        None,
        "communication",
        {"school_id": w["S2"], "staff_id": w["A"], "date": "2026-11-20", "channel": "phone", "minutes": 10},
    )
    measures = MeasureRecords(records, registry())
    for key, cyp, measure, informant, point, day, responses in MEASURES:
        w.ids[key] = measures.record(
            w[cyp], measure, responses, informant=informant, time_point=point, date=day
        ).id
    return w
