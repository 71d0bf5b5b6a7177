"""The next steps offered after a case discussion is saved: a small dialog that does not block.

Each step is a ticked line (a referral's destination can be changed first); Enter makes the ticked
ones (``follow_through.take_steps``, all or nothing) and Esc closes it with nothing made. A feedback
letter is made on the Letters page, so ticking it opens that page with the letter chosen.
The dialog is a child of the page that saved, so locking destroys it with the page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QStackedWidget, QWidget

from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.services.casework import Casework
from linkdesk.services.follow_through import NextStep, next_steps, take_steps
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.forms import choice_box, set_choice
from linkdesk.ui.pages.base import Page
from linkdesk.ui.privacy import NAMES, private_label
from linkdesk.ui.record_dialog import RecordDialog, Write
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import em

#: ``NextStep`` too, for the discussion page's save path.
__all__ = ["NextStep", "NextStepsDialog", "offer_next_steps", "propose", "refresh_shown", "step_words"]


def step_words(step: NextStep) -> str:
    case = L.short_case(step.case) if step.cyp_id else step.case
    if step.kind == "referral":
        return f"Draft referral for {case} to"
    if step.kind == "action":
        return f"Action for {case}, due {L.uk_date(date.fromisoformat(step.due_on))}:"
    return f"Feedback letter to the school about {case} (the family agreed to sharing)"


class NextStepsDialog(RecordDialog):
    #: A feedback letter was ticked: open the Letters page on (template, case id).
    letter_requested = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget, steps: list[NextStep], school: str) -> None:
        super().__init__(
            "Next steps",
            f"What the case discussion at {school} calls for. Nothing is made until you choose Make.",
            session,
            parent,
            "&Make the ticked ones",
        )
        self.setObjectName("nextSteps")
        self.setModal(False)
        self.cancel_button.setText("&Not now   Esc")
        self.cancel_button.setAccessibleName("Not now")
        self.steps = steps
        self.ticks: list[QCheckBox] = []
        self.destinations: dict[int, QComboBox] = {}
        self.setMinimumWidth(em(self, 36))
        for number, step in enumerate(steps):
            tick = QCheckBox(step_words(step))
            tick.setObjectName(f"step{number}")
            tick.setChecked(True)
            self.grid.addWidget(tick, 2 * number, 0, 1, 1 if step.kind == "referral" else 2)
            self.ticks.append(tick)
            if step.kind == "referral":
                box = choice_box(
                    f"stepDestination{number}", C.choices(v.REFERRAL_DESTINATIONS, C.DESTINATIONS)
                )
                box.setAccessibleName("Referred to")
                set_choice(box, step.what)
                self.grid.addWidget(box, 2 * number, 1)
                self.destinations[number] = box
            elif step.kind == "action":
                agreed = private_label(step.what, NAMES, "caption")
                agreed.setContentsMargins(em(self, 1.6), 0, 0, 0)
                self.grid.addWidget(agreed, 2 * number + 1, 0, 1, 3)
        self.grid.setColumnStretch(2, 1)
        if self.ticks:
            self.ticks[0].setFocus()

    def chosen(self) -> list[NextStep]:
        picked = []
        for number, (step, tick) in enumerate(zip(self.steps, self.ticks, strict=True)):
            if tick.isChecked():
                box = self.destinations.get(number)
                picked.append(replace(step, what=str(box.currentData())) if box is not None else step)
        return picked

    def build(self) -> Write:
        picked = self.chosen()
        return lambda cw: take_steps(cw, picked)

    def _written(self, result: Any) -> None:
        super()._written(result)
        for step in self.chosen():
            if step.kind == "letter":
                self.letter_requested.emit(step.what, step.cyp_id)
                break

    def message(self, result: Any) -> str:
        referrals = sum(1 for r in result if r.type == "referral")
        actions = len(result) - referrals
        parts = [
            f"{n} {what}{'' if n == 1 else 's'}"
            for n, what in ((referrals, "draft referral"), (actions, "action"))
            if n
        ]
        return f"Made: {' and '.join(parts)}." if parts else "Nothing was made."


def propose(cw: Casework, visit_id: str, saved: list[Record]) -> tuple[int, list[NextStep]]:
    """On the DB worker, after a save: how many items were saved, and the next steps they call for."""
    return len(saved), next_steps(cw, visit_id, saved)


def offer_next_steps(page: Page, steps: list[NextStep], school: str) -> NextStepsDialog | None:
    """Show the offer beside the window (the page has gone back); Enter makes, Esc dismisses.
    Nothing is shown when there is nothing to offer."""
    if not steps:
        return None
    dialog = NextStepsDialog(page.session, page, steps, school)
    dialog.saved.connect(page.message)
    dialog.saved.connect(lambda _words: refresh_shown(page))
    dialog.letter_requested.connect(lambda _template, cyp_id: page.open_requested.emit("letters", cyp_id))
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def refresh_shown(page: Page) -> None:
    """Reload the page now shown beside ``page`` (Today's prep sheet counts the new action)."""
    stack = page.parentWidget()
    shown = stack.currentWidget() if isinstance(stack, QStackedWidget) else None
    if isinstance(shown, Page) and shown is not page:
        shown.activated()
