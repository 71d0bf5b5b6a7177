"""UUIDv7 record ids: time-ordered, unique across devices without coordination."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime


def uuid7(at: datetime, randbits: Callable[[int], int] = secrets.randbits) -> str:
    """A UUIDv7 (RFC 9562) for ``at``: 48-bit Unix milliseconds, version 7, 74 random bits.

    ``randbits`` is for deterministic generators (the demo); everything else uses ``secrets``.
    """
    return _compose(int(at.timestamp() * 1000), randbits(12), randbits(62))


def _compose(millis: int, rand_a: int, rand_b: int) -> str:
    value = ((millis & _MILLIS) << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


_MILLIS = (1 << 48) - 1
_COUNTER = (1 << 12) - 1


class Uuid7Source:
    """UUIDv7s that always sort in the order they were made (RFC 9562, method 1).

    Within one millisecond, or when the clock steps back, the 12-bit ``rand_a`` field counts up
    from the last id's; the rest stays random.
    """

    def __init__(self) -> None:
        self._millis = -1
        self._counter = 0

    def next(self, at: datetime) -> str:
        millis = int(at.timestamp() * 1000)
        if millis > self._millis:
            self._millis, self._counter = millis, secrets.randbits(11)  # room left to count up
        elif self._counter < _COUNTER:
            self._counter += 1
        else:
            self._millis, self._counter = self._millis + 1, 0
        return _compose(self._millis, self._counter, secrets.randbits(62))


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_uuid(text: str) -> bool:
    """True for a UUID in its usual 8-4-4-4-12 hex form (either case)."""
    return isinstance(text, str) and _UUID.fullmatch(text) is not None
