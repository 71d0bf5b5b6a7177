"""M6/U3/H9: a purge travels by bundle, removes the case on every laptop, and stays removed."""

from __future__ import annotations

import itertools

from linkdesk.domain.records import Op
from linkdesk.services.retention import Retention
from linkdesk.storage import audit
from tests.records.test_retention_purge import canary, leaks, write_case
from tests.sync.conftest import TODAY, Device

LATE = canary(90)


def send(source: Device, target: Device, *, full: bool = False) -> None:
    sealed, _manifest, _ = source.sync.bundle(full=full)
    target.sync.import_bundle(sealed)


def exchange(team: list[Device]) -> None:
    """Every laptop sends to every other, twice: enough for any change to reach everyone."""
    for _ in range(2):
        for source, target in itertools.permutations(team, 2):
            send(source, target)


def bundle_ops(device: Device) -> list[Op]:
    """The ops of a full bundle from ``device``, as the device itself reads it back."""
    sealed, _manifest, _ = device.sync.bundle(full=True)
    identity = device.sync.identity()
    _, ops = device.sync.codec.open(sealed, identity, lambda _sender: identity.card.sign_public)
    return ops


def test_a_purge_reaches_every_laptop_and_an_old_bundle_cannot_bring_it_back(team: list[Device]) -> None:
    asha, ben, cai = team
    school = asha.records.add("school", {"name": "Greenfield Primary"}).id
    cyp = write_case(asha.records, school, 80, confirmed="2026-10-01")
    kept = write_case(asha.records, school, 81, confirmed="2026-10-01", closed=None)
    send(asha, ben)
    send(asha, cai)
    old = asha.sync.bundle(full=True)[0]  # kept on a USB stick, say
    # Cai, not yet told of the purge, adds to the case: it arrives after the purge
    cai.records.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": f"late news {LATE}"})
    referral = cai.records.add("referral", {"cyp_id": cyp, "destination": "early_help"}).id
    cai.records.add(
        "referral_event",
        {"referral_id": referral, "date": "2026-11-20", "event": "accepted", "note": f"chased {LATE}"},
    )

    [case] = [c for c in Retention(asha.store, lambda: TODAY).cases() if c.cyp_id == cyp]
    assert case.reason == "not yet held by a teammate: sync with the team first"
    send(ben, asha)  # Ben's bundle tells Asha what Ben holds: the whole case
    assert [c.cyp_id for c in Retention(asha.store, lambda: TODAY).purge_due()] == [cyp]

    exchange(team)
    hashes = {d.store.records.state_hash() for d in team}
    assert len(hashes) == 1, "every laptop holds the same records after the exchange"
    for device in team:
        for word in (canary(80), LATE):
            assert leaks(device.store, word) == [], device.name
            assert all(word not in str(op.fields) for op in bundle_ops(device)), device.name
        assert device.store.records.get(cyp).deleted
        assert device.store.records.search(canary(81)), "the other case is untouched"
        assert device.store.verify(deep=True) == []
    assert ben.store.records.get(kept).fields["given_name"] == f"Ann{canary(81)}"

    ben.sync.import_bundle(old)  # an old bundle, never imported here: the purge dominates it
    cai.store.records.replay()
    assert leaks(ben.store, canary(80)) == [] and ben.store.records.state_hash() in hashes
    assert cai.store.records.state_hash() in hashes

    [purge] = [e for e in audit.events(asha.store.conn) if e.action == "purge"]
    assert purge.entity_id == cyp and '"records":5' in purge.detail and canary(80) not in purge.detail
    imports = [e.detail for d in (ben, cai) for e in audit.events(d.store.conn) if e.action == "import"]
    assert any('"purged":' in detail and '"purged":0' not in detail for detail in imports)
