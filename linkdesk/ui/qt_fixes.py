"""Work-arounds for defects of the Qt binding, applied once when ``linkdesk.ui`` is imported.

``SignalInstance.emit`` of PySide6 6.12.0 on Python 3.11 returns ``True`` without the reference
it owes: every ``signal.emit(...)`` made from Python takes one reference from ``True``. The
desktop app emits on every finished DB task, search keystroke and lock, so after some thousands
of them ``True`` is freed and the process aborts ("bool_dealloc: deallocating True or False").
Python 3.12 and later make ``True`` immortal, and a fixed binding keeps the count; both are
detected by :func:`emit_drops_a_reference` and then nothing is patched.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    fired = Signal()


def emit_drops_a_reference() -> bool:
    """Whether ``emit()`` returns ``True`` one reference short here (needs no QCoreApplication)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    after = sys.getrefcount(True)
    return after < before


def _owed(result: object) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


def keep_emit_balanced() -> bool:
    """Give ``emit()``'s result the reference the binding forgot; returns whether it was needed."""
    original: Callable[..., Any] = SignalInstance.emit
    if getattr(original, "_linkdesk_balanced", False) or not emit_drops_a_reference():
        return False

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            _owed(result)
        return result

    emit._linkdesk_balanced = True  # type: ignore[attr-defined]
    setattr(SignalInstance, "emit", emit)  # noqa: B010 - an attribute of a binding type
    return True
