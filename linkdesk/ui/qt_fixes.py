"""Work-arounds for defects of the Qt binding, applied once when ``linkdesk.ui`` is imported.

``SignalInstance.emit`` and ``SignalInstance.disconnect`` of PySide6 6.12.0 on Python 3.11 return
``True`` without the reference they owe: every ``signal.emit(...)`` made from Python takes one
reference from ``True``. The desktop app emits on every finished DB task, search keystroke and
lock, so after some thousands of them ``True`` is freed and the process aborts ("bool_dealloc:
deallocating True or False"). Python 3.12 and later make ``True`` immortal, and a fixed binding
keeps the count; both are detected by probing, and then nothing is patched.

The mended ``emit`` is a Python function, so ``a.connect(b.emit)`` would hand the binding a bound
method of a ``SignalInstance`` (which it cannot hold weakly); ``connect`` and ``disconnect`` pass
such a slot on as the signal ``b`` itself, which is what the binding does with its own ``emit``.

The same binding returns ``None`` short of a reference from every method that returns nothing
(``setText``, ``resize``, ``resizeSection``...), which the app calls far more often than it
emits; there is no one place to mend them all, so ``None`` is given a reserve of references no
session can use up: what Python 3.12 does by making ``None`` immortal.

The binding's import hook (PYSIDE-2029) asks of every module imported after it whether its source
mentions "PySide6", through ``inspect.getsource``; ``linecache`` then keeps every line of every
such module for the life of the process. With every page visited that was 22 MB (``holidays``
alone ships a module per country), 8% of the app's peak memory. The question is asked the same
way, of the file's bytes, and nothing is kept.
"""

from __future__ import annotations

import ctypes
import sys
import types
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSize, Signal, SignalInstance

_MENDED = "_linkdesk_mended"
#: References given to ``None`` when calls drain it: more than any session makes (one a call).
NONE_RESERVE = 1 << 40


class _Probe(QObject):
    fired = Signal()


def _drops_true(call: Callable[[], object], constant: object = True) -> bool:
    call()  # once first: the binding may keep objects of its own on a first call
    before = sys.getrefcount(constant)
    for _ in range(4):
        call()
    return sys.getrefcount(constant) < before


def void_call_drops_none() -> bool:
    """Whether a method that returns nothing takes a reference from ``None`` here."""
    size = QSize(1, 1)
    return _drops_true(lambda: size.setWidth(1), None)


def keep_none_alive() -> bool:
    """Give ``None`` the reserve (see the module's docstring) once; returns whether it was given."""
    if sys.getrefcount(None) > NONE_RESERVE // 2 or not void_call_drops_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += NONE_RESERVE  # ob_refcnt, CPython's first field
    return True


def emit_drops_a_reference() -> bool:
    """Whether ``emit()`` returns ``True`` short of a reference here (needs no QCoreApplication)."""
    probe = _Probe()
    return _drops_true(probe.fired.emit)


def disconnect_drops_a_reference() -> bool:
    probe = _Probe()

    def once() -> object:
        probe.fired.connect(_no_op)
        return probe.fired.disconnect(_no_op)

    return _drops_true(once)


def _no_op() -> None:
    pass


def _owed(result: object) -> object:
    if result is True or result is False:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return result


def _as_signal(slot: object) -> object:
    """``b.emit`` (the mended one) as the signal ``b``; any other slot as it is."""
    if isinstance(slot, types.MethodType) and getattr(slot.__func__, _MENDED, False):
        return slot.__self__
    return slot


def keep_emit_balanced() -> bool:
    """Give the results of ``emit()`` and ``disconnect()`` the reference the binding forgot;
    returns whether anything was patched."""
    if getattr(SignalInstance.emit, _MENDED, False):
        return False
    mend_emit, mend_disconnect = emit_drops_a_reference(), disconnect_drops_a_reference()
    if not (mend_emit or mend_disconnect):
        return False
    original_emit: Callable[..., Any] = SignalInstance.emit
    original_connect: Callable[..., Any] = SignalInstance.connect
    original_disconnect: Callable[..., Any] = SignalInstance.disconnect

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original_emit(self, *args)
        return _owed(result) if mend_emit else result

    def connect(self: SignalInstance, slot: Any, *args: Any, **kwargs: Any) -> Any:
        return original_connect(self, _as_signal(slot), *args, **kwargs)

    def disconnect(self: SignalInstance, *args: Any, **kwargs: Any) -> Any:
        if args:
            args = (_as_signal(args[0]), *args[1:])
        if "slot" in kwargs:
            kwargs["slot"] = _as_signal(kwargs["slot"])
        result = original_disconnect(self, *args, **kwargs)
        return _owed(result) if mend_disconnect else result

    for name, function in (("emit", emit), ("connect", connect), ("disconnect", disconnect)):
        setattr(function, _MENDED, True)
        setattr(SignalInstance, name, function)
    return True


def spare_source_cache() -> bool:
    """Answer the import hook's "does this module use PySide6?" without caching the module's
    source; returns whether the hook was changed."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, _MENDED, False):
        return False

    def uses_pyside(module: types.ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))  # built in, compiled or without a file: as the binding does
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False

    setattr(uses_pyside, _MENDED, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
