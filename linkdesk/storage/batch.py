"""The one write path for ops: a single interactive write, an import, a generator or a replay.

Everything is worked out in memory first: which ops are new (an op id that arrives again must
carry the same content), which records they touch, and each touched record folded once with all
of its ops. Then each table is written in bulk: the log and the records (a create of a record
nothing else touched goes straight in) with multi-row INSERTs (``insert_rows``), the search
index, conflicts and superseded values with one ``executemany`` each. The caller's transaction
makes it all-or-nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from linkdesk.domain.records import Op, OpId
from linkdesk.errors import ValidationError
from linkdesk.storage.connection import Connection
from linkdesk.storage.fold import (
    ROW_COLUMNS,
    WRITE_COLUMNS,
    Entity,
    FoldContext,
    Folded,
    canonical,
    fold,
    plain_create,
    search_text,
    settle,
)

#: An op as read from ``LOG``: the device's own id, not its local number in ``devices``.
OP_COLUMNS = "d.device_id, o.seq, o.hlc, o.author, o.kind, o.entity_type, o.entity_id, o.body"
LOG = "ops o JOIN devices d ON d.n = o.device"
LOG_ORDER = "o.hlc, d.device_id, o.seq"
CHUNK = 500  # ids per ``IN (...)`` lookup, well under SQLite's limit on bound parameters
#: Rows per multi-row INSERT. One execution of a statement opens each table's and index's cursor
#: once and reuses its registers for every row; one execution per row allocates them afresh, and
#: with ``cipher_memory_security`` on each allocation SQLite cannot take from the connection's
#: lookaside (``storage/lookaside.py``) costs an mlock and a wiped munlock (docs/benchmarks.md).
#: 250 rows of 13 columns bind 3,250 parameters, well under SQLite's limit of 32,766.
ROWS_PER_INSERT = 250
#: How a batch inserts. OR FAIL rather than the default ABORT: a constraint failure then stops the
#: statement without undoing its earlier rows, so SQLite keeps no statement journal of the pages a
#: multi-row INSERT changes (about 8% of an import); a failure rolls back the whole transaction.
INSERT = "INSERT OR FAIL INTO"
#: Page cache while a batch is applied: half the store plus 2 KiB per op, 16 MiB to 256 MiB, so
#: that the indexes a batch writes into stay in memory as the store grows.
CACHE_KIB_PER_OP, CACHE_KIB_MIN, CACHE_KIB_MAX = 2, 16 * 1024, 256 * 1024


#: ``records`` columns an update rewrites (all but id and type), as ``SET`` assignments.
_UPDATED = ", ".join(f"{name} = ?" for name in WRITE_COLUMNS[2:])


#: The body of an op whose content a purge removed (migration 0009 names it in the log's guards).
STUB_BODY = '{"deps":{},"fields":{},"purged":true}'


def op_body(op: Op, fields_json: str | None = None) -> str:
    """``canonical({"fields": ..., "deps": ...})``, reusing the fields' JSON when it is at hand."""
    if op.purged:
        return STUB_BODY
    fields = canonical(op.fields) if fields_json is None else fields_json
    return f'{{"deps":{canonical(op.deps)},"fields":{fields}}}'


