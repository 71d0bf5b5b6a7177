"""One place that turns an exception into the plain-English line the user sees (style.md §9).

Typed errors map by class, never by matching message text. Anything unexpected is logged by
type only (no personal data) and shown as a calm, generic line: never a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from linkdesk.errors import (
    DiskFull,
    KeychainUnavailable,
    LinkDeskError,
    ReadOnlyStorage,
    SchemaTooNew,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
)

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "LinkDesk met an unexpected problem and stopped before finishing; check what it had done before "
    "trying again. Details are in the LinkDesk log."
)

_MESSAGES: dict[type[LinkDeskError], str] = {
    WrongPassphrase: "That passphrase does not unlock this store. Check Caps Lock and try again.",
    KeychainUnavailable: (
        "This computer's keychain no longer holds LinkDesk's device key (it was removed, reset or "
        "changed). Your records are safe: unlock with the recovery code you were given at set-up."
    ),
    StoreLocked: ("This store is in use by another LinkDesk window or command. Close it, then try again."),
    StoreMissing: "There is no LinkDesk store in this data folder yet.",
    SchemaTooNew: (
        "This store was written by a newer version of LinkDesk. Install the newer version to open "
        "it; nothing is wrong with your records."
    ),
    DiskFull: "The disk is full. Free some space, then try again; nothing was lost.",
    ReadOnlyStorage: "LinkDesk cannot write to its data folder (it is read-only). Nothing was changed.",
}


def user_message(exc: BaseException) -> str:
    for cls in type(exc).__mro__:
        if cls in _MESSAGES:
            return _MESSAGES[cls]
    if isinstance(exc, LinkDeskError):
        return str(exc)
    logger.error("unexpected failure: %s", type(exc).__name__)
    return UNEXPECTED


def install_excepthook(show: Callable[[str], None]) -> None:
    """Uncaught exceptions in Qt slots: log the type, show one calm line, keep running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        logger.error("uncaught %s", kind.__name__)
        logger.debug("uncaught exception details", exc_info=(kind, exc, tb))
        show(user_message(exc))

    sys.excepthook = hook
