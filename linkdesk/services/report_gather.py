"""Fetching the records a report needs, through the indexes the store has (date, school, CYP)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkdesk.domain.records import Record
from linkdesk.domain.reporting_periods import Period
from linkdesk.services.records import RecordService

#: Up to this many days, records are fetched day by day through the date index; beyond, by scan.
DAY_BY_DAY = 800


def dated(records: RecordService, type_name: str, period: Period) -> list[Record]:
    """Records of a type whose ``date`` falls in ``period``, sorted by date then id."""
    if period.days <= DAY_BY_DAY:
        found = [r for day in period.dates() for r in records.find(type_name, {"date": day.isoformat()})]
    else:
        found = [r for r in records.find(type_name) if period.holds(r.get("date"))]
    return sorted(found, key=lambda r: (r.get("date"), r.id))


def by_field(records: RecordService, type_name: str, field: str, values: Iterable[Any]) -> list[Record]:
    """Records of a type whose ``field`` is one of ``values`` (one indexed lookup each).

    The values are ids taken from stored records, so they go to the store as they are, without
    the checks ``RecordService.find`` gives a value typed by a person.
    """
    store = records.records
    return [r for value in sorted(set(values)) for r in store.find(type_name, {field: value})]


def linked(
    records: RecordService, type_names: tuple[str, ...], field: str, values: Iterable[Any]
) -> dict[str, list[Record]]:
    """Like ``by_field`` for several types at once, looking each value up for every type in turn
    (the store reads the same index pages for all of them, so this is quicker than one type at a
    time)."""
    store = records.records
    found: dict[str, list[Record]] = {name: [] for name in type_names}
    for value in sorted(set(values)):
        for name in type_names:
            found[name].extend(store.find(name, {field: value}))
    return found


def index(found: Iterable[Record]) -> dict[str, Record]:
    return {r.id: r for r in found}


def grouped(found: Iterable[Record], field: str) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for record in found:
        out.setdefault(str(record.get(field)), []).append(record)
    return out
