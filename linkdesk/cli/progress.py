"""A progress bar on the terminal (stderr), for long reads and writes; silent when not a terminal."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30


class TerminalProgress:
    """Call it with ``(done, total)``; it redraws at most ten times a second. ``finish()`` ends the line."""

    def __init__(
        self, stream: TextIO, label: str, *, enabled: bool | None = None, unit: str = "bytes"
    ) -> None:
        self.stream = stream
        self.label = label
        self.unit = unit
        self.enabled = stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        self.stream.write("\r" + self.line(done, total))
        self.stream.flush()
        self._shown = True

    def line(self, done: int, total: int) -> str:
        share = min(max(done / total, 0.0), 1.0) if total > 0 else 1.0
        filled = round(share * WIDTH)
        if self.unit == "bytes":
            amount = f"{done / 1e6:,.1f} of {total / 1e6:,.1f} MB"
        else:
            amount = f"{done:,} of {total:,} {self.unit}"
        return f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%}  {amount}"

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False
