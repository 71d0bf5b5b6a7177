"""Logging: a rotating file in the data folder, with no personal data and no secrets.

Modules log ids, counts and exception types only. Exception messages can carry values a user
typed, so the file records an exception's type and where it happened, never its message.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

from linkdesk.files import ensure_private_dir

LOG_NAME = "linkdesk.log"


class RedactingFormatter(logging.Formatter):
    def formatException(
        self, ei: tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
    ) -> str:
        exc_type, _exc, tb = ei
        frames = traceback.extract_tb(tb)
        where = "\n".join(f"  at {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames)
        name = exc_type.__name__ if exc_type else "Exception"
        return f"{name} (message withheld: it may contain personal data)\n{where}"


def configure(home: Path) -> None:
    """Send warnings and errors to ``home/logs/linkdesk.log``; with LINKDESK_DEBUG also to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if os.environ.get("LINKDESK_DEBUG") else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "linkdesk", False):
            root.removeHandler(handler)
    try:
        folder = ensure_private_dir(home / "logs")
    except OSError:
        folder = None
    if folder is not None:
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
        )
        handler.setLevel(logging.WARNING)
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.linkdesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    if os.environ.get("LINKDESK_DEBUG"):
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console.linkdesk = True  # type: ignore[attr-defined]
        root.addHandler(console)
    for noisy in ("keyring", "PIL", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
