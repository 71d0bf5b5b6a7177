"""The GUI's handle on the unlocked store.

Pages never hold the store: they ask the session to run an op with it on the DB worker. When the
app locks, the session lets go of the store, so nothing in the UI can reach it any more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject

from linkdesk.domain import rules
from linkdesk.domain.ports import StoreSession
from linkdesk.errors import StoreLocked
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.ui.privacy import Privacy
from linkdesk.ui.tasks import OnDone, OnError, TaskRunner

StoreOp = Callable[[StoreSession], Any]
CaseworkOp = Callable[[Casework], Any]
STALLED_DAYS = "stalled_referral_days"


def casework_for(store: StoreSession, today: Callable[[], date]) -> Casework:
    """The record services over an open store (on the DB worker), as the CLI builds them."""
    records = RecordService(store, today)
    stalled = store.setting(STALLED_DAYS)
    return Casework(records, int(stalled) if stalled and stalled.isdigit() else rules.DEFAULT_STALLED_DAYS)


class Session:
    def __init__(
        self,
        runner: TaskRunner,
        store: StoreSession,
        today: Callable[[], date],
        privacy: Privacy | None = None,
    ) -> None:
        self.runner = runner
        self.today = today
        #: Privacy mode (names as initials); the window's, so it outlives this session.
        self.privacy = privacy if privacy is not None else Privacy()
        self._store: StoreSession | None = store

    @property
    def open(self) -> bool:
        return self._store is not None

    def run(
        self,
        op: StoreOp,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        receiver: QObject | None = None,
        background: bool = False,
    ) -> None:
        """Run ``op(store)`` on the DB worker; callbacks and ``background`` as ``TaskRunner.run_db``.

        Then, as background work of its own (off the path of the op and its callback), the audit
        head is anchored if work was written and the last anchor is a few minutes old.
        """
        store = self._store
        if store is None:
            if on_error is not None:
                on_error(StoreLocked("LinkDesk is locked; unlock it to carry on."))
            return
        self.runner.run_db(lambda: op(store), on_done, on_error, receiver, background)
        self.runner.run_db(store.anchor_if_due, background=True)

    def casework(
        self,
        op: CaseworkOp,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        receiver: QObject | None = None,
        background: bool = False,
    ) -> None:
        """Run ``op(casework)`` on the DB worker, with the record services built there."""
        today = self.today
        self.run(lambda store: op(casework_for(store, today)), on_done, on_error, receiver, background)

    def release(self) -> StoreSession | None:
        """Hand back the store (for closing on the worker) and forget it."""
        store, self._store = self._store, None
        return store
