"""``linkdesk gui --screenshot``: a real process renders a page offscreen at 1366x768."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtGui import QImage

from tests.conftest import PASSPHRASE


@pytest.fixture
def store(cli: Any) -> Any:
    result = cli("init", "--name", "Screenshot Team")
    assert result.code == 0, result.err
    return cli


@pytest.mark.parametrize("page", ["lock", "settings", "today"])
def test_screenshot_is_a_1366x768_png(store: Any, tmp_path: Path, page: str) -> None:
    out = tmp_path / f"{page}.png"
    result = store("gui", "--screenshot", str(out), "--page", page)
    assert result.code == 0, result.err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert result.out == ""


def test_lock_page_needs_no_passphrase(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "lock.png"
    result = store("gui", "--screenshot", str(out), "--page", "lock", passphrase=None)
    assert result.code == 0, result.err
    assert out.exists()


def test_wrong_passphrase_is_one_plain_line(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    result = store("gui", "--screenshot", str(out), "--page", "today", passphrase=PASSPHRASE + "x")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("--page", "school"), "--id"), (("--page", "cyp", "--id", "nope"), "nope"), (("--id", "x"), "--id")],
)
def test_bad_page_or_id_is_one_plain_line(
    store: Any, tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    result = store("gui", "--screenshot", str(tmp_path / "x.png"), *args)
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("linkdesk: ")
