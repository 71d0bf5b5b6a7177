"""Encrypted backups: the SQLite backup API between two keyed connections, in one file.

A backup file holds the SQLCipher-encrypted database and a copy of the key file (wrapped keys
only), so it is as safe to carry as the store itself and can be restored on another computer
with the passphrase or the recovery code. Layout::

    b"LINKDESK-BACKUP\\n"  8-byte big-endian header length  header JSON  database bytes

The header records the size and SHA-256 of the database bytes, checked before anything is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path

from linkdesk.errors import FileProblem, LinkDeskError, StoreDamaged
from linkdesk.files import ensure_private_dir, write_output
from linkdesk.storage.connection import Connection, checkpoint_and_close, open_store, translate_error
from linkdesk.storage.integrity import copy_problems, damage
from linkdesk.storage.keyfile import KeyFile

MAGIC = b"LINKDESK-BACKUP\n"
FORMAT = 1
MAX_HEADER = 1 << 20


@dataclass(frozen=True)
class BackupFile:
    keyfile: KeyFile
    schema_version: int
    created_at: str
    database: bytes


def copy_database(conn: Connection, key: bytes, target: Path) -> None:
    """Copy the open store to ``target`` (a new SQLCipher file under the same key)."""
    if target.exists():
        raise FileExistsError(target)
    dest = open_store(target, key, create=True)
    try:
        conn.backup(dest)
    finally:
        checkpoint_and_close(dest)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            target.with_name(target.name + suffix).unlink()


def write_backup(
    conn: Connection,
    key: bytes,
    keyfile: KeyFile,
    schema_version: int,
    created_at: str,
    out: Path,
    scratch: Path,
) -> int:
    """Write a verified backup file to ``out``; returns its size in bytes.

    A damaged store is not backed up (the backup API copies unreadable pages without a word), and
    the copy itself is checked before it replaces anything at ``out``.
    """
    problems = damage(conn)
    if problems:
        raise StoreDamaged(
            f"The store is damaged ({problems[0]}), so a backup of it would not be a sound copy; none "
            "was written and any earlier backup was left as it is. Restore from an earlier backup."
        )
    ensure_private_dir(scratch)
    staged = scratch / f"backup-{secrets.token_hex(8)}.db"
    try:
        copy_database(conn, key, staged)
        copy = open_store(staged, key)
        try:
            problems = copy_problems(copy)
        finally:
            checkpoint_and_close(copy)
        if problems:
            raise StoreDamaged(
                f"The copy made for the backup did not check out ({problems[0]}); nothing was written."
            )
        database = staged.read_bytes()
    except LinkDeskError:
        raise
    except Exception as exc:
        raise translate_error(exc, staged) from exc
    finally:
        for path in (staged, staged.with_name(staged.name + "-wal"), staged.with_name(staged.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    header = {
        "format": FORMAT,
        "created_at": created_at,
        "schema_version": schema_version,
        "db_size": len(database),
        "db_sha256": hashlib.sha256(database).hexdigest(),
        "keyfile": json.loads(keyfile.to_bytes(key)),
    }
    header_bytes = json.dumps(header, sort_keys=True).encode()
    blob = MAGIC + struct.pack(">Q", len(header_bytes)) + header_bytes + database
    write_output(out, blob, scratch.parent, allowed_inside=scratch)  # never over the store or its keys
    if read_backup(out).database != database:  # read back: media can lie about what they stored
        raise FileProblem(f"The backup written to {out} did not read back correctly; use another place.")
    return len(blob)


def read_backup(path: Path) -> BackupFile:
    """Parse and check a backup file; raises FileProblem with a plain reason when it is not one."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                raise FileProblem(f"{path} is not a LinkDesk backup file.")
            (length,) = struct.unpack(">Q", handle.read(8).rjust(8, b"\0"))
            if length > MAX_HEADER:
                raise FileProblem(f"{path} is not a LinkDesk backup file (its header is damaged).")
            header = json.loads(handle.read(length).decode("utf-8"))
            database = handle.read()
    except FileProblem:
        raise
    except OSError as exc:
        raise _file_error(exc, path, "read") from exc
    except (ValueError, struct.error) as exc:
        raise FileProblem(f"{path} is damaged: its header cannot be read. Nothing was restored.") from exc
    damaged = FileProblem(f"{path} is damaged: its header is not what LinkDesk wrote. Nothing was restored.")
    if not isinstance(header, dict) or type(header.get("format")) is not int:
        raise damaged
    if header["format"] > FORMAT:
        raise FileProblem(f"{path} was made by a newer LinkDesk; install it to restore this backup.")
    if len(database) != header.get("db_size") or hashlib.sha256(database).hexdigest() != header.get(
        "db_sha256"
    ):
        raise FileProblem(f"{path} is incomplete or damaged (its contents do not match its checksum).")
    if type(header.get("schema_version")) is not int or not isinstance(header.get("keyfile"), dict):
        raise damaged
    keyfile = KeyFile.from_bytes(json.dumps(header["keyfile"]).encode(), source="backup's key file")
    created_at = header.get("created_at")
    if not isinstance(created_at, str):
        raise damaged
    return BackupFile(keyfile, header["schema_version"], created_at, database)


def _file_error(exc: OSError, path: Path, verb: str) -> LinkDeskError:
    if isinstance(exc, FileNotFoundError):
        return FileProblem(f"There is no file at {path}.")
    if isinstance(exc, IsADirectoryError):
        return FileProblem(f"{path} is a folder; give a file name.")
    if isinstance(exc, FileExistsError):
        return FileProblem(f"{path} is not an ordinary file, so LinkDesk will not write over it.")
    if isinstance(exc, PermissionError):
        return FileProblem(f"LinkDesk is not allowed to {verb} {path}.")
    translated = translate_error(exc, path)
    if translated.code in {"disk_full", "read_only"}:
        return translated
    return FileProblem(f"Could not {verb} {path}: {os.strerror(exc.errno or 0) or exc}.")
