"""The managed-settings file: where it lives, what is accepted, and what refuses it whole."""

from __future__ import annotations

import json
import os
from pathlib import Path, PureWindowsPath

import pytest

from linkdesk.domain.managed import FEATURES, FeatureOff, ManagedPolicy, ManagedValue, parse_policy
from linkdesk.platform.managed import default_path, load_managed

ME = {os.getuid()} if hasattr(os, "getuid") else None
GOOD_PRINT = "sha256:" + "ab" * 32
EXAMPLE = Path(__file__).resolve().parents[2] / "installers" / "managed.example.json"


def write(tmp_path: Path, data: object, mode: int = 0o644) -> Path:
    path = tmp_path / "managed.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    path.chmod(mode)
    return path


def load(path: Path) -> ManagedPolicy:
    return load_managed(path, trusted_owners=ME)


def test_each_platform_has_its_documented_place() -> None:
    assert str(default_path("linux")) == "/etc/linkdesk/managed.json"
    assert str(default_path("darwin")) == "/Library/Application Support/LinkDesk/managed.json"
    windows = default_path("win32", {"ProgramData": r"D:\ProgramData"})
    assert windows == PureWindowsPath(r"D:\ProgramData\LinkDesk\managed.json")
    assert default_path("win32", {}) == PureWindowsPath(r"C:\ProgramData\LinkDesk\managed.json")


def test_no_file_manages_nothing(tmp_path: Path) -> None:
    policy = load(tmp_path / "missing.json")
    assert policy == ManagedPolicy() and not policy.active and not policy.problem
    assert policy.settings() == {} and all(policy.allows(feature) for feature in FEATURES)
    assert policy.summary() == ["no managed settings on this computer"]


def test_the_shipped_example_is_accepted_whole(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["letterhead"]["logo"] = str(logo)
    policy = load(write(tmp_path, data))
    assert policy.active and policy.problem == "" and policy.notes == ()
    assert policy.idle_lock_minutes == 3
    assert policy.settings()["service_name"] == "North Locality Mental Health Support Team"
    assert policy.settings()["letterhead_logo"] == str(logo)
    assert policy.kdf_floor is not None and policy.kdf_floor.memory_kib == 262144
    assert [card.name for card in policy.trusted_team_cards] == ["North Locality MHST"]
    assert policy.features_off == {"demo", "spreadsheet_export"}
    assert not policy.allows("demo") and policy.allows("keychain")
    with pytest.raises(FeatureOff, match="turned off the synthetic demo service"):
        policy.require("demo")
    with pytest.raises(ManagedValue) as caught:
        policy.refuse_change("idle_lock_minutes")
    assert caught.value.field == "idle_lock_minutes"
    policy.refuse_change("suppress_under")  # not managed: no complaint
    assert policy.allows_format("pdf") and not policy.allows_format("xlsx")


def test_a_byte_order_mark_from_windows_tools_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "managed.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"idle_lock_minutes": 2}).encode())
    path.chmod(0o644)
    assert load(path).idle_lock_minutes == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "one JSON object"),
        ({"format": 2}, "format 2"),
        ({"idle_lock_minutes": 0}, "idle_lock_minutes must be a whole number from 1 to 15"),
        ({"idle_lock_minutes": 16}, "from 1 to 15"),
        ({"idle_lock_minutes": "5"}, "whole number"),
        ({"idle_lock_minutes": True}, "whole number"),
        ({"letterhead": "North"}, "letterhead must be an object"),
        ({"letterhead": {"service_name": ""}}, "service_name must be 1 to 120"),
        ({"letterhead": {"address": 4}}, "letterhead.address must be text"),
        ({"letterhead": {"address": "a\x07b"}}, "control character"),
        ({"letterhead": {"logo": "logo.png"}}, "full path of a PNG or JPEG"),
        ({"letterhead": {"logo": "/etc/linkdesk/logo.gif"}}, "full path of a PNG or JPEG"),
        ({"trusted_team_cards": {"name": "x"}}, "must be a list"),
        ({"trusted_team_cards": [{"name": "T", "fingerprint": "md5:00"}]}, "sha256:<64 hex digits>"),
        ({"trusted_team_cards": [{"fingerprint": GOOD_PRINT}]}, "card 1 needs a name"),
        ({"kdf_floor": 4}, "kdf_floor must be an object"),
        ({"kdf_floor": {"memory_kib": 8 * 1024 * 1024}}, "kdf_floor.memory_kib must be a whole number"),
        ({"kdf_floor": {"time_cost": 0}}, "kdf_floor.time_cost"),
        ({"features_off": "demo"}, "features_off must be a list"),
    ],
)
def test_a_malformed_file_is_refused_whole_in_plain_words(tmp_path: Path, data: object, reason: str) -> None:
    if isinstance(data, dict):
        data = {"idle_lock_minutes": 2, "features_off": ["demo"], **data}
    policy = load(write(tmp_path, data))
    assert not policy.active and reason in policy.problem
    where = tmp_path / "managed.json"
    assert policy.problem.startswith(f"The settings file from your organisation ({where})")
    assert "built-in settings" in policy.problem and ".." not in policy.problem
    # nothing from a refused file applies, not even its valid parts
    assert policy.settings() == {} and policy.allows("demo") and policy.kdf_floor is None


