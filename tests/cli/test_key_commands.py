"""Issue #22 from the terminal: the KDF cost reported and warned about, and ``linkdesk rekey``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import init_store

RECOVERY = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$")


def test_verify_warns_about_a_weak_cost_and_still_passes(cli, home: Path) -> None:
    init_store(home)  # the cheapest cost, as only the test suite makes
    result = cli("verify")
    assert result.code == 0 and result.out.strip() == "ok"
    assert "warning:" in result.err and "less key stretching than recommended" in result.err
    assert "Traceback" not in result.err


def test_rekey_prints_a_new_code_and_says_what_old_copies_still_open(cli, home: Path, tmp_path: Path) -> None:
    old_code = init_store(home)
    assert cli("backup", "--out", str(tmp_path / "before.ldbackup")).code == 0
    result = cli("rekey")
    assert result.code == 0, result.err
    new_code = result.out.strip()
    assert RECOVERY.match(new_code) and new_code != old_code
    assert "new key" in result.err and "Backups made before now" in result.err
    assert "old copies of the key file" in result.err
    info = cli("info", "--json")  # the passphrase is unchanged; its wrap now has the recommended cost
    assert info.code == 0 and json.loads(info.out)["kdf"]["memory_kib"] >= 128 * 1024
    stale = cli("recover", env={"LINKDESK_RECOVERY_CODE": old_code, "LINKDESK_PASSPHRASE": "x" * 12})
    assert stale.code == 1 and "recovery code" in stale.err


def test_recover_offers_rekey(cli, home: Path) -> None:
    code = init_store(home)
    result = cli("recover", env={"LINKDESK_RECOVERY_CODE": code})
    assert result.code == 0, result.err
    assert "linkdesk rekey" in result.err
