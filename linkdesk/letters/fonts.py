"""Fonts embedded in every PDF: bundled DejaVu Sans (its licence is in resources/fonts)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from linkdesk.config import resources_dir

BODY = "LinkDeskSans"
BOLD = "LinkDeskSans-Bold"
FONT_FILES = {BODY: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def font_dir() -> Path:
    return resources_dir() / "fonts"


def missing_fonts() -> list[str]:
    return [name for name in FONT_FILES.values() if not (font_dir() / name).is_file()]


@cache
def register_fonts() -> tuple[str, str]:
    """Register the bundled fonts with reportlab once; returns (body, bold) font names."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename)))
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=BODY, boldItalic=BOLD)
    return BODY, BOLD
