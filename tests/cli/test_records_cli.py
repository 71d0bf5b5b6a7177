"""The records commands through the real CLI: ids on stdout, JSON shapes, refusals change nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import copy_store, init_store, run_linkdesk


@pytest.fixture(scope="module")
def one_school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store holding one school (its school added through the CLI); each test works on a copy."""
    home = tmp_path_factory.mktemp("one-school") / "home"
    init_store(home)
    result = run_linkdesk(
        home, "add", "school", "name=Greenfield Primary", "setting_type=primary", "urn=190001"
    )
    assert result.code == 0, result.err
    return home, result.out.strip()


@pytest.fixture
def school(one_school: tuple[Path, str], home: Path) -> str:
    copy_store(one_school[0], home)
    return one_school[1]


def test_add_prints_only_the_id_and_show_gives_the_record(cli, school: str) -> None:
    assert len(school) == 36
    shown = json.loads(cli("show", "school", school, "--json").out)
    assert shown == {
        "id": school,
        "type": "school",
        "name": "Greenfield Primary",
        "setting_type": "primary",
        "urn": "190001",
        "status": "active",
    }


def test_text_is_stored_exactly_as_given(cli, school: str) -> None:
    text = 'Worried <b>about</b> A & B\'s "friends" — Zoë, ąę, فاطمة'
    visit = cli("add", "visit", f"school_id={school}", "date=2026-11-24").out.strip()
    item = cli(
        "add", "discussion_item", f"visit_id={visit}", "anon_label=Y8 girl", f"concern={text}"
    ).out.strip()
    assert json.loads(cli("show", "discussion_item", item, "--json").out)["concern"] == text


def test_list_filters_and_excludes_deleted(cli, school: str) -> None:
    other = cli("add", "school", "name=Hillside").out.strip()
    cyp1 = cli("add", "cyp", f"school_id={school}", "initials=AB").out.strip()
    cli("add", "cyp", f"school_id={other}", "initials=CD")
    listed = json.loads(cli("list", "cyp", f"school_id={school}", "--json").out)
    assert [c["id"] for c in listed] == [cyp1]
    assert cli("delete", "cyp", cyp1).code == 0
    assert json.loads(cli("list", "cyp", f"school_id={school}", "--json").out) == []
    assert len(json.loads(cli("list", "school", "--json").out)) == 2


def test_update_and_link_an_anonymous_item(cli, school: str) -> None:
    cyp = cli("add", "cyp", f"school_id={school}").out.strip()
    visit = cli("add", "visit", f"school_id={school}", "date=2026-11-24").out.strip()
    item = cli("add", "discussion_item", f"visit_id={visit}", "anon_label=Y7 boy").out.strip()
    result = cli("update", "discussion_item", item, f"cyp_id={cyp}", "outcome=signposted", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["cyp_id"] == cyp


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["add", "school", "name=X", "colour=blue"], "colour"),
        (["add", "school", "name=X", "setting_type=grammar"], "setting_type"),
        (["add", "visit", "school_id={school}", "date=2026-02-30"], "date"),
        (["add", "cyp", "school_id=01900000-0000-7000-8000-000000000000"], "school_id"),
        (["add", "school", "setting_type=primary"], "name"),
        (["add", "pupil", "name=X"], "type"),
        (["add", "school", f"name={'x' * 501}"], "name"),
        (["update", "school", "{school}", "urn=12"], "urn"),
    ],
)
def test_refusals_name_the_field_and_change_nothing(cli, school: str, args: list[str], field: str) -> None:
    before = cli("state-hash").out
    result = cli(*[a.replace("{school}", school) for a in args])
    assert result.code == 1 and result.out == ""
    assert field in result.err and "Traceback" not in result.err
    assert cli("state-hash").out == before


def test_nul_and_lone_surrogate_are_refused(cli, school: str) -> None:
    # argv cannot carry NUL; a lone surrogate arrives through surrogateescape as an undecodable byte
    result = cli("add", "school", "name=Bad\udcffName")
    assert result.code == 1 and "name" in result.err


def test_note_body_cannot_be_updated_or_deleted(cli, school: str) -> None:
    note = cli("add", "note", "subject_type=school", f"subject_id={school}", "body=New SENCO").out.strip()
    assert cli("update", "note", note, "body=changed").code == 1
    assert cli("delete", "note", note).code == 1
    assert json.loads(cli("show", "note", note, "--json").out)["body"] == "New SENCO"


def test_dump_is_canonical_and_state_hash_is_its_sha256(cli, school: str) -> None:
    dump = cli("dump", "--json").out
    data = json.loads(dump)
    assert list(data) == ["conflicts", "records"]
    assert [r["id"] for r in data["records"]["school"]] == [school]
    assert dump == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert cli("state-hash").out.strip() == hashlib.sha256(dump.encode()).hexdigest()


def test_referral_show_includes_waits(cli, school: str) -> None:
    cyp = cli("add", "cyp", f"school_id={school}").out.strip()
    referral = cli(
        "add",
        "referral",
        f"cyp_id={cyp}",
        "destination=specialist_camhs",
        "status=sent",
        "sent_on=2026-01-05",
    ).out.strip()
    cli("add", "referral_event", f"referral_id={referral}", "date=2026-01-20", "event=assessment")
    shown = json.loads(cli("show", "referral", referral, "--json").out)
    assert shown["status"] == "seen"
    assert shown["derived"]["waiting_days"] == 15


def test_search_json(cli, school: str) -> None:
    cli(
        "add", "note", "subject_type=school", f"subject_id={school}", "body=Café staff worried about bullying"
    )
    hits = json.loads(cli("search", "cafe bully", "--json").out)
    assert [h["type"] for h in hits] == ["note"]


def test_a_cyp_added_without_initials_gets_them_from_the_name(cli, school: str) -> None:
    added = cli("add", "cyp", f"school_id={school}", "given_name=Mary-Jane", "family_name=O'Neil Smith")
    assert added.code == 0, added.err
    shown = json.loads(cli("show", "cyp", added.out.strip(), "--json").out)
    assert shown["initials"] == "MJOS"
    given = cli("add", "cyp", f"school_id={school}", "given_name=Amy", "initials=AX")
    assert json.loads(cli("show", "cyp", given.out.strip(), "--json").out)["initials"] == "AX"
