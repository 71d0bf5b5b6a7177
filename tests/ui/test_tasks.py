"""The one DB worker: ops off the GUI thread, callbacks on it, never into a dead receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from linkdesk.errors import DiskFull
from linkdesk.ui.tasks import SyncExecutor, TaskRunner


@pytest.fixture
def threaded(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_ops_run_on_one_worker_thread_and_results_arrive_on_the_gui_thread(
    qtbot: QtBot, threaded: TaskRunner
) -> None:
    op_threads: list[str] = []
    callback_threads: list[threading.Thread] = []

    def op() -> int:
        op_threads.append(threading.current_thread().name)
        return 42

    results: list[int] = []

    def done(result: int) -> None:
        results.append(result)
        callback_threads.append(threading.current_thread())

    for _ in range(3):
        threaded.run_db(op, done)
    qtbot.waitUntil(lambda: len(results) == 3)
    assert results == [42, 42, 42]
    assert len(set(op_threads)) == 1 and op_threads[0].startswith("linkdesk-db")
    assert all(t is threading.main_thread() for t in callback_threads)
    assert not threaded.busy


def test_errors_go_to_on_error_or_to_the_window(qtbot: QtBot, qapp: QApplication) -> None:
    runner = TaskRunner(SyncExecutor())

    def fail() -> None:
        raise DiskFull("full")

    errors: list[BaseException] = []
    runner.run_db(fail, on_error=errors.append)
    assert isinstance(errors[0], DiskFull)
    with qtbot.waitSignal(runner.unhandled_error) as blocker:
        runner.run_db(fail)
    assert isinstance(blocker.args[0], DiskFull)


def test_a_destroyed_receiver_never_gets_its_result(qtbot: QtBot, threaded: TaskRunner) -> None:
    gate = threading.Event()
    receiver = QObject()
    called: list[object] = []
    threaded.run_db(lambda: gate.wait(5), called.append, called.append, receiver=receiver)
    shiboken6.delete(receiver)  # the page was closed while its op was running
    gate.set()
    qtbot.waitUntil(lambda: not threaded.busy)
    assert called == []


def test_cancelled_callbacks_are_dropped_but_the_op_still_runs(qtbot: QtBot, threaded: TaskRunner) -> None:
    gate = threading.Event()
    ran: list[bool] = []
    called: list[object] = []

    def op() -> None:
        gate.wait(5)
        ran.append(True)

    threaded.run_db(op, called.append)
    threaded.cancel_callbacks()  # the app locked
    threaded.run_db(lambda: "after", called.append)
    gate.set()
    qtbot.waitUntil(lambda: not threaded.busy)
    assert ran == [True] and called == ["after"]


def test_busy_is_signalled(qtbot: QtBot, qapp: QApplication) -> None:
    runner = TaskRunner(SyncExecutor())
    seen: list[bool] = []
    runner.busy_changed.connect(seen.append)
    runner.run_db(lambda: None)
    assert seen == [True, False]


def test_call_blocking_runs_on_the_worker(threaded: TaskRunner) -> None:
    assert threaded.call_blocking(lambda: threading.current_thread().name).startswith("linkdesk-db")
    threaded.shutdown()
    with pytest.raises(RuntimeError):
        threaded.run_db(lambda: None)
