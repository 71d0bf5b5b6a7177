"""The Letters page's visit day pack: every prep sheet for today's visits, and the discussion
summary of each one already held, in one print job. Offered only on a day with visits."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFrame, QVBoxLayout

from linkdesk.services.letter_desk import DayPack
from linkdesk.ui import labels as L
from linkdesk.ui.widgets import button, em, row, text


class DayPackCard(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dayPack")
        self.setProperty("role", "card")
        body = QVBoxLayout(self)
        spacing = em(self, 0.9)
        body.setContentsMargins(spacing + 4, spacing, spacing + 4, spacing + 2)
        body.setSpacing(em(self, 0.45))
        body.addWidget(text("Visit day pack", "h2"))
        self.about = text("", "subtle", record=True)
        self.about.setObjectName("packAbout")
        body.addWidget(self.about)
        self.button = button("Print to&day's pack…", name="letterPack")
        self.button.setEnabled(False)
        body.addLayout(row(self.button, None))
        self.result = text("", "caption", record=True)
        self.result.setObjectName("packResult")
        body.addWidget(self.result)

    def set_day(self, today: date, visits: int) -> None:
        """Offer the pack when ``today`` has visits; otherwise say why there is none."""
        self.button.setEnabled(visits > 0)
        if visits:
            planned = f"{visits} visit{'s' if visits != 1 else ''}"
            self.about.setText(
                f"{L.long_date(today)}, {planned}: the prep sheet of every visit today, and the "
                "discussion summary of each one already held, in one print job."
            )
        else:
            self.about.setText(
                f"No visits today ({L.long_date(today)}), so there is no pack to print. "
                "Plan a visit on Today (Ctrl+N)."
            )
        self.button.setToolTip("" if visits else "No visits today")

    def show_result(self, pack: DayPack) -> None:
        made = ", ".join(item.label for item in pack.letters) or "nothing"
        skipped = f" Left out: {'; '.join(pack.skipped)}" if pack.skipped else ""
        self.result.setText(f"{len(pack.letters)} letters: {made}.{skipped}")
