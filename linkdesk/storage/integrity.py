"""Integrity checks shared by ``verify``, backups and restores: pages, structure, audit chain."""

from __future__ import annotations

from linkdesk.storage import audit
from linkdesk.storage.connection import Connection, DatabaseError


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


def copy_problems(conn: Connection) -> list[str]:
    """What is wrong with a copy of a store (a backup being made or restored): damage, then the
    audit chain; empty when it is sound."""
    return damage(conn) or audit.verify_chain(conn)
