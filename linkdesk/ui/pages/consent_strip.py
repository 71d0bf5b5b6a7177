"""The CYP page's consent strip: "Consent", then each recorded scope with where it stands as a
pill. The scopes wrap onto further rows when the window is too narrow for one (960x540 at 200%:
five scopes of "Not asked yet" made the page scroll sideways)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from linkdesk.services.consent_view import ConsentScope
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.pages.cyp_sections import ALERT, GOOD, pill
from linkdesk.ui.widgets import em, text

#: The scopes in the order the strip shows them.
SCOPE_ORDER = ("share_with_school", "identifiable_discussion", "referral", "liaison", "outcome_measures")


class ConsentStrip(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("consentStrip")
        self.setProperty("role", "card")
        self.grid = QGridLayout(self)
        pad = em(self, 0.6)
        self.grid.setContentsMargins(pad + 4, pad, pad + 4, pad)
        self.grid.setHorizontalSpacing(em(self, 1.2))
        self.grid.setVerticalSpacing(em(self, 0.5))
        self.heading = text("Consent", "h3", wrap=False)
        self.grid.addWidget(self.heading, 0, 0)
        self.cells: list[QWidget] = []
        self._per_row = 0

    def show_consents(self, consents: Sequence[ConsentScope]) -> None:
        for cell in self.cells:
            self.grid.removeWidget(cell)
            cell.hide()
            cell.deleteLater()
        states = {c.scope: c for c in consents}
        self.cells = [self._cell(scope, states[scope]) for scope in SCOPE_ORDER if scope in states]
        self._per_row = 0
        self._arrange(self.width())

    def _cell(self, scope: str, found: ConsentScope) -> QWidget:
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(text(L.word(C.CONSENT_SCOPES, scope), "caption", wrap=False))
        state = L.word(L.CONSENT_STATES, found.state)
        column.addWidget(pill(state, GOOD if found.state == "given" else ALERT, f"consent_{scope}"))
        return cell

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _arrange(self, width: int) -> None:
        """As many scopes a row as the width takes (at least one), beside the heading."""
        if not self.cells:
            return
        margins = self.grid.contentsMargins()
        gap = self.grid.horizontalSpacing()
        widest = max(cell.sizeHint().width() for cell in self.cells) + gap
        fixed = margins.left() + margins.right() + self.heading.sizeHint().width() + gap
        per_row = max(1, min(len(self.cells), (width - fixed) // widest))
        self.setMinimumWidth(fixed + widest)  # one scope a row: the layout may not ask for more
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for index, cell in enumerate(self.cells):
            self.grid.addWidget(cell, index // per_row, 1 + index % per_row)
        for column in range(1, len(SCOPE_ORDER) + 2):
            self.grid.setColumnStretch(column, 1 if column == per_row + 1 else 0)
