"""What an unlock refuses before it writes anything (issue 22): a key file whose seal was removed,
and a store that lost work since one of its audit anchors (the key file's, the keychain's).

Each refusal is a ``StoreDamaged`` in plain words that says nothing was changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linkdesk.domain.ports import SecretStore
from linkdesk.errors import StoreDamaged
from linkdesk.storage.anchor import KEY_FILE, KEYCHAIN, anchor_problems, mac_holds, read_keychain_anchor
from linkdesk.storage.connection import Connection
from linkdesk.storage.integrity import preflight
from linkdesk.storage.keyfile import KeyFile, seal_expected

Anchors = dict[str, dict[str, Any] | None]


def anchors_of(keyfile: KeyFile, secrets: SecretStore) -> Anchors:
    """The audit anchors kept for this store: the key file's and, if any, the keychain's."""
    return {
        KEY_FILE: keyfile.anchor,
        KEYCHAIN: read_keychain_anchor(secrets, keyfile.store_id, keyfile.device_id),
    }


def refuse_lost_work(path: Path, dbk: bytearray, keyfile: KeyFile, anchors: Anchors, pages: bool) -> None:
    """Refuse, before anything is written, a store that lost work since it was last anchored (and,
    with ``pages``, one with a damaged page): opening it for writing would checkpoint its
    write-ahead log and anchor the loss as if nothing had happened."""
    problems = preflight(path, bytes(dbk), keyfile.store_id, anchors, pages=pages)
    if problems:
        raise damaged(problems)


def refuse_losses(conn: Connection, keyfile: KeyFile, anchors: Anchors, keys: list[bytearray]) -> None:
    """Refuse a store mid-rekey that lost work since an anchor made under either of ``keys``."""
    problems = []
    for where, anchor in anchors.items():
        if anchor is None:
            continue
        key = next((k for k in keys if mac_holds(bytes(k), keyfile.store_id, anchor)), keys[0])
        problems += anchor_problems(conn, bytes(key), keyfile.store_id, anchor, where)
    if problems:
        raise damaged(problems)


def refuse_unsealed(conn: Connection, keyfile: KeyFile) -> bool:
    """Refuse an unsealed key file for a store whose key files are sealed (the seal was removed,
    to get an edit accepted); returns whether the store's key files are sealed."""
    sealed = seal_expected(conn)
    if sealed and not keyfile.seal:
        raise StoreDamaged(
            "The key file has been altered: its seal was removed, though this store's key files are "
            "sealed. The store was not opened; your passphrase was right. Nothing was changed. "
            "Restore from a backup with 'linkdesk restore'."
        )
    return sealed


def damaged(problems: list[str]) -> StoreDamaged:
    return StoreDamaged(
        "The store is damaged: " + "; ".join(problems[:3]) + ". Nothing was changed. Restore the "
        "latest backup with 'linkdesk restore' (the damaged store is kept beside it)."
    )
