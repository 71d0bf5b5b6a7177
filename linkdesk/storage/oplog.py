"""The operation log (D3): ops in, the record tables as their fold.

Every change is an op with an id ``(device, seq)``, a hybrid logical clock and, for each field it
sets, the ops whose values its author saw (``deps``). ``batch.apply_batch`` is the one path that
appends ops and folds them (see ``fold`` for the registers); this module adds the single-op
form, the replay that rebuilds every derived table from the log (and ``derived_state``, those
tables as rows to compare with a replay), and this device's clock.
"""

from __future__ import annotations

import json
from typing import Any

from linkdesk.domain.hlc import Hlc
from linkdesk.domain.records import Op, OpId
from linkdesk.storage.batch import LOG, LOG_ORDER, OP_COLUMNS, apply_batch, op_from_row, refold_all
from linkdesk.storage.connection import Connection
from linkdesk.storage.fold import WRITE_COLUMNS, canonical

__all__ = ["LOG", "LOG_ORDER", "OP_COLUMNS", "DeviceClock", "apply", "derived_state", "op_from_row", "replay"]


def apply(conn: Connection, op: Op, *, fresh: bool = False) -> bool:
    """Record and fold one op; False when it was already in the log."""
    return apply_batch(conn, [op], fresh_ids=fresh).new == 1


def all_ops(conn: Connection) -> list[Op]:
    """The whole log in HLC order."""
    rows = conn.execute(f"SELECT {OP_COLUMNS} FROM {LOG} ORDER BY {LOG_ORDER}")
    return [op_from_row(row) for row in rows]


def replay(conn: Connection) -> int:
    """Rebuild every derived table from the log alone; returns the number of ops folded."""
    return refold_all(conn, all_ops(conn))


class DeviceClock:
    """This device's op sequence and hybrid logical clock, kept in the store."""

    def __init__(self, conn: Connection, device_id: str) -> None:
        self.conn = conn
        self.device_id = device_id

    def _load(self) -> tuple[int, Hlc]:
        row = self.conn.execute(
            "SELECT last_seq, hlc FROM device_clock WHERE device_id = ?", (self.device_id,)
        ).fetchone()
        return (0, Hlc(0, 0)) if row is None else (int(row[0]), Hlc.decode(row[1]))

    def next(self, now_millis: int) -> tuple[OpId, str]:
        """The next op id and HLC; call inside the write's transaction."""
        [stamp] = self.reserve(1, now_millis)
        return stamp

    def reserve(self, count: int, now_millis: int) -> list[tuple[OpId, str]]:
        """The next ``count`` op ids and HLCs, with one clock update (a batch of local writes)."""
        last_seq, last_hlc = self._load()
        stamps = []
        for index in range(1, count + 1):
            last_hlc = last_hlc.tick(now_millis)
            stamps.append((OpId(self.device_id, last_seq + index), last_hlc.encode()))
        if count:
            self._save(last_seq + count, last_hlc)
        return stamps

    def observe(self, remote_hlc: str, now_millis: int) -> None:
        """Move the clock past an imported op's timestamp."""
        last_seq, last_hlc = self._load()
        self._save(last_seq, last_hlc.receive(Hlc.decode(remote_hlc), now_millis))

    def _save(self, seq: int, stamp: Hlc) -> None:
        self.conn.execute(
            "INSERT INTO device_clock (device_id, last_seq, hlc) VALUES (?, ?, ?) "
            "ON CONFLICT(device_id) DO UPDATE SET last_seq = excluded.last_seq, hlc = excluded.hlc",
            (self.device_id, seq, stamp.encode()),
        )


def derived_state(conn: Any) -> dict[str, dict[str, str]]:
    """Every derived row keyed by record id (and field, op), independent of row numbers."""
    records = {
        str(row[0]): canonical([row[1], json.loads(row[2]), row[3] and json.loads(row[3]), *row[4:]])
        for row in conn.execute(f"SELECT {', '.join(WRITE_COLUMNS)} FROM records")
    }
    changes = {str(row[0]): str(row[1]) for row in conn.execute("SELECT type, hlc FROM type_changes")}
    registers = {
        f"{row[0]}:{row[1]}:{row[2]}": canonical(list(row[3:]))
        for row in conn.execute("SELECT entity_id, field, op, hlc, author, value FROM register_values")
    }
    superseded = {
        f"{row[1]}:{row[2]}:{row[0]}": ""
        for row in conn.execute("SELECT op, entity_id, field FROM superseded")
    }
    search = {
        str(row[0]): canonical(list(row[1:]))
        for row in conn.execute(
            "SELECT r.id, s.type, s.body FROM search_index s JOIN records r ON r.rid = s.rowid"
        )
    }
    return {
        "records": records,
        "register_values": registers,
        "superseded": superseded,
        "search_index": search,
        "type_changes": changes,
    }
