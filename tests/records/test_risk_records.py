"""Risk and safeguarding records (cli-contract.md "Records", the `risk` row): the CLI adds and
lists them with the contract's checks, they are audited, they reach a teammate by sync and they
are in the subject access export."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from linkdesk.domain import rules
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.sar import collect, render_json, render_text
from linkdesk.storage.store import Store
from tests.conftest import FrozenClock, init_store
from tests.records.conftest import TODAY
from tests.sync.conftest import befriend, make_device

TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def test_the_cli_adds_lists_shows_updates_and_deletes_a_risk(cli, home: Path) -> None:
    init_store(home)
    school = cli("add", "school", "name=Hillside").out.strip()
    cyp = cli("add", "cyp", f"school_id={school}", "initials=AB").out.strip()
    today = TODAY.isoformat()  # a day that has happened wherever and whenever the suite runs
    added = cli(
        "add",
        "risk",
        f"cyp_id={cyp}",
        "level=high",
        f"assessed_on={today}",
        "reason=Said she has thought of ending her life",
        "safety_plan=Lunchtime check-in with the pastoral lead; mum told",
        f"dsl_informed_on={today}",
    )
    assert added.code == 0, added.err
    risk = added.out.strip()
    [listed] = json.loads(cli("list", "risk", f"cyp_id={cyp}", "--json").out)
    assert listed == {
        "id": risk,
        "type": "risk",
        "cyp_id": cyp,
        "level": "high",
        "assessed_on": today,
        "reason": "Said she has thought of ending her life",
        "safety_plan": "Lunchtime check-in with the pastoral lead; mum told",
        "dsl_informed_on": today,
    }
    assert cli("update", "risk", risk, f"safeguarding_referral_on={today}").code == 0
    shown = json.loads(cli("show", "risk", risk, "--json").out)
    assert shown["safeguarding_referral_on"] == today
    assert cli("delete", "risk", risk).code == 0
    assert json.loads(cli("list", "risk", "--json").out) == []


def test_the_cli_refuses_a_future_assessment_a_missing_level_and_a_wrong_level(cli, home: Path) -> None:
    init_store(home)
    school = cli("add", "school", "name=Hillside").out.strip()
    cyp = cli("add", "cyp", f"school_id={school}").out.strip()
    today = TODAY.isoformat()  # a day that has happened wherever and whenever the suite runs
    later = (date.today() + timedelta(days=30)).isoformat()
    before = cli("state-hash").out
    refusals = {
        "assessed_on": ["level=high", f"assessed_on={later}"],
        "level": [f"assessed_on={today}"],
        "dsl_informed_on": ["level=low", f"assessed_on={today}", f"dsl_informed_on={later}"],
        "safeguarding_referral_on": [
            "level=low",
            f"assessed_on={today}",
            f"safeguarding_referral_on={later}",
        ],
    }
    for field, args in refusals.items():
        result = cli("add", "risk", f"cyp_id={cyp}", *args)
        assert result.code == 1 and result.out == "", field
        assert result.err.startswith(f"{field}:") or f"{field}:" in result.err, result.err
        assert "Traceback" not in result.err
    missing = cli("add", "risk", f"cyp_id={cyp}", f"assessed_on={today}")
    assert "level: a risk assessment needs a level" in missing.err
    assert "after today" in cli("add", "risk", f"cyp_id={cyp}", "level=high", f"assessed_on={later}").err
    wrong = cli("add", "risk", f"cyp_id={cyp}", "level=severe", f"assessed_on={today}")
    assert wrong.code == 1 and "level" in wrong.err
    assert cli("add", "risk", "level=low", f"assessed_on={today}").code == 1  # no cyp_id
    assert cli("state-hash").out == before


def test_a_risk_update_cannot_move_a_date_past_today(
    records: RecordService, casework: Casework, cyp: str
) -> None:
    risk = casework.record_risk(cyp, "medium", TODAY.isoformat(), reason="Low mood")
    with pytest.raises(ValidationError) as refused:
        records.update("risk", risk.id, {"dsl_informed_on": TOMORROW})
    assert refused.value.field == "dsl_informed_on"
    assert records.get("risk", risk.id).get("dsl_informed_on") is None


def test_risk_writes_are_audited_and_the_latest_assessment_is_current(
    store: Store, records: RecordService, casework: Casework, cyp: str
) -> None:
    first = casework.record_risk(cyp, "high", "2026-11-02", reason="Self-harm disclosed")
    second = casework.record_risk(cyp, "medium", "2026-11-20", dsl_informed_on="2026-11-20")
    audited = store.conn.execute("SELECT action, entity_type, entity_id FROM audit_log").fetchall()
    assert {(first.id, "risk"), (second.id, "risk")} <= {(i, t) for _a, t, i in audited}
    current = rules.current_risks(records.find("risk"))
    assert current[cyp].id == second.id
    assert rules.current_risks(records.find("risk"), on=date(2026, 11, 10))[cyp].id == first.id


def test_a_risk_reaches_a_teammate_by_sync(tmp_path: Path, clock: FrozenClock) -> None:
    asha, ben = make_device(tmp_path, "asha", clock), make_device(tmp_path, "ben", clock)
    befriend(asha, ben)
    school = asha.records.add("school", {"name": "Hillside"}).id
    cyp = asha.records.add("cyp", {"school_id": school, "initials": "AB"}).id
    Casework(asha.records).record_risk(
        cyp, "high", "2026-11-23", safety_plan="Check in daily", safeguarding_referral_on="2026-11-23"
    )
    summary = ben.sync.import_bundle(asha.sync.bundle()[0])
    assert summary.new_ops >= 3
    [risk] = ben.records.find("risk", {"cyp_id": cyp})
    assert risk.get("level") == "high" and risk.get("safeguarding_referral_on") == "2026-11-23"
    assert ben.store.records.state_hash() == asha.store.records.state_hash()
    asha.store.close()
    ben.store.close()


def test_the_subject_access_export_holds_the_childs_risk_records(
    records: RecordService, casework: Casework, school: str, cyp: str
) -> None:
    other = records.add("cyp", {"school_id": school, "given_name": "Amara", "family_name": "Obi"}).id
    mine = casework.record_risk(cyp, "high", "2026-11-20", reason="Worried after a row with Amara Obi")
    casework.record_risk(other, "low", "2026-11-20")
    export = collect(records, cyp, "Test Link Team", datetime(2026, 11, 23, tzinfo=UTC))
    assert [r.id for r in export.records["risk"]] == [mine.id]
    text = render_text(export)
    assert "== Risk and safeguarding (1) ==" in text and "level: high" in text
    assert "Amara" not in text  # another child's name in the reason is replaced by their code
    assert [r["id"] for r in json.loads(render_json(export))["records"]["risk"]] == [mine.id]
