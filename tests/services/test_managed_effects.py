"""What a managed-settings file changes: settings in force, letters, the KDF floor, features.

Policies are built from files in temporary folders (``load_managed(path, trusted_owners)``) or
parsed directly, and handed to the composition root, as ``app.main`` does with the machine's file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from linkdesk import app
from linkdesk.domain.managed import IDLE_RANGE, ManagedPolicy, parse_policy
from linkdesk.errors import ValidationError
from linkdesk.platform.managed import load_managed
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services import self_test
from linkdesk.services import settings_admin as sa
from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterService
from linkdesk.services.records import RecordService
from linkdesk.storage import audit
from linkdesk.storage.keyfile import KeyFile
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, MemoryKeyring, init_store
from tests.ui.desk_data import TODAY

NEW = "violet kettle marathon"
FLOOR = KdfParams(time_cost=2, memory_kib=128, parallelism=1)  # above the suite's minimum, still cheap


def policy(**data: object) -> ManagedPolicy:
    parsed = parse_policy(data, "/etc/linkdesk/managed.json")
    assert not parsed.problem, parsed.problem
    return parsed


LETTERHEAD = policy(
    idle_lock_minutes=2,
    letterhead={"service_name": "Trust MHST", "address": "1 Trust Road", "contact": "01234 000000"},
)


def test_managed_values_are_the_ones_in_force_and_are_never_written(vault: Vault) -> None:
    store, _code = vault.create("My Team", PASSPHRASE)
    with store:
        store.set_setting(sa.IDLE_LOCK_MINUTES, "9")
        store.set_setting(sa.LETTERHEAD_ADDRESS, "My own address")
        shown = sa.read_settings(store, LETTERHEAD)
        assert shown[sa.SERVICE_NAME] == "Trust MHST" and shown[sa.IDLE_LOCK_MINUTES] == 2
        assert shown[sa.LETTERHEAD_ADDRESS] == "1 Trust Road"
        assert sa.idle_lock_minutes(store, LETTERHEAD) == 2 and sa.idle_lock_minutes(store) == 9
        assert sa.service_name(store, LETTERHEAD) == "Trust MHST" and sa.service_name(store) == "My Team"
        # the user's form still holds their own values for managed fields: they are not saved
        typed = {**shown, sa.IDLE_LOCK_MINUTES: 15, sa.SERVICE_NAME: "Renamed", sa.SUPPRESS_UNDER: 20}
        clean = sa.save_settings(store, typed, shown, LETTERHEAD)
        assert clean[sa.IDLE_LOCK_MINUTES] == 2 and clean[sa.SERVICE_NAME] == "Trust MHST"
        assert store.setting(sa.IDLE_LOCK_MINUTES) == "9" and store.setting(sa.SERVICE_NAME) == "My Team"
        assert store.setting(sa.LETTERHEAD_ADDRESS) == "My own address"
        assert store.setting(sa.SUPPRESS_UNDER) == "20"  # what is not managed is saved as usual


def test_letters_carry_the_managed_letterhead(vault: Vault) -> None:
    store, _code = vault.create("My Team", PASSPHRASE)
    with store:
        store.set_setting("letterhead_signature", "A. Worker")
        store.set_setting("letterhead_contact", "my own number")
        cw = Casework(RecordService(store, lambda: TODAY))
        service = LetterService(cw.records, cw, renderer=None, managed=LETTERHEAD)  # type: ignore[arg-type]
        head = service.letterhead()
        assert head["name"] == "Trust MHST" and head["address"] == "1 Trust Road"
        assert head["contact"] == "01234 000000" and head["signature"] == "A. Worker"
        own = LetterService(cw.records, cw, renderer=None).letterhead()  # type: ignore[arg-type]
        assert own["name"] == "My Team" and own["contact"] == "my own number"


def test_the_kdf_floor_only_ever_raises_the_cost() -> None:
    built_in = KdfParams()
    assert built_in.raised_to(FLOOR) == built_in  # a floor under the built-in cost changes nothing
    assert built_in.raised_to(None) == built_in
    higher = KdfParams(time_cost=6, memory_kib=64, parallelism=8)
    assert built_in.raised_to(higher) == KdfParams(6, built_in.memory_kib, 8)
    assert KdfParams.minimum().below(FLOOR) and not FLOOR.below(KdfParams.minimum())
    floor = app.kdf_floor(policy(kdf_floor={"memory_kib": 300_000}))
    assert floor is not None and built_in.raised_to(floor).memory_kib == 300_000
    assert built_in.raised_to(floor).time_cost == built_in.time_cost
    assert app.kdf_floor(ManagedPolicy()) is None


def test_new_stores_and_old_wraps_are_raised_to_the_floor(home: Path, clock: FrozenClock) -> None:
    secrets = KeychainSecrets(enabled=False)
    weak = Vault(home, secrets, clock, KdfParams.minimum())
    weak.create("Team", PASSPHRASE)[0].close()
    keyfile = home / "linkdesk.keys.json"
    assert KeyFile.load(keyfile).passphrase_wrap.kdf == KdfParams.minimum()

    floored = Vault(home, secrets, clock, KdfParams.minimum(), kdf_floor=FLOOR)
    assert floored.kdf == KdfParams(2, 128, 1)
    with floored.unlock(PASSPHRASE) as store:  # unlocking re-wraps under the floor
        assert store.keyfile.passphrase_wrap.kdf == KdfParams(2, 128, 1)
        assert "kdf_raised" in [event.action for event in audit.events(store.conn)]
    assert KeyFile.load(keyfile).passphrase_wrap.kdf == KdfParams(2, 128, 1)
    assert KeyFile.load(keyfile).recovery_wrap.kdf == KdfParams.minimum()  # no code at hand
    with floored.unlock(PASSPHRASE) as store:
        code = store.rotate_recovery_code()  # a new recovery wrap takes the floor
        store.change_passphrase(NEW, kdf=KdfParams.minimum())  # asking for less still gets the floor
    after = KeyFile.load(keyfile)
    assert after.recovery_wrap.kdf == after.passphrase_wrap.kdf == KdfParams(2, 128, 1)
    floored.recover(code, PASSPHRASE).close()
    weak.unlock(PASSPHRASE).close()  # a vault without a floor still opens the raised store


def test_build_services_applies_the_policy(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    off = policy(features_off=["keychain"], kdf_floor={"time_cost": 7})
    services = app.build_services(str(tmp_path / "a"), off)
    assert services.managed is off and not services.secrets.available()
    assert services.vault.kdf.time_cost == 7  # type: ignore[attr-defined]
    assert app.build_services(str(tmp_path / "b"), ManagedPolicy()).secrets.available()


def run_main(capsys: pytest.CaptureFixture[str], managed: ManagedPolicy, *argv: str) -> tuple[int, str, str]:
    code = app.main(list(argv), managed=managed)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "desk"
    monkeypatch.setenv("LINKDESK_HOME", str(home))
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    return home


def test_features_turned_off_are_refused_in_words(
    cli_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    managed = policy(
        features_off=["demo", "spreadsheet_export", "calendar_export"],
        letterhead={"service_name": "Trust MHST"},
    )
    code, _out, err = run_main(capsys, managed, "demo")
    assert code == 1 and "organisation has turned off the synthetic demo service" in err
    assert not cli_home.exists() or not (cli_home / "linkdesk.db").exists()
    init_store(cli_home, "Team")
    weekly = ("report", "weekly", "--week", "2026-W10", "--out", str(tmp_path / "w.csv"))
    code, _out, err = run_main(capsys, managed, *weekly)
    assert code == 1 and "reports saved as CSV or Excel files" in err and not (tmp_path / "w.csv").exists()
    code, _out, err = run_main(capsys, managed, "calendar", "export", "--out", str(tmp_path / "v.ics"))
    assert code == 1 and ".ics calendar file" in err
    code, _out, err = run_main(capsys, managed, "letters", "letterhead", "--set", "service_name=Mine")
    assert code == 1 and "set by your organisation" in err
    code, out, _err = run_main(capsys, managed, "letters", "letterhead", "--set", "letterhead_contact=0100")
    assert code == 0 and "service_name: Trust MHST" in out and "letterhead_contact: 0100" in out
    code, out, _err = run_main(capsys, managed, "info")
    assert code == 0 and "managed: managed settings from /etc/linkdesk/managed.json" in out


def test_a_refused_file_is_said_once_and_the_command_still_runs(
    cli_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "managed.json"
    path.write_text(json.dumps({"idle_lock_minutes": 99}), encoding="utf-8")
    path.chmod(0o644)
    refused = load_managed(path, trusted_owners={os.getuid()} if hasattr(os, "getuid") else None)
    assert refused.problem
    init_store(cli_home, "Team")
    code, _out, err = run_main(capsys, refused, "info")
    assert code == 0 and err.count("was not used: idle_lock_minutes must be") == 1


def test_self_test_reports_the_managed_settings(tmp_path: Path) -> None:
    fine = app.build_services(str(tmp_path / "a"), LETTERHEAD)
    check = self_test._managed_check(fine)
    assert check.ok and "idle lock: 2 minutes" in check.detail
    broken = parse_policy({"idle_lock_minutes": 0}, "/etc/linkdesk/managed.json")
    check = self_test._managed_check(app.build_services(str(tmp_path / "b"), broken))
    assert not check.ok and "was not used" in check.detail
    assert self_test._managed_check(app.build_services(str(tmp_path / "c"), ManagedPolicy())).ok


def test_the_managed_idle_range_is_the_settings_page_range() -> None:
    assert (sa.IDLE.low, sa.IDLE.high) == IDLE_RANGE


def test_refusing_a_change_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        LETTERHEAD.refuse_change(sa.LETTERHEAD_ADDRESS)
    assert caught.value.field == sa.LETTERHEAD_ADDRESS
