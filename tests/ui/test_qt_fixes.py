"""The binding defects ``linkdesk.ui.qt_fixes`` mends stay mended."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import linkdesk.ui  # noqa: F401 - importing the UI applies the fixes
from linkdesk.ui.qt_fixes import emit_drops_a_reference, keep_emit_balanced


class Sender(QObject):
    flag = Signal(bool)
    plain = Signal()


def test_emitting_keeps_the_reference_count_of_true() -> None:
    """Unmended, PySide6 6.12 on Python 3.11 takes one reference from True per emit; the app
    emits on every DB task, so a long session would free True and abort."""
    sender = Sender()
    seen: list[bool] = []
    sender.flag.connect(seen.append)
    sender.plain.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(500):
        sender.flag.emit(False)
        sender.plain.emit()
    assert abs(sys.getrefcount(True) - before) < 10  # unmended: 1000 fewer
    assert seen == [False] * 500
    assert not emit_drops_a_reference()
    assert keep_emit_balanced() is False  # already applied (or never needed): not applied twice
