"""Today: the first page after unlocking. For now a shell: the date, how to get around, and
how the desk protects what it holds. Today's visits arrive with the records module."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import card, em, icon_label, text


@dataclass(frozen=True)
class DeskFacts:
    """What the shell shows about the unlocked store (read once after unlocking)."""

    service_name: str
    keychain: str
    idle_minutes: int
    data_dir: str


SHORTCUTS = (
    ("Ctrl+1 … Ctrl+8", "Go to a page in the list on the left"),
    ("Ctrl+L", "Lock LinkDesk now"),
    ("Ctrl+S", "Save changes on this page"),
    ("Ctrl+F", "Search your records"),
    ("F1", "Help and keyboard shortcuts"),
    ("Ctrl+Q", "Quit (unsaved work is kept as a draft)"),
)


def long_date(services: Services) -> str:
    day = services.clock.now().astimezone()
    return f"{day:%A} {day.day} {day:%B %Y}"


class TodayPage(Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.subtitle = self.add_heading("Today", long_date(services), record=True)
        columns = QHBoxLayout()
        columns.setSpacing(em(self, 1.0))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(em(self, 1.0))
        right.setSpacing(em(self, 1.0))
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.layout_.addLayout(columns)
        self.layout_.addStretch(1)

        visits, v = card()
        v.addWidget(text("Today's visits", "h2"))
        empty = QVBoxLayout()
        empty.setContentsMargins(0, em(self, 1.2), 0, em(self, 1.2))
        glyph = icon_label("schools", colours.subtle, em(self, 2.4))
        empty.addWidget(glyph, 0, Qt.AlignmentFlag.AlignHCenter)
        message = text("Visit planning arrives with the records module", "h2")
        message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty.addWidget(message)
        detail = text(
            "Once it lands, the schools you are visiting today, the children to discuss and "
            "anything waiting on you will appear here.",
            "subtle",
        )
        detail.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty.addWidget(detail)
        v.addLayout(empty)
        left.addWidget(visits)
        left.addStretch(1)

        keys, k = card()
        k.addWidget(text("Getting around", "h2"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 0.8))
        grid.setVerticalSpacing(em(self, 0.45))
        for row, (shortcut, meaning) in enumerate(SHORTCUTS):
            key = text(shortcut, "kbd", wrap=False)
            grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(text(meaning), row, 1)
        grid.setColumnStretch(1, 1)
        k.addLayout(grid)
        right.addWidget(keys)

        guard, g = card()
        head = QHBoxLayout()
        head.setSpacing(em(self, 0.5))
        head.addWidget(icon_label("shield", colours.accent, em(self, 1.3)))
        head.addWidget(text("This desk is protected", "h2"), 1)
        g.addLayout(head)
        self.protection = text("", "subtle", record=True)
        g.addWidget(self.protection)
        right.addWidget(guard)
        right.addStretch(1)
        self.set_facts(None)

    def set_facts(self, facts: DeskFacts | None) -> None:
        if facts is None:
            self.protection.setText("Records are kept in an encrypted store on this laptop.")
            return
        self.subtitle_text(f"{long_date(self.services)}  ·  {facts.service_name}")
        keychain = (
            "It also needs this computer's keychain to open."
            if facts.keychain != "off"
            else "Your passphrase alone opens it (no keychain is in use)."
        )
        self.protection.setText(
            "Records are kept in an encrypted store on this laptop. "
            f"{keychain} LinkDesk locks itself after {facts.idle_minutes} minutes without use "
            "and when the screen locks; unsaved work is kept as an encrypted draft."
        )

    def subtitle_text(self, value: str) -> None:
        if isinstance(self.subtitle, QLabel):
            self.subtitle.setText(value)
