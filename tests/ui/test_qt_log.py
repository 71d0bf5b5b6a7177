"""Qt's own messages reach the LinkDesk log without their text (issue #22, finding 7)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from PySide6.QtCore import qInstallMessageHandler, qWarning

from linkdesk import logging_setup
from linkdesk.ui.main import _qt_messages

NAME = "Zoë Ní Bhriain"


def test_a_qt_warning_naming_a_child_is_logged_without_the_name(
    qapp: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logging_setup.configure(tmp_path)
    previous = qInstallMessageHandler(_qt_messages)
    try:
        with caplog.at_level(logging.DEBUG):
            qWarning(f'QLayout::addChildLayout: layout "{NAME}" already has a parent')
            qWarning(f"{NAME} has a safeguarding concern")  # text that names no Qt class
    finally:
        qInstallMessageHandler(previous)
        for handler in list(logging.getLogger().handlers):
            handler.flush()
            if getattr(handler, "linkdesk", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    files = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "logs").glob("*.log"))
    logged = caplog.text + files
    assert "QLayout::addChildLayout" in logged and "message withheld" in logged
    assert "Bhriain" not in logged and "safeguarding" not in logged
