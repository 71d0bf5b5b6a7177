"""An unlocked store: the open connection, its key and the operations on the whole store.

Only one exists per data folder at a time (the instance lock). ``close()`` checkpoints the WAL,
closes the connection, zeroes the key and releases the lock.
"""

from __future__ import annotations

import contextlib
import getpass
import hmac
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from linkdesk.domain.ports import Clock, SecretStore
from linkdesk.domain.records import AccessEvent
from linkdesk.errors import StoreDamaged, ValidationError
from linkdesk.storage import audit, integrity, migrate, rekey
from linkdesk.storage.anchor import (
    ANCHOR_MINUTES_SETTING,
    KEY_FILE,
    KEYCHAIN,
    all_anchor_problems,
    anchor_minutes,
    make_anchor,
    read_keychain_anchor,
    write_keychain_anchor,
)
from linkdesk.storage.backup import write_backup
from linkdesk.storage.connection import Connection, DatabaseError, checkpoint_and_close, read_pragma
from linkdesk.storage.instance_lock import InstanceLock
from linkdesk.storage.keyfile import SEALED_META, KeyFile, PendingRekey
from linkdesk.storage.keys import (
    RECOMMENDED,
    KdfParams,
    check_new_passphrase,
    new_dbk,
    new_device_secret,
    new_recovery_code,
    seal_successor,
    unwrap_dbk,
    wrap_dbk,
    zero,
)
from linkdesk.storage.layout import StoreLayout
from linkdesk.storage.records import RecordRepository
from linkdesk.storage.team import TeamStore

EXPECTED_TABLES = frozenset(
    {
        "store_meta",
        "audit_log",
        "settings",
        "drafts",
        "ops",
        "records",
        "register_values",
        "superseded",
        "type_changes",
        "devices",
        "identity",
        "team_devices",
        "bundle_ledger",
        "purge_gate",
    }
)


def local_actor() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", name)[:40] or "unknown"


logger = logging.getLogger(__name__)


