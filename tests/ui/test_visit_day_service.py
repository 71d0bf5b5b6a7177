"""``services.visit_day`` and ``services.school_view`` on a real store: no Qt involved."""

from __future__ import annotations

import pytest

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import SchoolView, academic_year, agreement_state, cyp_label
from linkdesk.services.visit_day import ItemProblem, VisitDay, save_case_discussion, school_week
from tests.records import conftest as shared
from tests.ui.desk_data import TODAY, Desk, build_desk, iso

# The record-layer fixtures (a real store, RecordService, Casework), shared with tests/records.
store, records, casework = shared.store, shared.records, shared.casework


@pytest.fixture
def desk(casework: Casework) -> Desk:
    return build_desk(casework)


def test_the_agenda_groups_visits_by_today_this_week_next_week_and_unwritten(
    casework: Casework,
    desk: Desk,
) -> None:
    agenda = VisitDay(casework).agenda()
    assert agenda.today == TODAY and agenda.week == (TODAY, TODAY.replace(day=29))
    assert [v.id for v in agenda.todays] == [desk.today_visit]
    assert [v.id for v in agenda.this_week] == [desk.week_visit]
    assert [v.id for v in agenda.following] == [desk.next_week_visit]
    assert [v.id for v in agenda.to_write_up] == [desk.unwritten_visit], "cancelled visits are not listed"
    assert agenda.todays[0].school == "Greenfield Primary" and agenda.todays[0].start_time == "10:00"
    assert agenda.first() is not None and agenda.first().id == desk.today_visit  # type: ignore[union-attr]


def test_a_weekend_looks_at_the_school_week_ahead() -> None:
    saturday = TODAY.replace(day=28)
    assert school_week(saturday) == (TODAY.replace(day=30), TODAY.replace(day=30).replace(month=12, day=6))
    assert school_week(TODAY.replace(day=25)) == (TODAY, TODAY.replace(day=29))


def test_the_prep_sheet(casework: Casework, desk: Desk) -> None:
    sheet = VisitDay(casework).prep(desk.today_visit)
    assert {c.id for c in sheet.open_cases} == {desk.case_ab, desk.case_cd}, "closed cases are left out"
    assert all("Zed" not in c.label for c in sheet.open_cases), "no names on the prep sheet"
    pending = {(c.case, c.scope, c.state) for c in sheet.consents}
    assert ("AB · Year 8 · CYP-AB0001", "share_with_school", "sought") in pending
    assert not any(c.cyp_id == desk.case_cd and c.scope == "share_with_school" for c in sheet.consents)
    assert ("CD · Year 5 · CYP-CD0002", "share_with_school", "missing") not in pending
    sought = next(c for c in sheet.consents if c.state == "sought")
    assert sought.sought_on == TODAY.replace(day=13)
    [referral] = sheet.referrals
    assert referral.id == desk.referral and referral.waiting_days == 60 and referral.stalled
    assert [a.description for a in sheet.actions] == ["Overdue letter", "Call mum"]
    assert sheet.actions[0].overdue and not sheet.actions[1].overdue
    assert sheet.actions[1].case.startswith("AB")
    assert sheet.last_time is not None and sheet.last_time.visit.id == desk.last_visit
    assert sheet.last_time.visit.summary == "Agreed plan"
    assert {(i.who, i.linked, i.outcome) for i in sheet.last_time.items} == {
        ("AB · Year 8 · CYP-AB0001", True, "watchful_waiting"),
        ("Y6 boy", False, "signposted"),
    }


def test_consent_never_asked_for_an_open_case_is_pending(casework: Casework, desk: Desk) -> None:
    new = casework.records.add("cyp", {"school_id": desk.school, "initials": "GH", "year_group": 3}).id
    sheet = VisitDay(casework).prep(desk.today_visit)
    assert any(c.cyp_id == new and c.state == "missing" for c in sheet.consents)


def test_saving_a_case_discussion_is_all_or_nothing(
    casework: Casework,
    records: RecordService,
    desk: Desk,
) -> None:
    good = {"anon_label": "Y8 girl", "concern": "Self-harm", "outcome": "parent_meeting"}
    bad = {"cyp_id": desk.case_ab, "subject": "group"}
    with pytest.raises(ItemProblem) as refused:
        save_case_discussion(casework, desk.today_visit, [good, bad], held_minutes=100)
    assert refused.value.index == 1 and refused.value.field == "group_size"
    assert records.get("visit", desk.today_visit).get("status") == "planned"
    assert records.find("discussion_item", {"visit_id": desk.today_visit}) == []

    with pytest.raises(ItemProblem) as unnamed:
        save_case_discussion(casework, desk.today_visit, [good, {"concern": "no one"}])
    assert unnamed.value.index == 1 and unnamed.value.field == "anon_label"

    saved = save_case_discussion(
        casework,
        desk.today_visit,
        [good, {**bad, "group_size": 5}],
        held_minutes=100,
        admin_minutes=20,
        travel_minutes=15,
        summary="Two items",
        agenda_received=True,
    )
    assert len(saved) == 2
    visit = records.get("visit", desk.today_visit)
    assert visit.get("status") == "held" and visit.get("duration_minutes") == 100
    assert (visit.get("admin_minutes"), visit.get("travel_minutes"), visit.get("agenda_received")) == (
        20,
        15,
        True,
    )


def test_the_picker_lists_open_cases_first(casework: Casework, desk: Desk) -> None:
    cases = VisitDay(casework).cases_at(desk.school)
    assert [c.status for c in cases] == ["open", "open", "closed"]
    assert cyp_label(casework.records.get("cyp", desk.case_ab)) == "AB · Year 8 · CYP-AB0001"


def test_school_rows(casework: Casework, desk: Desk) -> None:
    rows = {r.name: r for r in SchoolView(casework.records).rows()}
    green, oak = rows["Greenfield Primary"], rows["Oakhill Academy"]
    assert (green.open_cases, green.next_visit, green.agreement) == (2, TODAY, "active")
    assert green.workers == "Wren Worker" and oak.workers == ""
    assert oak.next_visit == TODAY.replace(day=25) and oak.agreement == "expired"


def test_school_detail_counts_contact_time_in_the_academic_year(casework: Casework, desk: Desk) -> None:
    detail = SchoolView(casework.records).detail(desk.school)
    ct = detail.contact_time
    assert ct.academic_year == "2026/27"
    assert ct.delivered_minutes == 150, "last year's 500 minutes are not counted"
    assert ct.contracted_minutes == 2 * 60 * 3, "2 hours a term is 6 hours a year"
    assert 0.2 < ct.year_elapsed < 0.3
    assert detail.offer is not None and detail.offer.pattern == "fortnightly"
    assert detail.agreement.state == "active"
    assert detail.next_visit is not None and detail.next_visit.id == desk.today_visit
    assert [c.name for c in detail.contacts] == ["Ann Spoc"]
    assert [c.status for c in detail.cases] == ["open", "open", "closed"]
    assert detail.visits[0].date > detail.visits[-1].date, "newest first"


def test_agreement_states(records: RecordService) -> None:
    school = records.add("school", {"name": "S"}).id
    assert agreement_state([], TODAY).state == "missing"
    draft = records.add("info_sharing_agreement", {"school_id": school, "status": "draft"})
    assert agreement_state([draft], TODAY).state == "missing" and agreement_state([draft], TODAY).drafts == 1
    old = records.add(
        "info_sharing_agreement", {"school_id": school, "status": "expired", "agreed_on": iso(-400)}
    )
    assert agreement_state([draft, old], TODAY).state == "expired"
    assert academic_year(TODAY.replace(month=3))[0] == "2025/26"
