"""Reading records from the folded ``records`` table: a row as a ``Record``, and the lookups that
read many records at once (``RecordRepository`` answers with these).

A record's fields are decoded once, in Python: SQLite's JSON functions parse a row's text again
for every field they are asked about, which costs more than decoding the row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from linkdesk.domain.records import Keep, Record, WithStatus
from linkdesk.storage.batch import chunks
from linkdesk.storage.fold import COLUMN_FIELDS, REFERENCES

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
COLUMNS = "id, type, data, conflicted, deleted, heads"


def record_from_row(row: tuple[Any, ...], fields: dict[str, Any] | None = None) -> Record:
    """A ``records`` row (``COLUMNS``); ``fields`` if its data is already decoded."""
    record_id, record_type, data, conflicted, deleted, heads = row
    conflicts = tuple(c for c in conflicted.split(",") if c)
    found = json.loads(data) if fields is None else fields
    return Record(record_id, record_type, found, bool(deleted), conflicts, seen=heads or "")


def each(
    conn: Any, entity_type: str, keep: Keep | None = None, include_deleted: bool = False
) -> Iterator[Record]:
    """Current records of a type one at a time, in no particular order; with ``keep``, only those
    whose fields it accepts. For reducing a whole type without holding it: nothing is sorted, and
    a record is made only when it is kept."""
    statuses = keep.statuses if isinstance(keep, WithStatus) else None
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM records WHERE type = ?"
        + ("" if include_deleted else " AND deleted = 0")
        + (f" AND status IN ({_marks(statuses)})" if statuses else ""),
        (entity_type, *(statuses or ())),
    )
    for row in rows:
        fields = json.loads(row[2])
        if keep is None or keep(fields):
            yield record_from_row(row, fields)


def linked(
    conn: Any,
    entity_types: Sequence[str],
    field: str,
    values: Iterable[Any],
    keep: Mapping[str, Keep] | None = None,
) -> dict[str, list[Record]]:
    """For each type, its current records whose ``field`` is any of ``values``, sorted by id;
    where ``keep`` names a type, only those of its records whose fields it accepts.

    Batched ``IN`` lookups, one for all the types: SQLite would pick the ``type`` index for an
    ``IN`` list; naming the reference's own index (reference, type, status) keeps each lookup as
    cheap as a single-value one, reads each record found once whatever its type, and never reads
    a record that a ``with_status`` keep refuses.
    """
    if not FIELD_NAME.match(field):
        raise ValueError(f"bad field name {field!r}")
    column = field if field in COLUMN_FIELDS else f"json_extract(data, '$.{field}')"
    hint = f"INDEXED BY records_{field}" if field in REFERENCES else ""
    filters = keep or {}
    by_status = [(name, k.statuses) for name, k in filters.items() if isinstance(k, WithStatus)]
    status_terms = "".join(f" AND (type != ? OR status IN ({_marks(s)}))" for _, s in by_status)
    status_params = tuple(p for name, statuses in by_status for p in (name, *statuses))
    found: dict[str, list[Record]] = {name: [] for name in entity_types}
    for chunk in chunks(sorted(set(values))):
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM records {hint} WHERE {column} IN ({_marks(chunk)}) "
            f"AND type IN ({_marks(entity_types)}) AND deleted = 0{status_terms}",
            (*chunk, *entity_types, *status_params),
        )
        for row in rows:
            fields = json.loads(row[2])
            accept = filters.get(row[1])
            if accept is None or accept(fields):
                found[row[1]].append(record_from_row(row, fields))
    for records in found.values():
        records.sort(key=_by_id)
    return found


def count(conn: Any, entity_type: str, at_most: int | None = None) -> int:
    """Current records of a type; with ``at_most``, counting stops there (a cheap "are there more
    than N?": a whole count walks an index of the whole store)."""
    if at_most is None:
        row = conn.execute("SELECT count(*) FROM records WHERE type = ? AND deleted = 0", (entity_type,))
    else:
        row = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM records WHERE type = ? AND deleted = 0 LIMIT ?)",
            (entity_type, at_most),
        )
    return int(row.fetchone()[0])


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _by_id(record: Record) -> str:
    return record.id
