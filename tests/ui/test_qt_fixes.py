"""The binding defects ``linkdesk.ui.qt_fixes`` mends stay mended."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QSize, Signal

import linkdesk.ui  # noqa: F401 - importing the UI applies the fixes
from linkdesk.ui.qt_fixes import (
    NONE_RESERVE,
    disconnect_drops_a_reference,
    emit_drops_a_reference,
    keep_emit_balanced,
    keep_none_alive,
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
