"""The one background DB worker (style.md §3).

Every call into the store runs on a single worker thread (``ThreadPoolExecutor(max_workers=1)``),
so the SQLCipher connection belongs to that thread and the UI never waits on a DB lock. Results
come back to the GUI thread through a Qt signal and are handed to the callback only if its
receiver QObject still exists and the callback was not cancelled (for example by a lock), so a
closed page never gets a result. Ops never touch widgets. Tests pass a ``SyncExecutor``.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

logger = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class SyncExecutor(Executor):
    """Runs each op inline, in the calling thread: deterministic tests, no threads."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to on_error, like the threaded executor does
            future.set_exception(exc)
        return future


@dataclass
class _Ticket:
    receiver: QObject | None
    on_done: OnDone | None
    on_error: OnError | None
    generation: int
    background: bool = False


class TaskRunner(QObject):
    """``run_db(op, on_done, on_error, receiver)``: op on the DB worker, callbacks on the GUI thread."""

    #: Emitted (in the GUI thread) when work starts or the queue empties.
    busy_changed = Signal(bool)
    #: An op failed and had no ``on_error``: the window shows it in one place.
    unhandled_error = Signal(object)
    _finished = Signal(int, object, object)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="linkdesk-db")
        self._tickets: dict[int, _Ticket] = {}
        self._ids = itertools.count(1)
        self._generation = 0
        self._closed = False
        self._posted = threading.Event()
        # Queued across threads automatically: the runner lives in the GUI thread.
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        """Whether work someone waits for is queued or running (background work is not)."""
        return any(not ticket.background for ticket in self._tickets.values())

    def run_db(
        self,
        op: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        receiver: QObject | None = None,
        background: bool = False,
    ) -> None:
        """Run ``op`` on the DB worker; call back in the GUI thread if ``receiver`` still lives.

        ``background`` work (such as indexing for search after unlock) shows no busy indicator and
        nothing waits for it; it still runs in order with the rest."""
        if self._closed:
            raise RuntimeError("the DB worker has been shut down")
        ticket_id = next(self._ids)
        was_busy = self.busy
        self._tickets[ticket_id] = _Ticket(receiver, on_done, on_error, self._generation, background)
        if not was_busy and self.busy:
            self.busy_changed.emit(True)
        future = self._executor.submit(op)
        future.add_done_callback(lambda f: self._post(ticket_id, f))

    def _post(self, ticket_id: int, future: Future[Any]) -> None:
        """Worker side: hand the outcome to the GUI thread; never touches a widget."""
        error = future.exception()
        result = None if error is not None else future.result()
        if shiboken6.isValid(self):
            self._finished.emit(ticket_id, result, error)
        self._posted.set()

    def _deliver(self, ticket_id: int, result: Any, error: BaseException | None) -> None:
        was_busy = self.busy
        ticket = self._tickets.pop(ticket_id, None)
        if was_busy and not self.busy:
            self.busy_changed.emit(False)
        if ticket is None:
            return
        if ticket.generation != self._generation:
            logger.debug("dropped a result for a cancelled callback")
            return
        if ticket.receiver is not None and not shiboken6.isValid(ticket.receiver):
            logger.debug("dropped a result for a receiver that no longer exists")
            return
        if error is None:
            if ticket.on_done is not None:
                ticket.on_done(result)
        elif ticket.on_error is not None:
            ticket.on_error(error)
        else:
            logger.error("background op failed: %s", type(error).__name__)
            self.unhandled_error.emit(error)

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` in the GUI thread once no work someone waits for is queued or running
        and what the last of it delivered has been handled: background work queued then does not
        compete with the first paint of a page for the interpreter."""
        if not self.busy:
            QTimer.singleShot(0, callback)
            return

        def idle(busy: bool) -> None:
            if not busy:
                self.busy_changed.disconnect(idle)
                QTimer.singleShot(0, callback)

        self.busy_changed.connect(idle)

    def wait_for_result(self, timeout: float) -> None:
        """Block until an op has finished (its result is then queued for the GUI thread), or
        ``timeout`` seconds pass: for the screenshot path, which waits for work, not a timer."""
        self._posted.wait(timeout)
        self._posted.clear()

    def cancel_callbacks(self) -> None:
        """Ops already queued still run, but none of their callbacks will be called."""
        self._generation += 1

    def call_blocking(self, op: Callable[[], T]) -> T:
        """Run ``op`` on the DB worker and wait for it: only for start-up, screenshots and quit."""
        return self._executor.submit(op).result()

    def shutdown(self) -> None:
        """Finish queued ops and stop the worker thread."""
        if not self._closed:
            self._closed = True
            self._executor.shutdown(wait=True)
