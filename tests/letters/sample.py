"""A small, realistic caseload for letter tests, screenshots and the benchmark.

One school with a SPOC, four children (names in Irish, Polish and Arabic among them), their
consents in different states, referrals with events, and a held case discussion with three items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from linkdesk.domain.ports import StoreSession
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService

TODAY = date(2026, 11, 23)
SERVICE_NAME = "Stroud CYPMHS Link Team"
LETTERHEAD = {
    "letterhead_address": "Stroud Child and Family Centre\n1 Park Road\nStroud GL5 2AA",
    "letterhead_contact": "01453 123 456  ·  stroud.linkteam@example.nhs.uk",
    "letterhead_signature": "Sam Patel\nMental health link worker",
}


@dataclass(frozen=True)
class Sample:
    school: str
    other_school: str
    staff: str
    spoc: str
    zoe: str
    lukasz: str
    fatima: str
    oliver: str
    zoe_consent: str
    zoe_referral: str
    fatima_referral: str
    lukasz_referral: str
    held_visit: str
    planned_visit: str


def build(store: StoreSession, records: RecordService, casework: Casework) -> Sample:
    for key, value in LETTERHEAD.items():
        store.set_setting(key, value)
    add = records.add
    school = add(
        "school",
        {
            "name": "Greenfield Primary School",
            "urn": "190001",
            "setting_type": "primary",
            "address": "Meadow Lane\nStroud",
            "postcode": "GL5 1AB",
        },
    ).id
    other_school = add("school", {"name": "Hillside Academy", "setting_type": "secondary"}).id
    staff = add("staff", {"name": "Sam Patel", "role": "link_worker"}).id
    spoc = add(
        "contact",
        {
            "school_id": school,
            "name": "Mrs Helen Carter",
            "role": "spoc",
            "job_title": "Deputy Head and Mental Health Lead",
            "is_primary": "true",
            "phone": "01453 760 001",
        },
    ).id

    def child(given: str, family: str, initials: str, year: int, pseudonym: str, **extra: str) -> str:
        fields = {
            "school_id": school,
            "given_name": given,
            "family_name": family,
            "initials": initials,
            "year_group": str(year),
            "worker_id": staff,
            "pseudonym": pseudonym,
            **extra,
        }
        return add("cyp", fields).id

    zoe = child("Zoë", "Ní Bhriain", "ZNB", 5, "CYP-7Q2K4M", flags="young_carer")
    lukasz = child("Łukasz", "Żółkiewski", "ŁŻ", 6, "CYP-3F8D1A", language="Polish", flags="send,ehcp")
    fatima = child("فاطمة", "الزهراء", "FZ", 4, "CYP-9B5C2E", language="Arabic")
    oliver = child("Oliver", "Hughes", "OH", 5, "CYP-4H6J8K")

    def consent(cyp: str, scope: str, status: str, **extra: str) -> str:
        fields = {"method": "written", "sought_on": "2026-09-01", **extra}
        if status != "sought":
            fields.setdefault("given_by", "parent_carer")
            fields.setdefault("decided_on", "2026-09-10")
        return casework.record_consent(cyp, scope, status, **fields).id

    zoe_consent = consent(zoe, "share_with_school", "given", expires_on="2027-09-10")
    consent(zoe, "referral", "given")
    consent(lukasz, "identifiable_discussion", "given")
    consent(lukasz, "share_with_school", "sought", sought_on="2026-11-10")
    consent(fatima, "share_with_school", "given", given_by="both")
    consent(oliver, "share_with_school", "withdrawn", decided_on="2026-10-30")

    zoe_referral = casework.make_referral(
        zoe, "specialist_camhs", sent_on="2026-09-15", route="via_link_worker", reason="Anxiety"
    ).id
    for day, event, note in (
        ("2026-09-18", "received", ""),
        ("2026-09-25", "triaged", ""),
        ("2026-10-02", "accepted", ""),
        ("2026-10-10", "allocated", ""),
        (
            "2026-10-20",
            "treatment_plan",
            "Eight weekly sessions of cognitive behavioural therapy for anxiety at the clinic, after "
            "school on Tuesdays. A reduced timetable on Wednesday mornings for four weeks, reviewed with "
            "school and family at the end of November.",
        ),
    ):
        casework.add_referral_event(zoe_referral, day, event, **({"note": note} if note else {}))
    fatima_referral = casework.make_referral(fatima, "early_help", sent_on="2026-10-05").id
    casework.add_referral_event(
        fatima_referral,
        "2026-10-20",
        "declined",
        note="Needs are best met by school-based support with the Mental Health Support Team; "
        "please refer again if things get worse.",
    )
    lukasz_referral = casework.make_referral(lukasz, "specialist_camhs", sent_on="2026-08-20").id
    casework.add_referral_event(lukasz_referral, "2026-09-01", "allocated")

    held = casework.plan_visit(
        school, "2026-11-09", staff_id=staff, start_time="09:30", planned_minutes="90"
    ).id
    casework.record_case_discussion(
        held,
        [
            {
                "cyp_id": zoe,
                "outcome": "referred_specialist",
                "concern_categories": "anxiety",
                "actions": "Class teacher to agree a quiet space at break times; school to share the "
                "reduced timetable with all staff who teach Zoë.",
                "follow_up_on": "2026-11-30",
            },
            {
                "cyp_id": oliver,
                "outcome": "parent_meeting",
                "actions": "Link worker and SENCO to meet parents before the end of term.",
                "follow_up_on": "2026-11-25",
            },
            {
                "anon_label": "Y3 friendship group",
                "subject": "group",
                "group_size": "4",
                "outcome": "advice_school_manages",
                "actions": "Pastoral lead to run the six-week friendship group; link worker to send "
                "materials.",
                "follow_up_on": "2026-12-07",
            },
        ],
        duration_minutes=85,
        summary="We discussed three children and one group. The school will use the new quiet room "
        "for pupils who find break times hard.",
    )
    planned = casework.plan_visit(
        school,
        "2026-11-23",
        staff_id=staff,
        start_time="09:30",
        planned_minutes="120",
        agenda_received="true",
    ).id
    casework.plan_visit(school, "2026-12-07", staff_id=staff)
    return Sample(
        school=school,
        other_school=other_school,
        staff=staff,
        spoc=spoc,
        zoe=zoe,
        lukasz=lukasz,
        fatima=fatima,
        oliver=oliver,
        zoe_consent=zoe_consent,
        zoe_referral=zoe_referral,
        fatima_referral=fatima_referral,
        lukasz_referral=lukasz_referral,
        held_visit=held,
        planned_visit=planned,
    )
