"""Render the application icon for every platform from ``linkdesk.svg``.

    python installers/icons/make_icons.py OUT_DIR

writes ``OUT_DIR/png/linkdesk-<N>.png`` (16 to 512), ``linkdesk.ico`` (Windows) and
``linkdesk.icns`` (macOS). Qt renders the SVG (offscreen, no display needed); Pillow, already a
runtime dependency through reportlab, writes the ICO and ICNS containers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).with_name("linkdesk.svg")
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main(out: Path) -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    pngs = out / "png"
    pngs.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        render(renderer, size, pngs / f"linkdesk-{size}.png")
    largest = Image.open(pngs / "linkdesk-512.png")
    largest.save(out / "linkdesk.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(out / "linkdesk.icns")
    del app


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: make_icons.py OUT_DIR")
    main(Path(sys.argv[1]))
