"""The service's wider work, each type end to end through the services."""

from __future__ import annotations

import pytest

from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService


@pytest.fixture
def staff(records: RecordService) -> str:
    return records.add("staff", {"name": "Tom Gallagher", "role": "link_worker"}).id


def test_groupings_a_school_can_be_in_several(records: RecordService, school: str) -> None:
    locality = records.add("grouping", {"kind": "locality", "name": "North"}).id
    cluster = records.add("grouping", {"kind": "cluster", "name": "Cluster A"}).id
    for grouping in (locality, cluster):
        records.add("school_grouping", {"school_id": school, "grouping_id": grouping})
    assert {g.get("grouping_id") for g in records.find("school_grouping", {"school_id": school})} == {
        locality,
        cluster,
    }
    with pytest.raises(ValidationError, match="kind"):
        records.add("grouping", {"kind": "galaxy", "name": "X"})


def test_service_offer(records: RecordService, school: str) -> None:
    offer = records.add(
        "service_offer",
        {
            "school_id": school,
            "academic_year": "2026/27",
            "delivery_model": "in_school_regular",
            "funding": "traded",
            "contracted_hours": "36",
            "hours_period": "year",
            "session_pattern": "fortnightly",
            "review_on": "2027-06-30",
        },
    )
    assert offer.get("contracted_hours") == 36 and offer.get("funding") == "traded"
    with pytest.raises(ValidationError, match="academic_year"):
        records.add("service_offer", {"school_id": school, "academic_year": "2026/28"})


def test_information_sharing_agreement(records: RecordService, school: str) -> None:
    agreement = records.add(
        "info_sharing_agreement",
        {
            "school_id": school,
            "status": "active",
            "agreed_on": "2026-09-10",
            "review_on": "2027-09-10",
            "channels": "email,meeting",
            "information_exchanged": "Referral outcomes with consent",
            "signatory_school": "Headteacher",
            "signatory_service": "Team manager",
        },
    )
    assert agreement.get("channels") == ["email", "meeting"]


def test_assignment_training_and_time(records: RecordService, school: str, staff: str) -> None:
    records.add("assignment", {"staff_id": staff, "school_id": school, "starts_on": "2026-09-01"})
    training = records.add(
        "training",
        {
            "school_id": school,
            "staff_id": staff,
            "date": "2026-11-12",
            "title": "Responding to self-harm",
            "topics": "self_harm",
            "audience": "teachers",
            "minutes": "90",
            "attendees": "24",
        },
    )
    assert training.get("attendees") == 24
    entry = records.add(
        "time_entry",
        {"staff_id": staff, "school_id": school, "date": "2026-11-12", "minutes": "45", "category": "travel"},
    )
    assert entry.get("category") == "travel"
    with pytest.raises(ValidationError, match="minutes"):
        records.add(
            "time_entry", {"staff_id": staff, "date": "2026-11-12", "minutes": "0", "category": "admin"}
        )


def test_duty_line_log_and_actions(records: RecordService, school: str, staff: str, cyp: str) -> None:
    call = records.add(
        "communication",
        {
            "school_id": school,
            "staff_id": staff,
            "cyp_id": cyp,
            "date": "2026-11-20",
            "channel": "helpline",
            "direction": "incoming",
            "purpose": "advice",
            "triage_outcome": "consultation_booked",
            "minutes": "15",
            "summary": "SENCO asked about a pupil's panic attacks",
        },
    )
    assert call.get("triage_outcome") == "consultation_booked"
    action = records.add(
        "action",
        {
            "description": "Send early help leaflet",
            "owner_staff_id": staff,
            "due_on": "2026-11-30",
            "school_id": school,
        },
    )
    assert action.get("status") == "open"
    assert records.update("action", action.id, {"status": "done"}).get("status") == "done"


def test_agency_directory(records: RecordService) -> None:
    agency = records.add(
        "agency",
        {
            "name": "Young People's Counselling Service",
            "kind": "counselling",
            "criteria": "Ages 11-18, registered with a local GP",
            "last_verified_on": "2026-10-01",
            "phone": "01582 000000",
        },
    )
    assert agency.get("last_verified_on") == "2026-10-01"
