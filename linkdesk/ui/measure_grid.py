"""Entering a paper form by item number: one row per item, its answer boxes as a segmented row.

The grid mirrors the printed form: item numbers 1..N, and the item's wording only where the
definition's licence allows it (``item_text_allowed``). It takes the keyboard as one field: type
the ticked box's number (0 = the first box) and the next item is current, so "0 1 2 3 …" fills the
form straight through; ``-`` or ``.`` leaves an item unanswered, Backspace goes back and clears,
arrows move. Scales with more than ten boxes (GBO 0-10) take two digits. A click on a box sets it
(a second click clears it). Continuous items (ORS/CORS marks in cm) get a small text field each.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from linkdesk.measures import MeasureDefinition
from linkdesk.measures.definitions import AnswerScale, Item
from linkdesk.ui.widgets import em, text

MISSING_KEYS = {Qt.Key.Key_Minus, Qt.Key.Key_Period}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Up}
ON_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Down}


def columns_for(definition: MeasureDefinition) -> int:
    if definition.item_text_allowed or len(definition.items) <= 12:
        return 1
    return 2 if len(definition.items) <= 26 else 3


class ItemRow(QFrame):
    """Item number, wording (if licensed) and its answer boxes (or a field for a measured mark)."""

    picked = Signal(int, object)  # item index, position (None to clear)

    def __init__(self, index: int, item: Item, scale: AnswerScale, wording: str | None) -> None:
        super().__init__()
        self.index = index
        self.scale = scale
        self.setObjectName(f"itemRow{item.number}")
        self.setProperty("role", "itemrow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(em(self, 0.3), 1, em(self, 0.3), 1)
        layout.setSpacing(em(self, 0.4))
        number = text(str(item.number), "itemnumber", wrap=False)
        number.setFixedWidth(em(self, 1.5))
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(number)
        if wording:
            words = text(wording)
            words.setMinimumWidth(em(self, 16))
            layout.addWidget(words, 1)
        self.boxes: list[QPushButton] = []
        self.field: QLineEdit | None = None
        if scale.continuous:
            self.field = QLineEdit()
            self.field.setObjectName(f"itemField{item.number}")
            self.field.setPlaceholderText(scale.describe())
            self.field.setMaximumWidth(em(self, 5))
            self.field.setAccessibleName(f"Item {item.number}: mark in cm, {scale.describe()}")
            self.field.textChanged.connect(lambda _t: self.picked.emit(self.index, self.value()))
            layout.addWidget(self.field)
        else:
            for position in range(scale.options):
                box = QPushButton(str(position))
                box.setCheckable(True)
                box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                box.setProperty("role", "segment")
                box.setFixedWidth(em(self, 1.9 if scale.options <= 5 else 1.6))
                label = scale.labels[position] if position < len(scale.labels) else str(position)
                box.setToolTip(f"Box {position}: {label}")
                box.setAccessibleName(f"Item {item.number}, box {position}: {label}")
                box.clicked.connect(lambda _c=False, p=position: self._clicked(p))
                self.boxes.append(box)
                layout.addWidget(box)
        if not wording:
            layout.addStretch(1)
        self._value: int | None = None

    def _clicked(self, position: int) -> None:
        self.picked.emit(self.index, None if self._value == position else position)

    def set_position(self, position: int | None) -> None:
        self._value = position
        for number, box in enumerate(self.boxes):
            box.setChecked(number == position)

    def value(self) -> str | None:
        if self.field is not None:
            return self.field.text().strip() or None
        return None if self._value is None else str(self._value)

    def set_current(self, current: bool) -> None:
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)


class ResponseGrid(QWidget):
    #: An answer changed (the preview re-scores).
    changed = Signal()
    #: A key did nothing (for example 7 on a 0-4 scale): a line to show.
    refused = Signal(str)

    def __init__(self, definition: MeasureDefinition) -> None:
        super().__init__()
        self.definition = definition
        self.setObjectName("responseGrid")
        self.rows: list[ItemRow] = []
        self.current = 0
        self._buffer = ""
        discrete = not any(definition.scale_of(i).continuous for i in definition.items)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if discrete else Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(f"{definition.short_name} answers, item by item")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(em(self, 1.4))
        grid.setVerticalSpacing(0)
        cols = columns_for(definition)
        blocks = len({item.block for item in definition.items})
        per_column = -(-(len(definition.items) + blocks - 1) // cols)
        block = definition.items[0].block if definition.items else ""
        slot = 0
        for index, item in enumerate(definition.items):
            if item.block != block:
                block = item.block
                heading = text(f"{block.capitalize()} supplement (optional)", "caption", wrap=False)
                grid.addWidget(heading, slot % per_column, slot // per_column)
                slot += 1
            wording = item.text if definition.item_text_allowed else None
            item_row = ItemRow(index, item, definition.scale_of(item), wording)
            item_row.picked.connect(self._picked)
            grid.addWidget(item_row, slot % per_column, slot // per_column)
            self.rows.append(item_row)
            slot += 1
        for column in range(cols):
            grid.setColumnStretch(column, 1)
        self._describe()

    # -- values ---------------------------------------------------------------------------------

    def values(self) -> list[str | None]:
        return [r.value() for r in self.rows]

    def set_values(self, values: list[str | None]) -> None:
        for item_row, value in zip(self.rows, values, strict=False):
            if item_row.field is not None:
                item_row.field.setText(value or "")
            else:
                item_row.set_position(int(value) if value not in (None, "") else None)
        self.changed.emit()
        self._describe()

    def clear_all(self) -> None:
        self.set_values([None] * len(self.rows))
        self.move_to(0)

    def _picked(self, index: int, position: object) -> None:
        if isinstance(position, int) or position is None:
            self.rows[index].set_position(position)
        self.move_to(index)
        self.changed.emit()

    # -- the keyboard ----------------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        self._buffer = ""
        self.current = max(0, min(index, len(self.rows) - 1))
        for number, item_row in enumerate(self.rows):
            item_row.set_current(number == self.current and self.hasFocus())
        self._describe()

    def _set_current(self, position: int | None) -> None:
        self.rows[self.current].set_position(position)
        self.changed.emit()
        self.move_to(self.current + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        scale = self.rows[self.current].scale if self.rows else None
        if scale is None or scale.continuous:
            super().keyPressEvent(event)
            return
        typed = event.text()
        if typed.isdigit() and len(typed) == 1:
            self._digit(typed, scale.options)
        elif key in MISSING_KEYS:
            self._set_current(None)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Comma):
            if self._buffer:
                self._set_current(int(self._buffer))
        elif key == Qt.Key.Key_Backspace:
            self.move_to(self.current - 1)
            self.rows[self.current].set_position(None)
            self.changed.emit()
        elif key == Qt.Key.Key_Delete:
            self.rows[self.current].set_position(None)
            self.changed.emit()
        elif key in BACK_KEYS:
            self.move_to(self.current - 1)
        elif key in ON_KEYS:
            self.move_to(self.current + 1)
        elif key == Qt.Key.Key_Home:
            self.move_to(0)
        elif key == Qt.Key.Key_End:
            self.move_to(len(self.rows) - 1)
        else:
            super().keyPressEvent(event)

    def _digit(self, digit: str, options: int) -> None:
        candidate = int(self._buffer + digit)
        if candidate < options and candidate * 10 < options and candidate != 0:
            self._buffer += digit  # "1" on a 0-10 scale may become "10": wait for the next key
            self.rows[self.current].set_position(candidate)
            self.changed.emit()
            return
        if candidate < options:
            self._set_current(candidate)
            return
        if self._buffer:
            self._set_current(int(self._buffer))
            self._digit(digit, self.rows[self.current].scale.options)
            return
        self.refused.emit(
            f"{digit} is not a box on item {self.current + 1}: the boxes are 0 to {options - 1}."
        )

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.move_to(self.current)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        for item_row in self.rows:
            item_row.set_current(False)

    def _describe(self) -> None:
        if not self.rows:
            return
        item_row = self.rows[self.current]
        value = item_row.value()
        scale = item_row.scale
        said = "not answered" if value is None else f"box {value}"
        self.setAccessibleDescription(
            f"Item {self.current + 1} of {len(self.rows)}: {said}. Type the box number, 0 to "
            f"{max(0, scale.options - 1)}; minus leaves it unanswered; Backspace goes back."
        )
