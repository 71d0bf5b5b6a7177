"""One CYP's record: consents by scope, referrals with events, the discussion timeline, threaded
notes (entered in error kept), letters, and measures recorded with the scoring context."""

from __future__ import annotations

import json

from linkdesk.measures import MeasureRegistry
from linkdesk.services.cyp_view import CypView
from tests.services.conftest import Open
from tests.ui.desk_data import iso


def test_detail_of_a_case(opened: Open, registry: MeasureRegistry) -> None:
    desk, cw = opened.desk, opened.cw
    detail = CypView(cw, registry).detail(desk.case_ab)
    assert detail.label == "AB · Year 8 · CYP-AB0001" and detail.school == "Greenfield Primary"
    scopes = {c.scope: c for c in detail.consents}
    assert scopes["share_with_school"].state == "sought" and scopes["share_with_school"].sought_on is not None
    assert "share_with_school" in detail.missing_consents
    [referral] = detail.referrals
    assert referral.waiting_days == 60 and referral.stalled and [e.event for e in referral.events] == ["sent"]
    [item] = detail.discussions
    assert (
        item.concern == "Low mood"
        and item.outcome == "watchful_waiting"
        and item.school == "Greenfield Primary"
    )
    assert [a.description for a in detail.actions] == ["Call mum"]
    assert detail.notes == [] and detail.letters == [] and detail.results == [] and detail.risk == []


def test_notes_are_threaded_and_kept_when_entered_in_error(opened: Open, registry: MeasureRegistry) -> None:
    cw, ab = opened.cw, opened.desk.case_ab
    first = cw.add_note("cyp", ab, "Spoke to mum")
    cw.add_addendum(first.id, "Mum called back")
    wrong = cw.add_note("cyp", ab, "Wrong child")
    cw.mark_entered_in_error(wrong.id, "written on the wrong record")
    notes = CypView(cw, registry).detail(ab).notes
    assert {n.body for n in notes} == {"Spoke to mum", "Wrong child"}
    spoke = next(n for n in notes if n.body == "Spoke to mum")
    assert [a.body for a in spoke.addenda] == ["Mum called back"] and not spoke.in_error
    struck = next(n for n in notes if n.body == "Wrong child")
    assert struck.in_error and struck.error_reason == "written on the wrong record"


def test_record_measure_uses_age_and_sex_for_bands(opened: Open, registry: MeasureRegistry) -> None:
    cw, ab = opened.cw, opened.desk.case_ab
    cw.records.update("cyp", ab, {"date_of_birth": "2013-03-01", "sex": "female"})
    view = CypView(cw, registry)
    stored = view.record_measure(ab, "ypcore", "2,2,2,1,2,2,2,2,2,2", "self", "baseline", iso(-20))
    assert json.loads(stored.get("result"))["bands"]["total"] == "clinical range"
    view.record_measure(ab, "ypcore", "0,0,0,0,0,0,0,0,0,0", "self", "review", iso(-2))
    detail = view.detail(ab)
    assert [r.time_point for r in detail.results] == ["review", "baseline"]
    [trajectory] = detail.trajectories
    assert [p.value for p in trajectory.points] == [19.0, 12.0]  # items 3, 5 and 10 are reversed
    assert [r.label for r in trajectory.regions] == ["non-clinical range", "clinical range"]
    assert trajectory.marks == [] and "not yet recorded" in trajectory.note  # YP-CORE has no RCI here
    assert detail.results[1].risk and detail.risk == []  # only the latest result of a measure counts


def test_letters_logged_for_the_cyp(opened: Open, registry: MeasureRegistry) -> None:
    cw, ab = opened.cw, opened.desk.case_ab
    cw.records.add(
        "letter", {"template": "referral_update", "cyp_id": ab, "rendered_on": iso(-1), "output": "printed"}
    )
    [letter] = CypView(cw, registry).detail(ab).letters
    assert letter.template == "referral_update" and letter.output == "printed"
