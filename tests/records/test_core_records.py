"""Each core record type end to end through the services, with its rules."""

from __future__ import annotations

import pytest

from linkdesk.errors import NotFoundError, ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.records.conftest import TODAY


def test_school_staff_and_contact(records: RecordService, school: str) -> None:
    staff = records.add("staff", {"name": "Priya Shah", "role": "link_worker"})
    contact = records.add(
        "contact",
        {"school_id": school, "name": "Mr O'Neill", "role": "spoc", "email": "spoc@greenfield.sch.uk"},
    )
    assert records.get("contact", contact.id).get("name") == "Mr O'Neill"
    assert [c.id for c in records.find("contact", {"school_id": school})] == [contact.id]
    assert records.get("staff", staff.id).get("active") is True
    records.update("school", school, {"phone": "01234 567890"})
    assert records.get("school", school).get("phone") == "01234 567890"


def test_cyp_is_pseudonymous_by_default(records: RecordService, cyp: str) -> None:
    record = records.get("cyp", cyp)
    assert record.get("pseudonym").startswith("CYP-")
    assert record.get("status") == "open" and record.get("opened_on") == TODAY.isoformat()
    assert record.get("given_name") is None


def test_cyp_flags_and_venue(records: RecordService, cyp: str) -> None:
    updated = records.update("cyp", cyp, {"flags": "young_carer,send", "venue_preference": "home"})
    assert updated.get("flags") == ["send", "young_carer"]
    with pytest.raises(ValidationError, match="flags"):
        records.update("cyp", cyp, {"flags": "naughty"})


def test_closing_a_case_needs_a_reason(casework: Casework, records: RecordService, cyp: str) -> None:
    with pytest.raises(ValidationError, match="closure_reason"):
        records.update("cyp", cyp, {"status": "closed"})
    closed = casework.close_case(cyp, "closed_without_specialist_input")
    assert closed.get("status") == "closed" and closed.get("closed_on") == TODAY.isoformat()
    reopened = records.update("cyp", cyp, {"status": "open"})
    assert reopened.get("closure_reason") is None


def test_visit_states(casework: Casework, records: RecordService, school: str) -> None:
    visit = casework.plan_visit(
        school, "2026-11-20", planned_minutes=120, admin_minutes=30, travel_minutes=25
    )
    assert visit.get("status") == "planned" and visit.get("kind") == "case_discussion"
    held = records.update("visit", visit.id, {"status": "held"})
    assert held.get("duration_minutes") == 120  # held as planned unless said otherwise
    for status in ("cancelled_by_school", "cancelled_by_service", "nothing_planned"):
        assert records.update("visit", visit.id, {"status": status}).get("status") == status


def test_case_discussion_with_anonymous_and_named_items(
    casework: Casework, records: RecordService, school: str, cyp: str
) -> None:
    visit = casework.plan_visit(school, "2026-11-20")
    items = casework.record_case_discussion(
        visit.id,
        [
            {
                "anon_label": "Y8 girl",
                "concern": "Low mood, not eating at lunch",
                "outcome": "watchful_waiting",
            },
            {"cyp_id": cyp, "concern": "Self-harm disclosed to tutor", "outcome": "referred_specialist"},
            {
                "anon_label": "Y10 group",
                "subject": "group",
                "group_size": "4",
                "outcome": "brief_intervention",
            },
        ],
        duration_minutes=90,
    )
    assert len(items) == 3
    assert records.get("visit", visit.id).get("status") == "held"
    assert records.get("visit", visit.id).get("duration_minutes") == 90


def test_a_bad_item_writes_nothing(
    casework: Casework, records: RecordService, store: Store, school: str
) -> None:
    visit = casework.plan_visit(school, "2026-11-20")
    before = store.records.state_hash()
    with pytest.raises(ValidationError, match="anon_label"):
        casework.record_case_discussion(visit.id, [{"anon_label": "Y7 boy"}, {"concern": "no label or cyp"}])
    assert store.records.state_hash() == before
    assert records.get("visit", visit.id).get("status") == "planned"


def test_anonymous_item_linked_later_keeps_its_history(
    casework: Casework, store: Store, school: str, cyp: str
) -> None:
    visit = casework.plan_visit(school, "2026-11-20")
    [item] = casework.record_case_discussion(visit.id, [{"anon_label": "Y8 girl", "concern": "Low mood"}])
    linked = casework.link_item_to_cyp(item.id, cyp)
    assert linked.get("cyp_id") == cyp and linked.get("anon_label") == "Y8 girl"
    history = store.records.history(item.id)
    assert [op.kind for op in history] == ["create", "update"]
    assert "cyp_id" not in history[0].fields and history[1].fields == {"cyp_id": cyp}