def op_row(op: Op, fields_json: str | None = None) -> tuple[Any, ...]:
    i = op.op_id
    body = op_body(op, fields_json)
    return (i.device_id, i.seq, op.hlc, op.author, op.kind, op.entity_type, op.entity_id, body)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(conn: Connection, head: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """``head`` (``INSERT INTO t (a, b)``) with ``rows``, ``ROWS_PER_INSERT`` to a statement."""
    if not rows:
        return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    full = len(rows) - len(rows) % ROWS_PER_INSERT
    many = f"{head} VALUES {', '.join([one] * ROWS_PER_INSERT)}"
    for start in range(0, full, ROWS_PER_INSERT):
        conn.execute(many, list(chain.from_iterable(rows[start : start + ROWS_PER_INSERT])))
    conn.executemany(f"{head} VALUES {one}", rows[full:])


@dataclass(frozen=True)
class BatchResult:
    new: int  # ops added to the log
    repeated: int  # ops that were already there, unchanged
    records: int  # records whose rows were written
    merged: tuple[str, ...] = ()  # records that were here before and changed


def apply_batch(conn: Connection, ops: Sequence[Op], *, fresh_ids: bool = False) -> BatchResult:
    """Append the new ops among ``ops`` to the log and fold them (in the caller's transaction).

    ``fresh_ids``: the caller has just minted every op id and every created record's id, so none
    can be in the store already (the log's key and the records' unique index still guard it).
    Raises ValidationError when an op id already here arrives with different content, or when an
    op would change the type of an existing record; nothing is written then.
    """
    new_ops = list(ops) if fresh_ids else _new_ops(conn, ops)
    if not new_ops:
        return BatchResult(0, len(ops), 0)
    with _cache_for(conn, len(new_ops)):
        known = {str(op.op_id): op for op in new_ops}
        encoded: dict[str, str] = {}
        touched, merged = _fold_and_write(
            conn, new_ops, known, lambda key: key not in known and _in_log(conn, key), fresh_ids, encoded
        )
        numbers = device_numbers(conn, {op.op_id.device_id for op in new_ops})
        insert_rows(
            conn,
            f"{INSERT} ops (device, seq, hlc, author, kind, entity_type, entity_id, body)",
            [(numbers[op.op_id.device_id], *op_row(op, encoded.get(key))[1:]) for key, op in known.items()],
        )
    return BatchResult(len(new_ops), len(ops) - len(new_ops), touched, tuple(merged))


def refold(conn: Connection, entity_ids: Sequence[str]) -> None:
    """Rebuild the derived rows of ``entity_ids`` from their ops in the log (after a purge)."""
    ops: list[Op] = []
    for part in chunks(entity_ids):
        marks = ", ".join("?" * len(part))
        ops.extend(
            op_from_row(tuple(row))
            for row in conn.execute(
                f"SELECT {OP_COLUMNS} FROM {LOG} WHERE o.entity_id IN ({marks})", tuple(part)
            )
        )
        conn.execute(f"DELETE FROM register_values WHERE entity_id IN ({marks})", tuple(part))
        conn.execute(f"DELETE FROM superseded WHERE entity_id IN ({marks})", tuple(part))
        conn.execute(f"DELETE FROM records WHERE id IN ({marks})", tuple(part))
    if ops:
        known = {str(op.op_id): op for op in ops}
        _fold_and_write(conn, ops, known, lambda _key: False, True, {})


def op_from_row(row: tuple[Any, ...]) -> Op:
    """An op as read with ``OP_COLUMNS``."""
    device_id, seq, hlc, author, kind, entity_type, entity_id, body = row
    data = json.loads(body)
    return Op(
        OpId(device_id, int(seq)),
        hlc,
        author,
        kind,
        entity_type,
        entity_id,
        data["fields"],
        data["deps"],
        bool(data.get("purged")),
    )


def refold_all(conn: Connection, ops: Sequence[Op]) -> int:
    """Rebuild every derived table from ``ops`` (the whole log, already stored)."""
    for table in ("register_values", "superseded", "search_index", "records", "type_changes"):
        conn.execute(f"DELETE FROM {table}")
    with _cache_for(conn, len(ops)):
        known = {str(op.op_id): op for op in ops}
        _fold_and_write(conn, ops, known, lambda _key: False, True, {})
    return len(ops)


# -- which ops are new ----------------------------------------------------------------------------


def _new_ops(conn: Connection, ops: Sequence[Op]) -> list[Op]:
    """The ops not yet in the log, each once; a repeated op id must repeat the same op."""
    incoming: dict[tuple[str, int], Op] = {}
    for op in ops:
        key = (op.op_id.device_id, op.op_id.seq)
        seen = incoming.setdefault(key, op)
        if seen is not op and op_row(seen) != op_row(op):
            raise _changed_op(op.op_id)
    by_device: dict[str, list[int]] = {}
    for device_id, seq in incoming:
        by_device.setdefault(device_id, []).append(seq)
    for device_id, seqs in by_device.items():
        rows = conn.execute(
            f"SELECT {OP_COLUMNS} FROM {LOG} WHERE d.device_id = ? AND o.seq BETWEEN ? AND ?",
            (device_id, min(seqs), max(seqs)),
        )
        for row in rows:
            key = (device_id, int(row[1]))
            if key in incoming and op_row(incoming.pop(key)) != tuple(row):
                raise _changed_op(OpId(*key))
    return list(incoming.values())


def device_numbers(conn: Connection, device_ids: set[str]) -> dict[str, int]:
    """Each device's local number in the log, numbering the ones seen for the first time."""
    numbers = {str(device_id): int(n) for n, device_id in conn.execute("SELECT n, device_id FROM devices")}
    for device_id in sorted(device_ids - numbers.keys()):
        cursor = conn.execute("INSERT INTO devices (device_id) VALUES (?)", (device_id,))
        numbers[device_id] = int(cursor.lastrowid or 0)
    return numbers


def _changed_op(op_id: OpId) -> ValidationError:
    return ValidationError(
        f"Change {op_id.seq} from device {op_id.device_id} arrived again with different content. "
        "Nothing was imported; ask the sender for a new export."
    )


def _in_log(conn: Connection, key: str) -> bool:
    op_id = OpId.parse(key)
    found = conn.execute(
        f"SELECT 1 FROM {LOG} WHERE d.device_id = ? AND o.seq = ?", (op_id.device_id, op_id.seq)
    ).fetchone()
    return found is not None


class _cache_for:
    """A page cache sized for a batch of ``count`` ops, put back afterwards."""

    def __init__(self, conn: Connection, count: int) -> None:
        self.conn = conn
        store_kib = int(conn.execute("PRAGMA page_count").fetchone()[0]) * 4
        self.kib = min(CACHE_KIB_MAX, max(CACHE_KIB_MIN, store_kib // 2 + count * CACHE_KIB_PER_OP))
        self.previous = 0

    def __enter__(self) -> None:
        self.previous = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
        previous_kib = -self.previous if self.previous < 0 else self.previous * 4  # pages of 4 KiB
        if self.kib > previous_kib:
            self.conn.execute(f"PRAGMA cache_size = -{self.kib}")

    def __exit__(self, *exc: object) -> None:
        self.conn.execute(f"PRAGMA cache_size = {self.previous}")


# -- folding ---------------------------------------------------------------------------------------


def _fold_and_write(
    conn: Connection,
    ops: Sequence[Op],
    known: dict[str, Op],
    folded_before: Callable[[str], bool],
    fresh_ids: bool,
    encoded: dict[str, str],
) -> tuple[int, list[str]]:
    """Fold ``ops`` into the record tables; ``encoded`` receives each plain create's fields JSON.

    Returns how many records were written and the ids of those that were here before.
    """
    ordered = sorted(ops, key=lambda op: (op.hlc, op.op_id.device_id, op.op_id.seq))
    by_entity: dict[str, list[Op]] = {}
    for op in ordered:
        by_entity.setdefault(op.entity_id, []).append(op)
    superseded = _superseded_for(conn, list(known))
    late_ops = {s[0] for s in superseded}

    def op_meta(key: str) -> tuple[str, str]:
        op = known.get(key)
        if op is not None:
            return op.hlc, op.author
        op_id = OpId.parse(key)
        row = conn.execute(
            f"SELECT o.hlc, o.author FROM {LOG} WHERE d.device_id = ? AND o.seq = ?",
            (op_id.device_id, op_id.seq),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    context = FoldContext(folded_before, superseded, op_meta)
    latest: dict[str, str] = {}
    for op in ordered:
        latest[op.entity_type] = op.hlc  # ``ordered`` is by HLC: the last one is the latest
    must_load = [
        eid for eid, its in by_entity.items() if not fresh_ids or any(op.kind != "create" for op in its)
    ]
    loaded = _load(conn, must_load)
    writer = _Writer(conn)
    merged: list[str] = []
    for entity_id, its in by_entity.items():
        first = its[0]
        current = loaded.get(entity_id)
        if current is not None:
            merged.append(entity_id)
        if (
            current is None
            and len(its) == 1
            and first.kind == "create"
            and not first.deps
            and not first.purged
        ):
            key = str(first.op_id)
            if key not in late_ops:
                encoded[key] = writer.add_plain(first)
                continue
        entity = current or Entity(entity_id, first.entity_type)
        for op in its:
            if op.entity_type != entity.type:
                raise ValidationError(
                    f"A change to record {entity_id} calls it a {op.entity_type}, but it is a "
                    f"{entity.type}. Nothing was imported."
                )
            fold(entity, op, str(op.op_id), context)
        writer.add(entity, settle(entity, context))
    writer.flush(context, latest)
    return len(by_entity), merged


def _superseded_for(conn: Connection, keys: list[str]) -> set[tuple[str, str, str]]:
    """(op, entity, field) of the incoming ops that a write already here has replaced."""
    found: set[tuple[str, str, str]] = set()
    if conn.execute("SELECT 1 FROM superseded LIMIT 1").fetchone() is None:
        return found
    for part in chunks(keys):
        marks = ", ".join("?" * len(part))
        rows = conn.execute(f"SELECT op, entity_id, field FROM superseded WHERE op IN ({marks})", tuple(part))
        found.update((str(a), str(b), str(c)) for a, b, c in rows)
    return found


def _load(conn: Connection, ids: list[str]) -> dict[str, Entity]:
    rows: list[tuple[Any, ...]] = []
    for part in chunks(ids):
        marks = ", ".join("?" * len(part))
        rows.extend(conn.execute(f"SELECT {ROW_COLUMNS} FROM records WHERE id IN ({marks})", tuple(part)))
    conflicts: dict[str, list[tuple[Any, ...]]] = {}
    for part in chunks([str(row[1]) for row in rows if row[5]]):
        marks = ", ".join("?" * len(part))
        for row in conn.execute(
            "SELECT entity_id, field, op, hlc, author, value FROM register_values "
            f"WHERE entity_id IN ({marks})",
            tuple(part),
        ):
            conflicts.setdefault(str(row[0]), []).append(tuple(row[1:]))
    creates = creates_of(conn, [str(row[1]) for row in rows if row[4] is None])
    return {
        str(row[1]): Entity.from_row(row, conflicts.get(str(row[1]), []), creates.get(str(row[1])))
        for row in rows
    }


def creates_of(conn: Connection, ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """(op id, fields) of the create of each record in ``ids``.

    For a record whose ``heads`` is NULL that create is its one op and heads every field.
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for part in chunks(ids):
        marks = ", ".join("?" * len(part))
        for entity_id, device_id, seq, body in conn.execute(
            f"SELECT o.entity_id, d.device_id, o.seq, o.body FROM {LOG} "
            f"WHERE o.entity_id IN ({marks}) AND o.kind = 'create'",
            tuple(part),
        ):
            found[str(entity_id)] = (f"{device_id}:{seq}", sorted(json.loads(body)["fields"]))
    return found


class _Writer:
    """Collects the rows of a batch and writes each table with one statement."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.next_rid = int(conn.execute("SELECT coalesce(max(rid), 0) FROM records").fetchone()[0]) + 1
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[Any, ...]] = []
        self.search: list[tuple[int, str, str]] = []
        self.unsearch: list[tuple[int]] = []
        self.clear_conflicts: list[tuple[str]] = []
        self.conflicts: list[tuple[Any, ...]] = []

    def _rid(self) -> int:
        rid = self.next_rid
        self.next_rid += 1
        return rid

    def add_plain(self, op: Op) -> str:
        """Queue a plain create; returns its fields' JSON for the log row."""
        fields_json = canonical(op.fields)
        params, text = plain_create(op, fields_json)
        rid = self._rid()
        self.inserts.append((rid, *params))
        if text:
            self.search.append((rid, op.entity_type, text))
        return fields_json

    def add(self, entity: Entity, folded: Folded) -> None:
        params = folded.record_params(entity)
        if entity.rid is None:
            entity.rid = self._rid()
            self.inserts.append((entity.rid, *params))
        else:
            self.updates.append((*params[2:], entity.rid))
            self.unsearch.append((entity.rid,))
        if entity.had_conflicts:
            self.clear_conflicts.append((entity.id,))
        self.conflicts.extend((entity.id, *row) for row in folded.conflict_rows)
        text = search_text(entity.type, folded.data, entity.deleted)
        if text:
            self.search.append((entity.rid, entity.type, text))

    def flush(self, context: FoldContext, latest: dict[str, str]) -> None:
        run = self.conn.executemany
        insert_rows(self.conn, f"{INSERT} records (rid, {', '.join(WRITE_COLUMNS)})", self.inserts)
        run(f"UPDATE records SET {_UPDATED} WHERE rid = ?", self.updates)
        run("DELETE FROM search_index WHERE rowid = ?", self.unsearch)
        run("INSERT INTO search_index (rowid, type, body) VALUES (?, ?, ?)", self.search)
        run("DELETE FROM register_values WHERE entity_id = ?", self.clear_conflicts)
        run("INSERT INTO register_values VALUES (?, ?, ?, ?, ?, ?)", self.conflicts)
        run(
            "INSERT OR IGNORE INTO superseded (op, entity_id, field) VALUES (?, ?, ?)", context.new_superseded
        )
        run("DELETE FROM superseded WHERE op = ? AND entity_id = ? AND field = ?", context.consumed)
        run(
            "INSERT INTO type_changes (type, hlc) VALUES (?, ?) "
            "ON CONFLICT(type) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
            sorted(latest.items()),
        )
