"""Table views for the lists: quiet, keyboard-friendly, and as tall as their rows when compact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QWidget

from linkdesk.ui.models.table import ROW_ROLE, SORT_ROLE
from linkdesk.ui.widgets import em, text


class Table(QTableView):
    """A read-only list: Tab leaves it, arrows move, Enter or a double click opens the row."""

    def __init__(self, model: QAbstractItemModel, name: str, accessible: str, compact: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setModel(model)
        self.compact = compact
        self._on_open: Callable[[Any], None] | None = None
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(em(self, 1.75))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(em(self, 3))
        self.doubleClicked.connect(self._open_index)
        self.activated.connect(self._open_index)
        if compact:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            model.modelReset.connect(self.fit_height)
            self.fit_height()

    def set_widths(self, *widths: float) -> None:
        """Column widths in line heights; 0 stretches that column."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate(widths):
            if width:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, em(self, width))
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def fit_height(self) -> None:
        rows = max(1, self.model().rowCount())
        height = (
            self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        )
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

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
