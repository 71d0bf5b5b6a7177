"""Table views for the lists: quiet, keyboard-friendly, and as tall as their rows when compact.

A table never cuts its text: columns are sized to their content (``ui/column_fit.py``) and a
cell's text wraps onto more lines when the table is short of room, its row growing to hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from linkdesk.ui.column_fit import CellWrap, Extents, fit_widths, measure
from linkdesk.ui.models.table import ROW_ROLE, SORT_ROLE
from linkdesk.ui.widgets import em, text

#: Short of room, a column of long text wraps first, but not below this many line heights.
READABLE_EM = 12


class Table(QTableView):
    """A read-only list: Tab leaves it, arrows move, Enter or a double click opens the row."""

    def __init__(self, model: QAbstractItemModel, name: str, accessible: str, compact: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setModel(model)
        self.compact = compact
        self._on_open: Callable[[Any], None] | None = None
        #: Preferred column widths in line heights; 0 marks a column of long text.
        self._wanted: tuple[float, ...] = ()
        self._extents = Extents([], [])
        self._wrap = CellWrap(self)
        self.setItemDelegate(self._wrap)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = self.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(em(self, 1.75))
        rows.setDefaultSectionSize(em(self, 1.75))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(em(self, 1))
        header.sortIndicatorChanged.connect(self.refit)
        self.doubleClicked.connect(self._open_index)
        self.activated.connect(self._open_index)
        if compact:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for change in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
            change.connect(self.refit)
        model.dataChanged.connect(self.refit)
        self.refit()

    def set_widths(self, *widths: float) -> None:
        """Preferred column widths in line heights; 0 marks a column of long text, which takes the
        room left over. Every column is at least as wide as its text on one line while the table
        has room; short of room, the long text wraps first, then the rest."""
        self._wanted = widths
        self.refit()

    def refit(self, *_changed: object) -> None:
        """Measure the rows again and size the columns and rows to them."""
        model = self.model()
        if model is None:
            return
        self._extents = measure(self, model, self.header_widths())
        if self._extents.pad:  # less the style's margins, which Qt's delegate does count
            margins = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1)
            self._wrap.padding = max(0, self._extents.pad - margins)
        self.updateGeometry()
        self._fit()

    def header_widths(self) -> list[int]:
        """Each column's title on one line; Qt leaves room for the sort arrow in every column's
        size hint, but draws it (and needs the room) only in the column sorted on."""
        header = self.horizontalHeader()
        model = self.model()
        arrow = header.sortIndicatorSection() if header.isSortIndicatorShown() else -1
        widths = []
        for column in range(model.columnCount()):
            if column == arrow:
                widths.append(header.sectionSizeHint(column))
                continue
            option = QStyleOptionHeader()
            option.initFrom(header)
            option.orientation = Qt.Orientation.Horizontal
            option.section = column
            option.text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            size = header.style().sizeFromContents(
                QStyle.ContentsType.CT_HeaderSection, option, QSize(), header
            )
            widths.append(size.width())
        return widths

    def _fit(self) -> None:
        """Size the shown columns (a hidden one takes no room) to share the viewport."""
        shown = [c for c in range(len(self._extents.natural)) if not self.isColumnHidden(c)]
        if not shown:
            self.fit_height()
            return
        natural = [self._extents.natural[c] for c in shown]
        least = [self._extents.least[c] for c in shown]
        wanted = [em(self, self._wanted[c]) if c < len(self._wanted) else 0 for c in shown]
        flexible = [bool(self._wanted) and not w for w in wanted]
        preferred = [max(n, w) for n, w in zip(natural, wanted, strict=True)]
        room, readable = self.viewport().width(), em(self, READABLE_EM)
        widths = fit_widths(natural, least, flexible, room, preferred, readable)
        header = self.horizontalHeader()
        for column, width in zip(shown, widths, strict=True):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        self.resizeRowsToContents()
        self.fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def minimumSizeHint(self) -> QSize:
        """Wide enough for every column's longest word, so a page never squeezes text out of sight."""
        hint = super().minimumSizeHint()
        width = sum(self._extents.least) + 2 * self.frameWidth()
        if not self.compact:
            width += self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())

    def fit_height(self) -> None:
        if not self.compact:
            return
        rows = self.verticalHeader()
        body = rows.length() if self.model().rowCount() else rows.defaultSectionSize()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + body + 2 * self.frameWidth() + 2)

    def on_open(self, callback: Callable[[Any], None]) -> None:
        """Call ``callback(row object)`` when a row is opened (Enter or double click)."""
        self._on_open = callback

    def current_row(self) -> Any:
        index = self.currentIndex()
        return self.model().data(index.siblingAtColumn(0), ROW_ROLE) if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model().data(index.siblingAtColumn(0), ROW_ROLE)
        if row is not None and self._on_open is not None:
            self._on_open(row)


class SortProxy(QSortFilterProxyModel):
    """Sorts on the Python sort keys themselves (dates, tuples, numbers), which a QVariant cannot
    compare once they cross into Qt; keys that do not compare fall back to their text."""

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        source = self.sourceModel()
        a, b = source.data(left, SORT_ROLE), source.data(right, SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


def sorted_filtered(model: QAbstractItemModel) -> QSortFilterProxyModel:
    """A proxy that sorts on the model's sort keys and filters across every column, ignoring case."""
    proxy = SortProxy()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


def section_title(title: str, count: QLabel | None = None) -> QWidget:
    """A small heading with an optional count beside it."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, em(box, 0.3), 0, 0)
    layout.setSpacing(em(box, 0.4))
    layout.addWidget(text(title, "h3", wrap=False))
    if count is not None:
        layout.addWidget(count)
    layout.addStretch(1)
    return box


def count_label() -> QLabel:
    label = text("", "count", wrap=False, record=True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
