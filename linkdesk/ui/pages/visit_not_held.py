"""Recording that a visit did not go ahead: cancelled by the school, by the service, or held
with nothing planned. Each is a figure the service reports, so it is one step, not a note."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from linkdesk.ui.forms import choice_box
from linkdesk.ui.widgets import button

#: (visit status, how the worker would say it)
NOT_HELD = (
    ("cancelled_by_school", "Cancelled by the school"),
    ("cancelled_by_service", "Cancelled by us"),
    ("nothing_planned", "We went, nothing was planned"),
)


class NotHeldControl(QWidget):
    """A reason and a button; ``chosen`` carries the visit status to record."""

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.reason = choice_box("visitNotHeldReason", dict(NOT_HELD))
        self.reason.setAccessibleName("Why the visit did not go ahead")
        self.record_button = button("Record as not held", name="recordVisitNotHeld")
        self.record_button.setToolTip("Record that this visit did not go ahead, instead of a case discussion")
        self.record_button.clicked.connect(lambda: self.chosen.emit(str(self.reason.currentData())))
        layout.addWidget(self.reason)
        layout.addWidget(self.record_button)
        layout.addStretch(1)
