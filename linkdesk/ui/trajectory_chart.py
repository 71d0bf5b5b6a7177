"""One measure's trajectory for one informant, drawn with QPainter (PySide6-Essentials has no
QtCharts): the score over the dates it was taken, the measure's bands shaded behind it, and a
badge between two results where ``linkdesk.measures.compare`` finds reliable change. Where the
definition records no reliable change index there are no badges, and the caption says why.

What is drawn is decided first, as a :class:`TrajectoryGeometry` in widget coordinates (bands,
points, the line and the badges, each with its colour), and painted from that;
``TrajectoryChart.geometry_now()`` returns it and ``painted`` keeps the last one painted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from linkdesk.measures.change import RELIABLE_DETERIORATION, RELIABLE_IMPROVEMENT
from linkdesk.services.measure_view import Point, Trajectory, number
from linkdesk.ui import theme
from linkdesk.ui.widgets import em


def mix(a: str, b: str, share: float) -> QColor:
    """``a`` moved ``share`` (0..1) of the way to ``b``."""
    first, second = QColor(a), QColor(b)
    return QColor(
        round(first.red() + (second.red() - first.red()) * share),
        round(first.green() + (second.green() - first.green()) * share),
        round(first.blue() + (second.blue() - first.blue()) * share),
    )


def summary(trajectory: Trajectory) -> str:
    """The chart in words, for a screen reader and the tooltip."""
    shown = [p for p in trajectory.points if p.value is not None]
    if not shown:
        return f"{trajectory.short_name}: no score yet."
    steps = ", ".join(
        f"{p.date:%d %b %Y} {number(p.value)}" + (f": {p.band_text}" if p.band else "") for p in shown
    )
    marks = "; ".join(f"{m.reliable} after {trajectory.points[m.index].date:%d %b}" for m in trajectory.marks)
    return f"{trajectory.short_name}, {trajectory.score_label}: {steps}." + (f" {marks}." if marks else "")


@dataclass(frozen=True)
class BandArea:
    """A band of the measure (``low`` to ``high`` on the score scale), shaded across the plot."""

    label: str
    low: float
    high: float
    rect: QRectF
    colour: str


@dataclass(frozen=True)
class ScorePoint:
    """A score placed at ``at``; ``index`` is its place in ``Trajectory.points``."""

    index: int
    value: float
    at: QPointF
    colour: str
    risky: bool
    label: str


@dataclass(frozen=True)
class ChangeBadge:
    """The reliable-change badge between point ``index`` and the next, hung from ``anchor``."""

    index: int
    words: str
    colour: str
    anchor: QPointF


@dataclass(frozen=True)
class TrajectoryGeometry:
    plot: QRectF
    bands: tuple[BandArea, ...]
    points: tuple[ScorePoint, ...]
    #: The line through the scores, in date order (a missing score is skipped).
    line: tuple[QPointF, ...]
    badges: tuple[ChangeBadge, ...]


class TrajectoryChart(QWidget):
    def __init__(self, trajectory: Trajectory, colours: theme.Colours) -> None:
        super().__init__()
        self.trajectory = trajectory
        self.colours = colours
        self.setObjectName("trajectoryChart")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(em(self, 10.5))
        self.setAccessibleName(f"{trajectory.short_name} chart")
        self.setAccessibleDescription(summary(trajectory))
        self.setToolTip(summary(trajectory))
        #: What the last paint drew.
        self.painted: TrajectoryGeometry | None = None

    def sizeHint(self) -> QSize:
        return QSize(em(self, 26), em(self, 10.5))

    # -- geometry ------------------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        unit = self.fontMetrics().height()
        return QRectF(unit * 2.2, unit * 0.6, self.width() - unit * 2.6, self.height() - unit * 2.0)

    def y_of(self, value: float, plot: QRectF) -> float:
        span = (self.trajectory.maximum - self.trajectory.minimum) or 1.0
        share = (value - self.trajectory.minimum) / span
        return plot.bottom() - share * plot.height()

    def x_of(self, index: int, points: list[Point], plot: QRectF) -> float:
        first, last = points[0].date.toordinal(), points[-1].date.toordinal()
        inset = plot.width() * 0.06
        if last == first:
            return plot.center().x()
        share = (points[index].date.toordinal() - first) / (last - first)
        return plot.left() + inset + share * (plot.width() - 2 * inset)

    def band_colour(self, level: int, worst: int) -> QColor:
        """Good to notice to error shades, by how bad the band is."""
        share = level / worst
        if share <= 0.5:
            return mix(self.colours.good_soft, self.colours.notice_soft, share * 2)
        return mix(self.colours.notice_soft, self.colours.error_soft, (share - 0.5) * 2)

    def geometry_now(self) -> TrajectoryGeometry:
        """What the chart draws at its present size and font."""
        plot = self.plot_rect()
        regions = sorted(self.trajectory.regions, key=lambda r: r.low)
        worst = max((r.level for r in regions), default=1) or 1
        bands = []
        for n, region in enumerate(regions):
            high = regions[n + 1].low if n + 1 < len(regions) else self.trajectory.maximum
            top, bottom = self.y_of(high, plot), self.y_of(region.low, plot)
            area = QRectF(plot.left(), top, plot.width(), bottom - top)
            bands.append(
                BandArea(region.label, region.low, high, area, self.band_colour(region.level, worst).name())
            )
        points = self.trajectory.points
        placed = []
        for index, point in enumerate(points):
            if point.value is None:
                continue
            risky = bool(point.flags)
            placed.append(
                ScorePoint(
                    index,
                    point.value,
                    QPointF(self.x_of(index, points, plot), self.y_of(point.value, plot)),
                    self.colours.error if risky else self.colours.accent,
                    risky,
                    number(point.value) + (" !" if risky else ""),
                )
            )
        badges = []
        for mark in self.trajectory.marks:
            a, b = points[mark.index], points[mark.index + 1]
            if a.value is None or b.value is None:
                continue
            x = (self.x_of(mark.index, points, plot) + self.x_of(mark.index + 1, points, plot)) / 2
            y = (self.y_of(a.value, plot) + self.y_of(b.value, plot)) / 2
            if mark.reliable == RELIABLE_IMPROVEMENT:
                words, colour = "Reliably better", self.colours.good
            elif mark.reliable == RELIABLE_DETERIORATION:
                words, colour = "Reliably worse", self.colours.error
            else:
                words, colour = "No reliable change", self.colours.subtle
            badges.append(ChangeBadge(mark.index, words, colour, QPointF(x, y + 6)))
        return TrajectoryGeometry(
            plot, tuple(bands), tuple(placed), tuple(p.at for p in placed), tuple(badges)
        )

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        geometry = self.geometry_now()
        plot = geometry.plot
        painter.fillRect(plot, QColor(self.colours.base))
        self._bands(painter, geometry)
        self._axis(painter, plot)
        if geometry.points:
            self._line(painter, geometry)
            self._marks(painter, geometry)
        painter.end()
        self.painted = geometry

    def _bands(self, painter: QPainter, geometry: TrajectoryGeometry) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.78))
        painter.setFont(small)
        for band in geometry.bands:
            painter.fillRect(band.rect, QColor(band.colour))
            painter.setPen(QColor(self.colours.subtle))
            if band.rect.height() >= painter.fontMetrics().height():
                painter.drawText(
                    band.rect.adjusted(0, 1, -4, 0),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    band.label,
                )
        painter.setFont(self.font())

    def _axis(self, painter: QPainter, plot: QRectF) -> None:
        painter.setPen(QPen(QColor(self.colours.border), 1))
        painter.drawRect(plot)
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.8))
        painter.setFont(small)
        painter.setPen(QColor(self.colours.subtle))
        low, high = self.trajectory.minimum, self.trajectory.maximum
        for step in range(5):
            value = low + (high - low) * step / 4
            y = self.y_of(value, plot)
            box = QRectF(0, y - 8, plot.left() - 4, 16)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number(value))
        points = self.trajectory.points
        for index, point in enumerate(points):
            x = self.x_of(index, points, plot)
            box = QRectF(x - 40, plot.bottom() + 2, 80, painter.fontMetrics().height() + 2)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{point.date:%d %b %y}"
            )
        painter.setFont(self.font())

    def _line(self, painter: QPainter, geometry: TrajectoryGeometry) -> None:
        path = QPainterPath()
        for number_, where in enumerate(geometry.line):
            if number_ == 0:
                path.moveTo(where)
            else:
                path.lineTo(where)
        painter.setPen(QPen(QColor(self.colours.accent), 2))
        painter.drawPath(path)
        radius = max(3.5, self.fontMetrics().height() * 0.22)
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 0.85)
        for point in geometry.points:
            where = point.at
            painter.setPen(QPen(QColor(self.colours.base), 1.5))
            painter.setBrush(QColor(point.colour))
            painter.drawEllipse(where, radius, radius)
            painter.setFont(bold)
            painter.setPen(QColor(self.colours.error if point.risky else self.colours.text))
            box = QRectF(where.x() - 40, where.y() - radius - painter.fontMetrics().height() - 1, 80, 20)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, point.label)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setFont(self.font())

    def _marks(self, painter: QPainter, geometry: TrajectoryGeometry) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.78))
        small.setBold(True)
        painter.setFont(small)
        metrics = painter.fontMetrics()
        for badge in geometry.badges:
            width = metrics.horizontalAdvance(badge.words) + 10
            box = QRectF(badge.anchor.x() - width / 2, badge.anchor.y(), width, metrics.height() + 2)
            painter.setPen(QPen(QColor(badge.colour), 1))
            painter.setBrush(QColor(self.colours.base))
            painter.drawRoundedRect(box, 3, 3)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge.words)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setFont(self.font())
