"""One LinkDesk process per data folder, with an OS file lock (no Qt needed).

The lock is released by the OS when the process ends, even after ``kill -9``, so a crash never
leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from linkdesk.errors import StoreLocked
from linkdesk.files import OWNER_FILE

if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt
else:
    import fcntl


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, OWNER_FILE)
        try:
            if sys.platform == "win32":  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise StoreLocked(
                f"LinkDesk is already using the data folder {self.path.parent} (another window or "
                "command is open). Close it and try again."
            ) from exc
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        if sys.platform != "win32":
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
