"""Risk and safeguarding on the CYP page: the current risk with its history, the form that records
a risk assessment, and the red banner a measure's risk item raises, which opens that form.

The banner, the reason and the safety plan are free text about a child's safety: privacy mode
hides them (``Privacy.show`` and columns marked ``private``); the level and the dates stay.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from linkdesk.domain import vocab as v
from linkdesk.services.cyp_view import RiskEntry
from linkdesk.services.measure_view import ResultRow
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui import theme
from linkdesk.ui.forms import Field, choice_box, set_choice, text_box
from linkdesk.ui.models.table import ALERT, MUTED, Column, TableModel
from linkdesk.ui.pages.cyp_dialogs import chosen, given
from linkdesk.ui.pages.cyp_sections import clear, pill
from linkdesk.ui.privacy import WHOLE, Privacy, show_private
from linkdesk.ui.record_dialog import RecordDialog, Write, date_box, read_date
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.widgets import button, card, em, text

RECORD_WORDS = "Record risk…   Ctrl+Shift+I"


def level_tone(level: str) -> str:
    return ALERT if level in ("high", "medium") else MUTED


def when(day: date | None, today: date, none: str = "Not recorded") -> str:
    return L.short_date(day, today, weekday=False) if day else none


def banner_text(risky: list[ResultRow], today: date) -> str:
    parts = [f"{r.short_name} on {L.short_date(r.date, today)}" for r in risky]
    return (
        "Risk item raised on the latest "
        + " and ".join(parts)
        + ". Check the answers with the young person and record the safeguarding action taken."
    )


class RiskBanner(QFrame):
    """The red banner for a risk item on the latest measure, with a way to record the action."""

    action_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cypRisk")
        self.setProperty("role", "riskbanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, em(self, 0.6), 0)
        self.label = text("", "risk", record=True)
        self.action = button("Record the action taken…", name="riskAction")
        self.action.clicked.connect(self.action_requested.emit)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_items(self, risky: list[ResultRow], today: date) -> None:
        show_private(self.label, banner_text(risky, today) if risky else "")
        self.setVisible(bool(risky))


def history_columns(today: date) -> list[Column]:
    return [
        Column("Assessed", lambda r: when(r.assessed_on, today), sort=lambda r: r.assessed_on),
        Column(
            "Level",
            lambda r: L.word(C.RISK_LEVELS, r.level),
            tone=lambda r: level_tone(r.level),
            bold=lambda r: r.level == "high",
        ),
        Column("Reason", lambda r: r.reason, tip=lambda r: r.reason, private=WHOLE, private_tip=WHOLE),
        Column("DSL informed", lambda r: when(r.dsl_informed_on, today, "")),
        Column("Safeguarding referral", lambda r: when(r.safeguarding_referral_on, today, "")),
    ]


class RiskSection(QFrame):
    """The current risk (level, date, reason, safety plan, DSL informed, safeguarding referral) and
    every earlier assessment under it."""

    record_requested = Signal()

    def __init__(self, colours: theme.Colours, privacy: Privacy, today: date) -> None:
        super().__init__()
        self.setObjectName("cypRiskSection")
        self.privacy, self.today = privacy, today
        frame, body = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        head = QHBoxLayout()
        head.setSpacing(em(self, 0.6))
        head.addWidget(text("Risk and safeguarding", "h2", wrap=False))
        self.level_box = QHBoxLayout()
        head.addLayout(self.level_box)
        self.assessed = text("", "subtle", wrap=False, record=True)
        self.assessed.setObjectName("riskAssessed")
        head.addWidget(self.assessed)
        head.addStretch(1)
        self.record_button = button(RECORD_WORDS, name="cypRecordRisk")
        self.record_button.setAccessibleName("Record risk")
        self.record_button.clicked.connect(self.record_requested.emit)
        head.addWidget(self.record_button)
        body.addLayout(head)
        self.reason = self._line(body, "riskReason")
        self.plan_row = QHBoxLayout()
        self.plan_row.setSpacing(em(self, 0.4))
        self.plan_title = text("Safety plan:", "subtle", wrap=False)
        self.plan_row.addWidget(self.plan_title, 0, Qt.AlignmentFlag.AlignTop)
        self.plan = self._line(self.plan_row, "riskSafetyPlan")
        self.plan_row.setStretch(1, 1)
        body.addLayout(self.plan_row)
        self.told = self._line(body, "riskSafeguarding", "subtle")
        self.count = count_label()
        self.history_title = section_title("Earlier assessments", self.count)
        body.addWidget(self.history_title)
        self.model = TableModel(history_columns(today), colours, self)
        self.table = Table(self.model, "cyp_risks", "Earlier risk assessments", compact=True)
        self.table.set_widths(6.5, 5, 0, 7, 11)
        body.addWidget(self.table)

    @staticmethod
    def _line(body: QBoxLayout, name: str, role: str | None = None) -> Any:
        label = text("", role, record=True)
        label.setObjectName(name)
        body.addWidget(label)
        return label

    def show_entries(self, entries: list[RiskEntry]) -> None:
        """``entries`` newest first: the first is the current risk."""
        clear(self.level_box)
        current = entries[0] if entries else None
        earlier = entries[1:]
        self.history_title.setVisible(bool(earlier))
        self.table.setVisible(bool(earlier))
        self.count.setText(str(len(earlier)))
        self.model.set_rows(earlier)
        for line in (self.reason, self.plan_title, self.plan, self.told):
            line.setVisible(current is not None)
        if current is None:
            self.assessed.setText("No risk assessment recorded.")
            return
        words = L.word(C.RISK_LEVELS, current.level)
        self.level_box.addWidget(pill(f"{words} risk", level_tone(current.level), "riskLevel"))
        self.assessed.setText(f"assessed {L.short_date(current.assessed_on, self.today)}")
        self.privacy.show(self.reason, current.reason or "No reason recorded.")
        self.privacy.show(self.plan, current.safety_plan or "None recorded.")
        self.told.setText(
            f"DSL informed: {when(current.dsl_informed_on, self.today)}  ·  "
            f"Safeguarding referral: {when(current.safeguarding_referral_on, self.today, 'None made')}"
        )


class RiskDialog(RecordDialog):
    """Record a risk assessment; from the banner it opens with what the measure raised."""

    friendly: ClassVar[dict[str, str]] = {"level": "Choose the risk level: low, medium or high."}

    def __init__(
        self,
        session: Session,
        parent: QWidget,
        cyp_id: str,
        case: str,
        level: str | None = None,
        reason: str = "",
        title: str = "Record risk",
    ) -> None:
        super().__init__(title, case, session, parent, "Record risk")
        self.cyp_id = cyp_id
        self.level = choice_box("riskLevel", C.choices(v.RISK_LEVELS, C.RISK_LEVELS), empty="Choose…")
        set_choice(self.level, level)
        self.assessed_on = date_box("riskAssessedOn", self.today)
        self.reason = text_box("riskReason", 2)
        self.reason.setPlainText(reason)
        self.reason.setMinimumWidth(self.reason.fontMetrics().averageCharWidth() * 60)
        self.safety_plan = text_box("riskSafetyPlan", 3)
        self.dsl_informed_on = date_box("riskDslInformed")
        self.referral_on = date_box("riskReferralOn")
        self.add("level", Field("Risk &level", self.level), 0, 0)
        self.add("assessed_on", Field("&Assessed on", self.assessed_on), 0, 1)
        self.add("reason", Field("&Reason", self.reason), 1, 0, 2)
        self.add("safety_plan", Field("&Safety plan", self.safety_plan), 2, 0, 2)
        self.add(
            "dsl_informed_on",
            Field("&DSL informed on", self.dsl_informed_on, hint="The school's designated safeguarding lead"),
            3,
            0,
        )
        self.add(
            "safeguarding_referral_on",
            Field("Safeguarding re&ferral on", self.referral_on, hint="Empty: no referral made"),
            3,
            1,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.level.setFocus()

    def build(self) -> Write:
        cyp_id, level, today = self.cyp_id, chosen(self.level), self.today
        assessed = read_date(self.assessed_on, "assessed_on", today)
        fields = given(
            reason=self.reason.toPlainText().strip(),
            safety_plan=self.safety_plan.toPlainText().strip(),
            dsl_informed_on=read_date(self.dsl_informed_on, "dsl_informed_on", today),
            safeguarding_referral_on=read_date(self.referral_on, "safeguarding_referral_on", today),
        )
        return lambda cw: cw.record_risk(cyp_id, level, assessed, **fields)

    def message(self, result: Any) -> str:
        return f"Risk recorded: {L.word(C.RISK_LEVELS, result.get('level')).lower()}."


def action_dialog(
    session: Session, parent: QWidget, cyp_id: str, case: str, risky: list[ResultRow], current: str | None
) -> RiskDialog:
    """The risk form opened from the banner: the measure's risk items as the reason to start from."""
    today = session.today()
    raised = "; ".join(
        f"{r.short_name} of {L.short_date(r.date, today, weekday=False)} raised a risk item" for r in risky
    )
    return RiskDialog(session, parent, cyp_id, case, current, f"{raised}. ", "Record the action taken")
