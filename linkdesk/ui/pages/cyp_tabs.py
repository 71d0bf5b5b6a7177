"""The tabs of the CYP page: overview, notes, consent, referrals, measures and letters.

Each tab is rebuilt from a ``CypDetail`` when the record loads. Buttons inside a tab ask the
page for a form through the signals below; the tabs never write anything themselves.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from linkdesk.domain import vocab as v
from linkdesk.services.consent_view import ConsentScope
from linkdesk.services.cyp_view import CypDetail
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.models import case_columns
from linkdesk.ui.models.table import ALERT, GOOD, MUTED, Column, TableModel
from linkdesk.ui.pages.cyp_sections import NoteCard, ReferralCard, clear, discussion_card, pill
from linkdesk.ui.privacy import NAMES, private_label
from linkdesk.ui.tables import Table, section_title
from linkdesk.ui.trajectory_chart import TrajectoryChart
from linkdesk.ui.widgets import button, card, em, stack_when_narrow, text

#: Below this many line heights of width the overview's referrals, actions and measures go under
#: the case discussions.
NARROW_EM = 60


def scope_columns(today: date) -> list[Column]:
    def state(r: ConsentScope) -> str:
        if r.state == "sought" and r.sought_on:
            return f"Asked {L.short_date(r.sought_on, today)}, no answer"
        return L.word(L.CONSENT_STATES, r.state)

    def decided(r: ConsentScope) -> str:
        if r.decided_on is None:
            return ""
        by = f" by {L.word(C.CONSENT_GIVERS, r.given_by).lower()}" if r.given_by else ""
        return f"{L.short_date(r.decided_on, today, weekday=False)}{by}"

    return [
        Column("Consent for", lambda r: L.word(C.CONSENT_SCOPES, r.scope), bold=lambda r: True),
        Column("Where it stands", state, tone=lambda r: GOOD if r.state == "given" else ALERT),
        Column("Decided", decided),
        Column(
            "Expires",
            lambda r: L.short_date(r.expires_on, today, weekday=False) if r.expires_on else "",
            tone=lambda r: MUTED,
        ),
    ]


TABS = (
    ("overview", "Overview"),
    ("notes", "Notes"),
    ("consent", "Consent"),
    ("referrals", "Referrals"),
    ("measures", "Measures"),
    ("letters", "Letters"),
)


def _tab(layout_spacing: float = 0.7) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    page.setObjectName("cypTab")
    layout = QVBoxLayout(page)
    pad = em(page, 0.9)
    layout.setContentsMargins(0, pad, 0, 0)
    layout.setSpacing(em(page, layout_spacing))
    return page, layout


class CypTabs(QTabWidget):
    note_requested = Signal(object)  # None: a new note; a NoteEntry: an addendum to it
    error_requested = Signal(object)  # the NoteEntry to mark entered in error
    consent_requested = Signal()
    referral_requested = Signal()
    event_requested = Signal(object)  # the ReferralDetail
    measure_requested = Signal()

    def __init__(self, colours: theme.Colours, today: date) -> None:
        super().__init__()
        self.setObjectName("cypTabs")
        self.setAccessibleName("Parts of the record")
        self.setDocumentMode(True)
        self.colours, self.today = colours, today
        self.overview_columns: QBoxLayout | None = None
        self.boxes: dict[str, QVBoxLayout] = {}
        self.holders: dict[str, QVBoxLayout] = {}
        self.hints: dict[str, QLabel] = {}
        self.models: dict[str, TableModel] = {}
        self.tables: dict[str, Table] = {}
        for key, title in TABS:
            page, layout = _tab()
            self.boxes[key] = layout
            self.addTab(page, title)
        self._table("scopes", scope_columns(today), "Consent by scope", (11, 14, 11, 0))
        self._table("consents", case_columns.consent_history(today), "Consent history", (6, 10, 11, 8, 8, 0))
        self._table("results", case_columns.results(today), "Results", (6, 10, 9, 6, 12, 0))
        self._table("letters", case_columns.letters(today), "Letters", (6, 14, 0, 8))
        self.note_button = self._button("notes", "Add a note…   Ctrl+Shift+N", "Add a note", "cypAddNote")
        self.note_button.clicked.connect(lambda: self.note_requested.emit(None))
        self.consent_button = self._button(
            "consent", "Record consent…   Ctrl+Shift+C", "Record consent", "cypConsent"
        )
        self.consent_button.clicked.connect(self.consent_requested.emit)
        self.referral_button = self._button(
            "referrals", "Make a referral…   Ctrl+Shift+R", "Make a referral", "cypReferral"
        )
        self.referral_button.clicked.connect(self.referral_requested.emit)
        self.measure_button = self._button(
            "measures", "Enter a measure…   Ctrl+Shift+M", "Enter an outcome measure", "cypMeasure"
        )
        self.measure_button.clicked.connect(self.measure_requested.emit)
        for key in ("overview", "notes", "referrals", "measures"):
            self.holders[key] = QVBoxLayout()
            self.holders[key].setSpacing(em(self, 0.6))
            self.boxes[key].addLayout(self.holders[key])
        self.boxes["consent"].addWidget(self.tables["scopes"])
        self.boxes["consent"].addWidget(section_title("History"))
        self.boxes["consent"].addWidget(self.tables["consents"])
        self.boxes["measures"].addWidget(section_title("Results"))
        self.boxes["measures"].addWidget(self.tables["results"])
        self.boxes["letters"].addWidget(self.tables["letters"])
        self.no_letters = text("No letters logged for this child or young person yet.", "subtle")
        self.boxes["letters"].addWidget(self.no_letters)
        for layout in self.boxes.values():
            layout.addStretch(1)

    def _table(self, key: str, cols: list[Column], title: str, widths: tuple[float, ...]) -> None:
        model = TableModel(cols, self.colours, self)
        table = Table(model, f"cyp_{key}", title, compact=True)
        table.set_widths(*widths)
        self.models[key], self.tables[key] = model, table

    def _button(self, key: str, words: str, name: str, object_name: str) -> QPushButton:
        action = button(words, name=object_name)
        action.setAccessibleName(name)
        bar = QHBoxLayout()
        bar.setSpacing(em(self, 0.8))
        bar.addWidget(action)
        self.hints[key] = text("", "subtle", record=True)
        bar.addWidget(self.hints[key], 1)
        self.boxes[key].addLayout(bar)
        return action

    # -- showing a record --------------------------------------------------------------------------

    def show_detail(self, detail: CypDetail) -> None:
        for holder in self.holders.values():
            clear(holder)
        self._overview(detail)
        self._notes(detail)
        self._consent(detail)
        self._referrals(detail)
        self._measures(detail)
        self.models["letters"].set_rows(detail.letters)
        self.tables["letters"].setVisible(bool(detail.letters))
        self.no_letters.setVisible(not detail.letters)
        counts = {
            "notes": len(detail.notes),
            "referrals": len(detail.referrals),
            "measures": len(detail.results),
            "letters": len(detail.letters),
        }
        for index, (key, title) in enumerate(TABS):
            self.setTabText(index, f"{title} ({counts[key]})" if key in counts else title)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.overview_columns is not None:
            stack_when_narrow(self.overview_columns, self, event.size().width(), NARROW_EM)
        super().resizeEvent(event)

    def _overview(self, detail: CypDetail) -> None:
        self.overview_columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(em(self, 1.0))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(em(self, 0.5))
        right.setSpacing(em(self, 0.5))
        left.addWidget(section_title("Case discussions"))
        for entry in detail.discussions:
            left.addWidget(discussion_card(entry, self.today))
        if not detail.discussions:
            left.addWidget(text("Not discussed at a case discussion yet.", "subtle"))
        left.addStretch(1)
        frame, body = card()
        body.addWidget(section_title("Referrals"))
        waiting = [r for r in detail.referrals if r.status in (*v.WAITING_STATUSES, "draft")]
        for referral in waiting[:4]:
            days = f" · {referral.waiting_days} days" if referral.waiting_days is not None else ""
            line = (
                f"{L.word(C.DESTINATIONS, referral.destination)} — "
                f"{L.word(C.REFERRAL_STATUSES, referral.status)}{days}"
            )
            row = QHBoxLayout()
            row.addWidget(text(line, record=True), 1)
            if referral.stalled:
                row.addWidget(pill("Stalled", ALERT))
            body.addLayout(row)
        done = len(detail.referrals) - len(waiting)
        if done or not waiting:
            ended = f"{done} seen, declined or closed" if done else "None waiting."
            body.addWidget(text(ended if waiting or done else "No referrals.", "subtle", record=True))
        body.addWidget(section_title("Next actions"))
        for action in detail.actions[:4]:
            when = L.relative_day(action.due_on, self.today) if action.due_on else "No date"
            tone = "fielderror" if action.overdue else None
            body.addWidget(private_label(f"{when}: {action.description}", NAMES, tone))
        if not detail.actions:
            body.addWidget(text("Nothing open.", "subtle"))
        body.addWidget(section_title("Latest measures"))
        if detail.results:
            cols = case_columns.results(self.today)
            model = TableModel([cols[0], cols[1], cols[4], cols[5]], self.colours, frame)
            model.set_rows(detail.results[:4])
            latest = Table(model, "cyp_latest", "Latest measures", compact=True)
            latest.set_widths(4.5, 10, 0, 6.5)
            body.addWidget(latest)
        else:
            body.addWidget(text("No outcome measures yet.", "subtle"))
        right.addWidget(frame)
        right.addStretch(1)
        columns.addLayout(left, 7)
        columns.addLayout(right, 5)
        stack_when_narrow(columns, self, self.width(), NARROW_EM)
        self.holders["overview"].addLayout(columns)

    def _notes(self, detail: CypDetail) -> None:
        box = self.holders["notes"]
        self.hints["notes"].setText("Notes are kept as written: correct one with an addendum.")
        for note in detail.notes:
            note_card = NoteCard(note, self.colours, self.today)
            note_card.addendum_requested.connect(self.note_requested.emit)
            note_card.error_requested.connect(self.error_requested.emit)
            box.addWidget(note_card)
        if not detail.notes:
            box.addWidget(text("No notes yet.", "subtle"))

    def _consent(self, detail: CypDetail) -> None:
        missing = ", ".join(L.word(C.CONSENT_SCOPES, s) for s in detail.missing_consents)
        self.hints["consent"].setText(
            f"No active consent for: {missing}" if missing else "Every consent is in place."
        )
        self.models["scopes"].set_rows(detail.consents)
        self.models["consents"].set_rows(detail.consent_history)

    def _referrals(self, detail: CypDetail) -> None:
        box = self.holders["referrals"]
        for referral in detail.referrals:
            referral_card = ReferralCard(referral, self.colours, self.today)
            referral_card.event_requested.connect(self.event_requested.emit)
            box.addWidget(referral_card)
        if not detail.referrals:
            box.addWidget(text("No referrals yet.", "subtle"))

    def _measures(self, detail: CypDetail) -> None:
        box = self.holders["measures"]
        self.hints["measures"].setText("Each chart follows a measure's main score over time.")
        grid = QGridLayout()
        grid.setSpacing(em(self, 0.8))
        for index, trajectory in enumerate(detail.trajectories):
            frame, body = card()
            who = L.word(C.INFORMANTS, trajectory.informant)
            body.addWidget(text(f"{trajectory.short_name} · {who}", "h3", wrap=False))
            body.addWidget(text(trajectory.score_label, "caption"))
            body.addWidget(TrajectoryChart(trajectory, self.colours))
            body.addWidget(text(trajectory.note, "caption"))
            grid.addWidget(frame, index // 2, index % 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.models["results"].set_rows(detail.results)
        if not detail.results:
            box.addWidget(text("No outcome measures yet.", "subtle"))
