"""Subject access export coverage, and the deterministic demo service."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from linkdesk.app import load_measures
from linkdesk.domain.fields import nhs_number_ok
from linkdesk.domain.retention import reachable_types
from linkdesk.domain.schema import TYPES
from linkdesk.services.casework import Casework
from linkdesk.services.demo import DemoBuilder, build_demo
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService
from linkdesk.services.sar import SECTIONS, STORE_TABLES, collect, render_json, render_text
from linkdesk.storage.store import Store
from tests.conftest import PASSPHRASE, init_store, make_vault
from tests.records.conftest import TODAY


def test_every_type_that_can_refer_to_a_cyp_is_in_the_export() -> None:
    """The schema check: add a type with a CYP reference and forget the SAR, and this fails."""
    assert reachable_types("cyp") - set(SECTIONS) == set()
    assert set(SECTIONS) <= set(TYPES)


def test_sar_holds_every_record_about_the_cyp_and_nothing_else(
    records: RecordService, casework: Casework, school: str, cyp: str
) -> None:
    other = records.add("cyp", {"school_id": school, "given_name": "Otherchild"}).id
    visit = casework.plan_visit(school, "2026-11-20")
    [item, _] = casework.record_case_discussion(
        visit.id,
        [
            {"cyp_id": cyp, "concern": "Low mood", "outcome": "referred_specialist"},
            {"cyp_id": other, "concern": "Anxiety about exams"},
        ],
    )
    referral = casework.make_referral(cyp, "specialist_camhs", sent_on="2026-11-21", status="sent")
    casework.add_referral_event(referral.id, "2026-11-22", "accepted")
    note = casework.add_note("cyp", cyp, "Mum agreed to the referral")
    casework.mark_entered_in_error(note.id, "Was about another child")
    casework.add_note("referral", referral.id, "Chased by phone")
    casework.record_consent(cyp, "referral", "given", given_by="both", decided_on="2026-11-20")
    records.add("action", {"description": "Tutor check-ins", "discussion_item_id": item.id})
    records.add("communication", {"cyp_id": cyp, "date": "2026-11-21", "channel": "phone"})
    export = collect(records, cyp, "Test Link Team", datetime(2026, 11, 23, tzinfo=UTC))
    counts = {t: len(v) for t, v in export.records.items() if v}
    assert counts == {
        "cyp": 1,
        "consent": 1,
        "discussion_item": 1,
        "referral": 1,
        "referral_event": 2,
        "note": 2,
        "action": 1,
        "communication": 1,
    }
    text = render_text(export)
    assert "Otherchild" not in text and "Anxiety about exams" not in text
    assert (
        "Was about another child" in text and "Mum agreed to the referral" in text
    )  # entered in error is held
    assert "Serious-harm test" in text
    data = json.loads(render_json(export))
    assert data["cyp_id"] == cyp and len(data["history"]) == 10


def test_sar_replaces_other_childrens_names_with_their_codes(
    records: RecordService, casework: Casework, school: str, cyp: str
) -> None:
    """A parent's subject access request gets their own child's record, not other children's
    names: those are third parties (the reviewer may still add back what is right to release)."""
    records.update("cyp", cyp, {"given_name": "Amara", "family_name": "Okafor"})
    other = records.add(
        "cyp",
        {
            "school_id": school,
            "given_name": "Zuzanna",
            "family_name": "Łukasiewicz-Nowak",
            "pseudonym": "CYP-AA237D",
        },
    ).id
    casework.add_note("cyp", cyp, "Amara and Zuzanna fell out; the LUKASIEWICZ-NOWAK family were told.")
    export = collect(records, cyp, "Test Link Team", datetime(2026, 11, 23, tzinfo=UTC))
    for rendered in (render_text(export), render_json(export)):
        folded = rendered.casefold()
        assert "zuzanna" not in folded and "nowak" not in folded
        assert "CYP-AA237D" in rendered and "Amara" in rendered and other not in rendered


def test_sar_cli_writes_a_file(cli, home: Path) -> None:
    init_store(home)
    school = cli("add", "school", "name=Hillside").out.strip()
    cyp = cli("add", "cyp", f"school_id={school}", "given_name=Amara").out.strip()
    out = home.parent / "sar.txt"
    result = cli("sar", cyp, "--out", str(out))
    assert result.code == 0, result.err
    assert "Amara" in out.read_text(encoding="utf-8")
    assert cli("sar", school, "--out", str(out)).code == 1  # not a CYP


def demo_store(folder: Path, seed: int) -> tuple[Store, dict[str, int]]:
    store, _ = make_vault(folder).create("Demo", PASSPHRASE)
    records = RecordService(store, lambda: TODAY)
    counts = build_demo(records, "small", seed, TODAY, MeasureRecords(records, load_measures(folder)))
    return store, counts


def test_demo_is_deterministic_and_shaped_like_a_service(tmp_path: Path) -> None:
    first, counts = demo_store(tmp_path / "a", 7)
    second, _ = demo_store(tmp_path / "b", 7)
    other, _ = demo_store(tmp_path / "c", 8)
    with first, second, other:
        assert first.records.state_hash() == second.records.state_hash()
        assert other.records.state_hash() != first.records.state_hash()
        items = first.records.find("discussion_item")
        held = [v for v in first.records.find("visit") if v.get("status") == "held"]
        assert 3 <= len(items) / len(held) <= 4
        referred = sum(1 for i in items if str(i.get("outcome")).startswith("referred"))
        assert 0.2 <= referred / len(items) <= 0.45
        planned = [v for v in first.records.find("visit") if v.get("status") == "planned"]
        assert all(date.fromisoformat(v.get("date")) > TODAY for v in planned) and planned
        assert counts["school"] == 8 and counts["staff"] == 3 and counts["measure_result"] > 10
        assert first.verify() == []


#: The seed-7 small demo's records before its risk assessments and follow-up actions (issue #18):
#: every record's id, type and fields, hashed. The additions made last must leave these records
#: exactly as they were. (Pinned again on 2026-12-05, when children were first placed only in year
#: groups their school teaches: a Year 13 at a primary school had been possible.)
DEMO_7_BEFORE = (876, "914005656c96a02ad557cef7a878aed3e56a487c98baf1522d843afa2e515351")
#: Fields every record of a type has gained since: retention (issue #22), a child's identity.
IDENTITY = ("nhs_number", "carer_name", "carer_relationship", "carer_phone", "gp_practice", "gp_phone")
FIELDS_SINCE = frozenset({"retention_class", *IDENTITY})


def kept(fields: dict[str, object]) -> list[tuple[str, object]]:
    return [(k, v) for k, v in fields.items() if k not in FIELDS_SINCE]


def test_the_demo_adds_risk_and_follow_up_actions_and_keeps_every_earlier_record(tmp_path: Path) -> None:
    store, counts = demo_store(tmp_path, 7)
    with store:
        rows = sorted(
            (r.id, t, json.dumps(dict(kept(r.fields)), sort_keys=True, ensure_ascii=False))
            for t in counts
            for r in store.records.find(t)
        )
        risks = store.records.find("risk")
        first_added = min(r.id for r in risks)  # the additions are made last, so their ids sort last
        before = [row for row in rows if row[0] < first_added]
        digest = hashlib.sha256()
        for row in before:
            digest.update(repr(row).encode())
        assert (len(before), digest.hexdigest()) == DEMO_7_BEFORE
        added = [row for row in rows if row[0] >= first_added]
        assert {t for _id, t, _f in added} == {"risk", "action"}
        open_ids = {c.id for c in store.records.find("cyp") if c.get("status") == "open"}
        assert {r.get("cyp_id") for r in risks} <= open_ids and {r.get("level") for r in risks} >= {
            "high",
            "medium",
        }
        actions = [json.loads(fields) for _id, t, fields in added if t == "action"]
        due = sorted(a["due_on"] for a in actions)
        assert due[0] < TODAY.isoformat() < due[-1] and all(a["status"] == "open" for a in actions)


def test_demo_referrals_never_offered_an_appointment_are_closed_not_left_waiting(tmp_path: Path) -> None:
    """A real waiting list closes a referral the family never opted in to: no demo referral waits
    for years (Today's prep sheet showed "1678 days · stalled")."""
    store, _counts = demo_store(tmp_path, 7)
    with store:
        records = RecordService(store, lambda: TODAY)
        builder = DemoBuilder(records, 7, TODAY, None)
        builder.minted = 10_000  # ids after the demo's own
        item = store.records.find("discussion_item")[0]
        before = {r.id for r in store.records.find("referral")}
        for _ in range(60):  # two years ago: every one has had time to be seen or closed
            builder.referral(item.get("cyp_id"), item.id, TODAY - timedelta(days=730), "specialist_camhs")
        made = [r for r in store.records.find("referral") if r.id not in before]
        assert len(made) == 60
        assert {r.get("status") for r in made} <= {"declined", "seen", "closed"}
        assert any(r.get("status") == "closed" for r in made)


def test_demo_children_have_an_identity_no_real_person_could_have(tmp_path: Path) -> None:
    """NHS numbers from the 999 range kept for test data, phone numbers from Ofcom's drama ranges."""
    store, _ = demo_store(tmp_path, 7)
    with store:
        children = store.records.find("cyp")
        numbers = [c.get("nhs_number") for c in children if c.get("nhs_number")]
        assert 0.6 <= len(numbers) / len(children) < 1 and len(set(numbers)) == len(numbers)
        assert all(n.startswith("999") and nhs_number_ok(n) for n in numbers)
        assert all(c.get("carer_phone").startswith("07700 900") and c.get("carer_name") for c in children)
        assert all(c.get("gp_phone").startswith("01632 960") and c.get("gp_practice") for c in children)


def test_demo_children_are_in_year_groups_their_school_teaches(tmp_path: Path) -> None:
    store, _ = demo_store(tmp_path, 7)
    with store:
        setting = {s.id: str(s.get("name")) for s in store.records.find("school")}
        for child in store.records.find("cyp"):
            name, year = setting[child.get("school_id")], child.get("year_group")
            if name.endswith(("Primary School", "Junior School")):
                assert year <= 6, (name, year)
            if name.endswith(("High School", "Academy")):
                assert year >= 7, (name, year)
        for item in store.records.find("discussion_item"):
            if item.get("anon_label"):
                visit = store.records.get(item.get("visit_id"))
                assert visit is not None
                name, year = setting[visit.fields["school_id"]], int(item.get("anon_label")[1:].split()[0])
                assert not name.endswith("Primary School") or year <= 6, (name, item.get("anon_label"))


#: Dates that record something that happened, by type (a held visit's date is checked apart).
HAPPENED = {
    "consent": ("sought_on", "decided_on"),
    "referral": ("sent_on",),
    "referral_event": ("date",),
    "measure_result": ("date",),
    "note": ("date",),
    "cyp": ("opened_on", "closed_on", "date_of_birth"),
    "training": ("date",),
    "time_entry": ("date",),
    "communication": ("date",),
    "info_sharing_agreement": ("agreed_on",),
    "agency": ("last_verified_on",),
    "risk": ("assessed_on", "dsl_informed_on", "safeguarding_referral_on"),
}


@pytest.mark.parametrize("today", [TODAY, date(2026, 9, 3), date(2027, 3, 17)])
def test_the_demo_makes_no_future_dated_facts(tmp_path: Path, today: date) -> None:
    """Finding: the demo made consents decided after today (a fortnight after the discussion)."""
    store, _ = make_vault(tmp_path).create("Demo", PASSPHRASE)
    with store:
        records = RecordService(store, lambda: today)
        build_demo(records, "small", 3, today, MeasureRecords(records, load_measures(tmp_path)))
        iso = today.isoformat()
        future = [
            (type_name, name, r.get(name))
            for type_name, names in HAPPENED.items()
            for r in store.records.find(type_name)
            for name in names
            if (r.get(name) or "") > iso
        ]
        future += [
            ("visit", "date", v.get("date"))
            for v in store.records.find("visit")
            if v.get("status") != "planned" and v.get("date") > iso
        ]
        assert future == []


def test_every_table_of_the_store_is_accounted_for_by_the_export(records: RecordService) -> None:
    """The schema check for tables: a new table that could hold something about a child, and
    not named in ``STORE_TABLES`` with how the export covers it, fails here."""
    store = records.session
    assert isinstance(store, Store)
    tables = {
        str(name)
        for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(name).startswith(("sqlite_", "search_index_"))  # SQLite's and FTS5's own
    }
    assert tables == set(STORE_TABLES)


def test_sar_says_who_opened_or_changed_the_records_and_when(
    records: RecordService, casework: Casework, school: str, cyp: str
) -> None:
    other = records.add("cyp", {"school_id": school, "given_name": "Otherchild"}).id
    note = casework.add_note("cyp", cyp, "Mum agreed to the referral")
    records.session.audit("view", "cyp", cyp)
    records.session.audit("view", "cyp", other)
    export = collect(records, cyp, "Test Link Team", datetime(2026, 11, 23, tzinfo=UTC))
    about = {(e.action, e.entity_id) for e in export.access}
    assert {("create", cyp), ("create", note.id), ("view", cyp)} <= about
    assert all(e.entity_id != other for e in export.access), "another child's audit is not theirs"
    assert "Who opened, changed, printed or exported these records" in render_text(export)
    assert {"action": "view", "type": "cyp", "id": cyp} in [
        {k: v for k, v in e.items() if k in ("action", "type", "id")}
        for e in json.loads(render_json(export))["access"]
    ]
