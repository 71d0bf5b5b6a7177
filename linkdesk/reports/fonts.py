"""The bundled DejaVu Sans, registered with reportlab for report PDFs and their charts."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from linkdesk.config import resources_dir

BODY = "LinkDeskReport"
BOLD = "LinkDeskReport-Bold"
_FILES = {BODY: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def report_fonts() -> tuple[str, str]:
    """Register the report fonts once; returns (body, bold) font names."""
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=BODY, boldItalic=BOLD)
    return BODY, BOLD
