"""Integrity checks shared by ``verify``, backups and restores: pages, structure, audit chain."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from linkdesk.storage import audit, migrate
from linkdesk.storage.anchor import all_anchor_problems
from linkdesk.storage.batch import STUB_BODY
from linkdesk.storage.connection import Connection, DatabaseError, open_readonly


def damage(conn: Connection) -> list[str]:
    """SQLCipher page HMACs and SQLite structure; empty when every page is intact."""
    try:
        problems = [f"page check: {row[0]}" for row in conn.execute("PRAGMA cipher_integrity_check")]
        if problems:
            return problems
        result = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except DatabaseError as exc:
        return [f"the store cannot be read ({exc})"]
    return [] if result == ["ok"] else [f"structure: {line}" for line in result]


#: The triggers that keep the audit log and the op log append-only: the table each guards and
#: the schema version that brought it (a store being backed up before a migration lacks later ones).
APPEND_ONLY = {
    "audit_log_no_update": ("audit_log", 1),
    "audit_log_no_delete": ("audit_log", 1),
    "ops_no_update": ("ops", 4),
    "ops_no_delete": ("ops", 8),
}


def guard_problems(conn: Connection) -> list[str]:
    """Append-only guards that are missing or no longer refuse: someone has been at the schema."""
    found = {
        str(name): (str(table), str(sql or ""))
        for name, table, sql in conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    version = migrate.schema_version(conn)
    problems = []
    if version >= PURGE_GATE_SINCE:
        problems += _purge_gate_problems(conn, found.get("ops_no_update", ("", ""))[1])
    for name, (table, since) in APPEND_ONLY.items():
        held = found.get(name)
        if since > version:
            continue
        if held is None or held[0] != table or "RAISE(ABORT" not in held[1].upper().replace(" ", ""):
            problems.append(
                f"schema: the guard that keeps {table} append-only ({name}) is missing or altered"
            )
    return problems


#: The schema version whose op-log guard lets only the purge path, holding the gate, stub an op.
PURGE_GATE_SINCE = 9
#: What the UPDATE guard must still say from then on: the gate, and the one stub body it allows.
_GATE_CLAUSES = ("NOT EXISTS (SELECT 1 FROM purge_gate)", f"NEW.body IS NOT '{STUB_BODY}'")


def _purge_gate_problems(conn: Connection, update_guard: str) -> list[str]:
    problems = []
    if any(clause not in update_guard for clause in _GATE_CLAUSES):
        problems.append("schema: the guard that lets only a purge stub the op log (ops_no_update) is altered")
    if int(conn.execute("SELECT count(*) FROM purge_gate").fetchone()[0]):
        problems.append("schema: the purge gate is open outside a purge")
    return problems


def copy_problems(conn: Connection) -> list[str]:
    """What is wrong with a copy of a store (a backup being made or restored): damage, then the
    append-only guards and the audit chain; empty when it is sound."""
    return damage(conn) or guard_problems(conn) + audit.verify_chain(conn)


#: Page cache of the unlock check, which reads the op log's index once to count it: with memory
#: security each cached page is a locked allocation wiped at close, and SQLite's default 2 MB
#: only held pages that are not read again (unlocking the large demo: 50 ms, 27 ms with this).
SCAN_CACHE_KIB = 256


def preflight(
    path: Path, key: bytes, store_id: str, anchors: Mapping[str, dict[str, Any] | None], *, pages: bool
) -> list[str]:
    """Checks made on a read-only connection before a store is opened for writing: work lost
    since an anchor (each place it is kept; cheap, every unlock) and, with ``pages``, every page
    and the structure (``verify``). Whatever is found, the store has not been written."""
    conn = open_readonly(path, key)
    try:
        if not pages:
            conn.execute(f"PRAGMA cache_size = -{SCAN_CACHE_KIB}")
        problems = damage(conn) if pages else []
        if not problems:
            try:
                problems = all_anchor_problems(conn, key, store_id, anchors)
            except DatabaseError as exc:
                problems = [f"the store cannot be read ({exc})"]
    finally:
        conn.close()
    return problems
