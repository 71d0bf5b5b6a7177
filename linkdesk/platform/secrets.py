"""The OS keychain through ``keyring``, recommended backends only (security.md R7).

Every backend from the third-party ``keyrings`` namespace (where the plain-text and base64
"keyrings" live), the ``fail`` and ``null`` backends, any backend whose priority is below 1 and
a chainer with any such child (it writes to its first child, whichever that is) are refused:
LinkDesk then works passphrase-only and says so,
rather than keeping a secret where anyone can read it. Calls are serialised with a lock, since
keyring backends are not reliably thread-safe.

``keyring`` is imported, and its backend chosen (on a desktop, a D-Bus probe), the first time the
keychain is asked about, not when the app is wired: the unlock window shows without it, and a
store whose key does not use the keychain never loads it.
"""

from __future__ import annotations

import base64
import logging
import threading
from typing import TYPE_CHECKING

from linkdesk.errors import KeychainUnavailable

if TYPE_CHECKING:
    import keyring.backend

logger = logging.getLogger(__name__)

SERVICE = "LinkDesk"
REFUSED_MODULE_PREFIXES = ("keyrings.", "keyring.backends.fail", "keyring.backends.null")


def is_trusted(backend: keyring.backend.KeyringBackend) -> bool:
    """A backend LinkDesk will keep a device secret in."""
    from keyring.core import recommended

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


def trusted_backend() -> keyring.backend.KeyringBackend | None:
    """keyring's backend for this user if LinkDesk trusts it, else None (and a line in the log)."""
    import keyring

    try:
        candidate = keyring.get_keyring()
    except Exception as exc:  # a broken backend configuration is "no keychain"
        logger.warning("keyring backend could not be loaded: %s", type(exc).__name__)
        return None
    if is_trusted(candidate):
        return candidate
    logger.warning("refusing keyring backend %s (not recommended)", describe(candidate))
    return None


class KeychainSecrets:
    """SecretStore on the user's OS keychain (found on first use; see the module's note)."""

    _lock = threading.Lock()

    def __init__(self, enabled: bool = True) -> None:
        self._unasked = enabled
        self._found: keyring.backend.KeyringBackend | None = None

    def _backend(self) -> keyring.backend.KeyringBackend | None:
        """The trusted backend, looked for once, on first use."""
        if self._unasked:
            with self._lock:
                if self._unasked:
                    self._found = trusted_backend()
                    self._unasked = False
        return self._found

    def backend_name(self) -> str:
        backend = self._backend()
        return describe(backend) if backend is not None else "off"

    def available(self) -> bool:
        return self._backend() is not None

    def _require(self) -> keyring.backend.KeyringBackend:
        backend = self._backend()
        if backend is None:
            raise KeychainUnavailable("No trusted OS keychain is available on this computer.")
        return backend

    def get(self, name: str) -> bytes | None:
        backend = self._require()
        import keyring.errors  # loaded with the backend

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
        import keyring.errors  # loaded with the backend

        with self._lock:
            try:
                backend.set_password(SERVICE, name, base64.b64encode(value).decode("ascii"))
            except keyring.errors.KeyringError as exc:
                raise KeychainUnavailable(
                    f"The OS keychain refused to store a secret ({type(exc).__name__})."
                ) from exc

    def delete(self, name: str) -> None:
        backend = self._require()
        import keyring.errors  # loaded with the backend

        with self._lock:
            try:
                backend.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as exc:
                raise KeychainUnavailable(
                    f"The OS keychain refused to delete a secret ({type(exc).__name__})."
                ) from exc
