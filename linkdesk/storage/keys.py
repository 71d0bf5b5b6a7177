"""Key custody (D2): the database key (DBK) and its two independent wraps.

* DBK: 32 random bytes, the only key SQLCipher sees (as a raw key).
* Passphrase wrap: KEK = HKDF-SHA256(Argon2id(passphrase) || device secret), where the device
  secret is 32 random bytes kept in the OS keychain when a recommended backend exists.
* Recovery wrap: KEK = HKDF-SHA256(Argon2id(recovery code)); the code is shown once.

Each wrap is ChaCha20-Poly1305 with associated data binding the store id, the format version
and the wrap's kind, so a wrap cannot be moved to another store or slot. The Argon2id cost is
stored with each wrap so it can be raised later.
"""

from __future__ import annotations

import base64
import secrets
import unicodedata
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from linkdesk.errors import ValidationError

FORMAT_VERSION = 1
DBK_BYTES = 32
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5
MIN_PASSPHRASE_LEN = 8


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; memory in KiB."""

    time_cost: int = 4
    memory_kib: int = 128 * 1024
    parallelism: int = 4

    @classmethod
    def minimum(cls) -> KdfParams:
        """The cheapest cost a key file may name (the test suite's stores); anything less is refused."""
        return cls(time_cost=1, memory_kib=64, parallelism=1)

    def problem(self) -> str | None:
        """Why this cost is absurd (too low to protect, or too high to compute), or None."""
        low, high = KdfParams.minimum(), KDF_MAXIMUM
        if not (low.time_cost <= self.time_cost <= high.time_cost):
            return f"time cost {self.time_cost} (allowed {low.time_cost} to {high.time_cost})"
        if not (low.parallelism <= self.parallelism <= high.parallelism):
            return f"parallelism {self.parallelism} (allowed {low.parallelism} to {high.parallelism})"
        if not (max(low.memory_kib, 8 * self.parallelism) <= self.memory_kib <= high.memory_kib):
            return f"memory {self.memory_kib} KiB (allowed {low.memory_kib} KiB to {high.memory_kib} KiB)"
        return None

    def describe(self) -> dict[str, object]:
        """The cost as ``info --json`` reports it."""
        return {
            "algorithm": "argon2id",
            "memory_kib": self.memory_kib,
            "time_cost": self.time_cost,
            "parallelism": self.parallelism,
        }

    def raised_to(self, floor: KdfParams | None) -> KdfParams:
        """This cost with each part raised to at least ``floor``'s: never lowered."""
        if floor is None:
            return self
        return KdfParams(
            time_cost=max(self.time_cost, floor.time_cost),
            memory_kib=max(self.memory_kib, floor.memory_kib),
            parallelism=max(self.parallelism, floor.parallelism),
        )

    def below(self, floor: KdfParams | None) -> bool:
        """True when some part of this cost is under ``floor``'s."""
        return self.raised_to(floor) != self


#: The built-in cost of every passphrase set or changed (an organisation's floor may raise it).
RECOMMENDED = KdfParams()
#: The most a key file may ask for: more would stall or exhaust the laptop (a damaged or hostile file).
KDF_MAXIMUM = KdfParams(time_cost=64, memory_kib=4 * 1024 * 1024, parallelism=64)

#: Sizes of a wrap's parts once decoded (bytes).
SALT_BYTES, NONCE_BYTES, TAG_BYTES = 16, 12, 16
WRAP_KINDS = ("passphrase", "recovery")


@dataclass(frozen=True)
class Wrap:
    """One wrapped copy of the DBK."""

    kind: str  # "passphrase" or "recovery"
    salt: str  # base64
    nonce: str  # base64
    ciphertext: str  # base64
    kdf: KdfParams
    device_secret: bool = False

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Wrap:
        """A wrap as stored; ValueError names what is malformed (sizes, kind, an absurd cost)."""
        kdf = data["kdf"]
        if not isinstance(kdf, dict) or not all(
            type(kdf.get(k)) is int for k in ("time_cost", "memory_kib", "parallelism")
        ):
            raise ValueError("kdf")
        wrap = cls(
            kind=str(data["kind"]),
            salt=str(data["salt"]),
            nonce=str(data["nonce"]),
            ciphertext=str(data["ciphertext"]),
            kdf=KdfParams(kdf["time_cost"], kdf["memory_kib"], kdf["parallelism"]),
            device_secret=data.get("device_secret", False) is True,
        )
        if wrap.kind not in WRAP_KINDS:
            raise ValueError("kind")
        sizes = ((wrap.salt, SALT_BYTES), (wrap.nonce, NONCE_BYTES), (wrap.ciphertext, DBK_BYTES + TAG_BYTES))
        if any(len(_unb64(text)) != size for text, size in sizes):
            raise ValueError("size")
        return wrap


def new_dbk() -> bytearray:
    return bytearray(secrets.token_bytes(DBK_BYTES))


def new_device_secret() -> bytes:
    return secrets.token_bytes(32)


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(chars[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(chars), RECOVERY_GROUP_LEN))


def normalise_recovery_code(code: str) -> str:
    """Accept the code however it was typed: any case, spaces or dashes, O for 0, I/L for 1."""
    cleaned = code.upper().replace("O", "0").replace("I", "1").replace("L", "1")
    cleaned = "".join(ch for ch in cleaned if ch.isalnum())
    if len(cleaned) != RECOVERY_GROUPS * RECOVERY_GROUP_LEN or any(
        c not in RECOVERY_ALPHABET for c in cleaned
    ):
        raise ValidationError(
            f"A recovery code is {RECOVERY_GROUPS} groups of {RECOVERY_GROUP_LEN} letters and digits, "
            "like ABCDE-12345-...; check it against the printed copy.",
            field="recovery_code",
        )
    return cleaned


def check_new_passphrase(passphrase: str) -> str:
    passphrase = unicodedata.normalize("NFC", passphrase)
    if len(passphrase) < MIN_PASSPHRASE_LEN:
        raise ValidationError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LEN} characters; a few unrelated words work well.",
            field="passphrase",
        )
    if "\x00" in passphrase:
        raise ValidationError("A passphrase cannot contain a NUL character.", field="passphrase")
    return passphrase


