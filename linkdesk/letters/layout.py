"""The page: A4, NHS-blue letterhead band, continuation header, confidentiality footer, page numbers.

Everything drawn here that comes from a user (the service name, address, contact line) goes
through ``text.paragraph_markup`` like any other user text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from linkdesk.letters import fonts
from linkdesk.letters.text import Span, paragraph_markup

NHS_BLUE = colors.HexColor("#005EB8")
NHS_DARK_BLUE = colors.HexColor("#003087")
DARK_GREY = colors.HexColor("#425563")
MID_GREY = colors.HexColor("#768692")
PALE_GREY = colors.HexColor("#E8EDEE")
WARM_YELLOW = colors.HexColor("#FFB81C")
TEXT = colors.HexColor("#212B32")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
BAND_HEIGHT = 30 * mm
FIRST_TOP = BAND_HEIGHT + 7 * mm
LATER_TOP = 22 * mm
BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
MIN_FIT_SIZE = 3.5


def style(name: str, size: float = 10.5, **kw: Any) -> ParagraphStyle:
    body, _bold = fonts.register_fonts()
    settings: dict[str, Any] = {
        "fontName": body,
        "fontSize": size,
        "leading": size * 1.4,
        "textColor": TEXT,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
    }
    settings.update(kw)
    return ParagraphStyle(name, **settings)


STYLES: dict[str, ParagraphStyle] = {}


def styles() -> dict[str, ParagraphStyle]:
    if not STYLES:
        STYLES.update(
            body=style("body", spaceAfter=6),
            subject=style("subject", 11.5, spaceBefore=4, spaceAfter=9),
            heading=style("heading", 12.5, textColor=NHS_BLUE, spaceBefore=9, spaceAfter=4),
            small=style("small", 9, textColor=DARK_GREY, leading=12),
            small_right=style("small_right", 9, textColor=DARK_GREY, leading=12, alignment=TA_RIGHT),
            meta=style("meta", 10, alignment=TA_RIGHT, leading=14),
            cell=style("cell", 9.5, leading=12.5),
            header_cell=style("header_cell", 9.5, leading=12.5, textColor=colors.white),
            header_box=style("header_box", 9.5, leading=12.5, textColor=colors.white, alignment=TA_CENTER),
            label_cell=style("label_cell", 9.5, leading=12.5, textColor=DARK_GREY),
            bullet=style("bullet", leftIndent=14, bulletIndent=3, spaceAfter=3, bulletFontName=fonts.BODY),
            band_title=style("band_title", 17, leading=21, textColor=colors.white),
            band_line=style("band_line", 9, leading=12, textColor=colors.white),
            footer=style("footer", 7.5, leading=9.5, textColor=DARK_GREY),
            footer_right=style("footer_right", 8, leading=10, textColor=DARK_GREY, alignment=TA_RIGHT),
            continuation=style("continuation", 8.5, leading=11, textColor=NHS_BLUE),
            callout=style("callout", 9.5, leading=13),
            box=style("box", 15, leading=16, alignment=TA_CENTER, textColor=DARK_GREY),
        )
    return STYLES


class LaidParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph that lays out its lines once per width: tables and keep-together blocks ask
    for the same size again before drawing, and the answer does not change."""

    _laid: tuple[float, tuple[float, float], object] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        laid = self._laid
        # reuse only the lines last laid out at this width (a split drops or replaces them)
        if laid is None or laid[0] != availWidth or laid[2] is not getattr(self, "blPara", None):
            size = super().wrap(availWidth, availHeight)
            laid = self._laid = (availWidth, size, self.blPara)
        return laid[1]


def para(spans: Sequence[Span], base: ParagraphStyle, width: float = FRAME_WIDTH, **kw: Any) -> Paragraph:
    """A reportlab Paragraph from spans, always through the safe markup builder."""
    rtl_base = bool(kw.pop("rtl_base", False))
    markup = paragraph_markup(
        spans, width=width - base.leftIndent - base.rightIndent, size=base.fontSize, rtl_base=rtl_base
    )
    if kw:
        base = _derived(base, tuple(sorted(kw.items())))
    return LaidParagraph(markup.text, base)


_DERIVED: dict[tuple[str, tuple[tuple[str, Any], ...]], ParagraphStyle] = {}


def _derived(base: ParagraphStyle, changes: tuple[tuple[str, Any], ...]) -> ParagraphStyle:
    """``base`` with ``changes``, made once per process (a style holds no letter's text)."""
    key = (base.name, changes)
    found = _DERIVED.get(key)
    if found is None:
        found = _DERIVED[key] = ParagraphStyle(f"{base.name}-x", parent=base, **dict(changes))
    return found


def fitted(
    spans: Sequence[Span], base: ParagraphStyle, width: float, max_height: float, **kw: Any
) -> Paragraph:
    """A paragraph for a fixed space (band, header, footer): the text shrinks until it fits.

    A long service name or contact line is never cut and never runs over the letter's body.
    """
    size = float(base.fontSize)
    while True:
        paragraph = para(spans, base, width, fontSize=size, leading=size * 1.25, **kw)
        if paragraph.wrap(width, PAGE_HEIGHT)[1] <= max_height or size <= MIN_FIT_SIZE:
            return paragraph
        size = max(MIN_FIT_SIZE, size * 0.85)


