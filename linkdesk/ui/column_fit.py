"""Column widths sized to their content, for tables that never cut their text.

Each column has a natural width (its longest cell on one line, or its header, or the width the
page asked for) and a least width (its longest word, or its header): text wraps at spaces down to
that. ``fit_widths`` shares a table's room out: every column at its natural width while they all
fit, the spare going to the columns of long text; when short of room those columns wrap first,
but only down to a readable width, then the others, then the long text down to its least width
(a sentence squeezed to its longest word is a column of single words, six lines a row).
``CellWrap`` is the item delegate that makes rows as tall as their wrapped text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from linkdesk.ui.models.table import Index


def fit_widths(
    natural: Sequence[int],
    least: Sequence[int],
    flexible: Sequence[bool],
    room: int,
    preferred: Sequence[int] | None = None,
    readable: int = 0,
) -> list[int]:
    """Widths for columns sharing ``room`` pixels (see the module's docstring).

    ``preferred`` widths (no narrower than ``natural``) are what the page asked for; short of
    room they are given up first. Then the ``flexible`` columns (long text) wrap down to
    ``readable`` pixels, then the widest of the others are narrowed to one level, so short values
    (dates, initials, a consent word) keep their line, then the long text down to its least
    width. Below the sum of the least widths the columns keep their least widths (wider than the
    room).
    """
    widths = list(preferred or natural)
    spare = room - sum(widths)
    takers = [i for i, f in enumerate(flexible) if f]
    if spare >= 0:
        takers = takers or [len(widths) - 1]
        for n, column in enumerate(takers):
            widths[column] += spare // len(takers) + (1 if n < spare % len(takers) else 0)
        return widths
    short = -spare
    everyone = list(range(len(widths)))
    others = [i for i in everyone if i not in takers]
    legible = [max(low, min(wide, readable)) for low, wide in zip(least, natural, strict=True)]
    short -= _level_down(widths, natural, everyone, short)
    for group, floor in ((takers, legible), (others, least), (takers, least)):
        if short and group:
            short -= _level_down(widths, floor, group, short)
    return widths


def _level_down(widths: list[int], least: Sequence[int], group: list[int], short: int) -> int:
    """Narrow the widest columns of ``group`` to a common level (not below their least widths)
    until ``short`` pixels are saved or none can be; returns the pixels saved."""

    def saved(level: int) -> int:
        return sum(widths[i] - max(least[i], min(widths[i], level)) for i in group)

    low, high = 0, max(widths[i] for i in group)
    if saved(low) <= short:
        high = low
    else:
        while high - low > 1:  # saved(low) > short >= saved(high)
            middle = (low + high) // 2
            low, high = (middle, high) if saved(middle) > short else (low, middle)
    total = saved(high)
    for i in group:
        widths[i] = max(least[i], min(widths[i], high))
    for i in group:  # the last pixels, one each from columns at the level
        if total < short and widths[i] == high and widths[i] > least[i]:
            widths[i] -= 1
            total += 1
    return total


@dataclass(frozen=True)
class Extents:
    """What a model's columns need: on one line (``natural``) and wrapped at spaces (``least``),
    and what a cell adds to its text's width (``pad``: the style's margins and padding)."""

    natural: list[int]
    least: list[int]
    pad: int = 0


def measure(view: QAbstractItemView, model: QAbstractItemModel, headers: Sequence[int]) -> Extents:
    """Every cell's text width plus what a cell adds to it (margins and style-sheet padding)."""
    natural, least = list(headers), list(headers)
    metrics: dict[bool, QFontMetricsF] = {}
    pad = -1
    for column in range(model.columnCount()):
        for number in range(model.rowCount()):
            index = model.index(number, column)
            text = str(index.data() or "")
            if not text.strip():
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            bold = isinstance(font, QFont) and font.bold()
            if bold not in metrics:
                shown = QFont(view.font())
                shown.setBold(bold)
                metrics[bold] = QFontMetricsF(shown)
            fm = metrics[bold]
            if pad < 0:
                pad = max(0, view.sizeHintForIndex(index).width() - math.ceil(fm.horizontalAdvance(text)))
            natural[column] = max(natural[column], math.ceil(fm.horizontalAdvance(text)) + pad + 1)
            widest = max(fm.horizontalAdvance(word) for word in text.split())
            least[column] = max(least[column], math.ceil(widest) + pad + 1)
    return Extents(natural, least, max(pad, 0))


class CellWrap(QStyledItemDelegate):
    """Sizes a wrapped cell for the width its text really gets.

    Qt's style-sheet style wraps a cell's text inside the item's padding when it draws it, but
    measures the wrapped height as if there were no padding; measured here for the narrower
    width, a row is always tall enough for every line of its text.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        #: The style sheet's padding of an item, both sides together (in pixels).
        self.padding = 0

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if self.padding and option.rect.isValid():
            narrower = QStyleOptionViewItem(option)
            narrower.rect.setWidth(max(1, option.rect.width() - self.padding))
            return super().sizeHint(narrower, index)
        return super().sizeHint(option, index)
