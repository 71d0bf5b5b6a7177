"""The search window in privacy mode shows no child's name in any hit, however it was typed."""

from __future__ import annotations

from linkdesk.services.search_view import SearchView
from tests.services.conftest import Open


def test_hits_in_privacy_mode_carry_codes_not_names(opened: Open) -> None:
    records = opened.cw.records
    cyp = records.add(
        "cyp",
        {
            "school_id": opened.desk.school,
            "given_name": "Zuzanna",
            "family_name": "Łukasiewicz-Nowak",
            "pseudonym": "CYP-AA237D",
        },
    )
    records.add(
        "note", {"subject_type": "cyp", "subject_id": cyp.id, "body": "Wombat club: LUKASIEWICZ-NOWAK's mum"}
    )
    records.add("action", {"description": "Wombat club: ring the Lukasiewicz-Nowak family"})
    found = SearchView(records, show_names=False).search("wombat")
    shown = [f"{hit.title} | {hit.snippet}" for hit in found.hits()]
    assert len(shown) == 2
    for line in shown:
        assert "ukasiewicz" not in line.lower() and "nowak" not in line.lower(), line
        assert "CYP-AA237D" in line
    named = SearchView(records, show_names=True).search("wombat")
    assert any("Lukasiewicz-Nowak" in hit.title for hit in named.hits())
