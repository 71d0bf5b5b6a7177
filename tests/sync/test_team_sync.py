"""Team sync by file: cards, bundles, refusals that change nothing, a shared folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linkdesk.errors import FileProblem, LinkDeskError, NotFoundError, ValidationError
from linkdesk.services import sync_view
from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from tests.conftest import PASSPHRASE, FrozenClock, init_store, make_vault
from tests.sync.conftest import CODEC, TODAY, Device, befriend, make_device
from tests.sync.test_hostile_bundles import contents, dumps, frame, seal


def school(device: Device, name: str = "Greenfield Primary") -> str:
    return device.records.add("school", {"name": name, "setting_type": "primary"}).id


def send(source: Device, target: Device, *, full: bool = False) -> int:
    sealed, _manifest, _ = source.sync.bundle(full=full)
    return target.sync.import_bundle(sealed).new_ops


def refused(target: Device, raw: bytes, message: str) -> None:
    before = target.state()
    with pytest.raises(LinkDeskError, match=message):
        target.sync.import_bundle(raw)
    assert target.state() == before, "a refused bundle must leave the store exactly as it was"


def test_cards_carry_a_fingerprint_to_compare_and_a_damaged_card_is_refused(team: list[Device]) -> None:
    asha, ben, _ = team
    raw, card = asha.sync.card()
    assert card.fingerprint in {d.card.fingerprint for d in ben.sync.devices()}
    assert len(card.fingerprint) == 24 and card.fingerprint.count("-") == 4
    edited = json.loads(raw)
    edited["name"] = "Mallory"
    with pytest.raises(FileProblem, match="damaged or edited"):
        ben.sync.trust(json.dumps(edited).encode())
    with pytest.raises(ValidationError, match="own card"):
        asha.sync.trust(raw)


def test_work_travels_both_ways_and_concurrent_edits_stay_visible(team: list[Device]) -> None:
    asha, ben, cai = team
    sid = school(asha)
    assert send(asha, ben) == 1 and send(asha, cai) == 1
    asha.records.update("school", sid, {"phone": "01582 111111"})
    ben.records.update("school", sid, {"phone": "01582 222222"})
    send(asha, ben)
    send(ben, asha)
    send(ben, cai)
    assert asha.state() == ben.state() == cai.state()
    [conflict] = cai.records.conflicts()
    assert sorted(v.value for v in conflict.values) == ["01582 111111", "01582 222222"]
    cai.records.resolve(conflict.id, "01582 111111")
    send(cai, asha)
    send(cai, ben)
    assert asha.records.conflicts() == [] and asha.state() == ben.state() == cai.state()


def test_the_same_bundle_again_or_an_older_one_changes_nothing(team: list[Device]) -> None:
    asha, ben, _ = team
    school(asha)
    old, _, _ = asha.sync.bundle()
    school(asha, "Hillside Academy")
    new, _, _ = asha.sync.bundle()
    ben.sync.import_bundle(new)
    state = ben.state()
    assert ben.sync.import_bundle(new).already_imported
    assert ben.sync.import_bundle(old).new_ops == 0
    assert ben.state() == state


def test_an_export_with_nothing_new_is_still_a_valid_bundle(team: list[Device], tmp_path: Path) -> None:
    asha, ben, _ = team
    summary = asha.sync.export(tmp_path / "empty.ldsync")
    assert summary.ops == 0
    assert ben.sync.import_bundle((tmp_path / "empty.ldsync").read_bytes()).new_ops == 0


def test_incremental_bundles_carry_only_what_teammates_lack(team: list[Device]) -> None:
    asha, ben, cai = team
    for i in range(5):
        school(asha, f"School {i}")
    send(asha, ben)
    send(asha, cai)
    send(ben, asha)  # Ben's bundle tells Asha what Ben holds
    send(cai, asha)
    school(asha, "Newfield")
    _, manifest, _ = asha.sync.bundle()
    assert manifest.op_count == 1, "teammates who hold the first five get only the new one"
    _, manifest, _ = asha.sync.bundle(full=True)
    assert manifest.op_count == 6


def test_a_gap_is_detected_and_a_full_bundle_fills_it(team: list[Device]) -> None:
    asha, ben, cai = team
    school(asha, "First")
    send(asha, ben)
    school(asha, "Second")
    school(asha, "Third")
    # Asha believes both teammates hold her first two changes (say Ben's laptop then lost one),
    # so her next incremental bundle starts at change 3 while Ben holds only change 1.
    for mate in (ben, cai):
        asha.store.team.received(
            mate.name.ljust(32, "0"), mate.store.device_id, {asha.store.device_id: 2}, 0, 0
        )
    sealed, manifest, _ = asha.sync.bundle()
    assert manifest.ranges == {asha.store.device_id: (3, 3)}
    refused(ben, sealed, "full bundle")
    assert send(asha, ben, full=True) == 2
    assert ben.state() == asha.state()


def test_untrusted_revoked_and_foreign_bundles_are_refused(team: list[Device], tmp_path: Path) -> None:
    asha, ben, cai = team
    school(asha)
    stranger = make_device(tmp_path, "stranger", FrozenClock())
    try:
        befriend(stranger)
        stranger.sync.trust(ben.sync.card()[0])
        school(stranger, "Elsewhere")
        refused(ben, stranger.sync.bundle()[0], "does not trust")
        sealed, _, _ = asha.sync.bundle()
        ben.sync.revoke(asha.store.device_id)
        refused(ben, sealed, "revoked")
        cai.sync.revoke(ben.store.device_id)
        with pytest.raises(NotFoundError):
            cai.sync.revoke("00000000-0000-4000-8000-000000000000")
        refused(stranger, asha.sync.bundle()[0], "not made for this laptop")
    finally:
        stranger.store.close()


def test_damaged_oversized_and_future_dated_bundles_are_refused(
    team: list[Device], clock: FrozenClock
) -> None:
    asha, ben, _ = team
    school(asha)
    sealed, _, _ = asha.sync.bundle()
    refused(ben, sealed[: len(sealed) // 2], "damaged or incomplete")
    flipped = bytearray(sealed)
    flipped[-20] ^= 0x01
    refused(ben, bytes(flipped), "damaged or incomplete")
    refused(ben, b"\0" * (512 * 1024 * 1024 + 1), "larger than any LinkDesk bundle")
    clock.advance(hours=30)
    school(asha, "Tomorrow's school")
    clock.advance(hours=-30)
    refused(ben, asha.sync.bundle()[0], "30 hours ahead")


def test_a_restored_laptop_is_a_new_device_with_new_keys(team: list[Device], tmp_path: Path) -> None:
    asha, ben, _ = team
    school(asha)
    old_card = asha.sync.card()[1]
    asha.store.backup(tmp_path / "asha.ldbackup")
    home = asha.store.layout.home
    asha.store.close()
    vault = make_vault(home, FrozenClock())
    vault.restore(tmp_path / "asha.ldbackup", passphrase=PASSPHRASE)
    asha.store = vault.unlock(PASSPHRASE)
    asha.records = RecordService(asha.store, lambda: TODAY)
    asha.sync = TeamSync(asha.store, CODEC, FrozenClock(), "asha")
    raw, new_card = asha.sync.card()
    assert new_card.device_id != old_card.device_id and new_card.fingerprint != old_card.fingerprint
    school(asha, "After the restore")
    refused(ben, asha.sync.bundle()[0], "does not trust")
    ben.sync.trust(raw)
    ben.sync.revoke(old_card.device_id)
    assert send(asha, ben) == 2  # the backup's school and the new one; no op id is reused


def test_a_shared_folder_is_read_only_for_whole_bundles(team: list[Device], tmp_path: Path) -> None:
    asha, ben, cai = team
    folder = tmp_path / "OneDrive - NHS" / "LinkDesk"
    folder.mkdir(parents=True)
    school(asha, "Greenfield Primary")
    first = asha.sync.folder(folder)
    assert first.exported is not None and first.imported == []
    [written] = list(folder.iterdir())
    assert written.name.startswith("ld-") and "Greenfield" not in written.name
    shutil.copy(written, folder / f"{written.stem} (Ben's conflicted copy).ldsync")
    (folder / f".{written.name}.partial").write_bytes(written.read_bytes()[:100])
    (folder / "ld-0123456789abcdef0123456789abcdef.ldsync.tmp").write_bytes(b"half a file")
    summary = ben.sync.folder(folder)
    assert [i.new_ops for i in summary.imported] == [1] and summary.problems == []
    cai.sync.folder(folder)
    asha.sync.folder(folder)
    assert asha.state() == ben.state() == cai.state()


def test_the_shared_folder_keeps_one_bundle_per_laptop_and_loses_nothing(
    team: list[Device], tmp_path: Path, clock: FrozenClock
) -> None:
    asha, ben, cai = team
    folder = tmp_path / "shared"
    folder.mkdir()
    for name in ("Greenfield Primary", "Hillside Academy", "Oakwood School"):
        school(asha, name)
        asha.sync.folder(folder)
        clock.advance(minutes=5)
    assert len(list(folder.iterdir())) == 1, "each sync replaces the laptop's earlier bundle"
    ben.sync.folder(folder)  # Ben has never synced: the one file still brings all three
    assert sorted(r.get("name") for r in ben.records.find("school")) == [
        "Greenfield Primary",
        "Hillside Academy",
        "Oakwood School",
    ]
    cai.sync.folder(folder)
    asha.sync.folder(folder)
    assert asha.state() == ben.state() == cai.state()
    assert len(list(folder.iterdir())) == 3


def test_sync_commands_from_the_terminal(tmp_path: Path, home: Path, cli) -> None:  # type: ignore[no-untyped-def]
    init_store(home)
    other = tmp_path / "other"
    init_store(other)
    card_a, card_b = tmp_path / "a.card", tmp_path / "b.card"
    assert cli("team", "card", "--out", str(card_a)).code == 0
    assert cli("--home", str(other), "team", "card", "--out", str(card_b)).code == 0
    trusted = cli("team", "trust", str(card_b))
    assert trusted.code == 0 and trusted.out.strip().count("-") == 4
    assert cli("--home", str(other), "team", "trust", str(card_a)).code == 0
    school_id = cli("add", "school", "name=Hillside").out.strip()
    bundle = tmp_path / "week.ldsync"
    assert cli("sync", "export", "--out", str(bundle)).code == 0
    imported = cli("--home", str(other), "sync", "import", str(bundle))
    assert imported.code == 0 and imported.out.startswith("1 new change")
    assert school_id in cli("--home", str(other), "list", "school").out
    assert cli("--home", str(other), "sync", "import", str(bundle)).code == 0  # again: nothing changes
    listed = json.loads(cli("team", "list", "--json").out)
    assert [d["revoked"] for d in listed] == [False] and listed[0]["fingerprint"]
    bundle.write_bytes(bundle.read_bytes()[:-10])
    damaged = cli("--home", str(other), "sync", "import", str(bundle))
    assert damaged.code == 1 and "Traceback" not in damaged.err and "damaged" in damaged.err
    assert json.loads(cli("sync", "conflicts", "--json").out) == []


def test_bundle_names_and_bytes_hold_no_personal_data(team: list[Device], tmp_path: Path) -> None:
    asha, _, _ = team
    asha.records.add("cyp", {"school_id": school(asha), "initials": "ZŁ", "given_name": "Zuzanna"})
    summary = asha.sync.export(tmp_path / "out.ldsync")
    blob = summary.path.read_bytes()
    assert b"Zuzanna" not in blob and "Zuzanna".encode("utf-16-le") not in blob


def test_an_edit_on_a_screen_opened_before_an_import_becomes_a_visible_conflict(team: list[Device]) -> None:
    asha, ben, _ = team
    sid = school(asha)
    send(asha, ben)
    on_bens_screen = ben.records.get("school", sid)  # Ben opens the school's page...
    asha.records.update("school", sid, {"phone": "01582 111111"})
    send(asha, ben)  # ...an import arrives while it is open...
    ben.records.update("school", sid, {"phone": "01582 999999"}, as_seen=on_bens_screen)  # ...and he saves
    [conflict] = ben.records.conflicts()
    assert sorted(v.value for v in conflict.values) == ["01582 111111", "01582 999999"]


def test_a_delete_never_hides_an_edit_its_author_had_not_seen(team: list[Device]) -> None:
    asha, ben, _ = team
    sid = school(asha)
    send(asha, ben)
    ben.records.update("school", sid, {"phone": "01582 222222"})  # Ben corrects the phone...
    asha.records.delete("school", sid)  # ...while Asha, not having seen it, deletes the school
    send(ben, asha)
    send(asha, ben)
    assert asha.records.find("school") == [] == ben.records.find("school")  # the delete stands
    for device in (asha, ben):
        [hidden] = device.records.hidden_by_delete()
        assert hidden.record_id == sid and hidden.field == "phone"
        assert [v.value for v in hidden.values] == ["01582 222222"]
    # what Asha had seen when she deleted is not listed
    assert all(c.field != "name" for c in asha.records.hidden_by_delete())


def test_a_rule_broken_only_by_two_laptops_changes_together_is_reported_after_the_merge(
    team: list[Device],
) -> None:
    asha, ben, _ = team
    cyp = asha.records.add("cyp", {"school_id": school(asha), "initials": "ZW", "year_group": 8}).id
    consent = asha.records.add(
        "consent",
        {"cyp_id": cyp, "scope": "referral", "status": "sought", "given_by": "parent_carer"},
    ).id
    send(asha, ben)
    # Asha records the decision; Ben, not having seen it, clears who was asked (fine while sought)
    asha.records.update("consent", consent, {"status": "given", "decided_on": "2026-11-20"})
    ben.records.update("consent", consent, {"given_by": None})
    sealed, _manifest, _ = ben.sync.bundle()
    summary = asha.sync.import_bundle(sealed)
    [broken] = summary.broken
    assert broken.record_id == consent and broken.type == "consent"
    assert "say who given consent" in broken.problem
    words = sync_view.import_words(summary)
    assert "1 record breaks a rule" in words and "(consent:" in words
    # a plain import of new work that meets nothing here reports nothing
    school(ben, "Hillside Academy")
    sealed, _manifest, _ = ben.sync.bundle()
    assert asha.sync.import_bundle(sealed).broken == ()


def test_a_bad_bundle_in_the_shared_folder_is_refused_and_the_others_still_import(
    team: list[Device], tmp_path: Path
) -> None:
    """A folder sync applies its bundles together; the one refused part-way leaves the others in."""
    asha, ben, cai = team
    folder = tmp_path / "shared"
    folder.mkdir()
    school(asha, "Greenfield Primary")
    school(cai, "Hillside Academy")
    asha.sync.folder(folder)
    cai.sync.folder(folder)
    manifest, ops = contents(ben, asha.sync.bundle()[0])
    manifest["bundle_id"] = "0" * 32
    ops[0][2] = f"{9_999_999_999_999:015d}.000000"  # signed by Asha's key, but a clock far ahead
    identity = asha.sync.identity()
    recipients = [identity.card.age_recipient, ben.sync.identity().card.age_recipient]
    bad = folder / f"ld-20000101T000000Z-{'0' * 32}.ldsync"  # read first: the oldest name
    bad.write_bytes(
        seal(frame(identity.card.device_id, dumps(manifest), dumps(ops)), identity.sign_private, recipients)
    )
    summary = ben.sync.folder(folder)
    assert [name for name, _ in summary.problems] == [bad.name]
    assert sorted(r.get("name") for r in ben.records.find("school")) == [
        "Greenfield Primary",
        "Hillside Academy",
    ]
    assert [name for name, _ in ben.sync.folder(folder).problems] == [bad.name], "refused again, not skipped"
    asha.sync.folder(folder)
    cai.sync.folder(folder)
    assert asha.state() == ben.state() == cai.state()
