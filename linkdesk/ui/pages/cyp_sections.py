"""Building blocks of the CYP page: pills, a case discussion on the timeline, a note with its
addenda (struck through and greyed when entered in error), and a referral with its events."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QVBoxLayout

from linkdesk.services.cyp_view import DiscussionEntry, NoteEntry, ReferralDetail
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.models import case_columns
from linkdesk.ui.models.table import TableModel
from linkdesk.ui.privacy import NAMES, WHOLE, private_label
from linkdesk.ui.tables import Table
from linkdesk.ui.widgets import button, em, text

GOOD, ALERT, MUTED = "good", "alert", "muted"


def pill(content: str, tone: str = MUTED, name: str = "") -> QLabel:
    label = text(content, "pill", wrap=False, record=True)
    label.setProperty("tone", tone)
    if name:
        label.setObjectName(name)
    return label


def clear(layout: QLayout) -> None:
    """Remove and delete everything in ``layout`` (nested layouts too)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear(inner)


def _frame(role: str = "item") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", role)
    layout = QVBoxLayout(frame)
    pad = em(frame, 0.6)
    layout.setContentsMargins(pad + 2, pad, pad, pad)
    layout.setSpacing(em(frame, 0.25))
    return frame, layout


def discussion_card(entry: DiscussionEntry, today: date) -> QFrame:
    frame, body = _frame()
    frame.setObjectName("discussionEntry")
    head = QHBoxLayout()
    head.setSpacing(em(frame, 0.5))
    when = L.short_date(entry.visit_date, today)
    head.addWidget(text(f"{when} · {entry.school}", "h3", record=True), 1)  # wraps on a narrow window
    if entry.outcome:
        tone = ALERT if entry.outcome.startswith("referred") else MUTED
        head.addWidget(pill(L.word(L.OUTCOMES, entry.outcome), tone), 0, Qt.AlignmentFlag.AlignTop)
    if entry.concerns:
        concerns = ", ".join(L.word(C.CONCERNS, c) for c in entry.concerns)
        caption = private_label(concerns, WHOLE, "caption")
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        head.addWidget(caption)
    body.addLayout(head)
    if entry.concern:
        body.addWidget(private_label(entry.concern))
    if entry.actions:
        body.addWidget(private_label(f"Agreed: {entry.actions}", NAMES, "subtle"))
    if entry.follow_up_on:
        body.addWidget(text(f"Follow up {L.short_date(entry.follow_up_on, today)}", "caption", record=True))
    return frame


class NoteCard(QFrame):
    """One note; its addenda under it. Entered-in-error notes stay readable, struck through."""

    addendum_requested = Signal(object)
    error_requested = Signal(object)

    def __init__(self, note: NoteEntry, colours: theme.Colours, today: date, addendum: bool = False) -> None:
        super().__init__()
        self.note = note
        self.setObjectName("noteCard")
        self.setProperty("role", "item" if not addendum else "addendum")
        layout = QVBoxLayout(self)
        pad = em(self, 0.55)
        layout.setContentsMargins(pad + 2, pad, pad, pad)
        layout.setSpacing(em(self, 0.25))
        when = L.short_date(note.date, today) if note.date else "Undated"
        head = QHBoxLayout()
        head.setSpacing(em(self, 0.5))
        head.addWidget(text(("Addendum · " if addendum else "") + when, "h3", wrap=False, record=True))
        if note.in_error:
            head.addWidget(pill("Entered in error", ALERT, "noteInError"))
        head.addStretch(1)
        if not addendum and not note.in_error:
            add = button("Add addendum", link=True, name="noteAddendum")
            add.setAccessibleName(f"Add an addendum to the note of {when}")
            add.clicked.connect(lambda: self.addendum_requested.emit(self.note))
            head.addWidget(add)
        if not note.in_error:
            wrong = button("Entered in error…", link=True, name="noteError")
            wrong.setAccessibleName(
                f"Mark the {'addendum' if addendum else 'note'} of {when} entered in error"
            )
            wrong.clicked.connect(lambda: self.error_requested.emit(self.note))
            head.addWidget(wrong)
        layout.addLayout(head)
        self.body = private_label(note.body)
        self.body.setObjectName("noteBody")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if note.in_error:
            font = QFont(self.body.font())
            font.setStrikeOut(True)
            self.body.setFont(font)
            self.body.setStyleSheet(f"color: {colours.subtle};")
            self.body.setAccessibleName("Note entered in error")
        layout.addWidget(self.body)
        if note.in_error:
            reason = private_label(f"Entered in error: {note.error_reason}", WHOLE, "fielderror")
            reason.setObjectName("noteErrorReason")
            layout.addWidget(reason)
        for extra in note.addenda:
            card = NoteCard(extra, colours, today, addendum=True)
            card.error_requested.connect(self.error_requested.emit)
            layout.addWidget(card)


class ReferralCard(QFrame):
    event_requested = Signal(object)

    def __init__(self, referral: ReferralDetail, colours: theme.Colours, today: date) -> None:
        super().__init__()
        self.referral = referral
        self.setObjectName("referralCard")
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        pad = em(self, 0.8)
        layout.setContentsMargins(pad + 2, pad, pad + 2, pad)
        layout.setSpacing(em(self, 0.35))
        head = QHBoxLayout()
        head.setSpacing(em(self, 0.5))
        head.addWidget(text(L.word(C.DESTINATIONS, referral.destination), "h3", wrap=False, record=True))
        head.addWidget(pill(L.word(C.REFERRAL_STATUSES, referral.status)))
        if referral.waiting_days is not None:
            waiting = f"{referral.waiting_days} days " + (
                "waiting" if referral.status != "seen" else "to be seen"
            )
            head.addWidget(pill(waiting, ALERT if referral.stalled else MUTED, "referralWaiting"))
        head.addStretch(1)
        add = button("Add an event…", name="referralEvent")
        add.setAccessibleName(
            f"Add an event to the referral to {L.word(C.DESTINATIONS, referral.destination)}"
        )
        add.clicked.connect(lambda: self.event_requested.emit(self.referral))
        head.addWidget(add)
        layout.addLayout(head)
        if referral.stalled:  # a line of its own, so the heading fits a narrow window
            stalled = pill("Stalled: no news for over six weeks, chase it", ALERT, "referralStalled")
            layout.addWidget(stalled, 0, Qt.AlignmentFlag.AlignLeft)
        facts = [
            f"Sent {L.short_date(referral.sent_on, today)}" if referral.sent_on else "Not sent yet",
            L.word(C.REFERRAL_ROUTES, referral.route),
        ]
        layout.addWidget(text("  ·  ".join(f for f in facts if f), "subtle", record=True))
        if referral.reason:
            layout.addWidget(private_label(referral.reason, WHOLE, "subtle"))
        self.model = TableModel(case_columns.referral_events(today), colours, self)
        self.model.set_rows(referral.events)
        table = Table(self.model, "referralEvents", "Referral events", compact=True)
        table.set_widths(6, 14, 0)
        layout.addWidget(table)
