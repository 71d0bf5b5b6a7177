"""Who a child is: NHS numbers read 3-3-4, names compared for duplicates in any script, the year
group an anonymous label gives, and saving a child through the duplicate check and the CLI."""

from __future__ import annotations

import json

import pytest

from linkdesk.domain.identity import format_nhs_number, name_key, year_from_label
from linkdesk.errors import ValidationError
from linkdesk.services.cyp_identity import (
    anonymous_items,
    identity_of,
    possible_duplicates,
    prefill_from_item,
    save_cyp,
)
from tests.conftest import init_store
from tests.services.conftest import Open

GOOD_NHS = "9434765919"


def test_nhs_number_reads_3_3_4() -> None:
    assert format_nhs_number(GOOD_NHS) == "943 476 5919"
    assert format_nhs_number(None) == ""


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("anonymous Y8 girl", 8),
        ("Year 10 boy", 10),
        ("yr 7 pupil", 7),
        ("Reception child", 0),
        ("girl, no year given", None),
        ("Y8 and Y9 siblings", None),
        ("Y22 girl", None),
    ],
)
def test_year_group_from_an_anonymous_label(label: str, year: int | None) -> None:
    assert year_from_label(label) == year


def test_names_compare_without_accents_case_or_curly_apostrophes() -> None:
    assert name_key("Siobhán  O’Neill-Kowalczyk") == name_key("siobhan o'neill-kowalczyk")
    assert name_key("সুমাইয়া") == name_key(" সুমাইয়া ") != name_key("সুমাইয়")
    assert name_key("محمد") == name_key("محمد") and name_key("Zofia Wójcik") == name_key("ZOFIA WOJCIK")


def test_possible_duplicates_by_nhs_number_or_name_and_birth(opened: Open) -> None:
    records, school = opened.cw.records, opened.desk.school
    first = records.add(
        "cyp",
        {"school_id": school, "given_name": "محمد", "family_name": "Rahman", "date_of_birth": "2013-04-02"},
    )
    second = records.add("cyp", {"school_id": school, "given_name": "Zofia", "nhs_number": GOOD_NHS})
    by_name = possible_duplicates(
        records, {"given_name": "محمد", "family_name": "rahman", "date_of_birth": "2013-04-02"}
    )
    assert [(d.id, d.reasons) for d in by_name] == [(first.id, ("same name and date of birth",))]
    assert by_name[0].school == "Greenfield Primary" and by_name[0].name == "محمد Rahman"
    by_nhs = possible_duplicates(records, {"given_name": "Zosia", "nhs_number": "943 476 5919"})
    assert [(d.id, d.nhs_number) for d in by_nhs] == [(second.id, "943 476 5919")]
    assert possible_duplicates(records, {"nhs_number": GOOD_NHS}, exclude_id=second.id) == []
    other_birthday = {"given_name": "محمد", "family_name": "Rahman", "date_of_birth": "2013-04-03"}
    assert possible_duplicates(records, other_birthday) == []


def test_save_holds_back_a_duplicate_until_told_to_go_ahead(opened: Open) -> None:
    cw, school = opened.cw, opened.desk.school
    fields = {"school_id": school, "given_name": "Siobhán", "family_name": "O'Neill", "nhs_number": GOOD_NHS}
    made = save_cyp(cw, fields)
    assert made.record is not None and made.record.get("initials") == "SO"
    before = len(cw.records.find("cyp"))
    held = save_cyp(cw, {**fields, "given_name": "Siobhan"})
    assert held.record is None and [d.id for d in held.duplicates] == [made.record.id]
    assert len(cw.records.find("cyp")) == before  # nothing written
    anyway = save_cyp(cw, {**fields, "given_name": "Siobhan"}, allow_duplicate=True)
    assert anyway.record is not None and len(cw.records.find("cyp")) == before + 1


def test_bad_nhs_number_is_refused_and_nothing_is_saved(opened: Open) -> None:
    cw = opened.cw
    before = len(cw.records.find("cyp"))
    with pytest.raises(ValidationError, match="check digit") as refused:
        save_cyp(cw, {"school_id": opened.desk.school, "given_name": "Zofia", "nhs_number": "943 476 5918"})
    assert refused.value.field == "nhs_number" and len(cw.records.find("cyp")) == before


