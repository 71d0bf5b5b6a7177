"""H9 across a restore: a backup made before a purge must not bring the case back, to this laptop
or, through sync, to the team. The restore purges again what the store it replaced had purged."""

from __future__ import annotations

from pathlib import Path

from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage import audit
from tests.conftest import PASSPHRASE, FrozenClock, make_vault
from tests.records.test_retention_purge import canary, leaks, write_case
from tests.sync.conftest import CODEC, TODAY, Device, befriend
from tests.sync.test_purge_sync import exchange, send
from tests.sync.test_sync_stateful import Team


def restored(
    device: Device, backup: Path, clock: FrozenClock, passphrase: str = PASSPHRASE
) -> dict[str, str]:
    """Close ``device``'s store, restore ``backup`` over it and reopen it in place."""
    home = device.store.layout.home
    device.store.close()
    vault = make_vault(home, clock)
    result = vault.restore(backup, passphrase=passphrase)
    device.store = vault.unlock(passphrase)
    device.records = RecordService(device.store, lambda: TODAY)
    device.sync = TeamSync(device.store, CODEC, clock, device.name)
    return result


def test_a_case_purged_after_the_backup_stays_purged_and_the_team_purges_it_too(
    team: list[Device], clock: FrozenClock, tmp_path: Path
) -> None:
    asha, ben, _cai = team
    school = asha.records.add("school", {"name": "Greenfield Primary"}).id
    shared = write_case(asha.records, school, 70, confirmed="2026-10-01")
    send(asha, ben)  # Ben holds this case; Cai never sees it before the purge
    alone = write_case(asha.records, school, 71, confirmed="2026-10-01")  # only ever on Asha's laptop
    backup = tmp_path / "asha.ldbackup"
    asha.store.backup(backup)
    for cyp in (shared, alone):
        asha.store.records.purge(cyp)
    asha.store.records.scrub()

    result = restored(asha, backup, clock)  # the purges were never sent before the laptop failed

    assert result["purged_again"] == "2" and "purges_unread" not in result
    for word in (canary(70), canary(71)):
        assert leaks(asha.store, word) == []
    carried = [e for e in audit.events(asha.store.conn) if e.action == "purge"]
    assert {e.entity_id for e in carried} == {shared, alone}
    assert all('"carried_over_restore":true' in e.detail for e in carried)
    befriend(*team)  # the restored laptop is a new device with a new card
    exchange(team)
    assert len({d.store.records.state_hash() for d in team}) == 1
    for device in team:
        for word in (canary(70), canary(71)):
            assert leaks(device.store, word) == [], device.name
        assert device.store.verify(deep=True) == []


def test_a_restore_that_cannot_read_the_replaced_store_says_purges_may_be_back(
    team: list[Device], clock: FrozenClock, tmp_path: Path
) -> None:
    asha = team[0]
    school = asha.records.add("school", {"name": "Greenfield Primary"}).id
    cyp = write_case(asha.records, school, 72, confirmed="2026-10-01")
    backup = tmp_path / "asha.ldbackup"
    asha.store.backup(backup)
    asha.store.records.purge(cyp)
    asha.store.change_passphrase("a different passphrase for later")

    result = restored(asha, backup, clock)  # opens with the old passphrase, as the backup does

    assert result["purges_unread"] == "yes" and result["purged_again"] == "0"
    assert asha.store.records.get(cyp) is not None, "the backup's copy of the case is restored as it was"


def test_hypothesis_found_a_restored_laptop_sending_a_case_it_had_purged() -> None:
    """The stateful test's failing example (a faketime CI run, 2026-12-05), kept as a regression:
    d3 adds a case and backs up, purges the case without sending the purge, is restored from the
    backup, and after a full exchange the case's content was on every laptop again."""
    machine = Team()
    machine.start(n=5)
    machine.back_up(i=0)
    machine.add_case(i=3, j=0)
    machine.back_up(i=3)
    machine.back_up(i=2)
    machine.purge(i=0, j=0)
    machine.restore(i=2)
    machine.teardown()  # converges and asserts the purged canary is nowhere
