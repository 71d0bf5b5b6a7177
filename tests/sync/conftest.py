"""A team of devices on real SQLCipher stores, each with its own keys and a shared clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from linkdesk.services.records import RecordService
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage.store import Store
from linkdesk.sync.bundle import BundleCodec
from tests.conftest import PASSPHRASE, FrozenClock, make_vault

TODAY = date(2026, 11, 23)
CODEC = BundleCodec()


@dataclass
class Device:
    name: str
    store: Store
    records: RecordService
    sync: TeamSync

    def state(self) -> tuple[str, int]:
        return self.store.records.state_hash(), self.store.records.ops_count()


def make_device(folder: Path, name: str, clock: FrozenClock) -> Device:
    store, _ = make_vault(folder / name, clock).create("Team", PASSPHRASE)
    return Device(name, store, RecordService(store, lambda: TODAY), TeamSync(store, CODEC, clock, name))


def befriend(*devices: Device) -> None:
    """Every device trusts every other device's card."""
    cards = {d.name: d.sync.card()[0] for d in devices}
    for d in devices:
        for other in devices:
            if other is not d:
                d.sync.trust(cards[other.name])


@pytest.fixture
def team(tmp_path: Path, clock: FrozenClock) -> Iterator[list[Device]]:
    """Three teammates, Asha, Ben and Cai, who trust each other."""
    with ExitStack() as stack:
        devices = [make_device(tmp_path, name, clock) for name in ("asha", "ben", "cai")]
        for device in devices:
            stack.callback(device.store.close)
        befriend(*devices)
        yield devices
