"""Ports: the interfaces services depend on. Adapters implement them; ``app.py`` wires them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol


class SecretStore(Protocol):
    """The OS keychain, reached only through a recommended backend."""

    def backend_name(self) -> str:
        """The backend in use, or ``"off"`` when there is none LinkDesk trusts."""
        ...

    def available(self) -> bool: ...

    def get(self, name: str) -> bytes | None:
        """The secret, None when absent; raises KeychainUnavailable when the keychain refuses."""
        ...

    def put(self, name: str, value: bytes) -> None: ...

    def delete(self, name: str) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class StoreSession(Protocol):
    """An unlocked store (implemented by ``storage.store.Store``)."""

    def info(self) -> dict[str, Any]: ...

    def verify(self) -> list[str]: ...

    def backup(self, out: Path) -> int: ...

    def change_passphrase(self, new_passphrase: str) -> None: ...

    def rotate_recovery_code(self) -> str: ...

    def setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...

    def save_draft(self, name: str, body: str) -> None: ...

    def drafts(self) -> dict[str, str]: ...

    def discard_draft(self, name: str) -> None: ...

    def close(self) -> None: ...


class StoreVault(Protocol):
    """The store of one data folder, locked (implemented by ``storage.vault.Vault``)."""

    def exists(self) -> bool: ...

    def create(self, service_name: str, passphrase: str) -> tuple[Any, str]: ...

    def unlock(self, passphrase: str, *, check_first: bool = False) -> Any: ...

    def recover(self, recovery_code: str, new_passphrase: str) -> Any: ...

    def restore(
        self, source: Path, passphrase: str | None = None, recovery_code: str | None = None
    ) -> dict[str, str]: ...


class PdfProbe(Protocol):
    """Renders a one-page check PDF with every bundled font (for ``self-test``)."""

    def render_check_page(self) -> bytes: ...

    def missing_fonts(self) -> list[str]: ...
