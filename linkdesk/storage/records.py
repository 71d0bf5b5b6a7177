"""The record repository: local writes as ops, and the queries the services need.

Validation lives in the domain and services; this module turns a checked change into an op,
applies it through ``batch.apply_batch`` and answers queries from the folded ``records`` table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from linkdesk.domain.ids import Uuid7Source
from linkdesk.domain.op_checks import check_ops
from linkdesk.domain.records import Applied, Conflict, ConflictValue, Keep, Op, OpId, Record
from linkdesk.domain.retention import Footprint
from linkdesk.errors import ValidationError
from linkdesk.storage import lookups, oplog, purge, search_terms
from linkdesk.storage.batch import apply_batch, chunks, creates_of
from linkdesk.storage.fold import COLUMN_FIELDS, canonical
from linkdesk.storage.lookups import record_from_row as _record_from_row
from linkdesk.storage.oplog import DeviceClock
from linkdesk.storage.search_terms import match_query

if TYPE_CHECKING:
    from linkdesk.storage.store import Store

T = TypeVar("T")


class RecordRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self.clock = DeviceClock(store.conn, store.device_id)
        self.ids = Uuid7Source()
        self._imports = 0  # imports that added ops since the store was opened (``change_token``)
        self._kept: dict[str, tuple[str, Any]] = {}

    # -- writes ---------------------------------------------------------------------------------

    def _new_op(
        self, kind: str, entity_type: str, entity_id: str, fields: dict[str, Any], deps: dict[str, list[str]]
    ) -> Op:
        op_id, hlc = self.clock.next(self._now_millis())
        return Op(op_id, hlc, self.store.actor, kind, entity_type, entity_id, fields, deps)

    def _now_millis(self) -> int:
        return int(self.store.clock.now().timestamp() * 1000)

    def new_id(self) -> str:
        return self.ids.next(self.store.clock.now())

    def create(self, entity_type: str, fields: dict[str, Any], record_id: str | None = None) -> Record:
        entity_id = record_id or self.new_id()
        with self.store.transaction():
            oplog.apply(self.conn, self._new_op("create", entity_type, entity_id, fields, {}), fresh=True)
            self.store.audit("create", entity_type, entity_id, fields="+".join(sorted(fields)))
        record = self.get(entity_id)
        assert record is not None
        return record

    def create_many(self, items: Sequence[tuple[str, dict[str, Any], str]]) -> int:
        """Add checked records ``(type, fields, new id)`` through the batch path: one audit event."""
        if not items:
            return 0
        with self.store.transaction():
            stamps = self.clock.reserve(len(items), self._now_millis())
            ops = [
                Op(op_id, hlc, self.store.actor, "create", entity_type, entity_id, fields, {})
                for (op_id, hlc), (entity_type, fields, entity_id) in zip(stamps, items, strict=True)
            ]
            apply_batch(self.conn, ops, fresh_ids=True)
            types = sorted({entity_type for entity_type, _, _ in items})
            self.store.audit("create", records=len(items), types="+".join(types))
        return len(items)

    def update(self, record: Record, fields: dict[str, Any]) -> Record:
        """Set fields; each replaces the values the person saw when ``record`` was read.

        A value that arrived since (an import) is not replaced but stays beside the new one, a
        visible conflict. A record made here without reading it back replaces what is current.
        """
        self._refuse_purged([record.id])
        with self.store.transaction():
            heads = self.seen_heads(record)
            deps = {name: heads.get(name, []) for name in fields}
            oplog.apply(self.conn, self._new_op("update", record.type, record.id, fields, deps), fresh=True)
            self.store.audit("update", record.type, record.id, fields="+".join(sorted(fields)))
        updated = self.get(record.id)
        assert updated is not None
        return updated

    def update_many(self, items: Sequence[tuple[Record, dict[str, Any]]]) -> int:
        """Set checked fields on many records through the batch path: one audit event.

        Each change replaces the values its record showed when read, as ``update`` does.
        """
        if not items:
            return 0
        self._refuse_purged([record.id for record, _ in items])
        with self.store.transaction():
            stamps = self.clock.reserve(len(items), self._now_millis())
            ops = []
            for (op_id, hlc), (record, fields) in zip(stamps, items, strict=True):
                heads = self.seen_heads(record)
                deps = {name: heads.get(name, []) for name in fields}
                ops.append(Op(op_id, hlc, self.store.actor, "update", record.type, record.id, fields, deps))
            apply_batch(self.conn, ops, fresh_ids=True)
            types = sorted({record.type for record, _ in items})
            self.store.audit("update", records=len(items), types="+".join(types))
        return len(items)

    def delete(self, record: Record) -> None:
        """A tombstone naming the values the person saw, so an edit they had not seen stays findable."""
        self._refuse_purged([record.id])
        with self.store.transaction():
            deps = {name: ops for name, ops in sorted(self.seen_heads(record).items()) if ops}
            oplog.apply(self.conn, self._new_op("delete", record.type, record.id, {}, deps), fresh=True)
            self.store.audit("delete", record.type, record.id)

    def _refuse_purged(self, ids: Sequence[str]) -> None:
        """A purged record takes no more changes (they would bring content back into the log)."""
        gone = purge.purged_ids(self.conn).intersection(ids)
        if gone:
            raise ValidationError(
                f"Record {min(gone)} was purged under the retention policy; it cannot be changed."
            )

    def apply_remote(self, ops: Sequence[Op]) -> Applied:
        """Check and apply imported ops in the caller's transaction.

        Every op is checked before anything is written (see ``domain.op_checks``); one bad op
        refuses the whole batch.
        """
        now = self._now_millis()
        check_ops(ops, now, self._types_of)
        screened, newly_purged = purge.screen(self.conn, ops)
        purge.purge_stored(self.conn, newly_purged)
        result = apply_batch(self.conn, screened)
        if result.new:
            self._imports += 1
            self.clock.observe(max(op.hlc for op in ops), now)
        return Applied(result.new, result.merged, len(newly_purged))

    def purge(self, cyp_id: str, **detail: Any) -> int:
        """Purge a case and every record reachable from it (a purge op, audited); returns how many
        records were purged. The caller checks the case may be purged, then calls ``scrub``."""
        record = self.get(cyp_id)
        if record is None or record.type != "cyp":
            raise ValidationError(f"There is no case (CYP record) with id {cyp_id}.")
        if cyp_id in purge.purged_ids(self.conn):
            raise ValidationError(f"Case {cyp_id} has already been purged.")
        return self._purge(cyp_id, **detail)

    def carry_purges(self, cyp_ids: Iterable[str]) -> int:
        """Purge again (a purge op of this device each, held here or not, so the purge reaches the
        team) the cases the store a restore replaced had purged; returns how many records went."""
        todo = sorted(set(cyp_ids) - purge.purged_ids(self.conn))
        return sum(self._purge(cyp_id, carried_over_restore=True) for cyp_id in todo)

    def _purge(self, cyp_id: str, **detail: Any) -> int:
        with self.store.transaction():
            already = purge.purged_ids(self.conn)
            newly = purge.closure(self.conn, already | {cyp_id}) - already
            purge.purge_stored(self.conn, newly)
            oplog.apply(self.conn, self._new_op("purge", "cyp", cyp_id, {}, {}), fresh=True)
            self.store.audit("purge", "cyp", cyp_id, records=len(newly), **detail)
        return len(newly)

    def footprints(self, cyp_ids: Sequence[str]) -> dict[str, Footprint]:
        """For each case, its records and their changes (what a purge of it would remove)."""
        return purge.footprints(self.conn, cyp_ids)

    def purged(self) -> set[str]:
        """The ids of every record purged here."""
        return purge.purged_ids(self.conn)

    def scrub(self) -> None:
        """After a purge: fold the WAL into the file and empty it, so no old page remains there."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _types_of(self, ids: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in chunks(sorted(set(ids))):
            marks = ", ".join("?" * len(part))
            rows = self.conn.execute(f"SELECT id, type FROM records WHERE id IN ({marks})", tuple(part))
            found.update((str(i), str(t)) for i, t in rows)
        return found

    def heads(self, record_id: str) -> dict[str, list[str]]:
        """For each field, the ops whose values are current (two or more: a conflict)."""
        row = self.conn.execute("SELECT heads, conflicted FROM records WHERE id = ?", (record_id,)).fetchone()
        return {} if row is None else self._expand_heads(record_id, row[0] or "", bool(row[1]))

    def seen_heads(self, record: Record) -> dict[str, list[str]]:
        """The heads as they were when ``record`` was read (the current ones if it was not read)."""
        if record.seen is None:
            return self.heads(record.id)
        return self._expand_heads(record.id, record.seen, bool(record.conflicted))

    def _expand_heads(self, record_id: str, heads_text: str, conflicted: bool) -> dict[str, list[str]]:
        """``heads_text`` ("" for a record only its create has touched) as {field: [op ids]}."""
        current: dict[str, list[str]] = {}
        heads = json.loads(heads_text) if heads_text else dict(creates_of(self.conn, [record_id]).values())
        for op, names in heads.items():
            for name in names:
                current[name] = [op]
        if conflicted:
            for name, op in self.conn.execute(
                "SELECT field, op FROM register_values WHERE entity_id = ? ORDER BY field, op", (record_id,)
            ):
                current.setdefault(str(name), []).append(str(op))
        return current

    # -- reads ----------------------------------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        row = self.conn.execute(
            "SELECT id, type, data, conflicted, deleted, heads FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return None if row is None else _record_from_row(row)

    def find(
        self, entity_type: str, where: dict[str, Any] | None = None, *, include_deleted: bool = False
    ) -> list[Record]:
        """Current records of a type whose fields equal ``where``, sorted by id."""
        sql = ["SELECT id, type, data, conflicted, deleted, heads FROM records WHERE type = ?"]
        params: list[Any] = [entity_type]
        if not include_deleted:
            sql.append("AND deleted = 0")
        for name, value in (where or {}).items():
            if not lookups.FIELD_NAME.match(name):
                raise ValueError(f"bad field name {name!r}")
            sql.append(
                f"AND {name} = ?" if name in COLUMN_FIELDS else f"AND json_extract(data, '$.{name}') IS ?"
            )
            params.append(value)
        sql.append("ORDER BY id")
        return [_record_from_row(r) for r in self.conn.execute(" ".join(sql), params)]

    def each(
        self, entity_type: str, keep: Keep | None = None, include_deleted: bool = False
    ) -> Iterator[Record]:
        """Current records of a type one at a time, unsorted (``lookups.each``)."""
        return lookups.each(self.conn, entity_type, keep, include_deleted)

    def find_any(
        self, entity_type: str, field: str, values: Iterable[Any], keep: Keep | None = None
    ) -> list[Record]:
        """Current records of a type whose ``field`` is any of ``values``, sorted by id; with
        ``keep``, only those whose fields it accepts (see ``find_linked``)."""
        return self.find_linked((entity_type,), field, values, {entity_type: keep} if keep else {})[
            entity_type
        ]

    def find_linked(
        self,
        entity_types: Sequence[str],
        field: str,
        values: Iterable[Any],
        keep: Mapping[str, Keep] | None = None,
    ) -> dict[str, list[Record]]:
        """Each type's records whose ``field`` is any of ``values``, by id (``lookups.linked``)."""
        return lookups.linked(self.conn, entity_types, field, values, keep)

    def find_dated(self, entity_type: str, first: str, last: str) -> list[Record]:
        """Current records of a type whose ``date`` lies in [first, last] (ISO dates), by date."""
        rows = self.conn.execute(
            "SELECT id, type, data, conflicted, deleted, heads FROM records WHERE type = ? "
            "AND date BETWEEN ? AND ? AND deleted = 0 ORDER BY date, id",
            (entity_type, first, last),
        )
        return [_record_from_row(r) for r in rows]

    def change_token(self, entity_type: str) -> str:
        """Differs whenever a record of the type may have changed: a write here takes a newer clock
        reading than any before it, but an import can bring older ones, so each import counts too."""
        row = self.conn.execute("SELECT hlc FROM type_changes WHERE type = ?", (entity_type,)).fetchone()
        return f"{'' if row is None else row[0]}/{self._imports}"

    def change_tokens(self) -> dict[str, str]:
        """``change_token`` of every type that has records (type -> token)."""
        rows = self.conn.execute("SELECT type, hlc FROM type_changes")
        return {str(kind): f"{hlc}/{self._imports}" for kind, hlc in rows}

    def kept(self, name: str, entity_type: str, build: Callable[[], T]) -> T:
        """``build()``, made again only once a record of ``entity_type`` has changed; kept until
        the store closes (a view derived from a whole type, shared by every job)."""
        token = self.change_token(entity_type)
        found = self._kept.get(name)
        if found is None or found[0] != token:
            found = self._kept[name] = (token, build())
        return cast(T, found[1])

    def forget(self) -> None:
        """Drop everything ``kept`` (at close: it may hold every child's names)."""
        self._kept.clear()

    def count(self, entity_type: str, at_most: int | None = None) -> int:
        """Current records of a type, counting no further than ``at_most`` (``lookups.count``)."""
        return lookups.count(self.conn, entity_type, at_most)

    def history(self, record_id: str) -> list[Op]:
        rows = self.conn.execute(
            f"SELECT {oplog.OP_COLUMNS} FROM {oplog.LOG} WHERE o.entity_id = ? ORDER BY {oplog.LOG_ORDER}",
            (record_id,),
        )
        return [oplog.op_from_row(r) for r in rows]

    def all_ops(self) -> list[Op]:
        """The whole log in HLC order (for replication and tests)."""
        return oplog.all_ops(self.conn)

    def ops_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM ops").fetchone()[0])

    def conflicts(self) -> list[Conflict]:
        rows = self.conn.execute(
            "SELECT r.id, r.type, v.field, v.value, v.op, v.hlc, v.author FROM records r "
            "INDEXED BY records_conflicted JOIN register_values v ON v.entity_id = r.id "
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

    def hidden_by_delete(self) -> list[Conflict]:
        """Values written to records that someone deleted without having seen them.

        The tombstone wins, but such a change is listed (with its content) rather than vanishing.
        A delete names the values its author saw; deletes from before that was so name none and
        hide nothing here.
        """
        hidden: list[Conflict] = []
        for record_id, record_type, data, heads_text, conflicted in self.conn.execute(
            "SELECT id, type, data, heads, conflicted FROM records INDEXED BY records_deleted "
            "WHERE deleted = 1"
        ).fetchall():
            deletes = [op for op in self.history(record_id) if op.kind == "delete" and op.deps]
            if not deletes:
                continue
            seen = {(name, op) for d in deletes for name, ops in d.deps.items() for op in ops}
            values = json.loads(data)
            rows = {
                (str(f), str(op)): json.loads(v)
                for f, op, v in self.conn.execute(
                    "SELECT field, op, value FROM register_values WHERE entity_id = ?", (record_id,)
                )
            }
            for name, ops in sorted(
                self._expand_heads(record_id, heads_text or "", bool(conflicted)).items()
            ):
                unseen = [op for op in ops if (name, op) not in seen]
                if unseen:
                    found = tuple(
                        ConflictValue(rows.get((name, op), values.get(name)), op, *self._op_meta(op))
                        for op in unseen
                    )
                    hidden.append(Conflict(record_id, record_type, name, found))
        return hidden

    def _op_meta(self, key: str) -> tuple[str, str]:
        op_id = OpId.parse(key)
        row = self.conn.execute(
            f"SELECT o.hlc, o.author FROM {oplog.LOG} WHERE d.device_id = ? AND o.seq = ?",
            (op_id.device_id, op_id.seq),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    def search(self, query: str, limit: int = 50) -> list[tuple[Record, str]]:
        """Records matching every word of ``query`` (prefixes, accents ignored), newest first.

        Newest first rather than by relevance: it is what a clinician looking for a recent note
        expects, and it lets SQLite stop after ``limit`` hits instead of ranking every match.
        """
        match = match_query(self.conn, query)
        if not match:
            return []
        rows = self.conn.execute(
            "SELECT r.id, r.type, r.data, r.conflicted, r.deleted, r.heads, hits.snip FROM ("
            "  SELECT rowid, snippet(search_index, 1, '[', ']', '…', 12) AS snip FROM search_index"
            "  WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?"
            ") AS hits JOIN records r ON r.rid = hits.rowid ORDER BY r.rid DESC",
            (match, limit),
        ).fetchall()
        return [(_record_from_row(row[:6]), str(row[6])) for row in rows]

    def search_matches(self, query: str, limit: int = 50) -> list[tuple[int, str, bool]]:
        """What ``search`` finds, as (row id, type, deleted), newest first: enough to group and
        count hits without reading a record (``records_by_rid`` and ``snippets`` read those shown)."""
        match = match_query(self.conn, query)
        if not match:
            return []
        rows = self.conn.execute(
            "SELECT r.rid, r.type, r.deleted FROM ("
            "  SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?"
            ") AS hits JOIN records r ON r.rid = hits.rowid ORDER BY r.rid DESC",
            (match, limit),
        ).fetchall()
        return [(int(rid), str(kind), bool(deleted)) for rid, kind, deleted in rows]

    def snippets(self, query: str, rids: Iterable[int]) -> dict[int, str]:
        """The words around ``query``'s matches (in [brackets]) in each of these search hits."""
        return search_terms.snippets(self.conn, query, rids)

    def records_by_rid(self, rids: Iterable[int]) -> dict[int, Record]:
        """The records with these row ids (as ``search_matches`` gives them)."""
        found: dict[int, Record] = {}
        for chunk in chunks(sorted(set(rids))):
            marks = ", ".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT id, type, data, conflicted, deleted, heads, rid FROM records WHERE rid IN ({marks})",
                chunk,
            )
            for row in rows:
                found[int(row[6])] = _record_from_row(row[:6])
        return found

    # -- canonical state ------------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """Every current record grouped by type and every open conflict, in canonical order.

        Only types that have records are listed, so a LinkDesk that knows more types gives the
        same bytes (and ``state-hash``) for the same records as one that knows fewer.
        """
        records: dict[str, list[dict[str, Any]]] = {}
        for row in self.conn.execute(
            "SELECT id, type, data, conflicted, deleted, heads FROM records WHERE deleted = 0 "
            "ORDER BY type, id"
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

    def replay_differences(self) -> list[str]:
        """How the derived tables differ from a fresh fold of the log (the replay is rolled back)."""
        before = oplog.derived_state(self.conn)
        try:
            with self.store.transaction():
                oplog.replay(self.conn)
                after = oplog.derived_state(self.conn)
                raise _Undo
        except _Undo:
            pass
        problems = []
        for table, rows in before.items():
            differ = sorted(set(rows.items()) ^ set(after[table].items()))
            if differ:
                problems.append(
                    f"{table}: {len({key for key, _ in differ})} row(s) differ from a replay of the "
                    f"operation log (first: {differ[0][0]})"
                )
        return problems


class _Undo(Exception):
    """Rolls back the trial replay of ``replay_differences``."""
