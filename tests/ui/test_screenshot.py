"""``linkdesk gui --screenshot``: a real process renders a page offscreen at 1366x768, or at
``--size WxH`` logical pixels and ``--scale F`` (a display's device-pixel ratio).

The size is the code's decision (``SCREENSHOT_SIZE``, at the offscreen platform's device pixel
ratio of 1 unless ``--scale`` says otherwise: the test environment carries no display scaling),
not the fonts'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtGui import QImage

from linkdesk.ui.main import SCREENSHOT_SIZE
from tests.conftest import PASSPHRASE, copy_store, init_store


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("screenshot") / "home"
    init_store(home, "Screenshot Team")
    return home


@pytest.fixture
def store(cli: Any, empty_store: Path, home: Path) -> Any:
    """The CLI on the test's own copy of a new store."""
    copy_store(empty_store, home)
    return cli


@pytest.mark.parametrize("page", ["lock", "settings", "today"])
def test_screenshot_is_a_1366x768_png(store: Any, tmp_path: Path, page: str) -> None:
    out = tmp_path / f"{page}.png"
    result = store("gui", "--screenshot", str(out), "--page", page)
    assert result.code == 0, result.err
    image = QImage(str(out))
    assert SCREENSHOT_SIZE == (1366, 768) and (image.width(), image.height()) == SCREENSHOT_SIZE
    assert result.out == ""


@pytest.fixture
def demo(cli: Any, home: Path) -> Any:
    init_store(home, "Demo Link Work Service")  # demo fills an empty store
    result = cli("demo", "--size", "small")
    assert result.code == 0, result.err
    return cli


def first_id(cli: Any, *args: str) -> str:
    result = cli("list", *args)
    assert result.code == 0, result.err
    return str(result.out.split()[0])


def test_school_and_discussion_pages_render_a_record(demo: Any, tmp_path: Path) -> None:
    school = first_id(demo, "school")
    visit = first_id(demo, "visit", f"school_id={school}", "status=planned")
    for page, record in (("school", school), ("discussion", visit), ("schools", None)):
        out = tmp_path / f"{page}.png"
        result = demo("gui", "--screenshot", str(out), "--page", page, *(("--id", record) if record else ()))
        assert result.code == 0, result.err
        assert (QImage(str(out)).width(), QImage(str(out)).height()) == SCREENSHOT_SIZE
    wrong = demo("gui", "--screenshot", str(tmp_path / "x.png"), "--page", "school", "--id", visit)
    assert wrong.code == 1 and wrong.err.strip() == f"linkdesk: there is no school with id '{visit}'"


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


@pytest.mark.parametrize(
    ("args", "pixels"),
    [
        (("--size", "1280x720", "--scale", "1.5"), (1920, 1080)),
        (("--size", "960x540", "--scale", "2"), (1920, 1080)),
        (("--size", "1280x720"), (1280, 720)),
        (("--scale", "2"), (2732, 1536)),
    ],
)
def test_size_and_scale_set_the_png_in_device_pixels(
    store: Any, tmp_path: Path, args: tuple[str, ...], pixels: tuple[int, int]
) -> None:
    out = tmp_path / "today.png"
    result = store("gui", "--screenshot", str(out), "--page", "today", *args)
    assert result.code == 0, result.err
    image = QImage(str(out))
    assert (image.width(), image.height()) == pixels


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--size", "12x5"), "--size 12x5"),
        (("--size", "wide"), "like 1366x768"),
        (("--size", "1280x720x3"), "like 1366x768"),
        (("--scale", "big"), "such as 1.5"),
        (("--scale", "0"), "--scale 0"),
        (("--scale", "nan"), "--scale nan"),
    ],
)
def test_bad_size_or_scale_is_one_plain_line(
    store: Any, tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    out = tmp_path / "x.png"
    result = store("gui", "--screenshot", str(out), "--page", "today", *args)
    assert result.code == 1 and not out.exists()
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("linkdesk: "), result.err


def test_size_without_a_screenshot_is_refused(store: Any) -> None:
    result = store("gui", "--size", "1280x720")
    assert result.code == 1
    assert result.err.strip() == "linkdesk: --size and --scale are only for --screenshot"