class Store:
    def __init__(
        self,
        layout: StoreLayout,
        conn: Connection,
        key: bytearray,
        keyfile: KeyFile,
        lock: InstanceLock,
        clock: Clock,
        secrets: SecretStore,
    ) -> None:
        self.layout = layout
        self.conn = conn
        self._key = key
        self.keyfile = keyfile
        self._lock = lock
        self.clock = clock
        self.secrets = secrets
        self.actor = local_actor()
        self._depth = 0
        self._records: RecordRepository | None = None
        self._team: TeamStore | None = None
        #: The lowest Argon2id cost for a new wrap (an organisation's floor); set by the vault.
        self.kdf_floor: KdfParams | None = None
        #: The cost every passphrase set or changed gets at least (the vault's, floor included).
        self.kdf: KdfParams = RECOMMENDED
        #: When the audit head was last anchored, and how many rows had been written by then.
        self._anchored_at = clock.now()
        self._anchored_changes = conn.total_changes

    # -- transactions and audit -------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One all-or-nothing unit of work; nested calls become savepoints of the outer one."""
        if self.conn.in_transaction:
            self._depth += 1
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            finally:
                self._depth -= 1
            self.conn.execute(f"RELEASE {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.execute("COMMIT")

    @property
    def records(self) -> RecordRepository:
        if self._records is None:
            self._records = RecordRepository(self)
        return self._records

    @property
    def team(self) -> TeamStore:
        if self._team is None:
            self._team = TeamStore(self)
        return self._team

    def audit(
        self, action: str, entity_type: str | None = None, entity_id: str | None = None, **detail: Any
    ) -> None:
        """Record an event; joins the caller's transaction if one is open."""
        with contextlib.ExitStack() as stack:
            if not self.conn.in_transaction:
                stack.enter_context(self.transaction())
            audit.append(
                self.conn,
                at=self.clock.now(),
                device_id=self.device_id,
                actor=self.actor,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                detail=detail,
            )

    # -- facts about the store ----------------------------------------------------------------

    @property
    def home(self) -> Path:
        """The data folder: outputs are never written inside it (see ``files.write_output``)."""
        return self.layout.home

    @property
    def device_id(self) -> str:
        return self.keyfile.device_id

    @property
    def store_id(self) -> str:
        return self.keyfile.store_id

    def schema_version(self) -> int:
        return migrate.schema_version(self.conn)

    def cipher_version(self) -> str:
        row = self.conn.execute("PRAGMA cipher_version").fetchone()
        return str(row[0])

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, self.clock.now().isoformat(timespec="seconds")),
            )
            self.audit("settings", "setting", key)

    def save_draft(self, name: str, body: str) -> None:
        """Keep unsaved work (JSON text) encrypted in the store, e.g. when locking."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO drafts (name, body, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                (name, body, self.clock.now().isoformat(timespec="seconds")),
            )

    def drafts(self) -> dict[str, str]:
        return {str(n): str(b) for n, b in self.conn.execute("SELECT name, body FROM drafts ORDER BY name")}

    def discard_draft(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE name = ?", (name,))

    def damage(self) -> list[str]:
        """SQLCipher page HMACs and SQLite structure; empty when every page is intact."""
        return integrity.damage(self.conn)

    def integrity_problems(self) -> list[str]:
        """Damage plus schema problems; empty when all is well."""
        problems = self.damage()
        if migrate.schema_version(self.conn) != migrate.latest_version():
            problems.append(
                f"schema: version {migrate.schema_version(self.conn)}, expected {migrate.latest_version()}"
            )
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems.extend(f"schema: table {name} is missing" for name in sorted(EXPECTED_TABLES - tables))
        return problems + integrity.guard_problems(self.conn)

    def verify(self, *, deep: bool = False) -> list[str]:
        """Problems found (empty when all is well); ``deep`` also replays the log against the records."""
        problems = self.integrity_problems() + audit.verify_chain(self.conn)
        if not problems:
            anchors = {
                KEY_FILE: self.keyfile.anchor,
                KEYCHAIN: read_keychain_anchor(self.secrets, self.store_id, self.device_id),
            }
            problems += all_anchor_problems(self.conn, bytes(self._key), self.store_id, anchors)
        if deep and not problems:
            problems += self.records.replay_differences()
        return problems

    def info(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.layout.home),
            "database": str(self.layout.database),
            "schema_version": self.schema_version(),
            "cipher_version": self.cipher_version(),
            "device_id": self.device_id,
            "store_id": self.store_id,
            "keychain": self.keyfile.keychain_backend
            if self.keyfile.passphrase_wrap.device_secret
            else "off",
            "service_name": self.setting("service_name", ""),
            "journal_mode": read_pragma(self.conn, "journal_mode"),
            "kdf": self.keyfile.passphrase_wrap.kdf.describe(),
        }

    def kdf_below_recommended(self) -> bool:
        """True when the passphrase wrap in use costs less to guess than a new one would."""
        return self.keyfile.passphrase_wrap.kdf.below(self.kdf)

    def kdf_warning(self) -> str | None:
        """Plain words for ``verify`` when the passphrase wrap is cheaper than recommended."""
        if not self.kdf_below_recommended():
            return None
        cost, wanted = self.keyfile.passphrase_wrap.kdf, self.kdf
        return (
            f"The passphrase protects the store's key with less key stretching than recommended "
            f"({cost.memory_kib:,} KiB and {cost.time_cost} pass(es), where {wanted.memory_kib:,} KiB and "
            f"{wanted.time_cost} are recommended), so a stolen copy is quicker to guess. Unlock in the "
            "app and accept the offer to strengthen it, or change the passphrase with "
            "'linkdesk passphrase'."
        )

    # -- whole-store operations ---------------------------------------------------------------

    def backup(self, out: Path) -> int:
        self.anchor()  # the copy's key file then vouches for the copy's log
        size = write_backup(
            self.conn,
            bytes(self._key),
            self.keyfile,
            self.schema_version(),
            self.clock.now().isoformat(timespec="seconds"),
            out,
            self.layout.backups,
        )
        self.audit("backup", size_bytes=size)
        return size

    def backup_before_migration(self, old: int, new: int) -> Path:
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ")
        target = self.layout.backups / f"before-migration-v{old}-to-v{new}-{stamp}.ldbackup"
        write_backup(self.conn, bytes(self._key), self.keyfile, old, stamp, target, self.layout.backups)
        return target

    def check_passphrase(self, passphrase: str) -> bool:
        """True when ``passphrase`` (with this device's keychain secret) unwraps this store's key."""
        wrap = self.keyfile.passphrase_wrap
        device_secret = self.secrets.get(self.keyfile.keychain_item) if wrap.device_secret else None
        dbk = unwrap_dbk(wrap, self.store_id, passphrase, device_secret)
        if dbk is None:
            return False
        try:
            return hmac.compare_digest(bytes(dbk), bytes(self._key))
        finally:
            zero(dbk)

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Re-wrap the DBK under a new passphrase (and the keychain's device secret, if trusted).

        The new wrap costs at least the recommended Argon2id cost, whatever the old one cost.
        """
        new_passphrase = check_new_passphrase(new_passphrase)
        device_secret = None
        backend = "off"
        if self.secrets.available():
            device_secret = self.secrets.get(self.keyfile.keychain_item) or new_device_secret()
            self.secrets.put(self.keyfile.keychain_item, device_secret)
            backend = self.secrets.backend_name()
        wrap = wrap_dbk(
            self._key,
            self.store_id,
            "passphrase",
            new_passphrase,
            (kdf or self.kdf).raised_to(self.kdf).raised_to(self.kdf_floor),
            device_secret,
        )
        self.keyfile = self.keyfile.with_passphrase_wrap(wrap, backend)
        self.keyfile.save(self.layout.keyfile, self._key)
        self.audit("passphrase_changed", device_secret=device_secret is not None)

    def raise_kdf(self, passphrase: str, to: KdfParams | None = None) -> bool:
        """Re-wrap under the same passphrase and device key when the wrap's cost is under ``to``.

        ``to`` is the organisation's floor unless given (the app passes the recommended cost when
        the person accepts its offer). Called after unlock, the only time the passphrase is at
        hand; the recovery wrap is raised when the recovery code is next used or replaced.
        Returns whether anything changed.
        """
        target = self.kdf_floor if to is None else to.raised_to(self.kdf_floor)
        old = self.keyfile.passphrase_wrap
        if not old.kdf.below(target):
            return False
        device_secret = self.secrets.get(self.keyfile.keychain_item) if old.device_secret else None
        wrap = wrap_dbk(
            self._key,
            self.store_id,
            "passphrase",
            passphrase,
            old.kdf.raised_to(target),
            device_secret,
        )
        self.keyfile = self.keyfile.with_passphrase_wrap(wrap, self.keyfile.keychain_backend)
        self.keyfile.save(self.layout.keyfile, self._key)
        self.audit("kdf_raised", kind="passphrase")
        return True

    def strengthen_kdf(self, passphrase: str) -> bool:
        """Raise the passphrase wrap to the recommended cost (the app's offer after unlock)."""
        return self.raise_kdf(passphrase, to=self.kdf)

    def rotate_recovery_code(self) -> str:
        """A new recovery code; the old one stops working. Shown once, never stored."""
        code = new_recovery_code()
        kdf = self.keyfile.recovery_wrap.kdf.raised_to(self.kdf_floor)
        wrap = wrap_dbk(self._key, self.store_id, "recovery", code, kdf)
        self.keyfile = self.keyfile.with_recovery_wrap(wrap)
        self.keyfile.save(self.layout.keyfile, self._key)
        self.audit("recovery_code_rotated")
        return code

    def rekey(self, passphrase: str) -> str:
        """Re-encrypt the store under a new random key; returns the new recovery code (show it once).

        Every wrap is made again for the new key: the passphrase (the same one, with this device's
        keychain secret if it is used, at least the recommended cost) and a new recovery code. Old
        backups and old copies of the key file keep opening the data as it was when they were made,
        with the passphrase and recovery code of that time; nothing made from now on.

        Crash-safe: the key file first records the new key's wraps and the new key sealed under the
        old one; ``Vault`` finishes (or forgets) an interrupted rekey at the next unlock.
        """
        if not self.check_passphrase(passphrase):
            raise ValidationError("That is not the current passphrase. Nothing was changed.", "passphrase")
        old_wrap = self.keyfile.passphrase_wrap
        device_secret = self.secrets.get(self.keyfile.keychain_item) if old_wrap.device_secret else None
        new_key = new_dbk()
        code = new_recovery_code()
        cost = self.kdf.raised_to(self.kdf_floor)
        pending = PendingRekey(
            successor=seal_successor(self._key, new_key, self.store_id),
            passphrase_wrap=wrap_dbk(
                new_key, self.store_id, "passphrase", passphrase, old_wrap.kdf.raised_to(cost), device_secret
            ),
            recovery_wrap=wrap_dbk(
                new_key, self.store_id, "recovery", code, self.keyfile.recovery_wrap.kdf.raised_to(cost)
            ),
        )
        # Kept in memory too, so every later save (the anchor at close...) keeps it until it is done.
        self.keyfile = self.keyfile.with_pending(pending)
        self.keyfile.save(self.layout.keyfile, self._key)
        # If this fails the pending key file stays: the next unlock tells which key the store is under.
        rekey.reencrypt(self.conn, bytes(new_key))
        # The anchors' MAC is keyed from the database key: both are made again under the new key
        # before the key file stops naming the old one (the keychain's first: ``Vault`` accepts
        # either key's anchor while the rekey is pending). Until the finished key file is saved
        # the old key stays the store's, so anything saved meanwhile still matches the old wraps.
        made = make_anchor(self.conn, bytes(new_key), self.store_id, self.clock.now())
        write_keychain_anchor(self.secrets, self.store_id, self.device_id, made)
        finished = replace(self.keyfile.finish_pending(), anchor=made)
        finished.save(self.layout.keyfile, new_key)
        old_key, self._key, self.keyfile = self._key, new_key, finished
        zero(old_key)
        self.audit("rekeyed", device_secret=device_secret is not None)
        self.anchor()
        return code

    def access_events(self, entity_ids: Iterable[str]) -> list[AccessEvent]:
        return [
            AccessEvent(e.at, e.actor, e.action, e.entity_type or "", e.entity_id or "")
            for e in audit.events_about(self.conn, entity_ids)
        ]

    def anchor(self) -> None:
        """Write the audit head and the op log's size into the key file (``storage.anchor``)."""
        made = make_anchor(self.conn, bytes(self._key), self.store_id, self.clock.now())
        self.keyfile = replace(self.keyfile, anchor=made)
        self.keyfile.save(self.layout.keyfile, self._key)
        write_keychain_anchor(self.secrets, self.store_id, self.device_id, made)
        self._anchored_at, self._anchored_changes = self.clock.now(), self.conn.total_changes

    def seal_keyfile(self) -> None:
        """Seal a key file written before key files were sealed, then record in the store that its
        key files are sealed (in that order: a crash between leaves a sealed file, never a store
        that expects a seal its key file lacks)."""
        self.keyfile.save(self.layout.keyfile, self._key)
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, '1')", (SEALED_META,))

    def anchor_if_due(self) -> bool:
        """Anchor when something was written since the last anchor and the interval
        (``anchor_minutes``, 5 by default) has passed; returns whether it anchored.

        For the app's DB worker, after a write has committed: never inside a transaction, and a
        failure is logged, not raised (the anchor at close tries again).
        """
        if self.conn.in_transaction or self.conn.total_changes == self._anchored_changes:
            return False
        interval = timedelta(minutes=anchor_minutes(self.setting(ANCHOR_MINUTES_SETTING)))
        if self.clock.now() - self._anchored_at < interval:
            return False
        try:
            self.anchor()
        except (OSError, DatabaseError):
            logger.warning("The audit head could not be anchored", exc_info=True)
            return False
        return True

    def close(self) -> None:
        """Anchor the audit head, checkpoint, close, drop the key and release the folder."""
        if self.conn is not None:
            try:
                self.anchor()
            except (OSError, DatabaseError):
                logger.warning("The audit head could not be anchored at close", exc_info=True)
            checkpoint_and_close(self.conn)
        if self._records is not None:
            self._records.forget()  # what it kept holds every child's names
        zero(self._key)
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def require_tables(conn: Connection) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= EXPECTED_TABLES:
        raise StoreDamaged("The store is missing parts of its structure; restore it from a backup.")
