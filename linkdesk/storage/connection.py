"""Opening the SQLCipher store: raw key, required PRAGMAs asserted on every open (D1).

A store that opens with anything other than the settings below is refused: LinkDesk never
works on a store whose encryption, durability or temp-file behaviour it cannot vouch for.
"""

from __future__ import annotations

import errno
import logging
import shutil
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlcipher3.dbapi2 import Connection, DatabaseError

from linkdesk.errors import DiskFull, InsecureStore, LinkDeskError, ReadOnlyStorage, StoreDamaged
from linkdesk.storage import lookaside
from linkdesk.storage.authorizer import authorize

logger = logging.getLogger(__name__)

#: Below this much free space an I/O error is reported as a full disk (SQLite often says only "I/O error").
LOW_SPACE_BYTES = 4 * 1024 * 1024

__all__ = ["Connection", "DatabaseError", "open_store"]

#: Set at every open, in this order (key first is done separately).
OPEN_PRAGMAS = (
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
)

#: What each open must read back. Values are compared as lower-case strings.
REQUIRED_PRAGMAS = {
    "cipher_plaintext_header_size": "0",
    "cipher_use_hmac": "1",
    "cipher_hmac_algorithm": "hmac_sha512",
    "cipher_page_size": "4096",
    "temp_store": "2",
    "journal_mode": "wal",
    "synchronous": "2",
    "foreign_keys": "1",
    "secure_delete": "1",
    # mlock'd memory, wiped with random bytes when freed (reported "1" when on)
    "cipher_memory_security": "1",
}


def open_store(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or create) the store at ``path`` with the raw 32-byte ``key``.

    Raises StoreDamaged when the file cannot be read with a key that is known to be right,
    InsecureStore when a required PRAGMA does not hold, and DiskFull / ReadOnlyStorage for
    the matching OS conditions.
    """
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    if not create and not path.exists():
        raise StoreDamaged(f"The store file {path} is missing.")
    try:
        conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher.Error as exc:
        raise translate_error(exc, path) from exc
    lookaside.enlarge(conn, path)  # before any statement: the pool can only change while unused
    try:
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        # Off by default since SQLCipher 4.5.0; once on it stays on for the process (CHANGELOG 4.5.0).
        conn.execute("PRAGMA cipher_memory_security = ON").fetchall()
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in OPEN_PRAGMAS:
            conn.execute(pragma).fetchall()
        assert_pragmas(conn)
        conn.enable_load_extension(False)
        conn.set_authorizer(authorize)
    except LinkDeskError:
        conn.close()
        raise
    except sqlcipher.Error as exc:
        conn.close()
        raise translate_error(exc, path) from exc
    return conn


def open_readonly(path: Path, key: bytes) -> Connection:
    """The store opened read-only, for the checks made before anything is written.

    A read-only connection cannot write, so closing it never checkpoints the write-ahead log into
    the database (closing the last read-write connection does): a store found damaged is left
    byte for byte as it was, with the evidence of what it lost.
    """
    if not path.exists():
        raise StoreDamaged(f"The store file {path} is missing.")
    try:
        conn = sqlcipher.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlcipher.Error as exc:
        raise translate_error(exc, path) from exc
    try:
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.set_authorizer(authorize)
    except sqlcipher.Error as exc:
        conn.close()
        raise translate_error(exc, path) from exc
    return conn


def read_pragma(conn: Connection, name: str) -> str:
    row = conn.execute(f"PRAGMA {name}").fetchone()
    return "" if row is None else str(row[0]).lower()


def assert_pragmas(conn: Connection) -> None:
    """Refuse the store unless every security and durability setting of D1 holds."""
    version = read_pragma(conn, "cipher_version")
    if not version.startswith("4."):
        raise InsecureStore(f"This store needs SQLCipher 4; the installed engine reports '{version}'.")
    for name, wanted in REQUIRED_PRAGMAS.items():
        actual = read_pragma(conn, name)
        if actual != wanted:
            raise InsecureStore(
                f"The store's setting '{name}' is '{actual}' where LinkDesk requires '{wanted}'; "
                "it will not be opened."
            )


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def translate_error(exc: BaseException, path: Path) -> LinkDeskError:
    """Map an engine or OS error to a plain-English LinkDesk error."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    full = code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "disk is full" in text or "disk full" in text
    if full or ("i/o error" in text and _nearly_full(path.parent)):
        return DiskFull(
            f"The disk holding {path.parent} is full. Nothing was saved by this step; "
            "free some space and try again."
        )
    if code == errno.EROFS or "readonly" in text or "read-only" in text:
        return ReadOnlyStorage(
            f"The data folder {path.parent} is read-only, so LinkDesk cannot work there. Nothing was changed."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text or "hmac" in text:
        return StoreDamaged(
            f"The store file {path.name} is damaged and cannot be read. Nothing was changed. "
            "Restore it from a backup with 'linkdesk restore'."
        )
    if "unable to open" in text or isinstance(exc, OSError):
        return ReadOnlyStorage(f"LinkDesk could not open {path}: {exc}. Nothing was changed.")
    logger.error("storage error on %s: %s", path.name, type(exc).__name__)
    return StoreDamaged(f"The store could not be used ({exc}). Nothing was changed.")


def checkpoint_and_close(conn: Connection) -> None:
    """Fold the WAL back into the main file and close; the ``-wal`` file is never deleted by hand."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlcipher.Error as exc:  # a busy or read-only checkpoint is not data loss
        logger.warning("checkpoint on close failed: %s", exc)
    finally:
        conn.close()


def query_all(conn: Connection, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(sql, params).fetchall()]
