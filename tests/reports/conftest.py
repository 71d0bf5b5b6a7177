"""Fixtures for report tests: an unlocked store, the record services and the known world."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.reports.world import TODAY, World, build_world


@pytest.fixture
def store(vault: Vault) -> Iterator[Store]:
    created, _code = vault.create("Test Link Team", PASSPHRASE)
    with created:
        yield created


@pytest.fixture
def records(store: Store) -> RecordService:
    return RecordService(store, lambda: TODAY)


@pytest.fixture
def casework(records: RecordService) -> Casework:
    return Casework(records)


@pytest.fixture
def world(records: RecordService, casework: Casework) -> World:
    return build_world(records, casework)
