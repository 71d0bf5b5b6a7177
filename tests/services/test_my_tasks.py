"""Follow-through on a real store, no Qt: who "me" is, the next steps a saved case discussion
offers, and the Tasks list (overdue first, mine or the whole team's)."""

from __future__ import annotations

import pytest

from linkdesk.domain.reporting_periods import iso_week
from linkdesk.errors import ValidationError
from linkdesk.reports import ReportFiles
from linkdesk.services.follow_through import next_steps, take_steps
from linkdesk.services.me import choose_me, read_me, whose
from linkdesk.services.my_tasks import Tasks
from linkdesk.services.report_weekly import weekly_report
from linkdesk.services.visit_day import VisitDay, save_case_discussion
from tests.reports.test_outputs import pdf_text
from tests.services.conftest import Open
from tests.ui.desk_data import TODAY, iso


def _staff(opened: Open, name: str) -> str:
    return opened.cw.records.find("staff", {"name": name})[0].id


def test_me_is_a_setting_of_this_store_and_must_be_a_staff_member(opened: Open) -> None:
    records = opened.cw.records
    assert read_me(records) is None
    wren = _staff(opened, "Wren Worker")
    assert choose_me(records, wren) is not None
    me = read_me(records)
    assert me is not None and (me.staff_id, me.name) == (wren, "Wren Worker")
    with pytest.raises(ValidationError):
        choose_me(records, opened.desk.school)
    assert read_me(records) == me, "a refused choice changes nothing"
    choose_me(records, None)
    assert read_me(records) is None


def test_my_agenda_holds_my_visits_and_the_unassigned_ones_at_my_schools(opened: Open) -> None:
    cw, desk = opened.cw, opened.desk
    wren = _staff(opened, "Wren Worker")
    other = cw.records.add("staff", {"name": "Otto Other"}).id
    theirs = cw.plan_visit(desk.school, iso(1), staff_id=other).id
    team = VisitDay(cw).agenda()
    mine = VisitDay(cw).agenda(whose(cw.records, wren))
    assert desk.week_visit in [v.id for v in team.this_week] and theirs in [v.id for v in team.this_week]
    assert [v.id for v in mine.todays] == [desk.today_visit]
    assert [v.id for v in mine.this_week] == [], "Oakhill is not Wren's school; the other visit is Otto's"
    assert [v.id for v in mine.to_write_up] == []


def test_saving_a_discussion_offers_a_draft_referral_and_an_action_that_the_prep_sheet_counts(
    opened: Open,
) -> None:
    cw, desk = opened.cw, opened.desk
    day = VisitDay(cw)
    before = len(day.prep(desk.next_week_visit).actions)
    items = [
        {
            "cyp_id": desk.case_cd,
            "outcome": "referred_specialist",
            "actions": "Send the referral form",
            "follow_up_on": iso(7),
        },
        {"anon_label": "Y6 boy", "outcome": "early_help"},
    ]
    saved = save_case_discussion(cw, desk.today_visit, items)
    steps = next_steps(cw, desk.today_visit, saved)
    assert [(s.kind, s.what) for s in steps] == [
        ("referral", "specialist_camhs"),
        ("action", "Send the referral form"),
        ("letter", "school-feedback"),  # CD's family agreed to sharing with the school
    ], "an anonymous item cannot be referred until it is linked to a case"
    assert cw.records.find("referral", {"cyp_id": desk.case_cd}) == [], "nothing is made until accepted"

    made = take_steps(cw, steps)
    referral, action = made
    assert (referral.get("destination"), referral.get("status"), referral.get("origin_item_id")) == (
        "specialist_camhs",
        "draft",
        saved[0].id,
    )
    assert (action.get("due_on"), action.get("school_id"), action.get("cyp_id")) == (
        iso(7),
        desk.school,
        desk.case_cd,
    )
    assert len(day.prep(desk.next_week_visit).actions) == before + 1


