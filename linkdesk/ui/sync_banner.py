"""The data-age banner (hazard H4): one strip above every page that shows records.

It names each trusted teammate's laptop not heard from for longer than the service allows (the
``sync_quiet_days`` setting, 7 days unless changed in Settings) and how long it has been, so no
one takes a caseload for current when a teammate's work has not arrived. It also says when the
automatic sync at the last lock or quit did not finish. "Open Sync" goes to the Sync page. The
shell refreshes it on every page change (one small read on the DB worker) and every half hour.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from linkdesk.services import sync_view as sv
from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, icon_label, text

#: Pages where the banner would only repeat what the page itself shows.
QUIET_PAGES = frozenset({"sync", "conflicts", "settings"})
REFRESH_MS = 30 * 60 * 1000


class DataAgeBanner(QFrame):
    #: The user asked for the Sync page.
    open_sync = Signal()

    def __init__(self, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__()
        self.session = session
        self.services = services
        self.age: sv.DataAge | None = None
        self._page = ""
        self.setObjectName("dataAgeBanner")
        self.setAccessibleName("Data age warning")
        layout = QHBoxLayout(self)
        pad = em(self, 0.6)
        layout.setContentsMargins(pad + em(self, 1.4), pad, pad + em(self, 1.6), pad)
        layout.setSpacing(em(self, 0.7))
        layout.addWidget(icon_label("alert", colours.text, em(self, 1.2)))
        words = QVBoxLayout()
        words.setSpacing(em(self, 0.15))
        self.quiet = text("", record=True)
        self.quiet.setObjectName("dataAgeWords")
        self.problem = text("", "caption", record=True)
        self.problem.setObjectName("dataAgeProblem")
        words.addWidget(self.quiet)
        words.addWidget(self.problem)
        layout.addLayout(words, 1)
        self.go = button("Open Sync", name="dataAgeOpenSync")
        self.go.setAccessibleName("Open the Sync page")
        self.go.clicked.connect(self.open_sync)
        layout.addWidget(self.go)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.hide()

    def refresh(self) -> None:
        if not self.session.open:
            return
        now = self.services.clock.now
        self.session.run(lambda store: sv.data_age(store, now()), self.show_age, lambda _exc: None, self)

    def show_age(self, age: sv.DataAge) -> None:
        self.age = age
        self.quiet.setText(age.words)
        self.quiet.setVisible(bool(age.quiet))
        self.problem.setText(age.problem)
        self.problem.setVisible(bool(age.problem))
        self.problem.setProperty("role", "caption" if age.quiet else "")
        self.problem.style().polish(self.problem)
        self._update()

    def set_page(self, key: str) -> None:
        self._page = key
        self._update()

    @property
    def warning(self) -> bool:
        return self.age is not None and bool(self.age.quiet or self.age.problem)

    def _update(self) -> None:
        self.setVisible(self.warning and self._page not in QUIET_PAGES)

    def wipe(self) -> None:
        self.timer.stop()
        self.age = None
        self.quiet.clear()
        self.problem.clear()
        self.hide()
