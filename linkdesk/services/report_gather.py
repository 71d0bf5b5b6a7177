"""Fetching the records a report needs, through the indexes the store has (date, school, CYP)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkdesk.domain.records import Record
from linkdesk.domain.reporting_periods import Period
from linkdesk.services.records import RecordService


def dated(records: RecordService, type_name: str, period: Period) -> list[Record]:
    """Records of a type whose ``date`` falls in ``period``, sorted by date then id."""
    return records.find_dated(type_name, period.start.isoformat(), period.end.isoformat())


def by_field(records: RecordService, type_name: str, field: str, values: Iterable[Any]) -> list[Record]:
    """Records of a type whose ``field`` is one of ``values`` (batched indexed lookups).

    The values are ids taken from stored records, so they go to the store as they are, without
    the checks ``RecordService.find`` gives a value typed by a person.
    """
    return records.records.find_any(type_name, field, values)


def linked(
    records: RecordService, type_names: tuple[str, ...], field: str, values: Iterable[Any]
) -> dict[str, list[Record]]:
    """``by_field`` for several types at once."""
    wanted = list(values)
    return {name: records.records.find_any(name, field, wanted) for name in type_names}


def index(found: Iterable[Record]) -> dict[str, Record]:
    return {r.id: r for r in found}


def grouped(found: Iterable[Record], field: str) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for record in found:
        out.setdefault(str(record.get(field)), []).append(record)
    return out