def _aad(store_id: str, kind: str) -> bytes:
    return f"linkdesk-key|v{FORMAT_VERSION}|{store_id}|{kind}".encode()


def _kek(secret: bytes, salt: bytes, kdf: KdfParams, kind: str, device_secret: bytes | None) -> bytes:
    stretched = hash_secret_raw(
        secret,
        salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_kib,
        parallelism=kdf.parallelism,
        hash_len=32,
        type=Type.ID,
    )
    ikm = stretched + (device_secret or b"")
    info = f"linkdesk kek v{FORMAT_VERSION} {kind}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(ikm)


def _secret_bytes(kind: str, secret: str) -> bytes:
    if kind == "recovery":
        return normalise_recovery_code(secret).encode()
    return unicodedata.normalize("NFC", secret).encode()


def wrap_dbk(
    dbk: bytes | bytearray,
    store_id: str,
    kind: str,
    secret: str,
    kdf: KdfParams,
    device_secret: bytes | None = None,
) -> Wrap:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = _kek(_secret_bytes(kind, secret), salt, kdf, kind, device_secret)
    ciphertext = ChaCha20Poly1305(kek).encrypt(nonce, bytes(dbk), _aad(store_id, kind))
    return Wrap(
        kind=kind,
        salt=_b64(salt),
        nonce=_b64(nonce),
        ciphertext=_b64(ciphertext),
        kdf=kdf,
        device_secret=device_secret is not None,
    )


def unwrap_dbk(
    wrap: Wrap, store_id: str, secret: str, device_secret: bytes | None = None
) -> bytearray | None:
    """The DBK, or None when the secret (or device secret) is not the right one."""
    kek = _kek(_secret_bytes(wrap.kind, secret), _unb64(wrap.salt), wrap.kdf, wrap.kind, device_secret)
    try:
        plain = ChaCha20Poly1305(kek).decrypt(
            _unb64(wrap.nonce), _unb64(wrap.ciphertext), _aad(store_id, wrap.kind)
        )
    except InvalidTag:
        return None
    return bytearray(plain)


def seal_successor(old_dbk: bytes | bytearray, new_dbk: bytes | bytearray, store_id: str) -> str:
    """The new DBK sealed under the old one, kept only while a rekey is being finished."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = ChaCha20Poly1305(_successor_key(old_dbk)).encrypt(
        nonce, bytes(new_dbk), _aad(store_id, "successor")
    )
    return _b64(nonce + sealed)


def open_successor(old_dbk: bytes | bytearray, sealed: str, store_id: str) -> bytearray | None:
    raw = _unb64(sealed)
    try:
        plain = ChaCha20Poly1305(_successor_key(old_dbk)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(store_id, "successor")
        )
    except (InvalidTag, ValueError):
        return None
    return bytearray(plain)


def _successor_key(dbk: bytes | bytearray) -> bytes:
    info = f"linkdesk successor v{FORMAT_VERSION}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(bytes(dbk))


def zero(buffer: bytearray) -> None:
    """Overwrite key material in place (best effort: Python may hold other copies)."""
    for i in range(len(buffer)):
        buffer[i] = 0


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