def test_edit_keeps_the_record_and_initials_follow_the_name(opened: Open) -> None:
    cw = opened.cw
    fields = {"school_id": opened.desk.school, "given_name": "Zofia", "family_name": "Nowak"}
    made = save_cyp(cw, fields).record
    assert made is not None and made.get("initials") == "ZN"
    changed = save_cyp(cw, {"family_name": "Wójcik", "gp_practice": "Hillside Surgery"}, record_id=made.id)
    assert changed.record is not None and changed.record.get("initials") == "ZW"
    assert changed.record.get("gp_practice") == "Hillside Surgery"


def test_anonymous_item_made_into_a_case_keeps_its_history(opened: Open) -> None:
    cw, desk = opened.cw, opened.desk
    visit = cw.plan_visit(desk.other_school, "2026-11-20")
    [item] = cw.record_case_discussion(visit.id, [{"anon_label": "anonymous Y8 girl", "concern": "Low mood"}])
    listed = anonymous_items(cw.records, desk.other_school)
    assert [(i.id, i.label, i.concern) for i in listed] == [(item.id, "anonymous Y8 girl", "Low mood")]
    values = prefill_from_item(cw.records, item.id)
    assert values == {"school_id": desk.other_school, "year_group": 8}
    saved = save_cyp(cw, {**values, "given_name": "সুমাইয়া", "family_name": "Begum"}, item_id=item.id)
    assert saved.record is not None and saved.linked_item == item.id
    linked = cw.records.get("discussion_item", item.id)
    assert linked.get("cyp_id") == saved.record.id and linked.get("anon_label") == "anonymous Y8 girl"
    history = cw.session.records.history(item.id)
    assert [op.kind for op in history] == ["create", "update"]
    assert anonymous_items(cw.records, desk.other_school) == []


def test_identity_of_a_child(opened: Open) -> None:
    record = opened.cw.records.add(
        "cyp",
        {
            "school_id": opened.desk.school,
            "nhs_number": GOOD_NHS,
            "date_of_birth": "2013-01-10",
            "carer_name": "Aoife O'Neill-Kowalczyk",
            "carer_relationship": "mother",
            "carer_phone": "07700 900123",
            "gp_practice": "Hillside Surgery",
            "gp_practice_code": "A81001",
        },
    )
    identity = identity_of(record)
    assert identity.nhs_number == "943 476 5919" and str(identity.date_of_birth) == "2013-01-10"
    assert [(c.name, c.relationship, c.phone) for c in identity.carers] == [
        ("Aoife O'Neill-Kowalczyk", "mother", "07700 900123")
    ]
    assert identity.gp_practice == "Hillside Surgery" and identity.gp_practice_code == "A81001"


def test_cli_add_show_and_sar_carry_the_identity_fields(cli, home) -> None:
    init_store(home)
    school = cli("add", "school", "name=Hillside").out.strip()
    added = cli(
        "add",
        "cyp",
        f"school_id={school}",
        "given_name=Siobhán",
        "nhs_number=943 476 5919",
        "carer_name=Aoife O'Neill",
        "carer_relationship=mother",
        "carer_email=aoife@example.org",
        "gp_practice=Hillside Surgery",
    )
    assert added.code == 0, added.err
    shown = json.loads(cli("show", "cyp", added.out.strip(), "--json").out)
    assert shown["nhs_number"] == GOOD_NHS and shown["carer_relationship"] == "mother"
    assert shown["carer_email"] == "aoife@example.org" and shown["gp_practice"] == "Hillside Surgery"
    refused = cli("add", "cyp", f"school_id={school}", "carer_relationship=aunt_and_uncle")
    assert refused.code == 1 and "carer_relationship" in refused.err
    out = home.parent / "sar.txt"
    assert cli("sar", added.out.strip(), "--out", str(out)).code == 0
    assert "Aoife O'Neill" in out.read_text(encoding="utf-8")
