"""Team membership and sync bundles as the rest of LinkDesk sees them (D4). Pure: no I/O.

A team is the set of devices that trust each other's identity cards; there is no team id. Each
device has two key pairs, kept inside its encrypted store: X25519 (age) to receive bundles and
Ed25519 to sign the bundles it sends. A card carries the public halves; its fingerprint is what
two people compare in person before trusting it.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

#: The bundle format this LinkDesk writes and the newest it reads.
BUNDLE_FORMAT = 1
#: Features a bundle may require of its reader; a bundle naming any other is refused.
#: "purge": it holds a purge or purged changes (stubs), which an older reader would mis-fold.
PURGE_FEATURE = "purge"
KNOWN_FEATURES: frozenset[str] = frozenset({PURGE_FEATURE})


def fingerprint(device_id: str, age_recipient: str, sign_public: bytes) -> str:
    """Twenty characters in groups of four (base32 of SHA-256 over the card's keys)."""
    digest = hashlib.sha256(f"{device_id}\n{age_recipient}\n".encode() + sign_public).digest()
    text = base64.b32encode(digest).decode()[:20]
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class Card:
    """A device's public identity, as exchanged on a file between teammates."""

    device_id: str
    name: str
    age_recipient: str
    sign_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.device_id, self.age_recipient, self.sign_public)


@dataclass(frozen=True)
class Identity:
    """This device's key pairs (secret halves included); lives only inside the store."""

    card: Card
    age_identity: str
    sign_private: bytes


@dataclass(frozen=True)
class TeamDevice:
    """A trusted teammate's device and what this device knows of it."""

    card: Card
    trusted_at: str
    revoked_at: str | None = None
    last_received_at: str | None = None
    last_sent_at: str | None = None
    #: The highest op sequence number of each device that this teammate is known to hold.
    vector: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": self.card.device_id,
            "name": self.card.name,
            "fingerprint": self.card.fingerprint,
            "trusted_at": self.trusted_at,
            "last_received": self.last_received_at,
            "last_sent": self.last_sent_at,
            "revoked": self.revoked_at is not None,
        }


@dataclass(frozen=True)
class Manifest:
    """What a bundle says about itself (signed with the ops)."""

    bundle_id: str
    sender: str
    sender_name: str
    created_at: str
    schema_version: int
    full: bool
    #: {device id: [first seq, last seq]} of the ops inside.
    ranges: dict[str, tuple[int, int]]
    op_count: int
    #: The sender's own holdings, {device id: highest seq}: tells the reader what it can skip.
    vector: dict[str, int]
    format: int = BUNDLE_FORMAT
    min_reader: int = BUNDLE_FORMAT
    critical: tuple[str, ...] = ()


@dataclass(frozen=True)
class BrokenRule:
    """A record whose merged fields break a rule that spans fields: for a person to put right."""

    record_id: str
    type: str
    problem: str


@dataclass(frozen=True)
class ImportSummary:
    bundle_id: str
    sender: str
    sender_name: str
    ops: int
    new_ops: int
    conflicts: int
    already_imported: bool = False
    #: Records that were here before, changed by the bundle, and now break a rule.
    broken: tuple[BrokenRule, ...] = ()
    #: Records here whose content a purge in the bundle removed.
    purged: int = 0
