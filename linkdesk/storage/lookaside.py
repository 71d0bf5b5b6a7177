"""A larger lookaside pool for each store connection, so memory security stays cheap.

With ``cipher_memory_security`` on, SQLCipher ``mlock``s every block SQLite allocates and wipes
and ``munlock``s it when freed: two system calls per allocation. SQLite's lookaside (a pool
each connection allocates once, so SQLCipher locks it once and wipes it at close) serves small
allocations without the allocator, but its default of 48 KB is used up by one multi-row
INSERT's bound values or one FTS5 query, and then every allocation goes to the kernel
(docs/benchmarks.md). A pool of 2 MB keeps most of them in locked memory that is already held.

Freed slots are wiped when the connection closes (at lock, idle lock and quit), not at each
free, as for SQLite's default pool (the decision for security.md R12: memory security stays on).

The ``sqlcipher3`` driver does not expose ``sqlite3_db_config``, so it is called through
``ctypes`` on the driver's own library, with the ``sqlite3 *`` the driver keeps first in its
connection object (``pysqlite_Connection``, unchanged since pysqlite 2; the driver's version is
pinned and ``tests/storage/test_lookaside.py`` checks that the pool takes). Before the pool is set
the handle must name the file just opened, and where any step is unavailable (a build that does
not export SQLite's symbols) the connection keeps SQLite's default pool: slower, never wrong.
"""

from __future__ import annotations

import ctypes
import logging
import os
from functools import cache
from pathlib import Path

import sqlcipher3._sqlite3 as driver
from sqlcipher3.dbapi2 import Connection

logger = logging.getLogger(__name__)

#: ``SQLITE_DBCONFIG_LOOKASIDE`` from sqlite3.h.
_DBCONFIG_LOOKASIDE = 1001
#: Slot size and count: 512-byte slots (SQLite carves 128-byte ones from the same pool), 2 MB in all.
SLOT_BYTES, SLOTS = 512, 4000


@cache
def _library() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL(driver.__file__)
        configure, filename = lib.sqlite3_db_config, lib.sqlite3_db_filename
    except (OSError, AttributeError):
        return None
    # The fixed arguments are declared, as ctypes needs for variadic functions on Apple arm64.
    configure.argtypes = [ctypes.c_void_p, ctypes.c_int]
    configure.restype = ctypes.c_int
    filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    filename.restype = ctypes.c_char_p
    return lib


def _handle(conn: Connection) -> int | None:
    """The connection's ``sqlite3 *``: the first field after the object header."""
    header = ctypes.sizeof(ctypes.c_ssize_t) + ctypes.sizeof(ctypes.c_void_p)
    return ctypes.c_void_p.from_address(id(conn) + header).value


def _same_file(opened: str, path: Path) -> bool:
    try:
        return os.path.samefile(opened, path)
    except OSError:
        return False


def enlarge(conn: Connection, path: Path) -> bool:
    """Give ``conn`` (opened on ``path``, no statement run yet) the larger pool; True if it took."""
    lib = _library()
    handle = _handle(conn) if lib is not None else None
    if lib is None or handle is None:
        return False
    opened = lib.sqlite3_db_filename(handle, b"main")
    if not opened or not _same_file(os.fsdecode(opened), path):
        logger.warning(
            "The database engine's connection layout is not the one expected; default memory pool kept."
        )
        return False
    code = lib.sqlite3_db_config(
        handle, _DBCONFIG_LOOKASIDE, None, ctypes.c_int(SLOT_BYTES), ctypes.c_int(SLOTS)
    )
    return bool(code == 0)
