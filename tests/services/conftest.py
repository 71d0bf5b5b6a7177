"""A small desk in a real encrypted store, for the view services (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from linkdesk import config
from linkdesk.measures import MeasureRegistry
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.desk_data import TODAY, Desk, build_desk


@dataclass
class Open:
    cw: Casework
    desk: Desk


@pytest.fixture(scope="session")
def registry() -> MeasureRegistry:
    return MeasureRegistry.load(config.resources_dir() / "measures")


@pytest.fixture
def opened(vault: Vault) -> Iterator[Open]:
    store, _code = vault.create("Desk Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: TODAY))
        yield Open(cw, build_desk(cw))