def draw_para(canvas: Canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draw ``paragraph`` with its top at ``top``; returns its height."""
    _w, height = paragraph.wrap(width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, top - height)
    return float(height)


@dataclass(frozen=True)
class PageDecor:
    """What every page carries; built once per letter, drawn after the story (to know the page count)."""

    service_name: list[Span]
    contact_line: list[Span]
    reference: list[Span]
    footer: list[Span]
    page_label: Callable[[int, int], str]
    logo: bytes | None
    monogram: str
    #: The header and footer paragraphs, fitted once and drawn on every page.
    _fitted: dict[str, Paragraph] = field(default_factory=dict, compare=False, repr=False)

    def _once(self, key: str, make: Callable[[], Paragraph]) -> Paragraph:
        if key not in self._fitted:
            self._fitted[key] = make()
        return self._fitted[key]

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        s = styles()
        canvas.saveState()
        if page == 1:
            self._band(canvas)
        else:
            canvas.setStrokeColor(NHS_BLUE)
            canvas.setLineWidth(0.8)
            canvas.line(MARGIN, PAGE_HEIGHT - 15 * mm, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 15 * mm)
            half = FRAME_WIDTH / 2 - 2 * mm
            name = self._once(
                "name",
                lambda: fitted(self.service_name, s["continuation"], half, 9 * mm, fontName=fonts.BOLD),
            )
            ref = self._once(
                "reference",
                lambda: fitted(self.reference, s["continuation"], half, 9 * mm, alignment=TA_RIGHT),
            )
            name.drawOn(canvas, MARGIN, PAGE_HEIGHT - 13.5 * mm)
            ref.drawOn(canvas, PAGE_WIDTH - MARGIN - half, PAGE_HEIGHT - 13.5 * mm)
        canvas.setStrokeColor(NHS_BLUE)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, 17 * mm, PAGE_WIDTH - MARGIN, 17 * mm)
        number_width = 28 * mm
        footer_width = FRAME_WIDTH - number_width - 4 * mm
        footer = self._once("footer", lambda: fitted(self.footer, s["footer"], footer_width, 12 * mm))
        draw_para(canvas, footer, MARGIN, 15 * mm, footer_width)
        label = para([Span(self.page_label(page, total))], s["footer_right"], number_width)
        draw_para(canvas, label, PAGE_WIDTH - MARGIN - number_width, 15 * mm, number_width)
        canvas.restoreState()

    def _band(self, canvas: Canvas) -> None:
        s = styles()
        canvas.setFillColor(NHS_BLUE)
        canvas.rect(0, PAGE_HEIGHT - BAND_HEIGHT, PAGE_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
        badge = 20 * mm
        text_width = FRAME_WIDTH - badge - 6 * mm
        top = PAGE_HEIGHT - 7 * mm
        room = BAND_HEIGHT - 11 * mm
        contact = fitted(self.contact_line, s["band_line"], text_width, 8 * mm) if self.contact_line else None
        contact_height = contact.wrap(text_width, PAGE_HEIGHT)[1] + 1.5 * mm if contact else 0
        title = fitted(
            self.service_name, s["band_title"], text_width, room - contact_height, fontName=fonts.BOLD
        )
        used = draw_para(canvas, title, MARGIN, top, text_width)
        if contact is not None:
            draw_para(canvas, contact, MARGIN, top - used - 1.5 * mm, text_width)
        x, y = PAGE_WIDTH - MARGIN - badge, PAGE_HEIGHT - BAND_HEIGHT / 2 - badge / 2
        if self.logo:
            image = ImageReader(io.BytesIO(self.logo))
            width, height = image.getSize()
            scale = min(badge / width, badge / height)
            canvas.setFillColor(colors.white)
            canvas.roundRect(
                x - 1.5 * mm, y - 1.5 * mm, badge + 3 * mm, badge + 3 * mm, 2 * mm, stroke=0, fill=1
            )
            canvas.drawImage(
                image,
                x + (badge - width * scale) / 2,
                y + (badge - height * scale) / 2,
                width * scale,
                height * scale,
                mask="auto",
            )
        elif self.monogram:
            canvas.setFillColor(colors.white)
            canvas.roundRect(x, y, badge, badge, 2.5 * mm, stroke=0, fill=1)
            canvas.setFillColor(NHS_BLUE)
            canvas.setFont(fonts.BOLD, 15 if len(self.monogram) > 2 else 19)
            canvas.drawCentredString(x + badge / 2, y + badge / 2 - 2.4 * mm, self.monogram)


def numbered_canvas(decor: PageDecor) -> type[Canvas]:
    """A canvas class that keeps each page until the end, then draws the decoration with 'x of y'."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                decor.draw(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def monogram(name: str) -> str:
    """Up to three initials of the service name, only if they are plain capital letters A-Z."""
    skip = {"and", "of", "the", "for", "nhs", "&"}
    letters = [w[0].upper() for w in name.split() if w and w.lower() not in skip and w[0].isalpha()]
    initials = "".join(letters[:3])
    return initials if initials.isascii() and initials.isalpha() else ""
