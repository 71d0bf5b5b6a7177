"""The GUI's handle on the unlocked store.

Pages never hold the store: they ask the session to run an op with it on the DB worker. When the
app locks, the session lets go of the store, so nothing in the UI can reach it any more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from linkdesk.domain.ports import StoreSession
from linkdesk.errors import StoreLocked
from linkdesk.ui.tasks import OnDone, OnError, TaskRunner

StoreOp = Callable[[StoreSession], Any]


class Session:
    def __init__(self, runner: TaskRunner, store: StoreSession) -> None:
        self.runner = runner
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
    ) -> None:
        """Run ``op(store)`` on the DB worker; callbacks as ``TaskRunner.run_db``."""
        store = self._store
        if store is None:
            if on_error is not None:
                on_error(StoreLocked("LinkDesk is locked; unlock it to carry on."))
            return
        self.runner.run_db(lambda: op(store), on_done, on_error, receiver)

    def release(self) -> StoreSession | None:
        """Hand back the store (for closing on the worker) and forget it."""
        store, self._store = self._store, None
        return store