def test_names_this_version_does_not_know_are_noted_and_the_rest_applies(tmp_path: Path) -> None:
    data = {
        "idle_lock_minutes": 4,
        "screen_capture": "block",
        "letterhead": {"service_name": "Team", "fax": "0100"},
        "kdf_floor": {"time_cost": 5, "salt_bytes": 32},
        "features_off": ["demo", "telepathy"],
    }
    policy = load(write(tmp_path, data))
    assert policy.active and policy.idle_lock_minutes == 4 and policy.features_off == {"demo"}
    assert policy.kdf_floor is not None and policy.kdf_floor.time_cost == 5
    assert len(policy.notes) == 4
    assert any("'screen_capture'" in note for note in policy.notes)
    assert any("telepathy" in line for line in policy.summary())


@pytest.mark.skipif(os.name != "posix", reason="owner and mode checks are POSIX only")
def test_a_file_other_users_could_have_written_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, {"idle_lock_minutes": 2}, mode=0o666)
    assert "other users of this computer can change it" in load(path).problem
    path.chmod(0o644)
    nobody = {os.getuid() + 1}
    assert "does not belong to an administrator" in load_managed(path, trusted_owners=nobody).problem
    assert load(path).idle_lock_minutes == 2


def test_a_folder_or_a_huge_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "managed.json"
    folder.mkdir()
    assert "not a plain file" in load(folder).problem
    big = tmp_path / "big.json"
    big.write_text(" " * (70 * 1024) + "{}", encoding="utf-8")
    big.chmod(0o644)
    assert "larger than 64 KB" in load(big).problem


def test_a_missing_logo_is_set_aside_not_the_whole_file(tmp_path: Path) -> None:
    data = {"idle_lock_minutes": 2, "letterhead": {"service_name": "T", "logo": str(tmp_path / "no.png")}}
    policy = load(write(tmp_path, data))
    assert policy.active and policy.idle_lock_minutes == 2
    assert "letterhead_logo" not in policy.settings() and policy.settings()["service_name"] == "T"
    assert any("is not there" in note for note in policy.notes)


def test_parse_policy_is_pure_and_names_the_source() -> None:
    policy = parse_policy({"trusted_team_cards": [{"name": " T ", "fingerprint": GOOD_PRINT.upper()}]}, "x")
    assert policy.source == "x" and policy.trusted_team_cards[0].name == "T"
    assert policy.trusted_team_cards[0].fingerprint == GOOD_PRINT
