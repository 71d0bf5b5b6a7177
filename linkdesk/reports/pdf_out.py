"""A report as a PDF for supervision or for sharing: key figures, sections, tables and charts.

All text from records (school names, action descriptions) is escaped before it reaches a
reportlab ``Paragraph`` (CVE-2023-33733). A table cell whose text fits its column on one line is
handed to the table as plain text, drawn as it is (no markup is parsed, nothing to lay out);
only text that wraps becomes a paragraph. Styles are made once per process. The PDF is built in
memory.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as Grid

from linkdesk.domain.reporting import Metric, Report, Section, Table, display
from linkdesk.reports.fonts import report_fonts
from linkdesk.reports.pdf_charts import chart_drawing

NHS_BLUE = colors.HexColor("#005EB8")
DARK_BLUE = colors.HexColor("#003087")
PALE = colors.HexColor("#E8EDEE")
MID_GREY = colors.HexColor("#425563")
MARGIN = 15 * mm
#: SimpleDocTemplate's frame keeps 6 points clear on each side.
FRAME_PADDING = 12
CELL_FONT_SIZE = 7.5
CELL_PADDING = 6
TEXT_KINDS = ("text", "date")


def _style(name: str, font: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)


class _Styles:
    def __init__(self) -> None:
        body, bold = report_fonts()
        self.body_font, self.bold_font = body, bold
        self.title = _style("title", bold, 18, 22, textColor=DARK_BLUE)
        self.h2 = _style("h2", bold, 12.5, 16, textColor=DARK_BLUE, spaceBefore=10, spaceAfter=4)
        self.h3 = _style("h3", bold, 9.5, 12, textColor=MID_GREY, spaceBefore=6, spaceAfter=3)
        self.fact = _style("fact", bold, 9, 12, textColor=MID_GREY)
        self.body = _style("body", body, 8.5, 11)
        self.small = _style("small", body, 7.5, 9.5, textColor=MID_GREY)
        self.cell = _style("cell", body, CELL_FONT_SIZE, 9)
        self.cell_right = _style("cell_right", body, CELL_FONT_SIZE, 9, alignment=TA_RIGHT)
        self.head = _style("head", bold, CELL_FONT_SIZE, 9, textColor=colors.white)
        self.head_right = _style(
            "head_right", bold, CELL_FONT_SIZE, 9, textColor=colors.white, alignment=TA_RIGHT
        )
        self.big = _style("big", bold, 17, 20, textColor=NHS_BLUE)
        self.big_label = _style("big_label", body, 7.5, 9, textColor=MID_GREY)


@cache
def _styles() -> _Styles:
    return _Styles()


def _p(value: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(value)), style)


def _cell(text: str, style: ParagraphStyle, room: float, width: float | None = None) -> str | Flowable:
    """Plain text where it fits on one line in ``room`` points (``width`` if already measured),
    else a paragraph that wraps. Plain text is drawn as it is: no markup, so nothing to escape."""
    if width is None:
        width = stringWidth(text, style.fontName, style.fontSize)
    return text if width <= room and "\n" not in text else _p(text, style)


def _text_style(header: bool, right: Sequence[int] = ()) -> list[tuple[Any, ...]]:
    """How plain-text cells are drawn: the cell paragraphs' font, size, leading and colour."""
    s = _styles()
    first = 1 if header else 0
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, first), (-1, -1), s.body_font, CELL_FONT_SIZE, s.cell.leading),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), s.bold_font, CELL_FONT_SIZE, s.head.leading),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ]
    commands += [("ALIGN", (n, 0), (n, -1), "RIGHT") for n in right]
    return commands


def _grid_style(totals: list[int], header: bool = True) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, PALE),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE))
    commands += [("BACKGROUND", (0, n), (-1, n), PALE) for n in totals]
    commands += [("LINEABOVE", (0, n), (-1, n), 0.8, MID_GREY) for n in totals]
    return commands


