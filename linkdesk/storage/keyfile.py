"""The key file: the store's id, device id and the wrapped DBKs. Nothing in it is secret.

It is written atomically and is owner-only. Losing it loses access to the store, so every
backup carries a copy and the recovery wrap lives in it beside the passphrase wrap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linkdesk.errors import StoreDamaged
from linkdesk.files import atomic_write
from linkdesk.storage.keys import FORMAT_VERSION, Wrap

MAGIC = "linkdesk-keyfile"


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    device_id: str
    keychain_backend: str
    passphrase_wrap: Wrap
    recovery_wrap: Wrap
    created_at: str
    #: The audit head when the store was last closed (``storage.anchor``); None until then.
    anchor: dict[str, Any] | None = None

    @property
    def keychain_item(self) -> str:
        return f"device-secret/{self.store_id}"

    def to_bytes(self) -> bytes:
        data = {
            "magic": MAGIC,
            "format": FORMAT_VERSION,
            "store_id": self.store_id,
            "device_id": self.device_id,
            "keychain_backend": self.keychain_backend,
            "created_at": self.created_at,
            "wraps": {"passphrase": self.passphrase_wrap.to_json(), "recovery": self.recovery_wrap.to_json()},
        }
        if self.anchor is not None:
            data["anchor"] = self.anchor
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, raw: bytes, source: str = "key file") -> KeyFile:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("magic") != MAGIC:
                raise ValueError("magic")
            if int(data["format"]) > FORMAT_VERSION:
                raise StoreDamaged(
                    f"The {source} was written by a newer LinkDesk; install it to open this store."
                )
            wraps = data["wraps"]
            return cls(
                store_id=str(data["store_id"]),
                device_id=str(data["device_id"]),
                keychain_backend=str(data["keychain_backend"]),
                passphrase_wrap=Wrap.from_json(wraps["passphrase"]),
                recovery_wrap=Wrap.from_json(wraps["recovery"]),
                created_at=str(data["created_at"]),
                anchor=data["anchor"] if isinstance(data.get("anchor"), dict) else None,
            )
        except StoreDamaged:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
            raise StoreDamaged(
                f"The {source} is damaged, so the store cannot be unlocked. Restore from a backup "
                "with 'linkdesk restore'."
            ) from exc

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        return cls.from_bytes(path.read_bytes())

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())

    def with_passphrase_wrap(self, wrap: Wrap, backend: str) -> KeyFile:
        return replace(self, passphrase_wrap=wrap, keychain_backend=backend)

    def with_recovery_wrap(self, wrap: Wrap) -> KeyFile:
        return replace(self, recovery_wrap=wrap)
