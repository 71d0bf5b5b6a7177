"""The SQL authorizer: paths to a plaintext, logged or weakened copy of the store are denied.

SQLCipher encrypts the main file and its journals, nothing else. ``ATTACH`` (the first half of
the ``sqlcipher_export`` recipe), ``sqlcipher_export`` itself, ``load_extension`` and
``VACUUM INTO`` can each write the records somewhere LinkDesk does not control, and PRAGMAs
that weaken the settings asserted at open (``temp_store=FILE``, ``synchronous=OFF``...) would
undo them. Backups use the SQLite backup API between two keyed connections, which needs none
of these, so the denial holds everywhere, the backup module included.

Cipher PRAGMAs: every ``cipher_*`` PRAGMA given a value is denied (``cipher_profile`` and
``cipher_log`` write every statement or trace to a file; others change the HMAC, KDF, page size,
header or defaults for later connections), as are ``cipher_migrate`` and the other ``ALWAYS_DENIED``
ones even without a value. Reading a setting (``PRAGMA cipher_version``) and
``cipher_integrity_check`` stay allowed. ``rekey`` is allowed only by ``rekey_only``, the
authorizer that ``storage/rekey.py`` puts on the connection for that one statement.
"""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

DENIED_FUNCTIONS = frozenset({"sqlcipher_export", "load_extension", "readfile", "writefile"})

#: PRAGMAs that may be read but never set once the store is open (besides every ``cipher_*``).
GUARDED_PRAGMAS = frozenset(
    {
        "temp_store",
        "temp_store_directory",
        "journal_mode",
        "synchronous",
        "secure_delete",
        "foreign_keys",
        "key",
        "rekey",
        "hexkey",
        "hexrekey",
        "textkey",
        "textrekey",
        "writable_schema",
        "trusted_schema",
        "mmap_size",
        "data_store_directory",
        "kdf_iter",
        "fast_kdf_iter",
        "locking_mode",
    }
)

#: PRAGMAs denied even when only "read": reading them acts (migrates, re-keys or starts a log).
ALWAYS_DENIED = frozenset(
    {
        "cipher_migrate",
        "cipher_profile",
        "cipher_log",
        "cipher_log_level",
        "cipher_log_source",
        "cipher_add_random",
    }
)


DENY: int = int(sqlcipher.SQLITE_DENY)
OK: int = int(sqlcipher.SQLITE_OK)


def _pragma_denied(name: str, value: str | None) -> bool:
    if name in ALWAYS_DENIED:
        return True
    if value is None:
        return False
    return name in GUARDED_PRAGMAS or name.startswith("cipher_")


def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    """SQLite authorizer callback; see ``sqlite3_set_authorizer``."""
    if action in (sqlcipher.SQLITE_ATTACH, sqlcipher.SQLITE_DETACH):
        return DENY
    if action == sqlcipher.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return DENY
    if action == sqlcipher.SQLITE_PRAGMA and _pragma_denied((arg1 or "").lower(), arg2):
        return DENY
    return OK


def rekey_only(action: int, arg1: str | None, arg2: str | None, db: str | None, _trigger: str | None) -> int:
    """The rekey path's authorizer: ``PRAGMA [main.]rekey = <key>`` and nothing else."""
    if (
        action == sqlcipher.SQLITE_PRAGMA
        and (arg1 or "").lower() == "rekey"
        and arg2 is not None
        and db in (None, "main")
    ):
        return OK
    return DENY
