"""An unlocked store with the record services, on a real SQLCipher file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

TODAY = date(2026, 11, 23)


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
def school(records: RecordService) -> str:
    return records.add(
        "school", {"name": "Greenfield Primary", "setting_type": "primary", "urn": "190001"}
    ).id


@pytest.fixture
def cyp(records: RecordService, school: str) -> str:
    return records.add("cyp", {"school_id": school, "initials": "AB", "year_group": "8"}).id