def _numbered_canvas(marking: str, footer: str, fonts: tuple[str, str]) -> type[Canvas]:
    """A canvas that prints the marking, the footer and "Page n of m" once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(len(self._pages))
                super().showPage()
            super().save()

        def _furniture(self, pages: int) -> None:
            width, height = self._pagesize
            body, bold = fonts
            self.saveState()
            self.setFillColor(MID_GREY)
            self.setFont(bold, 7.5)
            self.drawString(MARGIN, height - 9 * mm, marking)
            self.drawRightString(width - MARGIN, height - 9 * mm, "LinkDesk")
            self.setFont(body, 7.5)
            self.drawString(MARGIN, 8 * mm, footer)
            self.drawRightString(width - MARGIN, 8 * mm, f"Page {self._pageNumber} of {pages}")
            self.restoreState()

    return NumberedCanvas


class PdfReport:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.styles = _styles()
        self.pagesize = A4 if report.kind == "weekly" else landscape(A4)
        self.width = self.pagesize[0] - 2 * MARGIN - FRAME_PADDING
        self.height = self.pagesize[1] - 28 * mm - FRAME_PADDING

    def _title(self) -> list[Flowable]:
        s = self.styles
        facts = Grid(
            [[_p(name, s.fact), _p(value, s.body)] for name, value in self.report.facts],
            colWidths=(28 * mm, self.width - 28 * mm),
            style=[
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ],
        )
        return [_p(self.report.title, s.title), Spacer(1, 4), facts, Spacer(1, 8)]

    def _headline(self, metrics: tuple[Metric, ...]) -> list[Flowable]:
        if not metrics:
            return []
        s = self.styles
        cells = [[_p(display(m.cell), s.big), _p(m.label, s.big_label)] for m in metrics]
        boxes = Grid(
            [cells],
            colWidths=[self.width / len(metrics)] * len(metrics),
            style=[
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ],
        )
        return [boxes, Spacer(1, 4)]

    def _metrics(self, metrics: list[Metric]) -> Flowable:
        """Figures two to a row: label, value | label, value."""
        s = self.styles
        half = (len(metrics) + 1) // 2
        left, right = metrics[:half], metrics[half:]
        value = 20 * mm
        label = (self.width - 2 * value - 8 * mm) / 2
        rows = []
        for n in range(half):
            row: list[Any] = [
                _cell(left[n].label, s.cell, label - CELL_PADDING),
                _cell(display(left[n].cell), s.cell_right, value - CELL_PADDING),
            ]
            row += (
                [
                    _cell(right[n].label, s.cell, label - CELL_PADDING),
                    _cell(display(right[n].cell), s.cell_right, value - CELL_PADDING),
                ]
                if n < len(right)
                else ["", ""]
            )
            rows.append(row)
        grid = Grid(rows, colWidths=(label, value, 8 * mm + label, value))
        grid.setStyle(
            [
                *_grid_style([], header=False),
                *_text_style(header=False, right=(1, 3)),
                ("LEFTPADDING", (2, 0), (2, -1), 8 * mm + 3),
            ]
        )
        return grid

    def _widths(self, headers: list[str], measured: list[list[float]], numeric: list[bool]) -> list[float]:
        """Each column as wide as its longest value (``measured``: each row's text widths) and the
        longest word of its heading; when the whole is wider than the page, the long text columns
        give way (and wrap), short ones not."""
        bold = self.styles.bold_font
        natural = []
        for n, heading in enumerate(headers):
            word = max((stringWidth(w, bold, CELL_FONT_SIZE) for w in heading.split()), default=0)
            longest = max((row[n] for row in measured), default=0)
            natural.append(max(word, longest, 8 * mm) + CELL_PADDING + 1)
        texts = [n for n, num in enumerate(numeric) if not num]
        fixed = sum(w for n, w in enumerate(natural) if n not in texts)
        # a short text column (a code, a date) keeps its width; only the long ones give way
        flexible = list(texts)
        while True:
            room = self.width - fixed - sum(natural[n] for n in texts if n not in flexible)
            fair = room / len(flexible) if flexible else 0.0
            short = [n for n in flexible if natural[n] <= fair]
            if not short or len(short) == len(flexible):
                break
            flexible = [n for n in flexible if n not in short]
        wanted = sum(natural[n] for n in flexible)
        scale = min(1.0, room / wanted) if wanted else 1.0
        widths = [w * scale if n in flexible else w for n, w in enumerate(natural)]
        spare = self.width - sum(widths)
        grow = [n for n in texts if natural[n] > 0] or [0]
        weight = sum(widths[n] for n in grow)
        for n in grow:
            widths[n] += spare * widths[n] / weight
        return widths

    def _table(self, table: Table) -> list[Flowable]:
        s = self.styles
        heading: list[Flowable] = [CondPageBreak(30 * mm), _p(table.title, s.h3)]
        if table.note:
            heading.append(_p(table.note, s.small))
        if not table.rows:
            return [*heading, _p("None.", s.body), Spacer(1, 6)]
        numeric = [False] + [c.kind not in TEXT_KINDS for c in table.columns]
        headers = [table.label_header] + [c.label for c in table.columns]
        kinds = [c.kind for c in table.columns]
        texts = [
            [row.label, *(display(cell, kind) for cell, kind in zip(row.cells, kinds, strict=True))]
            for row in table.rows
        ]
        body_font = s.body_font
        measured = [[stringWidth(t, body_font, CELL_FONT_SIZE) for t in row] for row in texts]
        widths = self._widths(headers, measured, numeric)
        rooms = [w - CELL_PADDING for w in widths]
        styles = [s.cell_right if num else s.cell for num in numeric]
        header = [
            _cell(h, s.head_right if num else s.head, room)
            for h, num, room in zip(headers, numeric, rooms, strict=True)
        ]
        body = [
            [
                _cell(t, style, room, width)
                for t, style, room, width in zip(row, styles, rooms, sizes, strict=True)
            ]
            for row, sizes in zip(texts, measured, strict=True)
        ]
        grid = Grid([header, *body], colWidths=widths, repeatRows=1)
        right = [n for n, num in enumerate(numeric) if num]
        grid.setStyle(
            [
                *_grid_style([n + 1 for n, row in enumerate(table.rows) if row.total]),
                *_text_style(header=True, right=right),
            ]
        )
        return [*heading, grid, Spacer(1, 8)]

    def _charts(self, section: Section) -> list[Flowable]:
        s = self.styles
        flow: list[Flowable] = []
        for chart in section.charts:
            drawing = chart_drawing(chart, self.width, self.height - 30 * mm)
            block: list[Flowable] = [_p(chart.title, s.h3)]
            block.append(
                drawing
                if drawing is not None
                else _p("Nothing to chart: no figures, or all withheld.", s.small)
            )
            if chart.note:
                block.append(_p(chart.note, s.small))
            flow += [KeepTogether(block), Spacer(1, 6)]
        return flow

    def _section(self, section: Section) -> list[Flowable]:
        s = self.styles
        flow: list[Flowable] = [CondPageBreak(60 * mm), _p(section.title, s.h2)]
        if section.intro:
            flow += [_p(section.intro, s.body), Spacer(1, 3)]
        shown = [m for m in section.metrics if m.shown]
        if shown:
            flow += [self._metrics(shown), Spacer(1, 6)]
        for table in section.tables[: section.charts_after]:
            flow += self._table(table)
        flow += self._charts(section)
        for table in section.tables[section.charts_after :]:
            flow += self._table(table)
        return flow

    def _definitions(self) -> list[Flowable]:
        s = self.styles
        flow: list[Flowable] = [CondPageBreak(50 * mm), _p("How these figures are counted", s.h2)]
        rooms = (50 * mm - CELL_PADDING, 48 * mm - CELL_PADDING, self.width - 98 * mm - CELL_PADDING)
        rows = [
            [
                _cell(m.label, s.cell, rooms[0]),
                _cell(m.key, s.small, rooms[1]),
                _cell(m.definition, s.cell, rooms[2]),
            ]
            for m in self.report.metrics()
            if m.shown and m.definition
        ]
        grid = Grid(rows, colWidths=(50 * mm, 48 * mm, self.width - 98 * mm))
        grid.setStyle(
            [
                *_grid_style([], header=False),
                *_text_style(header=False),
                ("FONT", (1, 0), (1, -1), s.body_font, s.small.fontSize, s.small.leading),
                ("TEXTCOLOR", (1, 0), (1, -1), MID_GREY),
            ]
        )
        return [*flow, grid]

    def _notes(self) -> list[Flowable]:
        s = self.styles
        return [*(_p(f"• {note}", s.small) for note in self.report.notes), Spacer(1, 4)]

    def render(self) -> bytes:
        out = io.BytesIO()
        doc = SimpleDocTemplate(
            out,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=14 * mm,
            bottomMargin=14 * mm,
            title=self.report.title,
            author="LinkDesk",
            subject=self.report.marking,
            creator="LinkDesk",
        )
        flow = self._title() + self._headline(self.report.headline) + self._notes()
        for section in self.report.sections:
            flow += self._section(section)
        flow += self._definitions()
        period = dict(self.report.facts).get("Week") or dict(self.report.facts).get("Period", "")
        canvas = _numbered_canvas(self.report.marking, f"{self.report.title}: {period}", report_fonts())
        doc.build(flow, canvasmaker=canvas)
        return out.getvalue()


def render_pdf(report: Report) -> bytes:
    return PdfReport(report).render()
