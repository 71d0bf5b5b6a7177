"""stdout/stderr discipline: results on stdout, messages on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit(text: str) -> None:
    """Print a result (an id, a hash, a code) on stdout."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON on stdout: sorted keys, UTF-8 kept as is."""
    sys.stdout.write(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def say(text: str) -> None:
    """A message for the person at the terminal (stderr, never mixed into results)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
