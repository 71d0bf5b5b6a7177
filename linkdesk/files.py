"""Owner-only folders and atomic file writes (temp file, fsync, rename, fsync the folder)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from linkdesk.errors import FileProblem

OWNER_DIR = 0o700
OWNER_FILE = 0o600


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_DIR)
    with contextlib.suppress(PermissionError):  # not ours to change (e.g. a shared parent)
        os.chmod(path, OWNER_DIR)
    return path


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The temp file sits in the same folder (so the rename is atomic), is owner-only from the
    start and is removed if anything fails. Only a regular file is ever replaced: a device, a
    folder or a link at ``path`` raises IsADirectoryError or FileExistsError.
    """
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise (IsADirectoryError if path.is_dir() else FileExistsError)(f"{path} is not a regular file")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), OWNER_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def write_output(path: Path, data: bytes, data_dir: Path, *, allowed_inside: Path | None = None) -> Path:
    """Write a file the person asked for (a report, letter, backup, bundle, card, screenshot).

    The one guard for every such path. Refused with a plain message, nothing written: anywhere
    inside LinkDesk's data folder (where it could replace the store or its key file), except
    under ``allowed_inside`` (the backups folder); a link; a folder or a device. Otherwise the
    file is written atomically. Returns the path written.
    """
    if "\0" in str(path):
        raise FileProblem(
            "A file name cannot contain a NUL character; choose another name. Nothing was written."
        )
    try:
        return _write_output(Path(path), data, data_dir, allowed_inside)
    except OSError as exc:  # a name the file system refuses before anything is written (too long)
        raise FileProblem(f"Could not write {path}: {exc.strerror or exc}. Nothing was written.") from exc


def _write_output(path: Path, data: bytes, data_dir: Path, allowed_inside: Path | None) -> Path:
    target = path.expanduser()
    if target.is_symlink():
        raise FileProblem(f"{path} is a link; LinkDesk writes only to a plain file. Nothing was written.")
    if target.exists() and not target.is_file():
        raise FileProblem(f"{path} is a folder or a device, not a file. Nothing was written.")
    full = target.parent.resolve() / target.name
    home = Path(data_dir).resolve()
    if (full == home or home in full.parents) and not (
        allowed_inside is not None and Path(allowed_inside).resolve() in full.parents
    ):
        raise FileProblem(
            f"{path} is inside LinkDesk's own data folder ({home}), where it could replace the store. "
            "Choose another folder; nothing was written."
        )
    if not full.parent.is_dir():
        raise FileProblem(f"The folder {target.parent} does not exist; nothing was written.")
    try:
        atomic_write(full, data)
    except OSError as exc:
        raise FileProblem(f"Could not write {path}: {exc.strerror or exc}. Nothing was written.") from exc
    return full


def make_private(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, OWNER_FILE)
