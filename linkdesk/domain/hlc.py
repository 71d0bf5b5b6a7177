"""Hybrid logical clock (Kulkarni et al., 2014) for ordering operations across devices.

A timestamp is (physical milliseconds, counter). It never goes backwards on a device, moves past
any timestamp the device has seen from others, and stays within clock skew of real time. It is
used to order and display changes, never as the only arbiter of clinical content: concurrent
writes are kept as conflicts (see ``registers``).
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTER_LIMIT = 10**6


@dataclass(frozen=True, order=True)
class Hlc:
    millis: int
    counter: int

    def encode(self) -> str:
        """Fixed-width text that sorts in time order."""
        return f"{self.millis:015d}.{self.counter:06d}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        millis, counter = text.split(".")
        return cls(int(millis), int(counter))

    def tick(self, now_millis: int) -> Hlc:
        """The next timestamp for a local event."""
        if now_millis > self.millis:
            return Hlc(now_millis, 0)
        return self._bump(self.millis, self.counter)

    def receive(self, remote: Hlc, now_millis: int) -> Hlc:
        """The next timestamp after seeing ``remote`` from another device."""
        top = max(self.millis, remote.millis, now_millis)
        if top == self.millis == remote.millis:
            return self._bump(top, max(self.counter, remote.counter))
        if top == self.millis:
            return self._bump(top, self.counter)
        if top == remote.millis:
            return self._bump(top, remote.counter)
        return Hlc(top, 0)

    @staticmethod
    def _bump(millis: int, counter: int) -> Hlc:
        if counter + 1 >= COUNTER_LIMIT:
            return Hlc(millis + 1, 0)
        return Hlc(millis, counter + 1)


ZERO = Hlc(0, 0)
