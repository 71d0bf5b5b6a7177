"""The SQL authorizer: paths to a plaintext or unaudited copy of the store are denied.

SQLCipher encrypts the main file and its journals, nothing else. ``ATTACH`` (the first half of
the ``sqlcipher_export`` recipe), ``sqlcipher_export`` itself, ``load_extension`` and
``VACUUM INTO`` can each write the records somewhere LinkDesk does not control, and PRAGMAs
that weaken the settings asserted at open (``temp_store=FILE``, ``synchronous=OFF``...) would
undo them. Backups use the SQLite backup API between two keyed connections, which needs none
of these, so the denial holds everywhere, the backup module included.
"""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

DENIED_FUNCTIONS = frozenset({"sqlcipher_export", "load_extension", "readfile", "writefile"})

#: PRAGMAs that may be read but never set once the store is open.
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
        "cipher_plaintext_header_size",
        "cipher_use_hmac",
        "cipher_page_size",
        "cipher_memory_security",
        "cipher_compatibility",
        "cipher_default_plaintext_header_size",
        "writable_schema",
        "trusted_schema",
        "mmap_size",
        "data_store_directory",
        "cipher_kdf_iter",
        "kdf_iter",
    }
)


DENY: int = int(sqlcipher.SQLITE_DENY)
OK: int = int(sqlcipher.SQLITE_OK)


def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    """SQLite authorizer callback; see ``sqlite3_set_authorizer``."""
    if action in (sqlcipher.SQLITE_ATTACH, sqlcipher.SQLITE_DETACH):
        return DENY
    if action == sqlcipher.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return DENY
    if action == sqlcipher.SQLITE_PRAGMA and (arg1 or "").lower() in GUARDED_PRAGMAS and arg2 is not None:
        return DENY
    return OK
