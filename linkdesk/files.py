"""Owner-only folders and atomic file writes (temp file, fsync, rename, fsync the folder)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

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


def make_private(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, OWNER_FILE)
