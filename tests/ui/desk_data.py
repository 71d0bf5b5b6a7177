"""A small invented desk for the visit-day tests: two schools, cases, consents, a referral,
actions and visits around Monday 23 November 2026 (the frozen clock's day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.services.casework import Casework

TODAY = date(2026, 11, 23)


def iso(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Desk:
    school: str
    other_school: str
    case_ab: str
    case_cd: str
    closed_case: str
    today_visit: str
    week_visit: str
    next_week_visit: str
    unwritten_visit: str
    last_visit: str
    referral: str


def build_desk(cw: Casework) -> Desk:
    r = cw.records
    school = r.add("school", {"name": "Greenfield Primary", "setting_type": "primary", "urn": "190001"}).id
    other = r.add("school", {"name": "Oakhill Academy", "setting_type": "secondary"}).id
    r.add("contact", {"school_id": school, "name": "Ann Spoc", "role": "spoc", "is_primary": True})
    staff = r.add("staff", {"name": "Wren Worker", "role": "link_worker"}).id
    r.add("assignment", {"staff_id": staff, "school_id": school, "starts_on": "2026-09-01"})
    ab = r.add(
        "cyp",
        {
            "school_id": school,
            "initials": "AB",
            "year_group": 8,
            "pseudonym": "CYP-AB0001",
            "given_name": "Zed",
        },
    ).id
    cd = r.add("cyp", {"school_id": school, "initials": "CD", "year_group": 5, "pseudonym": "CYP-CD0002"}).id
    closed = r.add(
        "cyp",
        {
            "school_id": school,
            "initials": "EF",
            "year_group": 9,
            "pseudonym": "CYP-EF0003",
            "status": "closed",
            "closure_reason": "signposted",
        },
    ).id
    cw.record_consent(ab, "share_with_school", "sought", sought_on=iso(-10))
    cw.record_consent(cd, "share_with_school", "given", given_by="parent_carer", decided_on=iso(-20))
    referral = cw.make_referral(ab, "specialist_camhs", sent_on=iso(-60), status="sent").id
    r.add("action", {"description": "Call mum", "school_id": school, "cyp_id": ab, "due_on": iso(5)})
    r.add("action", {"description": "Overdue letter", "school_id": school, "due_on": iso(-2)})
    r.add("action", {"description": "Far off", "school_id": school, "due_on": iso(30)})
    r.add("action", {"description": "Done already", "school_id": school, "due_on": iso(1), "status": "done"})
    last = r.add(
        "visit",
        {
            "school_id": school,
            "date": iso(-14),
            "status": "held",
            "duration_minutes": 90,
            "summary": "Agreed plan",
        },
    ).id
    r.add(
        "discussion_item",
        {
            "visit_id": last,
            "cyp_id": ab,
            "concern": "Low mood",
            "outcome": "watchful_waiting",
            "actions": "Check in",
        },
    )
    r.add("discussion_item", {"visit_id": last, "anon_label": "Y6 boy", "outcome": "signposted"})
    r.add("visit", {"school_id": school, "date": iso(-40), "status": "held", "duration_minutes": 60})
    r.add("visit", {"school_id": school, "date": "2026-08-01", "status": "held", "duration_minutes": 500})
    today_visit = cw.plan_visit(school, iso(0), start_time="10:00", planned_minutes=120).id
    week = cw.plan_visit(other, iso(2), start_time="09:00").id
    next_week = cw.plan_visit(school, iso(8), start_time="13:30").id
    unwritten = cw.plan_visit(other, iso(-3)).id
    r.add("visit", {"school_id": other, "date": iso(-4), "status": "cancelled_by_school"})
    r.add(
        "service_offer",
        {
            "school_id": school,
            "academic_year": "2026/27",
            "contracted_hours": 2,
            "hours_period": "term",
            "session_pattern": "fortnightly",
            "session_minutes": 120,
            "funding": "traded",
        },
    )
    r.add("info_sharing_agreement", {"school_id": school, "status": "active", "review_on": iso(200)})
    r.add("info_sharing_agreement", {"school_id": other, "status": "active", "review_on": iso(-1)})
    return Desk(school, other, ab, cd, closed, today_visit, week, next_week, unwritten, last, referral)
