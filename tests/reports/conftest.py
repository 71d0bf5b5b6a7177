"""Fixtures for report tests: the record fixtures (same TODAY, Monday 23 November 2026) and the
known world built on them."""

from __future__ import annotations

import pytest

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from tests.records import conftest as records_fixtures
from tests.records.conftest import casework, records, store
from tests.reports.world import TODAY, World, build_world

assert records_fixtures.TODAY == TODAY, "reports and records tests share one 'today'"

__all__ = ["casework", "records", "store"]  # re-exported fixtures


@pytest.fixture
def world(records: RecordService, casework: Casework) -> World:
    return build_world(records, casework)
