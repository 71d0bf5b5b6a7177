"""The key file: the store's id, device id and the wrapped DBKs. Nothing in it is secret.

It is written atomically and is owner-only. Losing it loses access to the store, so every
backup carries a copy and the recovery wrap lives in it beside the passphrase wrap. A SHA-256
checksum over its content tells a damaged file (said plainly, never counted as a failed unlock)
from a wrong passphrase. A checksum anyone can recompute, so every field (the device id, the
audit anchor and whether there is one, a pending rekey...) is also sealed with an HMAC keyed
from the database key its wraps hold, checked once the key is unwrapped (``check_seal``): an
edited field is refused in plain words. A key file from before the seal is accepted and sealed
at its next unlock; from then on the store itself records that its key files are sealed
(``store_meta.keyfile_sealed``), so removing the seal does not get an edited file accepted.
While a rekey is being finished it also holds the new key's wraps and the new key sealed under
the old one (``PendingRekey``), so an interrupted rekey is finished at unlock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linkdesk.errors import StoreDamaged
from linkdesk.files import atomic_write
from linkdesk.storage.connection import Connection
from linkdesk.storage.keys import FORMAT_VERSION, Wrap

MAGIC = "linkdesk-keyfile"
_SEAL_INFO = b"linkdesk key file seal v1"
#: The ``store_meta`` row that says this store's key files are sealed (refuse one that is not).
SEALED_META = "keyfile_sealed"


@dataclass(frozen=True)
class PendingRekey:
    """A rekey under way: the new DBK sealed under the old one, and the new DBK's wraps."""

    successor: str
    passphrase_wrap: Wrap
    recovery_wrap: Wrap

    def to_json(self) -> dict[str, Any]:
        return {
            "successor": self.successor,
            "passphrase": self.passphrase_wrap.to_json(),
            "recovery": self.recovery_wrap.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingRekey:
        return cls(
            str(data["successor"]), Wrap.from_json(data["passphrase"]), Wrap.from_json(data["recovery"])
        )


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
    pending: PendingRekey | None = None
    #: The seal as read from the file ("" for a file written before key files were sealed).
    seal: str = ""

    @property
    def keychain_item(self) -> str:
        return f"device-secret/{self.store_id}"

    def _fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {
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
        if self.pending is not None:
            data["rekey"] = self.pending.to_json()
        return data

    def seal_for(self, dbk: bytes | bytearray) -> str:
        """The HMAC over every field, keyed from ``dbk`` (the key this file's wraps hold)."""
        key = hmac.new(bytes(dbk), _SEAL_INFO, hashlib.sha256).digest()
        body = json.dumps(self._fields(), sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(key, body, hashlib.sha256).hexdigest()

    def check_seal(self, dbk: bytes | bytearray, source: str = "key file") -> None:
        """Refuse a file whose fields were edited since LinkDesk sealed them (an unsealed one passes:
        the caller checks the store expects none)."""
        if self.seal and not hmac.compare_digest(self.seal, self.seal_for(dbk)):
            raise StoreDamaged(
                f"The {source} has been altered since LinkDesk wrote it (its contents no longer match "
                "their seal), so the store was not opened; your passphrase was right. Nothing was "
                "changed. Restore from a backup with 'linkdesk restore'."
            )

    def to_bytes(self, dbk: bytes | bytearray | None = None) -> bytes:
        """The file's bytes, sealed under ``dbk``; without it, with the seal it was read with."""
        data = self._fields()
        seal = self.seal_for(dbk) if dbk is not None else self.seal
        if seal:
            data["seal"] = seal
        data["checksum"] = _checksum(data)
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, raw: bytes, source: str = "key file") -> KeyFile:
        remedy = (
            "Use another backup."
            if source != "key file"
            else "Restore from a backup with 'linkdesk restore'."
        )
        damaged = StoreDamaged(
            f"The {source} is damaged, so the store cannot be unlocked with it (your passphrase was not "
            f"the problem and no failed attempt was counted). {remedy}"
        )
        try:
            data = json.loads(raw.decode("utf-8"))
            if (
                not isinstance(data, dict)
                or data.get("magic") != MAGIC
                or type(data.get("format")) is not int
            ):
                raise ValueError("magic")
            if data["format"] > FORMAT_VERSION:
                raise StoreDamaged(
                    f"The {source} was written by a newer LinkDesk; install it to open this store."
                )
            if "checksum" in data and data["checksum"] != _checksum(data):
                raise damaged
            wraps = data["wraps"]
            keyfile = cls(
                store_id=str(data["store_id"]),
                device_id=str(data["device_id"]),
                keychain_backend=str(data["keychain_backend"]),
                passphrase_wrap=Wrap.from_json(wraps["passphrase"]),
                recovery_wrap=Wrap.from_json(wraps["recovery"]),
                created_at=str(data["created_at"]),
                anchor=data["anchor"] if isinstance(data.get("anchor"), dict) else None,
                pending=PendingRekey.from_json(data["rekey"]) if "rekey" in data else None,
                seal=str(data.get("seal", "")),
            )
        except StoreDamaged:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
            raise damaged from exc
        if keyfile.passphrase_wrap.kind != "passphrase" or keyfile.recovery_wrap.kind != "recovery":
            raise damaged
        for wrap in keyfile.wraps():
            problem = wrap.kdf.problem()
            if problem:
                raise StoreDamaged(
                    f"The {source} is damaged: it asks for a key-stretching cost LinkDesk will not use "
                    f"({problem}). {remedy}"
                )
        return keyfile

    def wraps(self) -> list[Wrap]:
        pending = [] if self.pending is None else [self.pending.passphrase_wrap, self.pending.recovery_wrap]
        return [self.passphrase_wrap, self.recovery_wrap, *pending]

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        return cls.from_bytes(path.read_bytes())

    def save(self, path: Path, dbk: bytes | bytearray) -> None:
        """Write the file sealed under ``dbk``, the database key its wraps hold."""
        atomic_write(path, self.to_bytes(dbk))

    def with_passphrase_wrap(self, wrap: Wrap, backend: str) -> KeyFile:
        return replace(self, passphrase_wrap=wrap, keychain_backend=backend)

    def with_recovery_wrap(self, wrap: Wrap) -> KeyFile:
        return replace(self, recovery_wrap=wrap)

    def with_pending(self, pending: PendingRekey | None) -> KeyFile:
        return replace(self, pending=pending)

    def finish_pending(self) -> KeyFile:
        """The key file once its pending rekey is done: the new key's wraps, nothing pending."""
        if self.pending is None:
            return self
        return replace(
            self,
            passphrase_wrap=self.pending.passphrase_wrap,
            recovery_wrap=self.pending.recovery_wrap,
            pending=None,
        )


def _checksum(data: dict[str, Any]) -> str:
    """SHA-256 over everything but the anchor (sealed, and with its own MAC, checked by ``verify``)."""
    body = {key: value for key, value in data.items() if key not in ("checksum", "anchor")}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def seal_expected(conn: Connection) -> bool:
    """Whether this store's key files are sealed (so an unsealed one has had its seal removed)."""
    return conn.execute("SELECT 1 FROM store_meta WHERE key = ?", (SEALED_META,)).fetchone() is not None
