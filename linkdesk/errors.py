"""Typed errors with plain-English messages.

Every failure a clinician or a script can meet is one of these. Front ends show
``str(error)`` (one line, no traceback) and map the class to an exit status or a dialog.
The ``code`` is stable so tests and translations never match on message text.
"""

from __future__ import annotations


class LinkDeskError(Exception):
    """Base class: a refused or failed request, with a message fit for the user."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(LinkDeskError):
    """A value was refused; ``field`` names the field when there is one."""

    code = "invalid"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(LinkDeskError):
    code = "not_found"


class StoreMissing(LinkDeskError):
    code = "store_missing"


class StoreExists(LinkDeskError):
    code = "store_exists"


class WrongPassphrase(LinkDeskError):
    code = "wrong_passphrase"


class KeychainUnavailable(LinkDeskError):
    """The device secret cannot be had: lead the user to the recovery path."""

    code = "keychain_unavailable"


class StoreLocked(LinkDeskError):
    """Another LinkDesk process holds this data folder."""

    code = "store_in_use"


class SchemaTooNew(LinkDeskError):
    """Written by a newer LinkDesk: not corruption, never offered for deletion."""

    code = "schema_too_new"


class StoreDamaged(LinkDeskError):
    code = "store_damaged"


class InsecureStore(LinkDeskError):
    """The store opened but its security settings are not the ones LinkDesk requires."""

    code = "insecure_store"


class DiskFull(LinkDeskError):
    code = "disk_full"


class ReadOnlyStorage(LinkDeskError):
    code = "read_only"


class ConsentMissing(LinkDeskError):
    code = "consent_missing"


class FileProblem(LinkDeskError):
    """A file given by the user could not be read or written."""

    code = "file_problem"


class Cancelled(LinkDeskError):
    """The user stopped a long task; nothing it would have written was written."""

    code = "cancelled"
