"""A small chart drawn with QPainter for a report's :class:`~linkdesk.domain.reporting.Chart`.

Bar charts are drawn as horizontal bars, one band per category with a bar for each series (held
or contact hours against contracted hours); line charts draw each series across the categories,
leaving a gap where a value is missing or withheld. Series differ by shade and by shape (solid
against outlined bars, circles against squares), never by colour alone, and the figures are also
in the report's tables. With nothing to draw the widget says so.

What is drawn is decided first, as a :class:`ChartGeometry` in widget coordinates (the plot area,
the axis top, each bar, point and line segment with its series and shade), and painted from
that; ``ChartView.chart_geometry()`` returns it and ``ChartView.painted`` keeps the last one
painted, so tests and tools can check the chart without reading pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from linkdesk.domain.reporting import Chart, half_up
from linkdesk.ui import theme


def nice_top(value: float) -> float:
    """A round number at or above ``value`` for the end of an axis."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if value <= step * factor + 1e-9:
            return step * factor
    return step * 10.0


def _figure(value: float) -> str:
    rounded = half_up(value)
    return f"{rounded:g}"


@dataclass(frozen=True)
class Bar:
    """One value of a bar chart: series ``series`` in category ``category``."""

    series: int
    category: int
    value: float
    rect: QRectF
    colour: str
    #: Solid (even series) or outlined (odd series): series never differ by colour alone.
    filled: bool


@dataclass(frozen=True)
class PlotPoint:
    """One value of a line chart, placed at ``at``."""

    series: int
    category: int
    value: float
    at: QPointF
    colour: str
    #: "circle" (even series) or "square" (odd series).
    shape: str


@dataclass(frozen=True)
class Segment:
    """A line drawn between two neighbouring values of a series (none across a missing one)."""

    series: int
    start: QPointF
    end: QPointF
    colour: str
    dashed: bool


@dataclass(frozen=True)
class ChartGeometry:
    """Everything a :class:`ChartView` decided to draw, in widget coordinates.

    ``plot`` is the area values are drawn in: bars grow from its left edge to ``top`` at its
    right edge; a line chart has 0 on its bottom edge and ``top`` on its top edge.
    """

    kind: str
    plot: QRectF
    top: float
    bars: tuple[Bar, ...] = ()
    points: tuple[PlotPoint, ...] = ()
    segments: tuple[Segment, ...] = ()


