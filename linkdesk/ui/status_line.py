"""The main window's status bar: the service and store, messages, a busy bar, the privacy switch
and the countdown to the idle lock."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QProgressBar, QStatusBar, QWidget

from linkdesk.ui.tasks import TaskRunner
from linkdesk.ui.widgets import text

#: Work quicker than this shows no busy bar (it would only flicker).
BUSY_DELAY_MS = 400


class StatusLine(QObject):
    def __init__(self, bar: QStatusBar, privacy_button: QWidget, runner: TaskRunner) -> None:
        super().__init__(bar)
        bar.setSizeGripEnabled(False)
        self.service_label = text("", wrap=False, record=True)
        self.service_label.setObjectName("statusService")
        self.store_label = text("", wrap=False)
        self.store_label.setObjectName("statusStore")
        self.countdown_label = text("", wrap=False)
        self.countdown_label.setObjectName("statusCountdown")
        self.countdown_label.setAccessibleName("Time until LinkDesk locks")
        self.busy = QProgressBar()
        self.busy.setObjectName("statusBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(bar.fontMetrics().height() * 6)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        # Messages get their own label: QStatusBar's temporary messages are drawn over widgets.
        self.message_label = text("", wrap=False)
        self.message_label.setObjectName("statusMessage")
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message_label.clear)
        bar.addWidget(self.service_label)
        bar.addWidget(self.store_label)
        bar.addWidget(self.message_label, 1)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(privacy_button)
        bar.addPermanentWidget(self.countdown_label)
        self._runner = runner
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(lambda: self.busy.setVisible(self._runner.busy))
        runner.busy_changed.connect(self._busy_changed)

    def show_message(self, message: str, ms: int = 5000) -> None:
        self.message_label.setText(message)
        self._message_timer.start(ms)

    def set_countdown(self, value: str) -> None:
        if self.countdown_label.text() != value:
            self.countdown_label.setText(value)

    def clear(self) -> None:
        self._message_timer.stop()
        for label in (self.service_label, self.store_label, self.countdown_label, self.message_label):
            label.clear()

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start(BUSY_DELAY_MS)
        else:
            self._busy_timer.stop()
            self.busy.hide()
