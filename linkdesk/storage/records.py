"""The record repository: local writes as ops, and the queries the services need.

Validation lives in the domain and services; this module turns a checked change into an op,
applies it through ``oplog.apply`` and answers queries from the folded ``records`` table.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from linkdesk.domain.ids import uuid7
from linkdesk.domain.records import Conflict, ConflictValue, Op, Record
from linkdesk.domain.schema import TYPES
from linkdesk.storage import oplog
from linkdesk.storage.oplog import DeviceClock, canonical

if TYPE_CHECKING:
    from linkdesk.storage.store import Store

#: Fields that ``list`` can filter on through an index.
_INDEXED = {"school_id", "cyp_id", "visit_id", "referral_id", "subject_id", "date"}
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_BATCH = 500  # well under SQLite's limit on bound parameters
#: Reference fields with an expression index of their own (``records_<field>``, migration 0004).
_REFERENCE_INDEXES = frozenset({"school_id", "cyp_id", "visit_id", "referral_id", "subject_id"})


def _record_from_row(row: tuple[Any, ...]) -> Record:
    record_id, record_type, data, conflicted, deleted = row
    return Record(
        record_id, record_type, json.loads(data), bool(deleted), tuple(c for c in conflicted.split(",") if c)
    )


class RecordRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self.clock = DeviceClock(store.conn, store.device_id)

    # -- writes ---------------------------------------------------------------------------------

    def _new_op(
        self, kind: str, entity_type: str, entity_id: str, fields: dict[str, Any], deps: dict[str, list[str]]
    ) -> Op:
        now = self.store.clock.now()
        op_id, hlc = self.clock.next(int(now.timestamp() * 1000))
        return Op(op_id, hlc, self.store.actor, kind, entity_type, entity_id, fields, deps)

    def create(self, entity_type: str, fields: dict[str, Any], record_id: str | None = None) -> Record:
        entity_id = record_id or uuid7(self.store.clock.now())
        with self.store.transaction():
            oplog.apply(self.conn, self._new_op("create", entity_type, entity_id, fields, {}))
            self.store.audit("create", entity_type, entity_id, fields="+".join(sorted(fields)))
        record = self.get(entity_id)
        assert record is not None
        return record

    def update(self, record: Record, fields: dict[str, Any]) -> Record:
        """Set fields; each replaces every value of that field this device can see."""
        with self.store.transaction():
            deps = {name: self._current_ops(record.id, name) for name in fields}
            oplog.apply(self.conn, self._new_op("update", record.type, record.id, fields, deps))
            self.store.audit("update", record.type, record.id, fields="+".join(sorted(fields)))
        updated = self.get(record.id)
        assert updated is not None
        return updated

    def delete(self, record: Record) -> None:
        with self.store.transaction():
            oplog.apply(self.conn, self._new_op("delete", record.type, record.id, {}, {}))
            self.store.audit("delete", record.type, record.id)

    def apply_remote(self, ops: Iterable[Op]) -> int:
        """Apply imported ops in the caller's transaction; returns how many were new."""
        now = int(self.store.clock.now().timestamp() * 1000)
        new = 0
        for op in ops:
            if oplog.apply(self.conn, op):
                new += 1
                self.clock.observe(op.hlc, now)
        return new

    def _current_ops(self, entity_id: str, field: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT op FROM register_values WHERE entity_id = ? AND field = ? ORDER BY op", (entity_id, field)
        )
        return [str(r[0]) for r in rows]

    # -- reads ----------------------------------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        row = self.conn.execute(
            "SELECT id, type, data, conflicted, deleted FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return None if row is None else _record_from_row(row)

    def find(
        self, entity_type: str, where: dict[str, Any] | None = None, *, include_deleted: bool = False
    ) -> list[Record]:
        """Current records of a type whose fields equal ``where``, sorted by id."""
        sql = ["SELECT id, type, data, conflicted, deleted FROM records WHERE type = ?"]
        params: list[Any] = [entity_type]
        if not include_deleted:
            sql.append("AND deleted = 0")
        for name, value in (where or {}).items():
            if not _FIELD_NAME.match(name):
                raise ValueError(f"bad field name {name!r}")
            sql.append(
                f"AND json_extract(data, '$.{name}') IS ?"
                if name not in _INDEXED
                else f"AND json_extract(data, '$.{name}') = ?"
            )
            params.append(value)
        sql.append("ORDER BY id")
        return [_record_from_row(r) for r in self.conn.execute(" ".join(sql), params)]

    def find_any(self, entity_type: str, field: str, values: Iterable[Any]) -> list[Record]:
        """Current records of a type whose ``field`` is any of ``values`` (batched ``IN`` lookups).

        SQLite would pick the ``type`` index for an ``IN`` list; naming the field's own index keeps
        each lookup as cheap as a single-value one.
        """
        if not _FIELD_NAME.match(field):
            raise ValueError(f"bad field name {field!r}")
        hint = f"INDEXED BY records_{field}" if field in _REFERENCE_INDEXES else ""
        wanted = sorted(set(values))
        found: list[Record] = []
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            marks = ", ".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT id, type, data, conflicted, deleted FROM records {hint} "
                f"WHERE json_extract(data, '$.{field}') IN ({marks}) AND type = ? AND deleted = 0 "
                "ORDER BY id",
                (*chunk, entity_type),
            )
            found.extend(_record_from_row(r) for r in rows)
        return found

    def find_dated(self, entity_type: str, first: str, last: str) -> list[Record]:
        """Current records of a type whose ``date`` lies in [first, last] (ISO dates), by date."""
        rows = self.conn.execute(
            "SELECT id, type, data, conflicted, deleted FROM records WHERE type = ? "
            "AND json_extract(data, '$.date') BETWEEN ? AND ? AND deleted = 0 "
            "ORDER BY json_extract(data, '$.date'), id",
            (entity_type, first, last),
        )
        return [_record_from_row(r) for r in rows]

    def last_change(self, entity_type: str) -> str:
        """The HLC of the latest change to any record of a type ("" when there is none)."""
        row = self.conn.execute(
            "SELECT max(updated_hlc) FROM records WHERE type = ?", (entity_type,)
        ).fetchone()
        return str(row[0] or "")

    def count(self, entity_type: str) -> int:
        row = self.conn.execute("SELECT count(*) FROM records WHERE type = ? AND deleted = 0", (entity_type,))
        return int(row.fetchone()[0])

    def history(self, record_id: str) -> list[Op]:
        rows = self.conn.execute(
            f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity_id = ? ORDER BY hlc, device_id, seq",
            (record_id,),
        )
        return [oplog.op_from_row(r) for r in rows]

    def all_ops(self) -> list[Op]:
        """The whole log in HLC order (for replication and tests)."""
        rows = self.conn.execute(f"SELECT {oplog.OP_COLUMNS} FROM ops ORDER BY hlc, device_id, seq")
        return [oplog.op_from_row(r) for r in rows]

    def ops_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM ops").fetchone()[0])

    def conflicts(self) -> list[Conflict]:
        rows = self.conn.execute(
            "SELECT r.id, r.type, v.field, v.value, v.op, v.hlc, v.author FROM records r "
            "JOIN register_values v ON v.entity_id = r.id "
            "WHERE r.conflicted != '' AND r.deleted = 0 ORDER BY r.id, v.field, v.op"
        ).fetchall()
        grouped: dict[tuple[str, str, str], list[ConflictValue]] = {}
        for record_id, record_type, field, value, op, hlc, author in rows:
            grouped.setdefault((record_id, record_type, field), []).append(
                ConflictValue(json.loads(value), op, hlc, author)
            )
        return [
            Conflict(rid, rtype, field, tuple(vals))
            for (rid, rtype, field), vals in grouped.items()
            if len(vals) > 1
        ]

    def search(self, query: str, limit: int = 50) -> list[tuple[Record, str]]:
        """Records matching every word of ``query`` (prefixes, accents ignored), newest first.

        Newest first rather than by relevance: it is what a clinician looking for a recent note
        expects, and it lets SQLite stop after ``limit`` hits instead of ranking every match.
        """
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        rows = self.conn.execute(
            "SELECT r.id, r.type, r.data, r.conflicted, r.deleted, hits.snip FROM ("
            "  SELECT rowid, snippet(search_index, 1, '[', ']', '…', 12) AS snip FROM search_index"
            "  WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?"
            ") AS hits JOIN records r ON r.rowid = hits.rowid ORDER BY r.rowid DESC",
            (match, limit),
        ).fetchall()
        return [(_record_from_row(row[:5]), str(row[5])) for row in rows]

    # -- canonical state ------------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """Every current record grouped by type and every open conflict, in canonical order."""
        records: dict[str, list[dict[str, Any]]] = {name: [] for name in sorted(TYPES)}
        for row in self.conn.execute(
            "SELECT id, type, data, conflicted, deleted FROM records WHERE deleted = 0 ORDER BY type, id"
        ):
            record = _record_from_row(row)
            records.setdefault(record.type, []).append(record.to_json())
        return {"conflicts": [c.to_json() for c in self.conflicts()], "records": records}

    def dump_text(self) -> str:
        """``dump --json`` exactly as printed (one line); ``state-hash`` hashes these bytes."""
        return canonical(self.dump()) + "\n"

    def state_hash(self) -> str:
        return hashlib.sha256(self.dump_text().encode()).hexdigest()

    def replay(self) -> int:
        with self.store.transaction():
            return oplog.replay(self.conn)