class ChartView(QWidget):
    """Paints one report chart, or a quiet line when there is nothing to chart."""

    def __init__(
        self, colours: theme.Colours, name: str = "reportChart", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.colours = colours
        self.chart: Chart | None = None
        self.empty_text = "Nothing to chart yet."
        #: What the last paint drew (None: the empty message, or not painted yet).
        self.painted: ChartGeometry | None = None
        self.setMinimumHeight(self.fontMetrics().height() * 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Chart")
        self.setAccessibleDescription(self.empty_text)

    def set_chart(self, chart: Chart | None, empty_text: str = "") -> None:
        self.chart = chart
        if empty_text:
            self.empty_text = empty_text
        self.setAccessibleName(chart.title if chart else "Chart")
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def has_data(self) -> bool:
        chart = self.chart
        return bool(chart and chart.categories and any(v is not None for s in chart.series for v in s.values))

    def describe(self) -> str:
        """The chart in words, for a screen reader."""
        chart = self.chart
        if chart is None or not self.has_data():
            return self.empty_text
        parts = []
        for n, category in enumerate(chart.categories):
            values = []
            for series in chart.series:
                value = series.values[n] if n < len(series.values) else None
                values.append(f"{series.name} {'not shown' if value is None else _figure(value)}")
            parts.append(f"{category}: {', '.join(values)}")
        return f"{chart.title} ({chart.unit}). " + "; ".join(parts)

    def clear(self) -> None:
        self.set_chart(None)

    # -- size ---------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        chart = self.chart
        if chart is not None and chart.kind == "bar" and self.has_data():
            rows = len(chart.categories)
            return QSize(line * 24, int(line * (3.2 + rows * (0.55 + 0.6 * len(chart.series)))))
        return QSize(line * 24, line * 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 12, self.fontMetrics().height() * 8)

    # -- geometry ----------------------------------------------------------------------------------

    def _shade_names(self) -> list[str]:
        c = self.colours
        return [c.accent, c.subtle, c.good, c.error]

    def _shades(self) -> list[QColor]:
        return [QColor(name) for name in self._shade_names()]

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(1, 1, -1, -1)

    def _plot_area(self, metrics: QFontMetrics) -> QRectF:
        """Below the legend line: where the axes, labels and values go."""
        area = self._area()
        plot = QRectF(area.left(), area.top() + metrics.height() * 1.4, area.width(), 0)
        plot.setBottom(area.bottom())
        return plot

    def _bar_frame(self, chart: Chart, plot: QRectF, metrics: QFontMetrics) -> tuple[QRectF, float]:
        """The rectangle bars grow in (right of the category labels, above the value axis) and
        the width given to the labels."""
        line = metrics.height()
        label_width = min(
            max(metrics.horizontalAdvance(c) for c in chart.categories) + line * 0.6, plot.width() * 0.38
        )
        bars = QRectF(plot.left() + label_width, plot.top(), plot.width() - label_width - line * 2.2, 0)
        bars.setBottom(plot.bottom() - line * 1.2)
        return bars, label_width

    def _line_frame(self, chart: Chart, plot: QRectF, metrics: QFontMetrics) -> QRectF:
        """The rectangle a line chart's values span: 0 at its bottom, the axis top at its top."""
        line = metrics.height()
        top = self._top(chart)
        axis_width = max(metrics.horizontalAdvance(_figure(top)), metrics.horizontalAdvance("0")) + line * 0.5
        area = QRectF(plot.left() + axis_width, plot.top() + line * 0.4, 0, 0)
        area.setRight(plot.right() - line * 0.6)
        area.setBottom(plot.bottom() - line * 1.4)
        return area

    @staticmethod
    def _x_of(area: QRectF, count: int, n: int) -> float:
        """Categories evenly spread from the left edge to the right edge (one: in the middle)."""
        if count <= 1:
            return area.center().x()
        return area.left() + area.width() / (count - 1) * n

    def chart_geometry(self) -> ChartGeometry | None:
        """What the chart draws at the widget's present size and font; None with nothing to chart."""
        chart = self.chart
        if chart is None or not self.has_data():
            return None
        metrics = self.fontMetrics()
        plot = self._plot_area(metrics)
        top = self._top(chart)
        shades = self._shade_names()
        if chart.kind == "bar":
            frame, _label_width = self._bar_frame(chart, plot, metrics)
            band = frame.height() / len(chart.categories)
            count = len(chart.series)
            thickness = min(metrics.height() * 0.75, band * 0.8 / count)
            bars = []
            for row in range(len(chart.categories)):
                first = frame.top() + row * band + (band - thickness * count) / 2
                for n, series in enumerate(chart.series):
                    value = series.values[row] if row < len(series.values) else None
                    if value is None:
                        continue
                    width = frame.width() * max(0.0, value) / top
                    box = QRectF(frame.left(), first + n * thickness, max(width, 1.0), thickness * 0.86)
                    bars.append(Bar(n, row, value, box, shades[n % len(shades)], n % 2 == 0))
            return ChartGeometry("bar", frame, top, bars=tuple(bars))
        frame = self._line_frame(chart, plot, metrics)
        count = len(chart.categories)
        points: list[PlotPoint] = []
        segments: list[Segment] = []
        for s, series in enumerate(chart.series):
            colour = shades[s % len(shades)]
            previous: QPointF | None = None
            for n, value in enumerate(series.values[:count]):
                if value is None:
                    previous = None
                    continue
                at = QPointF(
                    self._x_of(frame, count, n), frame.bottom() - frame.height() * max(0.0, value) / top
                )
                points.append(PlotPoint(s, n, value, at, colour, "square" if s % 2 else "circle"))
                if previous is not None:
                    segments.append(Segment(s, previous, at, colour, dashed=bool(s % 2)))
                previous = at
        return ChartGeometry("line", frame, top, points=tuple(points), segments=tuple(segments))

    # -- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(self.colours.panel))
        chart = self.chart
        geometry = self.chart_geometry()
        metrics = self.fontMetrics()
        if chart is None or geometry is None:
            painter.setPen(QColor(self.colours.subtle))
            painter.drawText(
                self._area(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
            painter.end()
            self.painted = None
            return
        self._legend(painter, chart, self._area(), metrics)
        if geometry.kind == "bar":
            self._bars(painter, chart, geometry, metrics)
        else:
            self._lines(painter, chart, geometry, metrics)
        painter.end()
        self.painted = geometry

    def _legend(self, painter: QPainter, chart: Chart, area: QRectF, metrics: QFontMetrics) -> None:
        x = area.left()
        y = area.top()
        line = metrics.height()
        shades = self._shades()
        for n, series in enumerate(chart.series):
            swatch = QRectF(x, y + line * 0.25, line * 0.8, line * 0.5)
            self._mark(painter, chart, n, swatch, shades[n % len(shades)])
            painter.setPen(QColor(self.colours.text))
            painter.drawText(QPointF(swatch.right() + line * 0.3, y + metrics.ascent()), series.name)
            x = swatch.right() + line * 0.3 + metrics.horizontalAdvance(series.name) + line
        painter.setPen(QColor(self.colours.subtle))
        unit = f"in {chart.unit}" if chart.unit in ("hours", "days", "minutes") else f"number of {chart.unit}"
        painter.drawText(QPointF(area.right() - metrics.horizontalAdvance(unit), y + metrics.ascent()), unit)

    def _mark(self, painter: QPainter, chart: Chart, n: int, box: QRectF, colour: QColor) -> None:
        """The swatch of series ``n``: its bar (solid, then outlined) or its line and point shape."""
        if chart.kind == "bar":
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(colour if n % 2 == 0 else Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
        else:
            painter.setPen(QPen(colour, 2))
            middle = box.center().y()
            painter.drawLine(QPointF(box.left(), middle), QPointF(box.right(), middle))
            self._point(painter, QPointF(box.center().x(), middle), n, colour)

    def _point(self, painter: QPainter, at: QPointF, n: int, colour: QColor) -> None:
        size = self.fontMetrics().height() * 0.18
        painter.setBrush(colour)
        painter.setPen(QPen(colour, 1))
        if n % 2 == 0:
            painter.drawEllipse(at, size, size)
        else:
            painter.drawRect(QRectF(at.x() - size, at.y() - size, size * 2, size * 2))

    def _top(self, chart: Chart) -> float:
        return nice_top(max((v for s in chart.series for v in s.values if v is not None), default=0.0))

    def _bars(self, painter: QPainter, chart: Chart, geometry: ChartGeometry, metrics: QFontMetrics) -> None:
        line = metrics.height()
        plot = self._plot_area(metrics)
        frame, label_width = self._bar_frame(chart, plot, metrics)
        self._value_grid(painter, frame, geometry.top, metrics)
        band = frame.height() / len(chart.categories)
        for row, category in enumerate(chart.categories):
            painter.setPen(QColor(self.colours.text))
            label_box = QRectF(plot.left(), frame.top() + row * band, label_width - line * 0.4, band)
            shown = metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(label_box.width()))
            painter.drawText(label_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
        for bar in geometry.bars:
            self._mark(painter, chart, bar.series, bar.rect, QColor(bar.colour))
            painter.setPen(QColor(self.colours.subtle))
            painter.drawText(
                QPointF(bar.rect.right() + line * 0.25, bar.rect.center().y() + metrics.ascent() / 2 - 1),
                _figure(bar.value),
            )

    def _value_grid(self, painter: QPainter, bars: QRectF, top: float, metrics: QFontMetrics) -> None:
        """Vertical grid lines and their values under a bar chart."""
        for step in range(5):
            x = bars.left() + bars.width() * step / 4
            painter.setPen(QPen(QColor(self.colours.border), 1))
            painter.drawLine(QPointF(x, bars.top()), QPointF(x, bars.bottom()))
            painter.setPen(QColor(self.colours.subtle))
            figure = _figure(top * step / 4)
            at = x - metrics.horizontalAdvance(figure) / 2
            painter.drawText(QPointF(at, bars.bottom() + metrics.ascent() + 2), figure)

    def _lines(self, painter: QPainter, chart: Chart, geometry: ChartGeometry, metrics: QFontMetrics) -> None:
        line = metrics.height()
        plot = self._plot_area(metrics)
        area, top = geometry.plot, geometry.top
        for step in range(5):
            y = area.bottom() - area.height() * step / 4
            painter.setPen(QPen(QColor(self.colours.border), 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(self.colours.subtle))
            figure = _figure(top * step / 4)
            painter.drawText(
                QPointF(
                    area.left() - metrics.horizontalAdvance(figure) - line * 0.3, y + metrics.ascent() / 2 - 1
                ),
                figure,
            )
        count = len(chart.categories)
        gap = area.width() / (count - 1) if count > 1 else 0.0
        every = max(1, int((metrics.horizontalAdvance(max(chart.categories, key=len)) + line) // max(gap, 1)))
        painter.setPen(QColor(self.colours.subtle))
        for n, category in enumerate(chart.categories):
            if n % every == 0:
                at = self._x_of(area, count, n) - metrics.horizontalAdvance(category) / 2
                at = min(max(at, plot.left()), plot.right() - metrics.horizontalAdvance(category))
                painter.drawText(QPointF(at, area.bottom() + metrics.ascent() + 3), category)
        for s in range(len(chart.series)):
            path = QPainterPath()
            dashed = False
            for segment in (g for g in geometry.segments if g.series == s):
                if path.elementCount() == 0 or path.currentPosition() != segment.start:
                    path.moveTo(segment.start)
                path.lineTo(segment.end)
                dashed = segment.dashed
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen = QPen(self._shades()[s % len(self._shades())], 2)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)
            for point in (p for p in geometry.points if p.series == s):
                self._point(painter, point.at, s, QColor(point.colour))
