"""The OS keychain through ``keyring``, recommended backends only (security.md R7).

Every backend from the third-party ``keyrings`` namespace (where the plain-text and base64
"keyrings" live), the ``fail`` and ``null`` backends, any backend whose priority is below 1 and
a chainer with any such child (it writes to its first child, whichever that is) are refused:
LinkDesk then works passphrase-only and says so,
rather than keeping a secret where anyone can read it. Calls are serialised with a lock, since
keyring backends are not reliably thread-safe.
"""

from __future__ import annotations

import base64
import logging
import threading

import keyring
import keyring.backend
import keyring.errors
from keyring.core import recommended

from linkdesk.errors import KeychainUnavailable

logger = logging.getLogger(__name__)

SERVICE = "LinkDesk"
REFUSED_MODULE_PREFIXES = ("keyrings.", "keyring.backends.fail", "keyring.backends.null")


def is_trusted(backend: keyring.backend.KeyringBackend) -> bool:
    """A backend LinkDesk will keep a device secret in."""
    module = type(backend).__module__
    if module.startswith(REFUSED_MODULE_PREFIXES):
        return False
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer writes to its first child and reads from any: all must be
        children = list(children)
        return bool(children) and all(is_trusted(child) for child in children)
    return bool(recommended(backend))


def describe(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class KeychainSecrets:
    """SecretStore on the user's OS keychain."""

    _lock = threading.Lock()

    def __init__(self, enabled: bool = True) -> None:
        self._backend: keyring.backend.KeyringBackend | None = None
        if enabled:
            try:
                candidate = keyring.get_keyring()
            except Exception as exc:  # a broken backend configuration is "no keychain"
                logger.warning("keyring backend could not be loaded: %s", type(exc).__name__)
                candidate = None
            if candidate is not None and is_trusted(candidate):
                self._backend = candidate
            elif candidate is not None:
                logger.warning("refusing keyring backend %s (not recommended)", describe(candidate))

    def backend_name(self) -> str:
        return describe(self._backend) if self._backend is not None else "off"

    def available(self) -> bool:
        return self._backend is not None

    def _require(self) -> keyring.backend.KeyringBackend:
        if self._backend is None:
            raise KeychainUnavailable("No trusted OS keychain is available on this computer.")
        return self._backend

    def get(self, name: str) -> bytes | None:
        backend = self._require()
        with self._lock:
            try:
                value = backend.get_password(SERVICE, name)
            except keyring.errors.KeyringError as exc:
                raise KeychainUnavailable(
                    f"The OS keychain refused to answer ({type(exc).__name__})."
                ) from exc
        if value is None:
            return None
        try:
            return base64.b64decode(value.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return None

    def put(self, name: str, value: bytes) -> None:
        backend = self._require()
        with self._lock:
            try:
                backend.set_password(SERVICE, name, base64.b64encode(value).decode("ascii"))
            except keyring.errors.KeyringError as exc:
                raise KeychainUnavailable(
                    f"The OS keychain refused to store a secret ({type(exc).__name__})."
                ) from exc

    def delete(self, name: str) -> None:
        backend = self._require()
        with self._lock:
            try:
                backend.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as exc:
                raise KeychainUnavailable(
                    f"The OS keychain refused to delete a secret ({type(exc).__name__})."
                ) from exc
