"""Report charts drawn with reportlab graphics: bars (one row per category) and lines over time."""

from __future__ import annotations

from dataclasses import replace

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from linkdesk.domain.reporting import Chart
from linkdesk.domain.reporting_text import clip
from linkdesk.reports.fonts import report_fonts

#: NHS identity colours: blue, dark grey, warm yellow, aqua green.
PALETTE = (
    colors.HexColor("#005EB8"),
    colors.HexColor("#AEB7BD"),
    colors.HexColor("#FFB81C"),
    colors.HexColor("#00A499"),
)
ROW_HEIGHT = 7.0
LABEL_WIDTH = 150.0


def _top(values: list[float]) -> float:
    """A round upper end for the value axis."""
    high = max(values, default=0.0)
    if high <= 0:
        return 1.0
    step = 10.0 ** len(str(int(high))) / 10
    return next((step * f for f in (1.0, 2.0, 2.5, 5.0, 10.0) if high <= step * f), high)


def _values(chart: Chart) -> list[list[float | None]]:
    return [list(s.values) for s in chart.series]


def _legend(chart: Chart, x: float, y: float) -> Legend | None:
    """Series names in a row from ``x`` (left) at height ``y``; none for a single series."""
    if len(chart.series) < 2:
        return None
    body, _ = report_fonts()
    legend = Legend()
    legend.fontName, legend.fontSize = body, 7.5
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = max(stringWidth(s.name, body, 7.5) for s in chart.series) + 30
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(PALETTE[n % len(PALETTE)], s.name) for n, s in enumerate(chart.series)]
    return legend


def _add(drawing: Drawing, *parts: object) -> Drawing:
    for part in parts:
        if part is not None:
            drawing.add(part)
    return drawing


def _axes(bars: HorizontalBarChart | VerticalBarChart | HorizontalLineChart, chart: Chart) -> None:
    body, _ = report_fonts()
    found = [v for series in chart.series for v in series.values if v is not None]
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = _top(found)
    step = bars.valueAxis.valueMax / 5
    bars.valueAxis.valueStep = max(1.0, round(step)) if chart.unit not in ("hours", "days") else step
    for axis in (bars.valueAxis, bars.categoryAxis):
        axis.labels.fontName = body
        axis.labels.fontSize = 7
    bars.valueAxis.gridStrokeColor = colors.HexColor("#E8EDEE")
    bars.valueAxis.visibleGrid = True


def bar_drawing(chart: Chart, width: float, max_height: float) -> Drawing:
    """Horizontal bars, one group per category (school names fit on the left); bars get thinner
    rather than the chart growing taller than ``max_height``."""
    body, _ = report_fonts()
    units = max(1, len(chart.categories)) * (len(chart.series) + 0.8)
    row = min(ROW_HEIGHT, (max_height - 58) / units)
    plot_height = units * row
    drawing = Drawing(width, plot_height + 58)
    bars = HorizontalBarChart()
    bars.x, bars.y = LABEL_WIDTH, 30
    bars.width, bars.height = width - LABEL_WIDTH - 20, plot_height
    bars.data = _values(chart)
    bars.categoryAxis.categoryNames = [clip(c, 30) for c in chart.categories]
    bars.categoryAxis.reverseDirection = True
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    bars.barSpacing = 0.5
    bars.groupSpacing = row * 0.8
    for n in range(len(chart.series)):
        bars.bars[n].fillColor = PALETTE[n % len(PALETTE)]
        bars.bars[n].strokeColor = None
    _axes(bars, chart)
    bars.categoryAxis.labels.fontSize = min(7.0, row * 2.2)
    unit = String(
        LABEL_WIDTH + bars.width / 2, 8, chart.unit, fontName=body, fontSize=7.5, textAnchor="middle"
    )
    return _add(drawing, bars, unit, _legend(chart, LABEL_WIDTH, plot_height + 48))


def line_drawing(chart: Chart, width: float, height: float = 170) -> Drawing:
    """Values over time (months along the bottom); missing points leave a gap."""
    drawing = Drawing(width, height)
    lines = HorizontalLineChart()
    lines.x, lines.y = 45, 35
    lines.width, lines.height = width - 65, height - 70
    lines.data = _values(chart)
    every = max(1, len(chart.categories) // 12)
    lines.categoryAxis.categoryNames = [c if n % every == 0 else "" for n, c in enumerate(chart.categories)]
    lines.categoryAxis.labels.angle = 30 if len(chart.categories) > 8 else 0
    lines.categoryAxis.labels.boxAnchor = "ne" if len(chart.categories) > 8 else "n"
    lines.joinedLines = True
    for n in range(len(chart.series)):
        lines.lines[n].strokeColor = PALETTE[n % len(PALETTE)]
        lines.lines[n].strokeWidth = 1.8
        lines.lines[n].symbol = makeMarker("FilledCircle", size=3.5, fillColor=PALETTE[n % len(PALETTE)])
    _axes(lines, chart)
    return _add(drawing, lines, _unit(chart, 35 + lines.height / 2), _legend(chart, lines.x, height - 10))


def _unit(chart: Chart, y: float) -> String:
    body, _ = report_fonts()
    return String(10, y, chart.unit, fontName=body, fontSize=7.5, textAnchor="middle", angle=90)


def column_drawing(chart: Chart, width: float, height: float = 150) -> Drawing:
    """Vertical columns for a few short categories (such as bands of time waited)."""
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 40, 30
    bars.width, bars.height = width - 60, height - 55
    bars.data = _values(chart)
    bars.categoryAxis.categoryNames = list(chart.categories)
    for n in range(len(chart.series)):
        bars.bars[n].fillColor = PALETTE[n % len(PALETTE)]
        bars.bars[n].strokeColor = None
    _axes(bars, chart)
    return _add(drawing, bars, _unit(chart, 30 + bars.height / 2), _legend(chart, bars.x, height - 10))


def _isolated(values: tuple[float | None, ...]) -> bool:
    """Whether a point has no neighbour to join to (reportlab cannot draw a one-point line)."""
    padded = (None, *values, None)
    return any(
        padded[n] is not None and padded[n - 1] is None and padded[n + 1] is None
        for n in range(1, len(padded) - 1)
    )


def chart_drawing(chart: Chart, width: float, max_height: float) -> Drawing | None:
    """The chart drawn to fit ``width`` and ``max_height``; None when it has no point to draw
    (all withheld or empty)."""
    kept = tuple(s for s in chart.series if any(value is not None for value in s.values))
    if not kept or not chart.categories:
        return None
    chart = replace(chart, series=kept)
    joinable = not any(_isolated(s.values) for s in chart.series)
    if chart.kind == "line" and len(chart.categories) > 2 and joinable:
        return line_drawing(chart, width)
    if chart.kind == "line" or (len(chart.categories) <= 8 and all(len(c) <= 16 for c in chart.categories)):
        return column_drawing(chart, width)
    return bar_drawing(chart, width, max_height)
