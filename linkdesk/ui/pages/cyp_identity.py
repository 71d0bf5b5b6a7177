"""The CYP page's identity panel: what a clinician checks to be sure who the child is, as in EMIS,
SystmOne and RiO: NHS number (3-3-4), date of birth with age, parents or carers, and GP.

Each value is a label named for tests and screen readers. In privacy mode the NHS number, the date
of birth and the carers' phone and email are hidden and carers' names become initials.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from linkdesk.services.cyp_identity import Carer, Identity
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.privacy import Privacy
from linkdesk.ui.widgets import ReflowingFrame, em, text

HIDDEN = "Hidden in privacy mode"
#: Below this many line heights of width the panel shows two rows of two.
NARROW_EM = 44
NOT_RECORDED = "Not recorded"


def carer_line(carer: Carer, privacy: Privacy) -> str:
    name = privacy.name(carer.name) if carer.name else "Name not recorded"
    relation = f" ({L.word(C.CARER_RELATIONSHIPS, carer.relationship)})" if carer.relationship else ""
    reach = "" if privacy.on else "  ·  ".join(p for p in (carer.phone, carer.email) if p)
    return name + relation + (f"\n{reach}" if reach else "")


class IdentityPanel(ReflowingFrame):
    """Four columns, or two rows of two on a narrow window (960x540 at 200%)."""

    narrow_em = NARROW_EM

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cypIdentity")
        self.setProperty("role", "card")
        self.grid = grid = QGridLayout(self)
        pad = em(self, 0.6)
        grid.setContentsMargins(pad + 4, pad, pad + 4, pad)
        grid.setHorizontalSpacing(em(self, 1.6))
        grid.setVerticalSpacing(em(self, 0.6))
        self.values: dict[str, QLabel] = {}
        self.cells: list[QWidget] = []
        titles = (
            ("nhs", "NHS number"),
            ("born", "Date of birth"),
            ("carers", "Parent or carer"),
            ("gp", "GP"),
        )
        for key, title in titles:
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(text(title, "caption", wrap=False))
            value = text("", record=True)
            value.setObjectName(f"identity_{key}")
            value.setAccessibleName(title)
            column.addWidget(value)
            column.addStretch(1)
            self.values[key] = value
            self.cells.append(cell)
        self.reflow(narrow=False)

    def arrange(self, narrow: bool) -> None:
        per_row = 2 if narrow else 4
        for index, cell in enumerate(self.cells):
            self.grid.addWidget(cell, index // per_row, index % per_row)
        for column in range(4):
            stretch = (1, 2)[column % 2] if narrow else (1, 1, 2, 2)[column]
            self.grid.setColumnStretch(column, stretch if column < per_row else 0)

    def show_identity(self, identity: Identity, age: int | None, privacy: Privacy) -> None:
        hide = privacy.on
        born = identity.date_of_birth
        nhs = identity.nhs_number or NOT_RECORDED
        self.values["nhs"].setText(HIDDEN if hide and identity.nhs_number else nhs)
        if born is None:
            self.values["born"].setText(NOT_RECORDED)
        else:
            aged = f"age {age}" if age is not None else ""
            shown = f"{L.uk_date(born)} ({aged})" if aged else L.uk_date(born)
            self.values["born"].setText((aged or HIDDEN) if hide else shown)
        carers = [carer_line(c, privacy) for c in identity.carers]
        self.values["carers"].setText("\n".join(carers) if carers else NOT_RECORDED)
        code = f" ({identity.gp_practice_code})" if identity.gp_practice_code else ""
        gp = [identity.gp_practice + code, identity.gp_phone]
        self.values["gp"].setText("\n".join(p for p in gp if p) or NOT_RECORDED)
