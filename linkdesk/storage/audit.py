"""The hash-chained audit log: who did what to which record, never what the record says.

Each event's hash is SHA-256 over the previous hash and the event's canonical JSON, so removing,
reordering or editing any event breaks the chain from that point; triggers make the table
append-only. Details are restricted to counts, flags, identifiers and vocabulary words, so no
clinical text can be written into the log by mistake.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from linkdesk.storage.connection import Connection

GENESIS = "0" * 64

ACTIONS = frozenset(
    {
        "create",
        "update",
        "delete",
        "purge",
        "view",
        "export",
        "import",
        "print",
        "unlock",
        "unlock_failed",
        "lock",
        "init",
        "backup",
        "restore",
        "migrate",
        "passphrase_changed",
        "recovery_code_rotated",
        "kdf_raised",
        "rekeyed",
        "recovered",
        "settings",
    }
)

_SAFE_TEXT = re.compile(r"^[A-Za-z0-9_.:@/+\-]{0,400}$")


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str
    device_id: str
    actor: str
    action: str
    entity_type: str | None
    entity_id: str | None
    detail: str
    prev_hash: str
    hash: str


def _check_detail(detail: dict[str, object]) -> str:
    for key, value in detail.items():
        if not _SAFE_TEXT.match(key):
            raise ValueError(f"audit detail key {key!r} is not an identifier")
        if isinstance(value, str) and not _SAFE_TEXT.match(value):
            raise ValueError("audit details hold identifiers and vocabulary words only, never free text")
        if not isinstance(value, (str, int, float, bool, type(None))):
            raise ValueError("audit detail values must be scalars")
    return json.dumps(detail, sort_keys=True, separators=(",", ":"))


def _digest(prev_hash: str, fields: list[object]) -> str:
    payload = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def append(
    conn: Connection,
    *,
    at: datetime,
    device_id: str,
    actor: str,
    action: str,
    entity_type: str | None = None,
    entity_id: str | None = None,
    detail: dict[str, object] | None = None,
) -> str:
    """Add one event inside the caller's transaction; returns its hash."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    detail_json = _check_detail(detail or {})
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (1, GENESIS) if row is None else (int(row[0]) + 1, str(row[1]))
    stamp = at.isoformat(timespec="microseconds")
    digest = _digest(prev, [seq, stamp, device_id, actor, action, entity_type, entity_id, detail_json])
    conn.execute(
        "INSERT INTO audit_log (seq, at, device_id, actor, action, entity_type, entity_id, detail,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, stamp, device_id, actor, action, entity_type, entity_id, detail_json, prev, digest),
    )
    return digest


def events(conn: Connection) -> list[AuditEvent]:
    rows = conn.execute(
        "SELECT seq, at, device_id, actor, action, entity_type, entity_id, detail, prev_hash, hash"
        " FROM audit_log ORDER BY seq"
    ).fetchall()
    return [AuditEvent(*row) for row in rows]


def events_about(conn: Connection, entity_ids: Iterable[str]) -> list[AuditEvent]:
    """The events whose subject is one of ``entity_ids``, in order (one pass over the log)."""
    rows = conn.execute(
        "SELECT seq, at, device_id, actor, action, entity_type, entity_id, detail, prev_hash, hash"
        " FROM audit_log WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY seq",
        (json.dumps(sorted(set(entity_ids))),),
    ).fetchall()
    return [AuditEvent(*row) for row in rows]


def verify_chain(conn: Connection) -> list[str]:
    """Problems found in the chain, as plain sentences; empty when it is intact."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    for event in events(conn):
        if event.seq != expected_seq:
            problems.append(f"audit event {expected_seq} is missing (next found is {event.seq})")
        fields: list[object] = [
            event.seq,
            event.at,
            event.device_id,
            event.actor,
            event.action,
            event.entity_type,
            event.entity_id,
            event.detail,
        ]
        if event.prev_hash != prev or _digest(prev, fields) != event.hash:
            problems.append(f"audit event {event.seq} does not match the chain (altered or out of order)")
            break
        prev = event.hash
        expected_seq = event.seq + 1
    return problems
