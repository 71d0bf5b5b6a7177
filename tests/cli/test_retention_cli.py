"""``linkdesk retention`` and ``linkdesk purge --due`` through the real CLI (dates long past, so
the outcome does not depend on today's date)."""

from __future__ import annotations

import json
from pathlib import Path

WORD = "zqclipurge01xk"


def test_a_closed_case_is_listed_then_purged_once_exported(cli, home: Path, tmp_path: Path) -> None:
    assert cli("init").code == 0
    school = cli("add", "school", "name=Greenfield Primary").out.strip()
    cyp = cli(
        "add",
        "cyp",
        f"school_id={school}",
        f"given_name=Ann{WORD}",
        "date_of_birth=2010-01-01",
        "status=closed",
        "closure_reason=other",
        "opened_on=2019-09-01",
        "closed_on=2020-01-10",
        "epr_closure_confirmed_on=2020-02-01",
    ).out.strip()
    assert cli("add", "note", "subject_type=cyp", f"subject_id={cyp}", f"body=worried {WORD}").code == 0

    listed = json.loads(cli("retention", "--json").out)
    assert listed["device_purge_days"] == 30
    [case] = listed["cases"]
    assert (case["cyp_id"], case["retention_class"], case["retain_until"]) == (cyp, "camhs", "2040-01-10")
    assert (case["purge_on"], case["due"], case["records"]) == ("2020-03-02", False, 2)
    assert case["reason"].startswith("no subject access export")

    before = cli("state-hash").out
    refused = cli("purge", "--due")
    assert refused.code == 1 and refused.out == ""
    assert refused.err.strip().endswith(
        "Nothing to purge: none of the 1 closed case(s) is due (1 no subject access export since its last "
        "change (this laptop has no teammates to hold it))."
    )
    assert cli("purge").code == 2  # --due is required
    assert cli("sar", cyp, "--out", str(tmp_path / "sar.txt")).code == 0
    dry = cli("purge", "--due", "--dry-run")
    assert dry.code == 0 and dry.out.startswith(cyp) and "nothing was changed" in dry.err
    assert cli("state-hash").out == before

    done = cli("purge", "--due", "--json")
    assert done.code == 0, done.err
    assert [c["cyp_id"] for c in json.loads(done.out)["purged"]] == [cyp]
    assert WORD not in cli("dump", "--json").out
    assert cli("verify").code == 0
    assert json.loads(cli("retention", "--json").out)["cases"] == []
    assert "no closed cases" in cli("purge", "--due").err


def test_the_period_is_set_in_range(cli) -> None:
    assert cli("init").code == 0
    wrong = cli("retention", "--days", "5000")
    assert wrong.code == 1 and "from 0 to 3650" in wrong.err
    assert json.loads(cli("retention", "--days", "90", "--json").out)["device_purge_days"] == 90
    assert "90 days after" in cli("retention").err
