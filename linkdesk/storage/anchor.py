"""The audit head anchored outside the database, so a shortened log is noticed.

The audit chain shows an event edited or removed from the middle, but not events removed from
the end, nor committed transactions that a damaged write-ahead log silently drops: the shorter
store is still a valid chain. So the store writes its audit head (last event's sequence number
and hash) and the size of its op log, under an HMAC keyed from the database key, into the key
file and (where a trusted one is in use) the OS keychain: at every close, before every backup
and, while work is being written, every few minutes (``Store.anchor_if_due``, run after a
write has committed, never inside one). ``verify`` and every unlock then check that each
anchored event is still there, unchanged, and that no change has gone. Someone holding the
database key can forge an anchor, as they can anything else in the store; the anchor defends
against loss and against tampering by someone without it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from linkdesk.domain.ports import SecretStore
from linkdesk.errors import KeychainUnavailable
from linkdesk.storage.connection import Connection

logger = logging.getLogger(__name__)

#: Where an anchor is kept, as the messages name it.
KEY_FILE, KEYCHAIN = "key file", "keychain"

_MAC_INFO = b"linkdesk audit anchor v1"

#: The store setting for how often, at most, work in progress is anchored (minutes), and its bounds.
ANCHOR_MINUTES_SETTING = "anchor_minutes"
DEFAULT_ANCHOR_MINUTES, ANCHOR_MINUTES_RANGE = 5, (1, 60)


def anchor_minutes(value: str | None) -> int:
    """The stored interval clamped to its range; the default when missing or unreadable."""
    try:
        minutes = int(value) if value is not None and value.strip() else DEFAULT_ANCHOR_MINUTES
    except ValueError:
        return DEFAULT_ANCHOR_MINUTES
    low, high = ANCHOR_MINUTES_RANGE
    return max(low, min(high, minutes))


def _mac(dbk: bytes, store_id: str, body: dict[str, Any]) -> str:
    key = hmac.new(dbk, _MAC_INFO, hashlib.sha256).digest()
    message = json.dumps({"store_id": store_id, **body}, sort_keys=True).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _head(conn: Connection) -> tuple[int, str, int]:
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    ops = int(conn.execute("SELECT count(*) FROM ops").fetchone()[0])
    return (int(row[0]), str(row[1]), ops) if row else (0, "", ops)


def make_anchor(conn: Connection, dbk: bytes, store_id: str, at: datetime) -> dict[str, Any]:
    """The anchor of the store as it is now (in the caller's view of the database)."""
    seq, head, ops = _head(conn)
    body: dict[str, Any] = {"seq": seq, "hash": head, "ops": ops, "at": at.isoformat(timespec="seconds")}
    return {**body, "mac": _mac(dbk, store_id, body)}


def mac_holds(dbk: bytes, store_id: str, anchor: dict[str, Any]) -> bool:
    """Whether ``anchor`` was made by this store under ``dbk``."""
    body = {k: anchor.get(k) for k in ("seq", "hash", "ops", "at")}
    return hmac.compare_digest(str(anchor.get("mac", "")), _mac(dbk, store_id, body))


def anchor_problems(
    conn: Connection, dbk: bytes, store_id: str, anchor: dict[str, Any] | None, where: str = KEY_FILE
) -> list[str]:
    """What the store has lost since it was anchored (in the ``where``), in plain sentences; empty
    when nothing."""
    if anchor is None:
        return []
    if not mac_holds(dbk, store_id, anchor):
        return [
            f"audit anchor: the {where}'s record of this store's audit log has been altered or "
            "belongs to another store"
        ]
    seq, ops = int(anchor.get("seq") or 0), int(anchor.get("ops") or 0)
    when = f"{str(anchor.get('at'))[:16].replace('T', ' ')}, as the {where} records"
    problems = []
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone() if seq else None
    if seq and (row is None or str(row[0]) != anchor.get("hash")):
        last, _, _ = _head(conn)
        problems.append(
            f"audit anchor: the log held {seq} events when the store was last anchored ({when}) but "
            f"now ends at {last} or differs there: events were removed, or work was lost from the "
            "write-ahead log"
        )
    held = _head(conn)[2]
    if held < ops:
        problems.append(
            f"op log: {ops} changes were held when the store was last anchored ({when}), only {held} "
            "now: changes were removed or lost"
        )
    return problems


def all_anchor_problems(
    conn: Connection, dbk: bytes, store_id: str, anchors: Mapping[str, dict[str, Any] | None]
) -> list[str]:
    """``anchor_problems`` for each place an anchor is kept: the store is refused if any shows a loss."""
    return [
        p for where, anchor in anchors.items() for p in anchor_problems(conn, dbk, store_id, anchor, where)
    ]


# -- the copy in the OS keychain (where a trusted one is in use) ------------------------------------


def keychain_item(store_id: str, device_id: str) -> str:
    """One item per store and device: a restored copy is a new device and starts without one."""
    return f"audit-anchor/{store_id}/{device_id}"


def read_keychain_anchor(secrets: SecretStore, store_id: str, device_id: str) -> dict[str, Any] | None:
    """The anchor kept in the keychain; None when there is no trusted keychain or no entry."""
    if not secrets.available():
        return None
    try:
        raw = secrets.get(keychain_item(store_id, device_id))
    except KeychainUnavailable:
        logger.warning("The keychain did not answer for the audit anchor; the key file's is checked")
        return None
    if raw is None:
        return None
    try:
        found = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        found = None
    return found if isinstance(found, dict) else {}  # something unreadable fails the MAC, plainly


def write_keychain_anchor(
    secrets: SecretStore, store_id: str, device_id: str, anchor: dict[str, Any]
) -> None:
    """Keep a copy of ``anchor`` in the keychain when a trusted one is in use (best effort)."""
    if not secrets.available():
        return
    try:
        secrets.put(keychain_item(store_id, device_id), json.dumps(anchor, sort_keys=True).encode())
    except KeychainUnavailable:
        logger.warning("The audit anchor could not be kept in the keychain; the key file holds it")
