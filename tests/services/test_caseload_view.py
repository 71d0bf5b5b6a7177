"""The caseload rows: one per CYP, with consent, referral wait, flags, risk and the next action."""

from __future__ import annotations

from datetime import date

from linkdesk.measures import MeasureRegistry
from linkdesk.services.caseload_view import CaseloadView
from linkdesk.services.measure_records import MeasureRecords
from tests.services.conftest import Open
from tests.ui.desk_data import TODAY, iso


def test_rows_carry_what_the_caseload_shows(opened: Open) -> None:
    desk = opened.desk
    rows = {r.id: r for r in CaseloadView(opened.cw).rows()}
    assert set(rows) == {desk.case_ab, desk.case_cd, desk.closed_case}
    ab = rows[desk.case_ab]
    assert ab.label == "AB · Year 8 · CYP-AB0001" and ab.name == "Zed" and ab.school == "Greenfield Primary"
    assert ab.share_consent == "sought" and "share_with_school" in ab.missing_consents
    assert ab.referral is not None and ab.referral.waiting_days == 60 and ab.referral.stalled
    assert ab.last_discussed == date.fromisoformat(iso(-14))
    assert ab.next_action is not None and ab.next_action.description == "Call mum"
    assert not ab.next_action.overdue and not ab.risk
    cd = rows[desk.case_cd]
    assert cd.share_consent == "given" and cd.referral is None and cd.last_discussed is None and cd.name == ""


def test_status_filter_and_order(opened: Open) -> None:
    view = CaseloadView(opened.cw)
    assert [r.status for r in view.rows()] == ["open", "open", "closed"]
    assert [r.id for r in view.rows("closed")] == [opened.desk.closed_case]
    assert {r.id for r in view.rows("open")} == {opened.desk.case_ab, opened.desk.case_cd}
    assert view.schools() == [(opened.desk.school, "Greenfield Primary")]


def test_latest_measure_with_a_risk_item_flags_the_case(opened: Open, registry: MeasureRegistry) -> None:
    recorder = MeasureRecords(opened.cw.records, registry)
    cd = opened.desk.case_cd
    recorder.record(
        cd, "ypcore", "1,1,1,2,1,1,1,1,1,1", informant="self", time_point="baseline", date=iso(-30)
    )
    assert next(r for r in CaseloadView(opened.cw).rows() if r.id == cd).risk
    recorder.record(cd, "ypcore", "1,1,1,0,1,1,1,1,1,1", informant="self", time_point="review", date=iso(-1))
    assert not next(r for r in CaseloadView(opened.cw).rows() if r.id == cd).risk


def test_overdue_action_and_flags(opened: Open) -> None:
    r = opened.cw.records
    r.update("cyp", opened.desk.case_cd, {"flags": ["young_carer", "send"]})
    r.add("action", {"description": "Ring school", "cyp_id": opened.desk.case_cd, "due_on": iso(-3)})
    row = next(x for x in CaseloadView(opened.cw).rows() if x.id == opened.desk.case_cd)
    assert set(row.flags) == {"young_carer", "send"}
    assert row.next_action is not None and row.next_action.overdue
    assert row.next_action.due_on == TODAY.fromordinal(TODAY.toordinal() - 3)