def test_consent_rules(casework: Casework, records: RecordService, cyp: str) -> None:
    assert casework.consent_state(cyp)["share_with_school"] == "missing"
    casework.record_consent(cyp, "share_with_school", "sought", sought_on="2026-11-01")
    assert casework.consent_state(cyp)["share_with_school"] == "sought"
    with pytest.raises(ValidationError, match="given_by"):
        casework.record_consent(cyp, "share_with_school", "given", decided_on="2026-11-02")
    given = casework.record_consent(
        cyp,
        "share_with_school",
        "given",
        given_by="parent_carer",
        decided_on="2026-11-02",
        expires_on="2027-11-02",
    )
    assert casework.has_active_consent(cyp, "share_with_school") == given
    casework.record_consent(
        cyp, "share_with_school", "withdrawn", given_by="parent_carer", decided_on="2026-11-20"
    )
    assert casework.consent_state(cyp)["share_with_school"] == "withdrawn"
    assert casework.has_active_consent(cyp, "share_with_school") is None


def test_expired_consent_is_not_active(casework: Casework, cyp: str) -> None:
    casework.record_consent(
        cyp, "referral", "given", given_by="both", decided_on="2025-01-01", expires_on="2025-12-31"
    )
    assert casework.consent_state(cyp)["referral"] == "expired"
    with pytest.raises(ValidationError, match="expires_on"):
        casework.record_consent(
            cyp, "referral", "given", given_by="both", decided_on="2026-01-01", expires_on="2025-12-31"
        )


def test_referral_timeline_waits_and_stalls(casework: Casework, records: RecordService, cyp: str) -> None:
    referral = casework.make_referral(cyp, "specialist_camhs", sent_on="2026-09-01", status="sent")
    view = casework.referral_view(referral.id)
    assert [e.get("event") for e in view.events] == ["sent"]
    assert view.waiting_days == (TODAY - TODAY.replace(month=9, day=1)).days
    assert view.stalled  # nothing for 83 days
    casework.add_referral_event(referral.id, "2026-11-20", "appointment_offered")
    assert records.get("referral", referral.id).get("status") == "waiting"
    assert not casework.referral_view(referral.id).stalled
    casework.add_referral_event(referral.id, "2026-11-22", "appointment_attended")
    view = casework.referral_view(referral.id)
    assert view.referral.get("status") == "seen" and view.waiting_days == 82


def test_referral_rules(casework: Casework, records: RecordService, cyp: str) -> None:
    with pytest.raises(ValidationError, match="sent_on"):
        records.add("referral", {"cyp_id": cyp, "destination": "paediatrics", "status": "sent"})
    draft = casework.make_referral(cyp, "paediatrics")
    assert draft.get("status") == "draft" and casework.referral_view(draft.id).waiting_days is None
    casework.add_referral_event(draft.id, "2026-11-01", "sent")
    sent = records.get("referral", draft.id)
    assert (sent.get("status"), sent.get("sent_on")) == ("sent", "2026-11-01")


def test_notes_are_append_only(casework: Casework, records: RecordService, cyp: str) -> None:
    note = casework.add_note("cyp", cyp, "Spoke to mum; agreed to wait for the school nurse.")
    with pytest.raises(ValidationError, match="cannot be changed"):
        records.update("note", note.id, {"body": "rewritten"})
    with pytest.raises(ValidationError, match="entered in error"):
        records.delete("note", note.id)
    addendum = casework.add_addendum(note.id, "Correction: it was dad, not mum.")
    assert addendum.get("addendum_to") == note.id and addendum.get("subject_id") == cyp
    with pytest.raises(ValidationError, match="entered_in_error_reason"):
        records.update("note", note.id, {"status": "entered_in_error"})
    wrong = casework.mark_entered_in_error(note.id, "Wrong child")
    assert wrong.get("body") == "Spoke to mum; agreed to wait for the school nurse."  # kept
    assert wrong.get("status") == "entered_in_error"


def test_note_subject_must_exist_with_the_right_type(casework: Casework, school: str, cyp: str) -> None:
    with pytest.raises(ValidationError, match="subject_id"):
        casework.add_note("cyp", school, "a cyp note pointing at a school")
    assert casework.add_note("school", school, "New SENCO from January").get("subject_type") == "school"


