"""A one-page check PDF, built in memory, for ``linkdesk self-test``."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from linkdesk.letters.fonts import missing_fonts, register_fonts

CHECK_TEXT = "LinkDesk self-test: Zoë Ní Bhriain, Łukasz Żółkiewski, Đặng Thị Hương, Αλέξανδρος, Дмитрий."


class PdfCheck:
    def missing_fonts(self) -> list[str]:
        return missing_fonts()

    def render_check_page(self) -> bytes:
        body, _bold = register_fonts()
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, title="LinkDesk self-test")
        doc.build([Paragraph(CHECK_TEXT, ParagraphStyle("check", fontName=body, fontSize=12))])
        return buffer.getvalue()
