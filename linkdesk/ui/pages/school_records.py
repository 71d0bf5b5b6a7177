"""The school and school-contact forms, and the list of children discussed anonymously at a
school, each of whom can be made into a case ("Make into a case…")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout

from linkdesk.domain import vocab as v
from linkdesk.services.cyp_identity import AnonymousItem
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.models.table import Column, TableModel
from linkdesk.ui.privacy import NAMES, WHOLE
from linkdesk.ui.record_form import CHOICE, YES_NO, FormField, FormSpec
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.widgets import button, em, row, text

SCHOOL_FORM = FormSpec(
    "school",
    "school",
    (
        FormField("name", "Name", required=True, span=2),
        FormField("urn", "URN", hint="6 digits, from GIAS"),
        FormField("setting_type", "Setting", CHOICE, C.choices(v.SETTING_TYPES, L.SETTING_TYPES)),
        FormField("phone", "Phone"),
        FormField("email", "Email"),
        FormField("address", "Address", span=2),
        FormField("postcode", "Postcode"),
        FormField("local_authority", "Local authority"),
    ),
)
CONTACT_FORM = FormSpec(
    "contact",
    "contact",
    (
        FormField("name", "Name", required=True),
        FormField("role", "Role", CHOICE, C.choices(v.CONTACT_ROLES, L.CONTACT_ROLES)),
        FormField("job_title", "Job title"),
        FormField("email", "Email"),
        FormField("phone", "Phone"),
        FormField("is_primary", "Main contact (SPOC)", YES_NO),
    ),
)


def anonymous_columns(today: date) -> list[Column]:
    return [
        Column("Discussed", lambda r: L.short_date(r.visit_date, today), sort=lambda r: r.visit_date),
        Column("Who", lambda r: r.label, tip=lambda r: r.label, private=NAMES, private_tip=NAMES),
        Column("Concern", lambda r: r.concern, tip=lambda r: r.concern, private=WHOLE, private_tip=WHOLE),
        Column("Outcome", lambda r: L.word(L.OUTCOMES, r.outcome, "Not recorded")),
    ]


class AnonymousItems(QFrame):
    """Children discussed here by an anonymous label only; Enter or "Make into a case…" opens the
    new-child form for the chosen one."""

    make_case = Signal(object)

    def __init__(self, colours: theme.Colours, today: date) -> None:
        super().__init__()
        self.setObjectName("anonymousItems")
        self.setProperty("role", "card")
        body = QVBoxLayout(self)
        pad = em(self, 0.9)
        body.setContentsMargins(pad + 4, pad, pad + 4, pad)
        body.setSpacing(em(self, 0.3))
        self.count = count_label()
        self.button = button("&Make into a case…", name="make_case")
        self.button.setAccessibleName("Make the chosen anonymous item into a case")
        self.button.clicked.connect(self._make)
        body.addLayout(row(section_title("Discussed anonymously", self.count), self.button))
        words = "Not yet a case: make one when the child is known, and the item's history follows."
        body.addWidget(text(words, "caption"))
        self.model = TableModel(anonymous_columns(today), colours, self)
        self.table = Table(self.model, "school_anonymous", "Discussed anonymously", compact=True)
        self.table.set_widths(6, 9, 0, 9)
        self.table.on_open(self.make_case.emit)
        body.addWidget(self.table)

    def set_items(self, items: list[AnonymousItem]) -> None:
        self.model.set_rows(items)
        self.count.setText(str(len(items)))
        self.setVisible(bool(items))
        if items:
            self.table.selectRow(0)

    def _make(self) -> None:
        chosen = self.table.current_row()
        if chosen is not None:
            self.make_case.emit(chosen)
