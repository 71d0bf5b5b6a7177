"""The keyboard within a case discussion's items: each item's keys stay with that item.

Every item repeats the same fields. Tab runs through one item's fields in reading order, then on
to the next item (linking only a new item's first field once left the rest behind, so Tab jumped
into another child's item). Alt+letter goes to a field of the item being edited: Qt hands a
repeated mnemonic to each label in turn, so Alt+E pressed in item 3 went to item 1's concern and
what was typed next landed on another child. Only the item that holds (or last held) the focus
keeps its mnemonics; the others show plain labels.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from linkdesk.ui.pages.discussion_item import ItemEditor

#: The label's text with its mnemonic, kept on the label while the mnemonic is off.
_WITH_KEY = "linkdeskMnemonicText"


class ItemKeys(QObject):
    """Tab order and Alt+letter scope for the items ``editors()`` returns, ending at ``after``."""

    def __init__(self, parent: QWidget, editors: Callable[[], list[ItemEditor]], after: QWidget) -> None:
        super().__init__(parent)
        self._editors = editors
        self._after = after
        self._current: ItemEditor | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def relink(self) -> None:
        """Link the whole tab chain again, in order, and give the mnemonics to one item."""
        editors = self._editors()
        chain = [widget for editor in editors for widget in editor.tab_chain()]
        for first, second in pairwise([*chain, self._after]):
            QWidget.setTabOrder(first, second)
        self._scope(self._owner(QApplication.focusWidget()))

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        owner = self._owner(new)
        if owner is not None and owner is not self._current:
            self._scope(owner)

    def _owner(self, widget: QWidget | None) -> ItemEditor | None:
        return next((e for e in self._editors() if widget is not None and e.isAncestorOf(widget)), None)

    def _scope(self, owner: ItemEditor | None) -> None:
        editors = self._editors()
        if owner is None:  # the focus is elsewhere: the last item edited keeps its keys
            owner = self._current if self._current in editors else (editors[0] if editors else None)
        self._current = owner
        for editor in editors:
            for _title, field in editor.fields.values():
                _set_mnemonic(field.label, on=editor is owner)


def _set_mnemonic(label: QLabel, *, on: bool) -> None:
    text = label.property(_WITH_KEY) or label.text()
    label.setProperty(_WITH_KEY, text)
    label.setText(text if on else text.replace("&", ""))
