"""A small chart drawn with QPainter for a report's :class:`~linkdesk.domain.reporting.Chart`.

Bar charts are drawn as horizontal bars, one band per category with a bar for each series (held
or contact hours against contracted hours); line charts draw each series across the categories,
leaving a gap where a value is missing or withheld. Series differ by shade and by shape (solid
against outlined bars, circles against squares), never by colour alone, and the figures are also
in the report's tables. With nothing to draw the widget says so.
"""

from __future__ import annotations

import math

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

    # -- painting -----------------------------------------------------------------------------------

    def _shades(self) -> list[QColor]:
        c = self.colours
        return [QColor(c.accent), QColor(c.subtle), QColor(c.good), QColor(c.error)]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.fillRect(self.rect(), QColor(self.colours.panel))
        chart = self.chart
        metrics = painter.fontMetrics()
        if chart is None or not self.has_data():
            painter.setPen(QColor(self.colours.subtle))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()
            return
        legend_bottom = self._legend(painter, chart, area, metrics)
        plot = QRectF(area.left(), legend_bottom + metrics.height() * 0.4, area.width(), 0)
        plot.setBottom(area.bottom())
        if chart.kind == "bar":
            self._bars(painter, chart, plot, metrics)
        else:
            self._lines(painter, chart, plot, metrics)
        painter.end()

    def _legend(self, painter: QPainter, chart: Chart, area: QRectF, metrics: QFontMetrics) -> float:
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
        return y + line

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

    def _bars(self, painter: QPainter, chart: Chart, plot: QRectF, metrics: QFontMetrics) -> None:
        line = metrics.height()
        label_width = min(
            max(metrics.horizontalAdvance(c) for c in chart.categories) + line * 0.6, plot.width() * 0.38
        )
        axis_height = line * 1.2
        bars = QRectF(plot.left() + label_width, plot.top(), plot.width() - label_width - line * 2.2, 0)
        bars.setBottom(plot.bottom() - axis_height)
        top = self._top(chart)
        self._value_grid(painter, bars, top, metrics)
        band = bars.height() / len(chart.categories)
        count = len(chart.series)
        thickness = min(line * 0.75, band * 0.8 / count)
        shades = self._shades()
        for row, category in enumerate(chart.categories):
            band_top = bars.top() + row * band
            painter.setPen(QColor(self.colours.text))
            label_box = QRectF(plot.left(), band_top, label_width - line * 0.4, band)
            shown = metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(label_box.width()))
            painter.drawText(label_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            first = band_top + (band - thickness * count) / 2
            for n, series in enumerate(chart.series):
                value = series.values[row] if row < len(series.values) else None
                if value is None:
                    continue
                width = bars.width() * max(0.0, value) / top
                box = QRectF(bars.left(), first + n * thickness, max(width, 1.0), thickness * 0.86)
                self._mark(painter, chart, n, box, shades[n % len(shades)])
                painter.setPen(QColor(self.colours.subtle))
                painter.drawText(
                    QPointF(box.right() + line * 0.25, box.center().y() + metrics.ascent() / 2 - 1),
                    _figure(value),
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

    def _lines(self, painter: QPainter, chart: Chart, plot: QRectF, metrics: QFontMetrics) -> None:
        line = metrics.height()
        top = self._top(chart)
        axis_width = max(metrics.horizontalAdvance(_figure(top)), metrics.horizontalAdvance("0")) + line * 0.5
        area = QRectF(plot.left() + axis_width, plot.top() + line * 0.4, 0, 0)
        area.setRight(plot.right() - line * 0.6)
        area.setBottom(plot.bottom() - line * 1.4)
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
        gap = area.width() / max(1, count - 1) if count > 1 else 0.0

        def x_of(n: int) -> float:
            return area.left() + gap * n if count > 1 else area.center().x()

        every = max(1, int((metrics.horizontalAdvance(max(chart.categories, key=len)) + line) // max(gap, 1)))
        painter.setPen(QColor(self.colours.subtle))
        for n, category in enumerate(chart.categories):
            if n % every == 0:
                at = x_of(n) - metrics.horizontalAdvance(category) / 2
                at = min(max(at, plot.left()), plot.right() - metrics.horizontalAdvance(category))
                painter.drawText(QPointF(at, area.bottom() + metrics.ascent() + 3), category)
        shades = self._shades()
        for s, series in enumerate(chart.series):
            colour = shades[s % len(shades)]
            path = QPainterPath()
            drawing = False
            points = []
            for n, value in enumerate(series.values[:count]):
                if value is None:
                    drawing = False
                    continue
                point = QPointF(x_of(n), area.bottom() - area.height() * max(0.0, value) / top)
                points.append(point)
                if drawing:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    drawing = True
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen = QPen(colour, 2)
            if s % 2:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)
            for point in points:
                self._point(painter, point, s, colour)
