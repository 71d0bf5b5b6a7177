"""One read-only table model for every list: a list of row objects and the columns to show.

Rows are plain dataclasses already fetched on the DB worker; ``data()`` only reads attributes
through the column's functions, so it never touches the store. Each list declares its columns
(``ui/models/columns.py``); ``set_rows`` resets the model; ``SORT_ROLE`` gives a sort key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from linkdesk.ui import privacy, theme

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

#: Tones a column can give a cell: drawn in a colour of the theme, never by colour alone.
ALERT, MUTED, GOOD = "alert", "muted", "good"
#: A cell's alignment, made once: combining Qt's flags in Python costs more than the rest of a cell.
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    tone: Callable[[Any], str | None] | None = None
    tip: Callable[[Any], str] | None = None
    right: bool = False
    bold: Callable[[Any], bool] | None = None
    #: Free text that privacy mode screens: ``privacy.WHOLE`` (hidden) or ``privacy.NAMES``.
    private: str = ""
    #: The same for the tooltip alone, when it says more than the cell (a concern behind a label).
    private_tip: str = ""


def _screened(column: Column, value: str, kind: str = "") -> str:
    mode, kind = privacy.current(), kind or column.private
    return mode.screen(value, kind) if kind and mode is not None else value


class TableModel(QAbstractTableModel):
    def __init__(
        self, columns: Sequence[Column], colours: theme.Colours | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.colours = colours or theme.LIGHT
        self._rows: list[Any] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._roles = self._role_handlers()

    # -- the model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        handler = self._roles.get(role)
        return handler(self._rows[index.row()], self.columns[index.column()]) if handler else None

    def _role_handlers(self) -> dict[int, Callable[[Any, Column], Any]]:
        return {
            Qt.ItemDataRole.DisplayRole: lambda row, col: _screened(col, col.text(row)),
            Qt.ItemDataRole.AccessibleTextRole: lambda row, col: _screened(col, col.text(row)),
            SORT_ROLE: lambda row, col: col.sort(row) if col.sort else col.text(row).lower(),
            ROW_ROLE: lambda row, col: row,
            Qt.ItemDataRole.ToolTipRole: lambda row, col: (
                _screened(col, col.tip(row), col.private_tip) or None if col.tip else None
            ),
            Qt.ItemDataRole.TextAlignmentRole: lambda row, col: RIGHT if col.right else LEFT,
            Qt.ItemDataRole.ForegroundRole: lambda row, col: self._tone(col.tone(row) if col.tone else None),
            Qt.ItemDataRole.FontRole: lambda row, col: self._bold if col.bold and col.bold(row) else None,
        }

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if self.columns[section].right else LEFT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- rows ---------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, number: int) -> Any:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def _tone(self, tone: str | None) -> QColor | None:
        if tone is None:
            return None
        colours = {ALERT: self.colours.error, MUTED: self.colours.subtle, GOOD: self.colours.good}
        return QColor(colours[tone]) if tone in colours else None


def row_at(model: Any, number: int) -> Any:
    """The row object behind row ``number`` of a model or a proxy over one."""
    return model.data(model.index(number, 0), ROW_ROLE)


def rows_of(model: Any) -> list[Any]:
    return [row_at(model, n) for n in range(model.rowCount())]
