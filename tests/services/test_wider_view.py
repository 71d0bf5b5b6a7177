"""The Service page's list of the service's actions, as ``WiderView`` makes it (no Qt)."""

from __future__ import annotations

from linkdesk.services.wider_view import WiderView
from tests.services.conftest import Open


def test_every_action_shows_its_case_by_code_and_never_a_childs_name(opened: Open) -> None:
    records, desk = opened.cw.records, opened.desk
    for _ in range(2):  # the same words twice: each row is still redacted
        records.add(
            "action", {"description": "Ring Zed's mum", "school_id": desk.school, "cyp_id": desk.case_ab}
        )
    records.add("action", {"description": "Ring Zed's mum", "school_id": desk.school, "cyp_id": desk.case_cd})
    records.delete("cyp", desk.case_cd)
    rows = [r for r in WiderView(records).rows("actions") if r.description.startswith("Ring")]
    assert [r.description for r in rows] == ["Ring CYP-AB0001's mum"] * 3
    assert sorted(r.case for r in rows) == ["", "AB · Year 8 · CYP-AB0001", "AB · Year 8 · CYP-AB0001"]
