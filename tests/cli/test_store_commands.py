"""The store commands as a script sees them: stdout, stderr and exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

from linkdesk.services.records import RecordService
from linkdesk.storage.keys import RECOMMENDED
from tests.conftest import PASSPHRASE, init_store, make_vault
from tests.records.conftest import TODAY
from tests.records.test_retention_purge import write_case

RECOVERY = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$")


def test_init_prints_only_the_recovery_code_on_stdout(cli, home: Path) -> None:
    result = cli("init", "--name", "Stroud Link Service")
    assert result.code == 0, result.err
    assert RECOVERY.match(result.out.strip())
    assert "RECOVERY CODE" in result.err
    again = cli("init")
    assert again.code == 1 and "already a LinkDesk store" in again.err and again.out == ""


def test_no_environment_variable_lowers_the_cost_of_a_new_store(cli, home: Path) -> None:
    made = cli("init", env={"LINKDESK_TEST_WEAK_KDF": "1"})
    assert made.code == 0, made.err
    info = json.loads(cli("info", "--json").out)
    assert info["kdf"] == RECOMMENDED.describe()
    assert info["kdf"]["memory_kib"] >= 128 * 1024 and info["kdf"]["time_cost"] >= 4


def test_info_json_has_the_contract_fields(cli, home: Path) -> None:
    init_store(home, "Stroud Link Service")
    result = cli("info", "--json")
    assert result.code == 0, result.err
    info = json.loads(result.out)
    assert {
        "version",
        "data_dir",
        "database",
        "schema_version",
        "cipher_version",
        "device_id",
        "keychain",
        "kdf",
    } <= set(info)
    assert info["data_dir"] == str(home.resolve())
    assert info["database"] == str(home.resolve() / "linkdesk.db")
    assert info["cipher_version"].startswith("4.")
    assert info["keychain"] == "off"
    assert info["service_name"] == "Stroud Link Service"
    assert info["kdf"] == {"algorithm": "argon2id", "memory_kib": 64, "time_cost": 1, "parallelism": 1}


def test_home_option_beats_the_environment(cli, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    init_store(other, "Elsewhere")
    assert cli("info").code == 1  # LINKDESK_HOME names a folder without a store
    result = cli("--home", str(other), "info", "--json")
    assert result.code == 0 and json.loads(result.out)["service_name"] == "Elsewhere"


def test_wrong_passphrase_exit_1_one_line_no_traceback(cli, home: Path) -> None:
    init_store(home)
    result = cli("verify", passphrase="not the right one")
    assert result.code == 1
    assert result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "does not unlock" in result.err
    assert cli("verify").code == 0


def test_no_passphrase_and_no_terminal_is_a_clear_refusal(cli, home: Path) -> None:
    init_store(home)
    result = cli("info", passphrase=None)
    assert result.code == 1 and "LINKDESK_PASSPHRASE" in result.err


def test_commands_on_a_missing_store_say_how_to_make_one(cli) -> None:
    result = cli("info")
    assert result.code == 1 and "linkdesk init" in result.err


def test_usage_errors_exit_2(cli) -> None:
    assert cli("no-such-command").code == 2
    assert cli("info", "--no-such-option").code == 2
    assert cli("backup").code == 2  # --out is required


def test_backup_and_restore_round_trip(cli, home: Path, tmp_path: Path) -> None:
    code = init_store(home)
    out = tmp_path / "weekly.ldbackup"
    result = cli("backup", "--out", str(out))
    assert result.code == 0, result.err
    assert result.out.strip() == str(out)
    restored_home = tmp_path / "restored"
    result = cli(
        "--home",
        str(restored_home),
        "restore",
        str(out),
        "--with-recovery-code",
        env={"LINKDESK_RECOVERY_CODE": code},
    )
    assert result.code == 0, result.err
    result = cli("--home", str(restored_home), "recover", env={"LINKDESK_RECOVERY_CODE": code})
    assert result.code == 0, result.err
    assert cli("--home", str(restored_home), "verify").code == 0


def test_restore_says_which_purges_it_made_again(cli, home: Path, tmp_path: Path) -> None:
    init_store(home)
    out = tmp_path / "before-the-purge.ldbackup"
    assert cli("backup", "--out", str(out)).code == 0
    with make_vault(home).unlock(PASSPHRASE) as store:
        records = RecordService(store, lambda: TODAY)
        school = records.add("school", {"name": "Greenfield Primary"}).id
        store.records.purge(write_case(records, school, 60, confirmed="2026-10-01"))
    result = cli("restore", str(out))
    assert result.code == 0, result.err
    assert "1 case(s) purged since this backup was made were purged again." in result.err


def test_restore_of_a_file_that_is_not_a_backup(cli, home: Path, tmp_path: Path) -> None:
    init_store(home)
    junk = tmp_path / "junk.ldbackup"
    junk.write_text("hello")
    result = cli("restore", str(junk))
    assert result.code == 1 and "not a LinkDesk backup" in result.err
    assert cli("restore", str(tmp_path / "missing.ldbackup")).code == 1


def test_backup_to_a_folder_path_is_refused(cli, home: Path, tmp_path: Path) -> None:
    init_store(home)
    result = cli("backup", "--out", str(tmp_path))
    assert result.code == 1 and "Traceback" not in result.err


def test_passphrase_change_and_recovery_code_rotation(cli, home: Path) -> None:
    old_code = init_store(home)  # at the cheapest cost
    result = cli("passphrase", env={"LINKDESK_NEW_PASSPHRASE": "another long passphrase"})
    assert result.code == 0, result.err
    assert "old passphrase" in result.err and "linkdesk rekey" in result.err
    assert cli("info", passphrase=PASSPHRASE).code == 1
    info = cli("info", "--json", passphrase="another long passphrase")
    assert info.code == 0 and json.loads(info.out)["kdf"] == RECOMMENDED.describe()  # the weak cost is gone
    rotated = cli("recovery-code", passphrase="another long passphrase")
    assert rotated.code == 0 and RECOVERY.match(rotated.out.strip()) and rotated.out.strip() != old_code
    assert "no longer works" not in rotated.err and "copies of the key file made before now" in rotated.err
    stale = cli("recover", env={"LINKDESK_RECOVERY_CODE": old_code})
    assert stale.code == 1 and "recovery code" in stale.err


def test_self_test_passes_on_this_installation(cli) -> None:
    result = cli("self-test", "--json")
    assert result.code == 0, result.err
    checks = {c["check"]: c["ok"] for c in json.loads(result.out)}
    assert checks == {"store": True, "keychain": True, "fonts": True, "letters": True, "managed": True}