@pytest.mark.parametrize(
    ("type_name", "fields", "field"),
    [
        ("school", {"name": "X", "colour": "blue"}, "colour"),
        ("school", {"name": "X", "setting_type": "grammar"}, "setting_type"),
        ("visit", {"date": "2026-02-30"}, "date"),
        ("visit", {"date": "2026-13-01"}, "date"),
        ("school", {"name": "bad\x00name"}, "name"),
        ("school", {"name": "bad \ud800 name"}, "name"),
        ("school", {"name": "x" * 501}, "name"),
        ("school", {"setting_type": "primary"}, "name"),
        ("cyp", {"school_id": "01900000-0000-7000-8000-000000000000"}, "school_id"),
        ("cyp", {"year_group": "15"}, "year_group"),
        ("cyp", {"nhs_number": "9434765918"}, "nhs_number"),
        ("consent", {"scope": "everything"}, "scope"),
        ("staff", {"name": "A", "email": "not-an-email"}, "email"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    records: RecordService, store: Store, school: str, type_name: str, fields: dict[str, str], field: str
) -> None:
    if type_name in {"visit", "cyp"}:
        fields = {"school_id": school, **fields}
    if type_name == "consent":
        fields = {"cyp_id": records.add("cyp", {"school_id": school}).id, **fields}
    before = store.records.state_hash()
    with pytest.raises(ValidationError) as caught:
        records.add(type_name, fields)
    assert caught.value.field == field
    assert field in str(caught.value)
    assert store.records.state_hash() == before


def test_valid_nhs_number_is_accepted(records: RecordService, school: str) -> None:
    cyp = records.add("cyp", {"school_id": school, "nhs_number": "943 476 5919"})
    assert cyp.get("nhs_number") == "9434765919"


def test_unknown_type_and_missing_record(records: RecordService) -> None:
    with pytest.raises(ValidationError, match="no record type"):
        records.add("pupil", {})
    with pytest.raises(NotFoundError):
        records.get("school", "01900000-0000-7000-8000-000000000000")


def test_deleted_records_disappear_but_stay_in_history(
    records: RecordService, store: Store, school: str
) -> None:
    contact = records.add("contact", {"school_id": school, "name": "Ms Kowalska"})
    records.delete("contact", contact.id)
    assert records.find("contact") == []
    with pytest.raises(NotFoundError):
        records.get("contact", contact.id)
    assert [op.kind for op in store.records.history(contact.id)] == ["create", "delete"]
    records.delete("school", school)
    with pytest.raises(ValidationError, match="school_id"):
        records.add("contact", {"school_id": school, "name": "A contact at a deleted school"})


def test_search_finds_notes_items_and_names_ignoring_accents(
    casework: Casework, store: Store, school: str, records: RecordService
) -> None:
    cyp = records.add("cyp", {"school_id": school, "given_name": "Zoë", "family_name": "Ní Bhriain"})
    casework.add_note("cyp", cyp.id, "Worried about exam anxiety and sleep")
    visit = casework.plan_visit(school, "2026-11-20")
    casework.record_case_discussion(
        visit.id, [{"anon_label": "Y9 boy", "concern": "School refusal since October"}]
    )
    assert [r.type for r, _ in store.records.search("zoe")] == ["cyp"]
    assert [r.type for r, _ in store.records.search("anxi")] == ["note"]
    assert [r.type for r, _ in store.records.search("refusal october")] == ["discussion_item"]
    assert store.records.search("greenfield")[0][0].type == "school"
    assert store.records.search('" OR * ( NEAR') == []  # query syntax is never interpreted
    records.delete("cyp", cyp.id)
    assert store.records.search("zoe") == []


def test_find_dated_is_inclusive_and_ordered(casework: Casework, records: RecordService, school: str) -> None:
    for day in ("2026-11-02", "2026-11-09", "2026-11-08", "2026-11-16"):
        casework.plan_visit(school, day)
    found = records.find_dated("visit", "2026-11-02", "2026-11-09")
    assert [v.get("date") for v in found] == ["2026-11-02", "2026-11-08", "2026-11-09"]
    with pytest.raises(ValidationError, match="date"):
        records.find_dated("visit", "2026-11-31", "2026-12-01")


def test_find_any_matches_any_of_many_values(records: RecordService, store: Store, school: str) -> None:
    cyps = [records.add("cyp", {"school_id": school}).id for _ in range(3)]
    for cyp in cyps:
        records.add("consent", {"cyp_id": cyp, "scope": "referral"})
    found = store.records.find_any("consent", "cyp_id", [cyps[0], cyps[2], "not-an-id"])
    assert sorted(c.get("cyp_id") for c in found) == sorted([cyps[0], cyps[2]])
    many = [*(f"no-such-school-{i}" for i in range(600)), school]  # more than one batch of values
    assert len(store.records.find_any("cyp", "school_id", many)) == 3


def test_update_many_is_one_batch_checked_first(records: RecordService, store: Store, school: str) -> None:
    other = records.add("school", {"name": "Hillside", "phone": "01582 000001"}).id
    records.update("school", other, {"phone": "01582 000002"})
    before = store.records.state_hash()
    with pytest.raises(ValidationError, match="setting_type"):
        records.update_many("school", [(school, {"name": "Renamed"}), (other, {"setting_type": "castle"})])
    assert store.records.state_hash() == before
    assert records.update_many("school", [(school, {"name": "Renamed"}), (other, {"phone": None})]) == 2
    assert records.get("school", school).get("name") == "Renamed"
    assert records.get("school", other).get("phone") is None
    assert [len(store.records.history(i)) for i in (school, other)] == [2, 3]
    assert store.records.replay_differences() == []
