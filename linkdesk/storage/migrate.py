"""Numbered, forward-only migrations applied by ``PRAGMA user_version`` (style convention 4).

Each ``NNNN_name.sql`` runs in one transaction that also sets ``user_version``; an encrypted
backup is taken before the first pending migration of an existing store. A store whose
version is newer than this LinkDesk is refused with its own message: it is not damaged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from linkdesk.errors import SchemaTooNew
from linkdesk.storage.connection import Connection

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    folder = resources.files("linkdesk.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 0001, 0002, ... without gaps")
    return found


def latest_version() -> int:
    return len(available())


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: Connection, target: int | None = None) -> list[Migration]:
    current = schema_version(conn)
    known = latest_version()
    if current > known:
        raise SchemaTooNew(
            f"This store was written by a newer LinkDesk (data format {current}; this version knows "
            f"up to {known}). Install the newer LinkDesk to open it. The store has not been changed."
        )
    stop = known if target is None else target
    return [m for m in available() if current < m.version <= stop]


def migrate(
    conn: Connection, backup: Callable[[int, int], object] | None = None, target: int | None = None
) -> list[int]:
    """Apply pending migrations; ``backup(from, to)`` is called first when the store has data."""
    todo = pending(conn, target)
    if not todo:
        return []
    current = schema_version(conn)
    if current > 0 and backup is not None:
        backup(current, todo[-1].version)
    for migration in todo:
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
    return [m.version for m in todo]
