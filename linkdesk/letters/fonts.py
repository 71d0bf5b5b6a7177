"""Fonts embedded in every PDF (their licences are in resources/fonts).

DejaVu Sans covers Latin (with diacritics), Greek, Cyrillic and Hebrew; Noto Naskh Arabic covers
Arabic and Urdu (as presentation forms, after reshaping); Noto Sans Bengali and Noto Sans Gurmukhi
cover those scripts, which need a shaping engine (uharfbuzz) to be printed correctly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from linkdesk.config import resources_dir

BODY = "LinkDeskSans"
BOLD = "LinkDeskSans-Bold"


@dataclass(frozen=True)
class Family:
    """One embedded typeface: its registered names, files and what it needs."""

    key: str
    regular: str
    bold: str
    regular_file: str
    bold_file: str
    #: True for scripts whose letters reorder and combine (Bengali, Gurmukhi): printed only with shaping.
    shaped: bool = False
    #: False where LinkDesk shapes the text itself (Arabic is reshaped before it reaches reportlab).
    shapable: bool = True
    #: Printed this much larger than the text around it, so its letters look the same size.
    scale: float = 1.0


LATIN = Family("latin", BODY, BOLD, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
ARABIC = Family(
    "arabic",
    "LinkDeskNaskh",
    "LinkDeskNaskh-Bold",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    shapable=False,
    scale=1.15,
)
BENGALI = Family(
    "bengali",
    "LinkDeskBengali",
    "LinkDeskBengali-Bold",
    "NotoSansBengali-Regular.ttf",
    "NotoSansBengali-Bold.ttf",
    shaped=True,
)
GURMUKHI = Family(
    "gurmukhi",
    "LinkDeskGurmukhi",
    "LinkDeskGurmukhi-Bold",
    "NotoSansGurmukhi-Regular.ttf",
    "NotoSansGurmukhi-Bold.ttf",
    shaped=True,
)
#: The fallback order: the first family that has a character prints it (scripts may prefer another).
FAMILIES: tuple[Family, ...] = (LATIN, ARABIC, BENGALI, GURMUKHI)

FONT_FILES: dict[str, str] = {}
for _family in FAMILIES:
    FONT_FILES[_family.regular] = _family.regular_file
    FONT_FILES[_family.bold] = _family.bold_file


def font_dir() -> Path:
    return resources_dir() / "fonts"


def missing_fonts() -> list[str]:
    return [name for name in FONT_FILES.values() if not (font_dir() / name).is_file()]


@cache
def register_fonts() -> tuple[str, str]:
    """Register the bundled fonts with reportlab once; returns (body, bold) font names."""
    for family in FAMILIES:
        for name, filename in ((family.regular, family.regular_file), (family.bold, family.bold_file)):
            pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename), shapable=family.shapable))
        pdfmetrics.registerFontFamily(
            family.regular,
            normal=family.regular,
            bold=family.bold,
            italic=family.regular,
            boldItalic=family.bold,
        )
    return BODY, BOLD


@cache
def coverage(font_name: str) -> frozenset[int]:
    """The code points a registered font has a glyph for (its cmap)."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def shaping_available() -> bool:
    """Whether reportlab can shape complex scripts here (it needs the uharfbuzz package)."""
    return ttfonts.uharfbuzz is not None


def family_of(font_name: str) -> Family:
    for family in FAMILIES:
        if font_name in (family.regular, family.bold):
            return family
    raise KeyError(font_name)
