"""How a visit's contact took place and with whom: two choices shared by the visit forms (plan a
visit, record a case discussion). The values follow the Mental Health Services Data Set's
consultation mechanism (``vocab.CONTACT_TYPES``); "Not recorded" leaves the field empty."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QComboBox

from linkdesk.domain import vocab as v
from linkdesk.ui import labels as L
from linkdesk.ui.forms import Field, choice_box, set_choice

NOT_RECORDED = "Not recorded"


class ContactChoice:
    """The two combo boxes and their labelled fields, read and set as the visit's stored values."""

    def __init__(self, prefix: str) -> None:
        self.contact_type = choice_box(
            f"{prefix}ContactType", _words(v.CONTACT_TYPES, L.CONTACT_TYPES), NOT_RECORDED
        )
        self.with_whom = choice_box(f"{prefix}WithWhom", _words(v.WITH_WHOM, L.WITH_WHOM), NOT_RECORDED)

    @property
    def boxes(self) -> tuple[QComboBox, QComboBox]:
        return self.contact_type, self.with_whom

    def fields(self) -> tuple[tuple[str, Field], ...]:
        return (
            ("contact_type", Field("Contact t&ype", self.contact_type, hint="Face to face, video, phone…")),
            ("with_whom", Field("&With whom", self.with_whom)),
        )

    def signals(self) -> tuple[SignalInstance, SignalInstance]:
        return self.contact_type.currentIndexChanged, self.with_whom.currentIndexChanged

    def values(self) -> dict[str, Any]:
        """The chosen values, stored form (None where nothing is chosen)."""
        return {"contact_type": self.contact_type.currentData(), "with_whom": self.with_whom.currentData()}

    def set_values(self, values: dict[str, Any] | None) -> None:
        found = values or {}
        set_choice(self.contact_type, found.get("contact_type"))
        set_choice(self.with_whom, found.get("with_whom"))


def _words(values: tuple[str, ...], table: dict[str, str]) -> dict[str, str]:
    return {value: L.word(table, value) for value in values}
