"""The binding defects ``linkdesk.ui.qt_fixes`` mends stay mended."""

from __future__ import annotations

import linecache
import sys
import types
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Signal

import linkdesk.ui  # noqa: F401 - importing the UI applies the fixes
from linkdesk.ui.qt_fixes import (
    NONE_RESERVE,
    disconnect_drops_a_reference,
    emit_drops_a_reference,
    keep_emit_balanced,
    keep_none_alive,
    spare_source_cache,
    void_call_drops_none,
)


class Sender(QObject):
    flag = Signal(bool)
    plain = Signal()
    relayed = Signal()


def test_emitting_and_disconnecting_keep_the_reference_count_of_true() -> None:
    """Unmended, PySide6 6.12 on Python 3.11 takes one reference from True per emit (and per
    disconnect); the app emits on every DB task, so a long session would free True and abort."""
    sender = Sender()
    seen: list[bool] = []
    sender.flag.connect(seen.append)
    sender.plain.connect(lambda: None)

    def no_op() -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(500):
        sender.flag.emit(False)
        sender.plain.emit()
        sender.plain.connect(no_op)
        sender.plain.disconnect(no_op)
    assert abs(sys.getrefcount(True) - before) < 10  # unmended: 1500 fewer
    assert seen == [False] * 500
    assert not emit_drops_a_reference() and not disconnect_drops_a_reference()
    assert keep_emit_balanced() is False  # already applied (or never needed): not applied twice


def test_a_signal_still_relays_to_another_signals_emit() -> None:
    sender = Sender()
    got: list[int] = []
    sender.relayed.connect(lambda: got.append(1))
    sender.plain.connect(sender.relayed.emit)
    sender.plain.emit()
    assert got == [1]
    assert sender.plain.disconnect(sender.relayed.emit)
    sender.plain.emit()
    assert got == [1]


def test_calls_that_return_nothing_never_use_up_none() -> None:
    """Unmended, each call of a method that returns nothing takes a reference from None; the
    references a long session's calls take are well within None's reserve."""
    size = QSize(1, 1)
    for _ in range(5000):
        size.setWidth(2)
    if void_call_drops_none():
        assert sys.getrefcount(None) > NONE_RESERVE // 2
    assert keep_none_alive() is False  # given once (or never needed)


def import_fresh(folder: Path, name: str, source: str) -> types.ModuleType:
    (folder / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        return __import__(name)  # the import statement's way: the binding hooks ``__import__``
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(name, None)


def test_a_module_imported_after_the_binding_leaves_no_source_in_memory(tmp_path: Path) -> None:
    assert not spare_source_cache()  # already applied when linkdesk.ui was imported
    module = import_fresh(tmp_path, "ld_fresh_plain", "WORDS = 'nothing about Qt here'\n" * 2000)
    assert module.__file__ not in linecache.cache


def test_the_binding_still_tells_modules_that_use_it_from_those_that_do_not(tmp_path: Path) -> None:
    feature = sys.modules["shibokensupport.feature"]
    import_fresh(tmp_path, "ld_fresh_qt", "import PySide6.QtCore\n")
    import_fresh(tmp_path, "ld_fresh_none", "import json\n")
    assert feature.pyside_feature_dict["ld_fresh_qt"] == 0  # switchable
    assert feature.pyside_feature_dict["ld_fresh_none"] == -1  # ignored
