"""Letters rendered with reportlab platypus, in memory: templates plus values in, PDF bytes out.

``PdfLetterRenderer`` is the adapter behind ``services.letters.LetterRenderer``. It never writes
a file: the caller decides where (if anywhere) the bytes go.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from linkdesk.config import resources_dir
from linkdesk.errors import ValidationError
from linkdesk.letters import fonts
from linkdesk.letters.keep import KeepWithTail, keep_headings_with_their_start
from linkdesk.letters.layout import (
    BOTTOM,
    DARK_GREY,
    FIRST_TOP,
    FRAME_WIDTH,
    LATER_TOP,
    MARGIN,
    NHS_BLUE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PALE_GREY,
    WARM_YELLOW,
    PageDecor,
    monogram,
    numbered_canvas,
    para,
    styles,
)
from linkdesk.letters.templates import Block, Filler, TemplateLibrary
from linkdesk.letters.text import Span, check_printable, clean

MAX_LOGO_BYTES = 1_000_000
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


class LetterInput(Protocol):
    """What one letter is made from (``services.letters.LetterContent`` has this shape)."""

    @property
    def template(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def values(self) -> Mapping[str, str]: ...

    @property
    def tables(self) -> Mapping[str, Sequence[Mapping[str, str]]]: ...

    @property
    def fields(self) -> Mapping[str, str]: ...

    @property
    def letterhead(self) -> Mapping[str, str]: ...


class PdfLetterRenderer:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._library: TemplateLibrary | None = None

    @property
    def library(self) -> TemplateLibrary:
        """The templates, read on first use (so wiring the renderer at start-up costs nothing)."""
        if self._library is None:
            self._library = TemplateLibrary(self.root or resources_dir() / "letters")
        return self._library

    def catalogue(self) -> list[dict[str, Any]]:
        """Every template: id, English title and audience, and the languages it exists in."""
        rows = []
        for template_id in self.library.ids():
            languages = self.library.languages(template_id)
            first = self.library.get(template_id, "en" if "en" in languages else languages[0])
            rows.append(
                {
                    "id": template_id,
                    "title": first.title,
                    "audience": first.audience,
                    "languages": languages,
                    "reviewed": {lang: self.library.get(template_id, lang).reviewed for lang in languages},
                }
            )
        return rows

    def render(self, letter: LetterInput) -> bytes:
        fonts.register_fonts()
        template = self.library.get(letter.template, letter.language)
        check_values(letter)
        common = self.library.common[template.language]
        head = dict(letter.letterhead)
        # the letterhead's contact line decides whether a letter may say "contact us using the details
        # at the top" (template blocks with when/unless = "letterhead_contact")
        fill_values = {
            **letter.values,
            "service_name": head.get("name", ""),
            "letterhead_contact": head.get("contact", ""),
        }
        filler = Filler(template, common, fill_values, letter.tables, {**letter.fields, **_HEAD_FIELDS})
        decor = self._decor(filler, head)
        story = _Story(filler).build(head)
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            title=template.title,
            author=head.get("name", ""),
            creator="LinkDesk",
            initialFontName=fonts.BODY,  # no reference to a font that is not embedded
            subject="",
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=LATER_TOP,
            bottomMargin=BOTTOM,
        )
        first = Frame(MARGIN, BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - FIRST_TOP - BOTTOM, id="first", **_NO_PAD)
        later = Frame(MARGIN, BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - LATER_TOP - BOTTOM, id="later", **_NO_PAD)
        doc.addPageTemplates(
            [
                PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
                PageTemplate(id="later", frames=[later]),
            ]
        )
        doc.build(story, canvasmaker=numbered_canvas(decor))
        return buffer.getvalue()

    def _decor(self, filler: Filler, head: Mapping[str, str]) -> PageDecor:
        page_words = filler.label("page")
        name = head.get("name", "")
        return PageDecor(
            service_name=[Span(name, True, "letterhead_name")],
            contact_line=[Span(head["contact"], False, "letterhead_contact")] if head.get("contact") else [],
            reference=filler.spans(filler.label("reference")),
            footer=filler.spans(filler.label("confidential")),
            page_label=lambda n, total: page_words.replace("{page}", str(n)).replace("{pages}", str(total)),
            logo=_read_logo(head.get("logo", "")),
            monogram=monogram(name),
        )


_NO_PAD = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
_HEAD_FIELDS = {"service_name": "letterhead_name", "letterhead_contact": "letterhead_contact"}


def _read_logo(path_text: str) -> bytes | None:
    if not path_text:
        return None
    path = Path(path_text).expanduser()
    problem = ""
    if path.suffix.lower() not in LOGO_SUFFIXES:
        problem = "it must be a PNG or JPEG file"
    elif not path.is_file() or path.is_symlink():
        problem = "there is no such file"
    elif path.stat().st_size > MAX_LOGO_BYTES:
        problem = "it is larger than 1 MB"
    if problem:
        raise ValidationError(
            f"letterhead_logo: the logo {path} cannot be used: {problem}.", "letterhead_logo"
        )
    return path.read_bytes()


def check_values(letter: LetterInput) -> None:
    """Every value, cell and letterhead line checked before any layout, naming its field."""
    for key, value in letter.values.items():
        check_printable(clean(value), letter.fields.get(key, key))
    for table, rows in letter.tables.items():
        for row in rows:
            for key, value in row.items():
                name = f"{table}.{key}"
                check_printable(clean(value), letter.fields.get(name, name))
    for key, value in letter.letterhead.items():
        if key != "logo":
            check_printable(clean(value), f"letterhead_{key}")


class _Story:
    """The flowables of one letter, block by block."""

    def __init__(self, filler: Filler) -> None:
        self.f = filler
        self.s = styles()
        self.headings: set[int] = set()

    def build(self, head: Mapping[str, str]) -> list[Flowable]:
        f, s, template = self.f, self.s, self.f.template
        story: list[Flowable] = [self._address_row(head), Spacer(1, 4 * mm), self._meta()]
        if not template.reviewed:
            story.append(self._callout(f.label("draft_translation"), WARM_YELLOW))
        greeting = template.greeting if f.present("recipient_name") else template.greeting_generic
        if greeting:
            story.append(para(f.spans(greeting), s["body"]))
        if template.subject:
            story.append(para(f.spans(template.subject, bold=True), s["subject"]))
        for block in template.blocks:
            if not f.wanted(block):
                continue
            made = self._block(block, head)
            if block.type in ("signature", "lines") and story and _keeps(story[-1]):
                # the closing keeps with the end of the letter; a reply slip is never split
                story.append(KeepWithTail(story.pop(), made, whole=block.type == "lines"))
            else:
                story.extend(made)
        return keep_headings_with_their_start(story, self.headings, FRAME_WIDTH, PAGE_HEIGHT)

    def _address_row(self, head: Mapping[str, str]) -> Table:
        f, s = self.f, self.s
        left_w, right_w = FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45
        left: list[Flowable] = []
        for line in f.template.address:
            spans = f.spans(line)
            filled = [span for span in spans if span.field]
            if not filled or any(span.text.strip() for span in filled):
                left.append(para(spans, s["body"], left_w, spaceAfter=0))
        right: list[Flowable] = [
            para([Span(line, False, "letterhead_address")], s["small_right"], right_w)
            for line in head.get("address", "").split("\n")
            if line.strip()
        ]
        table = Table([[left, right]], colWidths=[left_w, right_w])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *_ZERO_PADDING]))
        return table

    def _meta(self) -> Flowable:
        f, s = self.f, self.s
        rows = [f.spans(f.label("date_line")), f.spans(f.label("reference"))]
        return _stack([para(r, s["meta"]) for r in rows], space_after=4 * mm)

    def _callout(self, text: str, colour: colors.Color) -> Table:
        table = Table(
            [[para(self.f.spans(text), self.s["callout"], FRAME_WIDTH - 8 * mm)]], colWidths=[FRAME_WIDTH]
        )
        table.setStyle(
            TableStyle(
                [
                    _FONT,
                    ("BACKGROUND", (0, 0), (-1, -1), colour),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ]
            )
        )
        table.spaceAfter = 5 * mm
        return table

    def _block(self, block: Block, head: Mapping[str, str]) -> list[Flowable]:
        f, s = self.f, self.s
        makers: dict[str, Callable[[], list[Flowable]]] = {
            "para": lambda: [para(f.spans(block.text), s["body"])],
            "heading": lambda: [self._heading(block)],
            "callout": lambda: [self._callout(block.text, PALE_GREY)],
            "page_break": lambda: [PageBreak()],
            "facts": lambda: [self._facts(block)],
            "table": lambda: [self._table(block)],
            "bullets": lambda: self._bullets(block),
            "lines": lambda: [self._lines(block)],
            "signature": lambda: self._signature(head),
        }
        return makers[block.type]()

    def _heading(self, block: Block) -> Paragraph:
        heading = para(self.f.spans(block.text, bold=True), self.s["heading"])
        self.headings.add(id(heading))
        return heading

    def _facts(self, block: Block) -> Table:
        f, s = self.f, self.s
        label_w, value_w = FRAME_WIDTH * 0.32, FRAME_WIDTH * 0.68
        rows = [
            [
                para(f.spans(label, bold=True), s["label_cell"], label_w - 6 * mm),
                para(f.spans(value), s["cell"], value_w - 6 * mm),
            ]
            for label, value in block.rows
        ]
        table = Table(rows, colWidths=[label_w, value_w], splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (0, -1), PALE_GREY),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.white),
                    ("LINEBELOW", (1, 0), (1, -1), 0.5, PALE_GREY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    *_CELL_PADDING,
                ]
            )
        )
        table.spaceAfter = 4 * mm
        return table

    def _table(self, block: Block) -> Flowable:
        f, s = self.f, self.s
        rows = f.tables.get(block.source)
        if rows is None:
            raise ValidationError(
                f"{block.source}: the letter template '{f.template.id}' lists {block.source!r} "
                "but no rows were given. Nothing was made.",
                block.source,
            )
        if not rows:
            return para(f.spans(block.empty or "-"), s["body"])
        total = sum(c.width for c in block.columns)
        widths = [FRAME_WIDTH * c.width / total for c in block.columns]
        header = [
            para(
                f.spans(c.title, bold=True),
                s["header_box" if c.format == "box" else "header_cell"],
                w - 6 * mm,
            )
            for c, w in zip(block.columns, widths, strict=True)
        ]
        body = [
            [
                para(f.cell(block.source, row, c), self._cell_style(c.format), w - 6 * mm)
                for c, w in zip(block.columns, widths, strict=True)
            ]
            for row in rows
        ]
        table = Table([header, *body], colWidths=widths, repeatRows=1, splitInRow=1)
        commands: list[Any] = [
            ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, PALE_GREY),
            *_CELL_PADDING,
        ]
        commands += [("BACKGROUND", (0, n), (-1, n), _ZEBRA) for n in range(2, len(rows) + 1, 2)]
        table.setStyle(TableStyle(commands))
        table.spaceAfter = 4 * mm
        return table

    def _cell_style(self, fmt: str) -> Any:
        return self.s["box"] if fmt == "box" else self.s["cell"]

    def _bullets(self, block: Block) -> list[Flowable]:
        f, s = self.f, self.s
        rows = f.tables.get(block.source, [])
        if not rows:
            return [para(f.spans(block.empty or "-"), s["body"])]
        key = block.columns[0].key if block.columns else "text"
        out: list[Flowable] = []
        for row in rows:
            spans = (
                f.cell(block.source, row, block.columns[0])
                if block.columns
                else [Span(row.get(key, ""), False, f"{block.source}.{key}")]
            )
            paragraph = para(spans, s["bullet"])
            paragraph.bulletText = "\u2022"
            out.append(paragraph)
        return out

    def _lines(self, block: Block) -> Table:
        f, s = self.f, self.s
        rows = [
            [para(f.spans(item, bold=True), s["label_cell"], FRAME_WIDTH * 0.35), ""] for item in block.items
        ]
        table = Table(rows, colWidths=[FRAME_WIDTH * 0.35, FRAME_WIDTH * 0.65], rowHeights=9.5 * mm)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (1, -1), 0.6, DARK_GREY),
                    *_ZERO_PADDING,
                ]
            )
        )
        table.spaceAfter = 4 * mm
        return table

    def _signature(self, head: Mapping[str, str]) -> list[Flowable]:
        """Closing, space to sign, then the worker (or the configured signature) and the service."""
        f, s = self.f, self.s
        out: list[Flowable] = []
        if f.template.closing:
            out.append(para(f.spans(f.template.closing), s["body"], spaceBefore=4))
        out.append(Spacer(1, 9 * mm))
        name = f.values.get("signatory_name", "")
        if name:
            lines = [
                (name, True, f.fields.get("signatory_name", "staff.name")),
                (f.values.get("signatory_role", ""), False, f.fields.get("signatory_role", "staff.role")),
            ]
        else:
            lines = [
                (line, n == 0, "letterhead_signature")
                for n, line in enumerate(head.get("signature", "").split("\n"))
            ]
        lines.append((head.get("name", ""), False, "letterhead_name"))
        out += [para([Span(t, b, fld)], s["body"], spaceAfter=0) for t, b, fld in lines if t.strip()]
        out.append(Spacer(1, 5 * mm))
        return out


_ZEBRA = colors.HexColor("#F4F7F8")
#: Tables set a cell font even when every cell is a Paragraph: ours, so no other font is referenced.
_FONT = ("FONT", (0, 0), (-1, -1), fonts.BODY, 9.5)
_ZERO_PADDING = [
    _FONT,
    *[(k, (0, 0), (-1, -1), 0) for k in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")],
]
_CELL_PADDING = [
    _FONT,
    ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
]


def _keeps(flowable: Flowable) -> bool:
    """Whether a closing or reply slip may keep with ``flowable`` (not with a break or a gap)."""
    return not isinstance(flowable, (PageBreak, Spacer))


def _stack(items: list[Paragraph], space_after: float) -> Table:
    table = Table([[p] for p in items], colWidths=[FRAME_WIDTH])
    table.setStyle(TableStyle(_ZERO_PADDING))
    table.spaceAfter = space_after
    return table
