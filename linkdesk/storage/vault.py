"""Creating, unlocking, recovering and restoring a store in one data folder (D1, D2).

Unlocking never creates anything: a missing store, a missing key file, a missing or changed
keychain and a wrong passphrase each give their own message, and the keychain problems lead to
the recovery code, never to a new empty store and never to a weaker key.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from linkdesk.domain.ports import Clock, SecretStore
from linkdesk.errors import (
    FileProblem,
    KeychainUnavailable,
    LinkDeskError,
    StoreDamaged,
    StoreExists,
    StoreMissing,
    WrongPassphrase,
)
from linkdesk.files import atomic_write, ensure_private_dir, fsync_dir, make_private
from linkdesk.storage import migrate
from linkdesk.storage.anchor import anchor_problems, make_anchor
from linkdesk.storage.backup import read_backup
from linkdesk.storage.connection import Connection, checkpoint_and_close, open_store, translate_error
from linkdesk.storage.instance_lock import InstanceLock
from linkdesk.storage.integrity import copy_problems, preflight
from linkdesk.storage.keyfile import KeyFile
from linkdesk.storage.keys import (
    KdfParams,
    check_new_passphrase,
    new_dbk,
    new_device_secret,
    new_recovery_code,
    open_successor,
    unwrap_dbk,
    wrap_dbk,
    zero,
)
from linkdesk.storage.layout import StoreLayout
from linkdesk.storage.purge import purge_roots
from linkdesk.storage.store import Store, require_tables

RECOVER_HINT = (
    "Unlock with your recovery code instead: 'linkdesk recover' (or 'Use recovery code' in the app)."
)


class Vault:
    def __init__(
        self,
        home: Path,
        secrets: SecretStore,
        clock: Clock,
        kdf: KdfParams | None = None,
        kdf_floor: KdfParams | None = None,
    ) -> None:
        """``kdf`` is the cost of new wraps; ``kdf_floor`` (an organisation's) raises it and old wraps."""
        self.layout = StoreLayout(home)
        self.secrets = secrets
        self.clock = clock
        self.kdf_floor = kdf_floor
        self.kdf = (kdf or KdfParams()).raised_to(kdf_floor)

    def exists(self) -> bool:
        return self.layout.keyfile.exists() or self.layout.database.exists()

    # -- create --------------------------------------------------------------------------------

    def create(self, service_name: str, passphrase: str) -> tuple[Store, str]:
        """A new store and its recovery code (to be shown once)."""
        passphrase = check_new_passphrase(passphrase)
        home = self.layout.home
        try:
            ensure_private_dir(home)
        except OSError as exc:
            raise translate_error(exc, self.layout.database) from exc
        lock = self._lock()
        try:
            if self.exists():
                raise StoreExists(f"There is already a LinkDesk store in {home}; it was left as it is.")
            store_id, device_id = str(uuid.uuid4()), str(uuid.uuid4())
            dbk = new_dbk()
            device_secret = self._new_device_secret(store_id)
            backend = self.secrets.backend_name() if device_secret else "off"
            code = new_recovery_code()
            keyfile = KeyFile(
                store_id=store_id,
                device_id=device_id,
                keychain_backend=backend,
                passphrase_wrap=wrap_dbk(dbk, store_id, "passphrase", passphrase, self.kdf, device_secret),
                recovery_wrap=wrap_dbk(dbk, store_id, "recovery", code, self.kdf),
                created_at=self.clock.now().isoformat(timespec="seconds"),
            )
            store = Store(
                self.layout, self._open(dbk, create=True), dbk, keyfile, lock, self.clock, self.secrets
            )
            store.kdf_floor, store.kdf = self.kdf_floor, self.kdf
            try:
                migrate.migrate(store.conn)
                with store.transaction() as conn:
                    conn.executemany(
                        "INSERT INTO store_meta (key, value) VALUES (?, ?)",
                        [("store_id", store_id), ("created_at", keyfile.created_at)],
                    )
                    conn.execute(
                        "INSERT INTO settings (key, value, updated_at) VALUES ('service_name', ?, ?)",
                        (service_name, keyfile.created_at),
                    )
                    store.audit("init", keychain=backend != "off")
                keyfile.save(self.layout.keyfile)
            except BaseException:
                store.conn.close()
                for path in [self.layout.database, *self.layout.sidecars()]:
                    path.unlink(missing_ok=True)
                raise
            self._secure_files()
            return store, code
        except BaseException:
            lock.release()
            raise

    def _new_device_secret(self, store_id: str) -> bytes | None:
        if not self.secrets.available():
            return None
        secret = new_device_secret()
        try:
            self.secrets.put(f"device-secret/{store_id}", secret)
        except KeychainUnavailable:
            return None
        return secret

    # -- unlock --------------------------------------------------------------------------------

    def unlock(self, passphrase: str, *, check_first: bool = False) -> Store:
        """Open the store with the passphrase (and the keychain's device secret if it was used).

        A passphrase wrap made under a lower cost than the organisation's floor is made again.
        """
        store = self._unlock(lambda kf: self._unwrap_with_passphrase(kf, passphrase), check_first=check_first)
        try:
            store.raise_kdf(passphrase)
        except BaseException:
            store.close()
            raise
        return store

    def recover(self, recovery_code: str, new_passphrase: str) -> Store:
        """Open with the recovery code and set a new passphrase (under today's keychain)."""
        new_passphrase = check_new_passphrase(new_passphrase)

        def unwrap(kf: KeyFile) -> bytearray:
            dbk = unwrap_dbk(kf.recovery_wrap, kf.store_id, recovery_code)
            if dbk is None:
                self._count_failure()
                raise WrongPassphrase("That recovery code does not unlock this store. Nothing was changed.")
            return dbk

        store = self._unlock(unwrap)
        store.change_passphrase(new_passphrase)
        store.audit("recovered")
        return store

    def _unlock(self, unwrap: Callable[[KeyFile], bytearray], check_first: bool = False) -> Store:
        if not self.exists():
            raise StoreMissing(
                f"There is no LinkDesk store in {self.layout.home}. Create one with 'linkdesk init' "
                "or 'linkdesk demo'."
            )
        lock = self._lock()
        try:
            self._finish_pending_restore()
            if not self.layout.keyfile.exists():
                raise StoreDamaged(f"The key file is missing from {self.layout.home}; restore from a backup.")
            keyfile = KeyFile.load(self.layout.keyfile)
            dbk = unwrap(keyfile)
        except BaseException:
            lock.release()
            raise
        try:
            if keyfile.pending is None:  # (a store mid-rekey is checked by verify once settled)
                self._preflight(dbk, keyfile, pages=check_first)
            conn, dbk, keyfile, finished = self._open_settling_rekey(keyfile, dbk)
        except BaseException:
            zero(dbk)
            lock.release()
            raise
        store = Store(self.layout, conn, dbk, keyfile, lock, self.clock, self.secrets)
        store.kdf_floor, store.kdf = self.kdf_floor, self.kdf
        try:
            migrate.migrate(conn, backup=store.backup_before_migration)
            require_tables(conn)
            if finished:
                store.audit("rekeyed", finished_at_unlock=True)
            self._record_unlock(store)
        except BaseException:
            with contextlib.suppress(Exception):
                conn.close()
            zero(dbk)
            lock.release()
            raise
        return store

    def _open_settling_rekey(
        self, keyfile: KeyFile, dbk: bytearray
    ) -> tuple[Connection, bytearray, KeyFile, bool]:
        """Open the store; a rekey left pending is finished or forgotten, by which key opens it.

        Returns the connection, the key it is under, the key file now in force and whether an
        interrupted rekey was finished here.
        """
        if keyfile.pending is None:
            return self._open(dbk), dbk, keyfile, False
        try:
            conn = self._open(dbk)
        except StoreDamaged:
            successor = open_successor(dbk, keyfile.pending.successor, keyfile.store_id)
            if successor is None:
                raise
            conn = self._open(successor)  # the rekey was done: its key file was not yet written
            keyfile = keyfile.finish_pending()
            if keyfile.anchor and not anchor_problems(conn, bytes(dbk), keyfile.store_id, keyfile.anchor):
                # the audit anchor held under the old key: anchor it again under the new one
                made = make_anchor(conn, bytes(successor), keyfile.store_id, self.clock.now())
                keyfile = replace(keyfile, anchor=made)
            zero(dbk)
            keyfile.save(self.layout.keyfile)
            return conn, successor, keyfile, True
        keyfile = keyfile.with_pending(None)  # the rekey never reached the store
        keyfile.save(self.layout.keyfile)
        return conn, dbk, keyfile, False

    def _preflight(self, dbk: bytearray, keyfile: KeyFile, *, pages: bool) -> None:
        """Refuse, before anything is written, a store that lost work since it was last closed
        (and, with ``pages``, one with a damaged page): opening it for writing would checkpoint
        its write-ahead log and anchor the loss as if nothing had happened."""
        problems = preflight(self.layout.database, bytes(dbk), keyfile.store_id, keyfile.anchor, pages=pages)
        if problems:
            raise StoreDamaged(
                "The store is damaged: " + "; ".join(problems[:3]) + ". Nothing was changed. Restore the "
                "latest backup with 'linkdesk restore' (the damaged store is kept beside it)."
            )

    def _unwrap_with_passphrase(self, keyfile: KeyFile, passphrase: str) -> bytearray:
        device_secret = None
        if keyfile.passphrase_wrap.device_secret:
            device_secret = self._device_secret(keyfile)
        dbk = unwrap_dbk(keyfile.passphrase_wrap, keyfile.store_id, passphrase, device_secret)
        if dbk is None:
            self._count_failure()
            raise WrongPassphrase("That passphrase does not unlock this store. Nothing was changed.")
        return dbk

    def _device_secret(self, keyfile: KeyFile) -> bytes:
        if not self.secrets.available():
            raise KeychainUnavailable(
                "This store's device key is kept in the OS keychain, which is not available now. "
                + RECOVER_HINT
            )
        try:
            secret = self.secrets.get(keyfile.keychain_item)
        except KeychainUnavailable as exc:
            raise KeychainUnavailable(f"{exc} Your records are safe. {RECOVER_HINT}") from exc
        if secret is None or self.secrets.backend_name() != keyfile.keychain_backend:
            raise KeychainUnavailable(
                "This store's device key is missing from the OS keychain (it was removed or the "
                "keychain changed). Your records are safe. " + RECOVER_HINT
            )
        return secret

    def _record_unlock(self, store: Store) -> None:
        failures = self._read_failures()
        with store.transaction():
            if failures:
                store.audit("unlock_failed", count=failures)
            store.audit("unlock")
        with contextlib.suppress(FileNotFoundError):
            self.layout.failed_unlocks.unlink()

    def _read_failures(self) -> int:
        try:
            return int(json.loads(self.layout.failed_unlocks.read_text()).get("count", 0))
        except (OSError, ValueError, AttributeError):
            return 0

    def _count_failure(self) -> None:
        """Failed unlocks are counted outside the locked store (it cannot be written)."""
        data = {"count": self._read_failures() + 1, "last_at": self.clock.now().isoformat(timespec="seconds")}
        with contextlib.suppress(OSError):
            atomic_write(self.layout.failed_unlocks, json.dumps(data).encode())

    # -- restore -------------------------------------------------------------------------------

    def restore(
        self, source: Path, passphrase: str | None = None, recovery_code: str | None = None
    ) -> dict[str, str]:
        """Replace this folder's store with a backup; the replaced files are kept, never deleted.

        The backup's store is checked in full (pages, structure, audit chain, a known format) before
        anything is swapped; a refused restore leaves nothing of the backup behind. Cases the
        replaced store had purged are purged again in the restored one (hazard H9): a backup
        made before a purge must not bring the case back, here or, through sync, to the team.
        Returns where the replaced store is kept, how many cases were purged again, and
        ``purges_unread`` when the replaced store could not be read for its purges.
        """
        ensure_private_dir(self.layout.home)
        lock = self._lock()
        staged_db, staged_keys = self.layout.staged_restore
        swapping = False
        dbk = bytearray()
        try:
            if not self.layout.restore_journal.exists():
                self._remove_staged()  # what a restore killed before writing its journal left
            backup = read_backup(source)
            dbk = self._unwrap_backup(backup.keyfile, passphrase, recovery_code)
            atomic_write(staged_db, backup.database)
            conn = self._open(dbk, path=staged_db)
            try:
                migrate.pending(conn)  # refuses a backup from a newer LinkDesk
                problems = copy_problems(conn)
            finally:
                checkpoint_and_close(conn)
            if problems:
                raise FileProblem(f"{source} is damaged ({problems[0]}); nothing was restored.")
            # A restored store is a new device: reusing the backup's device id would reissue op ids
            # this device already sent, and two laptops restored from one backup would share one.
            keyfile = replace(backup.keyfile, device_id=str(uuid.uuid4()))
            atomic_write(staged_keys, keyfile.to_bytes())
            purged = self._purges_of_replaced(keyfile.store_id, passphrase, recovery_code)
            stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ")
            aside = self.layout.backups / f"replaced-{stamp}"
            journal = {
                "aside": str(aside),
                "staged": {
                    str(staged_db): str(self.layout.database),
                    str(staged_keys): str(self.layout.keyfile),
                },
            }
            atomic_write(self.layout.restore_journal, json.dumps(journal).encode())
            swapping = True  # from here the journal finishes the swap, even after a crash
            self._finish_pending_restore()
        except LinkDeskError:
            zero(dbk)
            raise
        except OSError as exc:
            zero(dbk)
            raise translate_error(exc, self.layout.database) from exc
        finally:
            if not swapping:
                self._remove_staged()
            lock.release()
        result = {"replaced_kept_in": str(aside), "purged_again": "0"}
        if purged is None:
            result["purges_unread"] = "yes"
        elif purged:
            store = self._unlock(lambda _kf: dbk)
            try:
                result["purged_again"] = str(len(purged - store.records.purged()))
                store.records.carry_purges(purged)
                store.records.scrub()
            finally:
                store.close()
        zero(dbk)
        return result

    def _purges_of_replaced(
        self, store_id: str, passphrase: str | None, recovery_code: str | None
    ) -> set[str] | None:
        """The cases purged in the store a restore replaces: none when there is no store of the
        same id here, ``None`` when there is one that cannot be opened with the same secret."""
        if not (self.layout.database.exists() and self.layout.keyfile.exists()):
            return set()
        try:
            current = KeyFile.load(self.layout.keyfile)
            if current.store_id != store_id:
                return set()
            dbk = self._unwrap_backup(current, passphrase, recovery_code)
        except LinkDeskError:
            return None
        try:
            conn = self._open(dbk)
        except LinkDeskError:
            return None
        finally:
            zero(dbk)
        try:
            return purge_roots(conn)
        finally:
            checkpoint_and_close(conn)

    def _unwrap_backup(
        self, keyfile: KeyFile, passphrase: str | None, recovery_code: str | None
    ) -> bytearray:
        if recovery_code:
            dbk = unwrap_dbk(keyfile.recovery_wrap, keyfile.store_id, recovery_code)
        elif passphrase is not None:
            secret = None
            if keyfile.passphrase_wrap.device_secret:
                secret = self._device_secret(keyfile)
            dbk = unwrap_dbk(keyfile.passphrase_wrap, keyfile.store_id, passphrase, secret)
        else:
            raise WrongPassphrase("A passphrase or recovery code is needed to restore a backup.")
        if dbk is None:
            raise WrongPassphrase(
                "That passphrase or recovery code does not open this backup. Nothing was changed."
            )
        return dbk

    def _finish_pending_restore(self) -> None:
        """Roll a restore forward after a crash; safe to run any number of times."""
        journal_path = self.layout.restore_journal
        if not journal_path.exists():
            self._remove_staged()
            return
        journal = json.loads(journal_path.read_text())
        aside = ensure_private_dir(Path(journal["aside"]))
        for staged_name, target_name in journal["staged"].items():
            staged, target = Path(staged_name), Path(target_name)
            if not staged.exists():
                continue  # this pair was finished before the interruption
            replaced = [target, *(self.layout.sidecars() if target == self.layout.database else [])]
            for old in replaced:
                if old.exists():
                    os.replace(old, aside / old.name)
            os.replace(staged, target)
        fsync_dir(self.layout.home)
        journal_path.unlink()
        fsync_dir(self.layout.home)

    def _remove_staged(self) -> None:
        """Remove a staged restore's files (never while a journal names them)."""
        staged_db, staged_keys = self.layout.staged_restore
        for path in (staged_db, *self.layout.sidecars_of(staged_db), staged_keys):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    # -- helpers -------------------------------------------------------------------------------

    def _lock(self) -> InstanceLock:
        try:
            return InstanceLock(self.layout.lock).acquire()
        except OSError as exc:
            raise translate_error(exc, self.layout.database) from exc

    def _open(self, dbk: bytearray, create: bool = False, path: Path | None = None) -> Connection:
        return open_store(path or self.layout.database, bytes(dbk), create=create)

    def _secure_files(self) -> None:
        for path in [self.layout.database, *self.layout.sidecars(), self.layout.keyfile, self.layout.lock]:
            make_private(path)


__all__ = ["Vault"]
