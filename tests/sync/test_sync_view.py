"""What the desktop app shows of sync, without Qt: which laptops are quiet (H4), the automatic sync
at lock and quit (never raising, never filling the folder), and conflicts in words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from linkdesk.services import settings_admin as sa
from linkdesk.services import sync_view as sv
from linkdesk.services.conflict_view import ConflictView
from tests.conftest import FrozenClock
from tests.sync.conftest import CODEC, Device


def test_quiet_laptops_are_trusted_unrevoked_and_unheard_for_too_long(
    team: list[Device], clock: FrozenClock
) -> None:
    asha, ben, cai = team
    assert sv.data_age(asha.store, clock.now()).quiet == []
    clock.advance(days=3)
    asha.sync.import_bundle(ben.sync.bundle()[0])
    clock.advance(days=5)
    age = sv.data_age(asha.store, clock.now())
    assert [(q.name, q.days, q.heard) for q in age.quiet] == [("cai", 8, False)]
    assert age.words == (
        "Records from cai may be out of date: nothing has been received from it since it was trusted "
        "8 days ago (more than 7)."
    )
    clock.advance(days=3)
    age = sv.data_age(asha.store, clock.now())
    assert [(q.name, q.days) for q in age.quiet] == [("cai", 11), ("ben", 8)]
    assert age.words == (
        "Records may be out of date: nothing has been received for more than 7 days from "
        "cai (not since it was trusted, 11 days ago) and ben (8 days)."
    )
    asha.sync.revoke(cai.store.device_id)
    asha.store.set_setting(sa.SYNC_QUIET_DAYS, "9")
    assert sv.data_age(asha.store, clock.now()).quiet == []


def test_suggested_file_names_carry_no_personal_data() -> None:
    assert sv.bundle_name(date(2026, 11, 23)) == "linkdesk-2026-11-23.ldsync"
    assert sv.card_name() == "linkdesk-card.ldcard"


def test_the_sync_at_lock_never_raises_and_keeps_its_problem_for_later(
    team: list[Device], tmp_path: Path, clock: FrozenClock
) -> None:
    asha, ben, _ = team
    sv.sync_at_lock(asha.store, CODEC, clock)  # no folder: nothing to do
    shared = tmp_path / "shared"
    shared.mkdir()
    sv.set_folder(asha.store, str(shared))
    asha.records.add("school", {"name": "Greenfield Primary"})
    sv.sync_at_lock(asha.store, CODEC, clock)
    assert len(list(shared.iterdir())) == 1 and asha.store.setting(sv.SYNC_PROBLEM) in (None, "")
    assert [r.new_ops for r in ben.sync.folder(shared).imported] == [1]

    for _ in range(3):
        clock.advance(minutes=10)
        sv.sync_at_lock(asha.store, CODEC, clock)
    assert len(list(shared.iterdir())) == 2, "nothing new here since Asha's last bundle: no copies"
    ben.records.add("school", {"name": "Hillside Academy"})
    ben.sync.folder(shared)
    before = set(shared.iterdir())
    clock.advance(minutes=10)
    sv.sync_at_lock(asha.store, CODEC, clock)
    after = set(shared.iterdir())
    assert len(after) == 2 and after != before, "Ben's change arrived: Asha says so in a new bundle"
    clock.advance(hours=21)
    sv.sync_at_lock(asha.store, CODEC, clock)
    assert len(set(shared.iterdir()) - after) == 1, "after most of a day a bundle says this laptop is alive"
    assert sv.folder_now(asha.sync).exported is not None, "Sync now always leaves a bundle"

    for item in shared.iterdir():
        item.unlink()
    shared.rmdir()
    sv.sync_at_lock(asha.store, CODEC, clock)
    problem = asha.store.setting(sv.SYNC_PROBLEM) or ""
    assert problem.startswith(sv.AUTO_FAILED) and "is not a folder LinkDesk can use" in problem
    assert sv.data_age(asha.store, clock.now()).problem == problem
    shared.mkdir()
    sv.sync_at_lock(asha.store, CODEC, clock)
    assert asha.store.setting(sv.SYNC_PROBLEM) == ""


def test_a_refused_bundle_in_the_folder_is_kept_as_the_problem(
    team: list[Device], tmp_path: Path, clock: FrozenClock
) -> None:
    asha, _, _ = team
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / f"ld-20261201T090000Z-{'0' * 32}.ldsync").write_bytes(b"damaged")
    sv.set_folder(asha.store, str(shared))
    summary = sv.folder_now(asha.sync)
    assert "could not be imported" in sv.folder_words(summary)
    assert (asha.store.setting(sv.SYNC_PROBLEM) or "").startswith(
        "A bundle in the shared folder could not be"
    )


def test_conflict_values_in_words_with_who_where_and_when(team: list[Device]) -> None:
    asha, ben, _ = team
    school = asha.records.add("school", {"name": "Greenfield Primary"}).id
    cyp = asha.records.add(
        "cyp", {"school_id": school, "initials": "ZQ", "given_name": "Zoë", "date_of_birth": "2014-03-02"}
    ).id
    ben.sync.import_bundle(asha.sync.bundle()[0])
    asha.records.update("cyp", cyp, {"date_of_birth": "2014-03-03", "flags": ["young_carer"]})
    ben.records.update("cyp", cyp, {"date_of_birth": "2014-03-04", "flags": ["looked_after"]})
    asha.sync.import_bundle(ben.sync.bundle()[0])
    view = ConflictView(asha.records, asha.sync.devices(), asha.store.device_id, show_names=True)
    rows = {r.field: r for r in view.conflicts().rows}
    assert set(rows) == {"Date of birth", "Flags"}
    dob = rows["Date of birth"]
    assert dob.record_type == "Child or young person" and "ZQ" in dob.record and "Zoë" not in dob.record
    assert sorted(c.shown for c in dob.choices) == ["Mon 3 Mar 2014", "Tue 4 Mar 2014"]
    assert {c.laptop for c in dob.choices} == {"this laptop", "ben"}
    assert {c.shown for c in rows["Flags"].choices} == {"Young carer", "Looked after"}
    private = ConflictView(asha.records, asha.sync.devices(), asha.store.device_id, show_names=False)
    hidden = {r.field: {c.shown for c in r.choices} for r in private.conflicts().rows}
    assert hidden["Date of birth"] == {"Hidden in privacy mode"}
