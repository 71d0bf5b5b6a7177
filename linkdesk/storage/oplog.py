"""The operation log and its fold into the record tables (D3).

One apply path serves local writes, imported operations and a full replay:

* ``record``: append an op to the log (ignored if its op id is already there);
* ``fold``: bring the registers, the ``records`` row and the search index up to date with it.

Each field of each record is a multi-value register. An op that sets a field names in its
``deps`` the values its author saw; those are superseded. Two writes that did not see each other
both stay current, which is a conflict until someone resolves it. A delete is a tombstone: no
write, older or concurrent, brings the record back. Folding is commutative and idempotent, so
any order of the same ops gives the same state.
"""

from __future__ import annotations

import json
from typing import Any

from linkdesk.domain.hlc import Hlc
from linkdesk.domain.records import Op, OpId
from linkdesk.domain.schema import TYPES
from linkdesk.storage.connection import Connection


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def op_body(op: Op) -> str:
    return canonical({"fields": op.fields, "deps": op.deps})


def op_from_row(row: tuple[Any, ...]) -> Op:
    device_id, seq, hlc, author, kind, entity_type, entity_id, body = row
    data = json.loads(body)
    return Op(
        OpId(device_id, int(seq)), hlc, author, kind, entity_type, entity_id, data["fields"], data["deps"]
    )


OP_COLUMNS = "device_id, seq, hlc, author, kind, entity_type, entity_id, body"


def record(conn: Connection, op: Op) -> bool:
    """Append ``op`` to the log; False when it was already there (a duplicate import)."""
    cursor = conn.execute(
        f"INSERT OR IGNORE INTO ops ({OP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            op.op_id.device_id,
            op.op_id.seq,
            op.hlc,
            op.author,
            op.kind,
            op.entity_type,
            op.entity_id,
            op_body(op),
        ),
    )
    return bool(cursor.rowcount)


def fold(conn: Connection, op: Op) -> None:
    """Bring the derived tables up to date with one op."""
    op_key = str(op.op_id)
    conn.execute(
        "INSERT INTO records (id, type, created_hlc, updated_hlc) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET created_hlc = min(created_hlc, excluded.created_hlc), "
        "updated_hlc = max(updated_hlc, excluded.updated_hlc)",
        (op.entity_id, op.entity_type, op.hlc, op.hlc),
    )
    if op.kind == "delete":
        conn.execute("UPDATE records SET deleted = 1 WHERE id = ?", (op.entity_id,))
        conn.execute(
            "DELETE FROM search_index WHERE rowid = (SELECT rowid FROM records WHERE id = ?)", (op.entity_id,)
        )
    for field, value in op.fields.items():
        for dep in op.deps.get(field, []):
            conn.execute(
                "DELETE FROM register_values WHERE entity_id = ? AND field = ? AND op = ?",
                (op.entity_id, field, dep),
            )
            conn.execute("INSERT OR IGNORE INTO superseded VALUES (?, ?, ?)", (op.entity_id, field, dep))
        late = conn.execute(
            "SELECT 1 FROM superseded WHERE entity_id = ? AND field = ? AND op = ?",
            (op.entity_id, field, op_key),
        ).fetchone()
        if not late:
            conn.execute(
                "INSERT OR IGNORE INTO register_values VALUES (?, ?, ?, ?, ?, ?)",
                (op.entity_id, field, op_key, op.hlc, op.author, canonical(value)),
            )
    if op.fields:
        refresh_record(conn, op.entity_id)


def refresh_record(conn: Connection, entity_id: str) -> None:
    """Recompute a record's winning values, conflicts and search text from its registers."""
    data: dict[str, Any] = {}
    conflicted: list[str] = []
    rows = conn.execute(
        "SELECT field, value, hlc, op FROM register_values WHERE entity_id = ? "
        "ORDER BY field, hlc DESC, op DESC",
        (entity_id,),
    ).fetchall()
    seen: dict[str, int] = {}
    for field, value, _hlc, _op in rows:
        seen[field] = seen.get(field, 0) + 1
        if seen[field] == 1:
            decoded = json.loads(value)
            if decoded is not None:
                data[field] = decoded
        elif seen[field] == 2:
            conflicted.append(field)
    row = conn.execute("SELECT rowid, type, deleted FROM records WHERE id = ?", (entity_id,)).fetchone()
    rowid, entity_type, deleted = row
    conn.execute(
        "UPDATE records SET data = ?, conflicted = ? WHERE rowid = ?",
        (canonical(data), ",".join(conflicted), rowid),
    )
    index_for_search(conn, rowid, entity_type, data, bool(deleted))


def index_for_search(
    conn: Connection, rowid: int, entity_type: str, data: dict[str, Any], deleted: bool
) -> None:
    conn.execute("DELETE FROM search_index WHERE rowid = ?", (rowid,))
    rtype = TYPES.get(entity_type)
    if rtype is None or deleted:
        return
    text = " ".join(str(data[f.name]) for f in rtype.fields if f.searchable and data.get(f.name))
    if text:
        conn.execute(
            "INSERT INTO search_index (rowid, type, body) VALUES (?, ?, ?)", (rowid, entity_type, text)
        )


def apply(conn: Connection, op: Op) -> bool:
    """Record and fold one op (local or imported); False when it was a duplicate."""
    if not record(conn, op):
        return False
    fold(conn, op)
    return True


def replay(conn: Connection) -> int:
    """Rebuild every derived table from the log alone; returns the number of ops folded."""
    conn.execute("DELETE FROM register_values")
    conn.execute("DELETE FROM superseded")
    conn.execute("DELETE FROM search_index")
    conn.execute("DELETE FROM records")
    count = 0
    for row in conn.execute(f"SELECT {OP_COLUMNS} FROM ops ORDER BY hlc, device_id, seq").fetchall():
        fold(conn, op_from_row(row))
        count += 1
    return count


class DeviceClock:
    """This device's op sequence and hybrid logical clock, kept in the store."""

    def __init__(self, conn: Connection, device_id: str) -> None:
        self.conn = conn
        self.device_id = device_id

    def next(self, now_millis: int) -> tuple[OpId, str]:
        """The next op id and HLC; call inside the write's transaction."""
        row = self.conn.execute(
            "SELECT last_seq, hlc FROM device_clock WHERE device_id = ?", (self.device_id,)
        ).fetchone()
        last_seq, last_hlc = (0, Hlc(0, 0)) if row is None else (int(row[0]), Hlc.decode(row[1]))
        stamp = last_hlc.tick(now_millis)
        self._save(last_seq + 1, stamp)
        return OpId(self.device_id, last_seq + 1), stamp.encode()

    def observe(self, remote_hlc: str, now_millis: int) -> None:
        """Move the clock past an imported op's timestamp."""
        row = self.conn.execute(
            "SELECT last_seq, hlc FROM device_clock WHERE device_id = ?", (self.device_id,)
        ).fetchone()
        last_seq, last_hlc = (0, Hlc(0, 0)) if row is None else (int(row[0]), Hlc.decode(row[1]))
        self._save(last_seq, last_hlc.receive(Hlc.decode(remote_hlc), now_millis))

    def _save(self, seq: int, stamp: Hlc) -> None:
        self.conn.execute(
            "INSERT INTO device_clock (device_id, last_seq, hlc) VALUES (?, ?, ?) "
            "ON CONFLICT(device_id) DO UPDATE SET last_seq = excluded.last_seq, hlc = excluded.hlc",
            (self.device_id, seq, stamp.encode()),
        )
