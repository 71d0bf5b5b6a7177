"""Fonts embedded in every PDF (their licences are in resources/fonts).

DejaVu Sans covers Latin (with diacritics), Greek, Cyrillic and Hebrew; Noto Naskh Arabic covers
Arabic and Urdu (as presentation forms, after reshaping); Noto Sans Bengali, Gurmukhi, Devanagari,
Gujarati and Tamil cover those scripts, which need a shaping engine (uharfbuzz) to be printed
correctly; Droid Sans Fallback covers Chinese (and Japanese kana). Every file has TrueType
outlines, which reportlab can subset and embed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
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
    #: True for scripts whose letters reorder and combine (the Indic scripts): printed only shaped,
    #: run by run, by ``shaping.py`` (Arabic is reshaped and reordered in ``text.py`` instead).
    shaped: bool = False
    #: Printed this much larger than the text around it, so its letters look the same size.
    scale: float = 1.0
    #: The OpenType script tag its runs are shaped with (``shaped`` families only).
    hb_script: str = ""


LATIN = Family("latin", BODY, BOLD, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
ARABIC = Family(
    "arabic",
    "LinkDeskNaskh",
    "LinkDeskNaskh-Bold",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    scale=1.15,
)


def _indic(key: str, script: str, hb_script: str) -> Family:
    return Family(
        key,
        f"LinkDesk{script}",
        f"LinkDesk{script}-Bold",
        f"NotoSans{script}-Regular.ttf",
        f"NotoSans{script}-Bold.ttf",
        shaped=True,
        hb_script=hb_script,
    )


BENGALI = _indic("bengali", "Bengali", "Beng")
GURMUKHI = _indic("gurmukhi", "Gurmukhi", "Guru")
DEVANAGARI = _indic("devanagari", "Devanagari", "Deva")
GUJARATI = _indic("gujarati", "Gujarati", "Gujr")
TAMIL = _indic("tamil", "Tamil", "Taml")
#: One weight only: bold Chinese is printed in the regular weight.
HAN = Family("han", "LinkDeskHan", "LinkDeskHan", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf")
#: The fallback order: the first family that has a character prints it (scripts may prefer another).
FAMILIES: tuple[Family, ...] = (LATIN, ARABIC, BENGALI, GURMUKHI, DEVANAGARI, GUJARATI, TAMIL, HAN)
SHAPED: tuple[Family, ...] = tuple(f for f in FAMILIES if f.shaped)

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
        for name, filename in {family.regular: family.regular_file, family.bold: family.bold_file}.items():
            # reportlab's own shaping is never used: LinkDesk shapes each script run itself (shaping.py)
            pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename), shapable=False))
            _COVERAGE[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
        pdfmetrics.registerFontFamily(
            family.regular,
            normal=family.regular,
            bold=family.bold,
            italic=family.regular,
            boldItalic=family.bold,
        )
    return BODY, BOLD


_COVERAGE: dict[str, frozenset[int]] = {}


def coverage(font_name: str) -> frozenset[int]:
    """The code points a registered font has a glyph for (its own cmap, as read from the file)."""
    register_fonts()
    return _COVERAGE[font_name]


def shaping_available() -> bool:
    """Whether complex scripts can be shaped here (it needs the uharfbuzz package)."""
    return importlib.util.find_spec("uharfbuzz") is not None


def font_path(font_name: str) -> Path:
    return font_dir() / FONT_FILES[font_name]


def family_of(font_name: str) -> Family:
    for family in FAMILIES:
        if font_name in (family.regular, family.bold):
            return family
    raise KeyError(font_name)
