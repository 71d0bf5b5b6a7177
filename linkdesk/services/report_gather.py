"""Fetching the records a report needs, through the indexes the store has (date, school, CYP)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linkdesk.domain.records import Keep, Record
from linkdesk.domain.reporting_periods import Period
from linkdesk.services.records import RecordService


def dated(records: RecordService, type_name: str, period: Period) -> list[Record]:
    """Records of a type whose ``date`` falls in ``period``, sorted by date then id."""
    return records.find_dated(type_name, period.start.isoformat(), period.end.isoformat())


def by_field(
    records: RecordService,
    type_name: str,
    field: str,
    values: Iterable[Any],
    keep: Keep | None = None,
) -> list[Record]:
    """Records of a type whose ``field`` is one of ``values`` (batched indexed lookups); with
    ``keep``, only those whose fields it accepts (the rest are never made into records).

    The values are ids taken from stored records, so they go to the store as they are, without
    the checks ``RecordService.find`` gives a value typed by a person.
    """
    return records.records.find_any(type_name, field, values, keep)


def linked(
    records: RecordService,
    type_names: tuple[str, ...],
    field: str,
    values: Iterable[Any],
    keep: Mapping[str, Keep] | None = None,
) -> dict[str, list[Record]]:
    """``by_field`` for several types at once (one lookup for them all), with ``keep`` by type.

    A type with no more records than there are values is read whole and filtered instead: a
    lookup visits every record of any type that has the value (a child's notes, actions and
    consents, to find their one risk assessment)."""
    wanted = sorted(set(values))
    filters = keep or {}
    keys = set(wanted)
    found: dict[str, list[Record]] = {}
    looked_up = []
    for name in type_names:
        if records.records.count(name, at_most=len(wanted) + 1) <= len(wanted):
            accept = filters.get(name)
            found[name] = [
                r
                for r in records.records.find(name)
                if r.get(field) in keys and (accept is None or accept(r.fields))
            ]
        else:
            looked_up.append(name)
    if looked_up:
        found.update(records.records.find_linked(looked_up, field, wanted, filters))
    return found


def index(found: Iterable[Record]) -> dict[str, Record]:
    return {r.id: r for r in found}
