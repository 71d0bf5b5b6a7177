"""UUIDv7 record ids: time-ordered, unique across devices without coordination."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime


def uuid7(at: datetime) -> str:
    """A UUIDv7 (RFC 9562) for ``at``: 48-bit Unix milliseconds, version 7, 74 random bits."""
    millis = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    rand_a = secrets.randbits(12)
    rand_b = secrets.randbits(62)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


def is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except (ValueError, AttributeError):
        return False
