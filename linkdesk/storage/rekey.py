"""The one path that changes the store's database key: ``PRAGMA rekey`` under its own authorizer.

Everywhere else the authorizer denies ``rekey`` (and every PRAGMA that changes cipher settings).
Here the connection's authorizer is swapped, for one statement, for ``authorizer.rekey_only``,
which allows that single PRAGMA on the main database and nothing else; the usual one is put back
however the statement ends. SQLCipher rewrites every page under the new key in one write
transaction (WAL mode included), so a failure leaves the store under the old key. Only
``Store.rekey`` calls this (a test checks that nothing else names ``rekey_only``); it makes the
new wraps first and audits the change.
"""

from __future__ import annotations

from linkdesk.errors import InsecureStore
from linkdesk.storage.authorizer import authorize, rekey_only
from linkdesk.storage.connection import Connection, assert_pragmas


def reencrypt(conn: Connection, new_key: bytes) -> None:
    """Re-encrypt the open store in place under the raw 32-byte ``new_key``."""
    if len(new_key) != 32:
        raise ValueError("the database key must be 32 bytes")
    if conn.in_transaction:
        raise InsecureStore("The store cannot be re-encrypted in the middle of a change.")
    conn.set_authorizer(rekey_only)
    try:
        conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"").fetchall()
    finally:
        conn.set_authorizer(authorize)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert_pragmas(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
