"""What makes LinkDesk lock by itself: idle time and the OS locking the screen or sleeping.

``IdleLock`` watches keyboard, mouse, wheel and touch input app-wide (one event filter) and
emits ``idle`` after the configured quiet time (default 5 minutes, security.md R9). Input only
records a timestamp; the timer re-arms itself for the remaining time, so busy typing costs
nothing. ``OsLockWatcher`` listens where the platform reports screen lock and suspend (Linux:
D-Bus ScreenSaver ``ActiveChanged`` and login1 ``PrepareForSleep``) and degrades silently
where it cannot. What locking does is the window's job (``main_window.MainWindow.lock``); its
worker side is ``close_store``: keep the drafts, sync with the shared folder when one is set
(``services.sync_view.sync_at_lock``, which never raises), then close the store.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SLOT, QCoreApplication, QElapsedTimer, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from linkdesk.domain.ports import StoreSession
from linkdesk.services.app_services import Services
from linkdesk.services.sync_view import sync_at_lock

logger = logging.getLogger(__name__)

# PySide6 wants the SLOT() string here, although its type stubs say bytes (checked on 6.12).
_SCREENSAVER_SLOT: Any = SLOT("on_screensaver(bool)")
_SLEEP_SLOT: Any = SLOT("on_prepare_for_sleep(bool)")

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


#: The object name of the lock action (``actions.ActionRegistry`` names actions ``action_<name>``).
LOCK_ACTION = "action_lock"

BeforeClose = Callable[[StoreSession], None]


def sync_before_close(services: Services) -> BeforeClose | None:
    """The automatic sync with the shared folder at lock and quit (when sync is built in)."""
    codec, clock = services.bundles, services.clock
    if codec is None:
        return None
    return lambda store: sync_at_lock(store, codec, clock)


def close_store(
    store: StoreSession, pending: dict[str, str], before_close: BeforeClose | None = None
) -> list[BaseException]:
    """Worker side of locking: keep the drafts, sync with the shared folder, then close the store
    whatever happened."""
    problems: list[BaseException] = []
    try:
        for name, body in pending.items():
            store.save_draft(name, body)
    except Exception as exc:
        problems.append(exc)
    finally:
        try:
            if before_close is not None:
                before_close(store)
        except Exception as exc:  # sync_at_lock never raises; anything else must not keep the store open
            logger.error("before closing the store: %s", type(exc).__name__)
        finally:
            store.close()
    return problems


def reach_lock(window: QWidget, anchor: QWidget) -> None:
    """Let Ctrl+L lock from ``window`` too (a dialog or a search window over the main window).

    The lock action's shortcut belongs to the main window, and Qt honours a window's shortcuts
    only while that window is the active one (never while a modal dialog is open over it); a
    window that also carries the action takes the shortcut itself. ``anchor`` is any widget
    inside the main window."""
    action = anchor.window().findChild(QAction, LOCK_ACTION)
    if action is not None:
        window.addAction(action)


def countdown_text(remaining_ms: int) -> str:
    """``Locks in 4 min`` for the status bar; whole minutes, rounded up."""
    if remaining_ms <= 60_000:
        return "Locks in under 1 min"
    return f"Locks in {math.ceil(remaining_ms / 60_000)} min"


class IdleLock(QObject):
    idle = Signal()

    def __init__(self, minutes: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = minutes * 60_000
        self._since = QElapsedTimer()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._check)
        self._running = False
        self._watching = False

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    @property
    def running(self) -> bool:
        return self._running

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(minutes * 60_000)

    def set_timeout_ms(self, ms: int) -> None:
        self._timeout_ms = max(1, ms)
        if self._running:
            self._arm()

    def start(self, watching: bool = True) -> None:
        """Start counting down. With ``watching`` False, activity is not watched for until
        ``watch()``: every event of the app passes through the watch, in Python, so a window that
        is still being built and painted is spared it (nobody acts on a window not yet shown)."""
        self._running = True
        self._since.start()
        self._arm()
        if watching:
            self.watch()

    def watch(self) -> None:
        """Count a key press, click or scroll anywhere in the app as activity (while running)."""
        app = QCoreApplication.instance()
        if app is not None and self._running and not self._watching:
            app.installEventFilter(self)
            self._watching = True

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False
        self._running = False
        self.timer.stop()

    def touch(self) -> None:
        """Count as activity now."""
        self._since.restart()

    def remaining_ms(self) -> int:
        if not self._running:
            return self._timeout_ms
        return max(0, self._timeout_ms - self._since.elapsed())

    def _arm(self) -> None:
        self.timer.start(max(1, self.remaining_ms()))

    def _check(self) -> None:
        if not self._running:
            return
        if self.remaining_ms() > 0:
            self._arm()  # there was activity since the timer was set: wait the rest
            return
        self.stop()
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._since.restart()
        return False


class OsLockWatcher(QObject):
    """Emits ``lock_requested`` when the OS locks the screen or is about to sleep."""

    lock_requested = Signal(str)

    SCREENSAVERS = (
        ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
        ("org.freedesktop.ScreenSaver", "/ScreenSaver"),  # KDE Plasma
        ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
        ("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver"),
        ("org.mate.ScreenSaver", "/org/mate/ScreenSaver"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources: list[str] = []

    def start(self) -> list[str]:
        """Connect to whatever the platform offers; returns what is being listened to."""
        try:
            from PySide6.QtDBus import QDBusConnection  # noqa: PLC0415 - optional per platform
        except ImportError:
            logger.info("no QtDBus: screen-lock events are not available here")
            return self.sources
        try:
            session, system = QDBusConnection.sessionBus(), QDBusConnection.systemBus()
            if session.isConnected():
                for interface, path in self.SCREENSAVERS:
                    if session.connect("", path, interface, "ActiveChanged", self, _SCREENSAVER_SLOT):
                        self.sources.append(f"{interface} {path}")
            if system.isConnected() and system.connect(
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                self,
                _SLEEP_SLOT,
            ):
                self.sources.append("org.freedesktop.login1 PrepareForSleep")
        except Exception as exc:  # a broken bus must never stop the app
            logger.info("screen-lock events unavailable: %s", type(exc).__name__)
        return self.sources

    @Slot(bool)
    def on_screensaver(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("the screen locked")

    @Slot(bool)
    def on_prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self.lock_requested.emit("the computer is going to sleep")
