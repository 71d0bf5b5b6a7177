"""Each store connection gets SQLite's larger lookaside pool, and nothing breaks where it cannot."""

from __future__ import annotations

import ctypes
import secrets
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from linkdesk.storage import lookaside
from linkdesk.storage.connection import open_store

#: ``SQLITE_DBSTATUS_LOOKASIDE_USED`` from sqlite3.h.
LOOKASIDE_USED = 0
#: One statement binding 500 values, as a batch write does.
BIG_INSERT = "INSERT INTO t VALUES " + ", ".join(["(?, ?)"] * 250)


def slots_high_water(conn: sqlcipher.Connection) -> int:
    """The most lookaside slots ``conn`` has had in use at once."""
    library = lookaside._library()
    assert library is not None
    status = library.sqlite3_db_status
    status.argtypes = [ctypes.c_void_p, ctypes.c_int, *[ctypes.POINTER(ctypes.c_int)] * 2, ctypes.c_int]
    current, highest = ctypes.c_int(), ctypes.c_int()
    assert (
        status(lookaside._handle(conn), LOOKASIDE_USED, ctypes.byref(current), ctypes.byref(highest), 0) == 0
    )
    return highest.value


def fill(conn: sqlcipher.Connection) -> int:
    conn.execute("CREATE TABLE t (a TEXT, b TEXT)")
    conn.execute(BIG_INSERT, ["a note" * 20, "a longer note" * 25] * 250)
    return slots_high_water(conn)


def test_a_store_connection_serves_a_batch_from_its_larger_pool(tmp_path: Path) -> None:
    plain = sqlcipher.connect(str(tmp_path / "plain.db"))
    store = open_store(tmp_path / "store.db", secrets.token_bytes(32), create=True)
    try:
        default_capacity = fill(plain)  # the default pool runs out: every slot was in use
        assert fill(store) > 3 * default_capacity
    finally:
        plain.close()
        store.close()


def test_the_pool_is_only_changed_before_the_connection_is_used(tmp_path: Path) -> None:
    conn = sqlcipher.connect(str(tmp_path / "a.db"))
    try:
        assert lookaside.enlarge(conn, tmp_path / "a.db")
        conn.execute("SELECT 1").fetchall()
        assert not lookaside.enlarge(conn, tmp_path / "a.db")  # in use: SQLite keeps the pool it has
    finally:
        conn.close()


def test_a_handle_that_does_not_name_the_file_opened_is_not_used(tmp_path: Path) -> None:
    conn = sqlcipher.connect(str(tmp_path / "a.db"))
    try:
        assert not lookaside.enlarge(conn, tmp_path / "elsewhere.db")
        assert conn.execute("SELECT 40 + 2").fetchone() == (42,)
    finally:
        conn.close()