def test_tasks_put_overdue_first_and_honour_me_or_the_team(opened: Open) -> None:
    cw, desk = opened.cw, opened.desk
    wren = _staff(opened, "Wren Worker")
    other = cw.records.add("staff", {"name": "Otto Other"}).id
    cw.records.add("action", {"description": "Otto's own", "owner_staff_id": other, "due_on": iso(-9)})
    item = cw.records.add(
        "discussion_item",
        {
            "visit_id": desk.last_visit,
            "anon_label": "Y3 girl",
            "actions": "Ring SENCO",
            "follow_up_on": iso(-1),
        },
    )
    cw.record_consent(
        desk.case_cd, "referral", "given", given_by="both", decided_on=iso(-5), expires_on=iso(10)
    )

    mine = Tasks(cw).gather(whose(cw.records, wren))
    listed = [(r.kind, r.what, r.overdue) for r in mine.rows]
    assert listed == [
        ("referral", "specialist_camhs", True),  # stalled: 60 days without news
        ("action", "Overdue letter", True),
        ("follow_up", "Ring SENCO", True),
        ("consent", "share_with_school", False),  # sought 10 days ago: chase in 4 days
        ("action", "Call mum", False),
        ("consent", "referral", False),  # expires in 10 days
        ("action", "Far off", False),
    ]
    assert mine.overdue == 3 and not mine.team
    follow_up = next(r for r in mine.rows if r.kind == "follow_up")
    assert (follow_up.id, follow_up.case, follow_up.page, follow_up.page_id) == (
        item.id,
        "Y3 girl",
        "school",
        desk.school,
    )
    referral = mine.rows[0]
    assert (referral.page, referral.page_id, referral.due) == ("cyp", desk.case_ab, TODAY.replace(day=5))

    theirs = Tasks(cw).gather(whose(cw.records, other))
    assert [r.what for r in theirs.rows] == ["Otto's own"]
    team = Tasks(cw).gather(whose(cw.records, None))
    assert team.team
    assert [r.what for r in team.rows][:3] == ["specialist_camhs", "Otto's own", "Overdue letter"]
    assert len(team.rows) == len(mine.rows) + 1

    cw.records.add("action", {"description": "Ring SENCO", "discussion_item_id": item.id, "due_on": iso(2)})
    again = Tasks(cw).gather(whose(cw.records, wren))
    assert "follow_up" not in {r.kind for r in again.rows}, "once an action is made, it is listed instead"


def test_an_accepted_action_and_an_overdue_one_are_in_the_weekly_summary_pdf(opened: Open) -> None:
    cw, desk = opened.cw, opened.desk
    wren = _staff(opened, "Wren Worker")
    choose_me(cw.records, wren)
    item = {
        "cyp_id": desk.case_ab,
        "outcome": "watchful_waiting",
        "actions": "Ring the SENCO",
        "follow_up_on": iso(7),
    }
    saved = save_case_discussion(cw, desk.today_visit, [item])
    take_steps(cw, [s for s in next_steps(cw, desk.today_visit, saved) if s.kind == "action"])

    report = weekly_report(cw.records, iso_week("2026-W48"), wren)
    words = " ".join(pdf_text(ReportFiles().render(report, "pdf")).split())
    assert "Actions overdue or due next week" in words
    assert "Overdue: Sat 21 Nov Greenfield Primary" in words and "Overdue letter" in words
    assert "Mon 30 Nov Greenfield Primary Wren Worker Ring the SENCO" in words, "owned by me"
    assert words.index("Overdue letter") < words.index("Ring the SENCO"), "overdue first"


def test_an_action_agreed_for_a_child_not_named_shows_their_label_not_whole_school(opened: Open) -> None:
    cw, desk = opened.cw, opened.desk
    item = cw.records.add("discussion_item", {"visit_id": desk.last_visit, "anon_label": "Y4 boy"}).id
    cw.records.add(
        "action",
        {"description": "Ring dad", "school_id": desk.school, "discussion_item_id": item, "due_on": iso(3)},
    )
    rows = {r.what: r.case for r in Tasks(cw).gather(whose(cw.records, None)).rows}
    assert rows["Ring dad"] == "Y4 boy" and rows["Overdue letter"] == ""  # a school's own action
