"""A view that lives on (the search window, a pack of letters) redacts a child added or renamed
after it first built its lookup of names, and does not read every child again otherwise."""

from __future__ import annotations

from linkdesk.services.child_names import ChildNames
from tests.services.conftest import Open


def test_a_child_added_or_renamed_later_is_redacted(opened: Open) -> None:
    records = opened.cw.records
    names = ChildNames(records)
    first = names.redactor()
    assert names.redactor() is first  # nothing changed: the lookup is kept
    text = "Saw Siobhán Ní Bhriain with Dafydd ap Gwilym at lunch"
    assert first(text) == text  # neither child is on this laptop yet

    siobhan = records.add(
        "cyp",
        {
            "school_id": opened.desk.school,
            "given_name": "Siobhán",
            "family_name": "Ní Bhriain",
            "pseudonym": "CYP-SB0001",
        },
    )
    after_add = names.redactor()
    assert after_add is not first
    assert after_add(text) == "Saw CYP-SB0001 with Dafydd ap Gwilym at lunch"

    records.update("cyp", siobhan.id, {"given_name": "Dafydd", "family_name": "ap Gwilym"})
    assert names.redactor()(text) == "Saw Siobhán Ní Bhriain with CYP-SB0001 at lunch"
