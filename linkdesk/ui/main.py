"""Start the desktop app, or render one page offscreen for ``gui --screenshot``.

``run_gui`` is called by the composition root (``app.py``) with the wired services and the
parsed ``gui`` arguments (``screenshot``, ``page``, ``id``, ``size``, ``scale``, ``home``).
"""

from __future__ import annotations

import argparse
import locale
import logging
import os
import re
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QMessageLogContext,
    QSize,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from linkdesk import __version__, config
from linkdesk.domain.ports import StoreSession
from linkdesk.errors import LinkDeskError, NotFoundError
from linkdesk.files import write_output
from linkdesk.services.app_services import Services
from linkdesk.services.records import RecordService
from linkdesk.ui import theme
from linkdesk.ui.errors import install_excepthook, user_message
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.catalog import (
    DETAIL_PARENTS,
    LOCK_PAGE,
    NAV_KEYS,
    PAGE_ALIASES,
    RECORD_PAGES,
    RECORD_TYPES,
)
from linkdesk.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1366, 768)
#: Smallest and largest ``--size`` sides and ``--scale`` ratios a screenshot accepts.
SIDE_LIMITS = (320, 8192)
SCALE_LIMITS = (1.0, 4.0)
#: The window's first size: this much of the screen, and no larger than a 1366x860 desk.
START_SHARE = 0.92
START_MOST = QSize(1366, 860)
SETTLE_LIMIT_SECONDS = 10.0


class PageProblem(Exception):
    """A ``--page``, ``--id``, ``--size`` or ``--scale`` the app cannot use; one plain line."""


def resolve_page(page: str, record_id: str | None) -> str:
    """The page to show for ``gui --page PAGE [--id ID]`` (whether the id exists is checked later)."""
    if page in RECORD_PAGES:
        what = RECORD_PAGES[page]
        if not record_id:
            raise PageProblem(f"the {page} page shows one {what}: give its id with --id ID")
        if page not in DETAIL_PARENTS:
            raise PageProblem(f"the {page} page is not in this version yet, so '{record_id}' cannot be shown")
        return page
    if record_id:
        raise PageProblem(f"--id is only for the {', '.join(sorted(RECORD_PAGES))} pages, not '{page}'")
    key = PAGE_ALIASES.get(page, page)
    if key not in NAV_KEYS and key not in DETAIL_PARENTS and key != LOCK_PAGE:
        raise PageProblem(f"there is no page '{page}'")
    return key


#: The Qt class (and function) a Qt message starts with, e.g. "QPainter::begin: ...".
QT_ORIGIN = re.compile(r"(Q[A-Z]\w{0,40}(?:::~?\w{1,40}){0,2})(?:\(\))?:\s")


def qt_log_line(category: str | None, message: str) -> str:
    """What of a Qt message may reach the log: its category and the Qt class it names, never its text.

    Qt quotes widget text, window titles, font families and file names in its messages, so the
    text itself could carry a record; it is withheld like an exception's message.
    """
    origin = QT_ORIGIN.match(message)
    where = origin.group(1) if origin else "Qt"
    name = category if category and re.fullmatch(r"[a-z][a-z0-9_.]{0,60}", category) else "default"
    return f"Qt ({name}) {where}: message withheld (it may contain record text)"


def screenshot_geometry(size: str | None, scale: str | None) -> tuple[tuple[int, int], float]:
    """The window size in logical pixels and the device-pixel ratio of ``--size WxH --scale F``."""
    width, height = SCREENSHOT_SIZE
    if size is not None:
        found = re.fullmatch(r"\s*([0-9]{1,5})\s*[xX×]\s*([0-9]{1,5})\s*", size)
        if found is None:
            raise PageProblem(f"--size must be a width and a height in pixels, like 1366x768, not '{size}'")
        width, height = int(found[1]), int(found[2])
        low, high = SIDE_LIMITS
        if not (low <= width <= high and low <= height <= high):
            raise PageProblem(f"--size {size} is outside {low} to {high} pixels a side")
    ratio = 1.0
    if scale is not None:
        try:
            ratio = float(scale)
        except ValueError:
            raise PageProblem(f"--scale must be a number such as 1.5 or 2, not '{scale}'") from None
        low_f, high_f = SCALE_LIMITS
        if not low_f <= ratio <= high_f:  # also refuses nan
            raise PageProblem(f"--scale {scale} is outside {low_f:g} to {high_f:g}")
    return (width, height), ratio


def start_size(available: QSize) -> QSize:
    """The window's size at start-up: most of the screen's free area, never more than it."""
    return QSize(
        min(START_MOST.width(), int(available.width() * START_SHARE)),
        min(START_MOST.height(), int(available.height() * START_SHARE)),
    )


def _qt_messages(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to the log (seen with LINKDESK_DEBUG), not to the user's terminal."""
    level = logging.DEBUG if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) else logging.WARNING
    logger.log(level, "%s", qt_log_line(getattr(context, "category", None), message))


def has_display() -> bool:
    """False on a Linux machine with no X11/Wayland display (Qt would abort the process)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    # Qt adopts the machine's locale for the C library; the app (and every report and letter it
    # writes) is in English, so day and month names from strftime must not follow it.
    locale.setlocale(locale.LC_TIME, "C")
    app.setApplicationName(config.APP_NAME)
    app.setOrganizationName(config.APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.linkdesk.LinkDesk")  # installers/linux: the .desktop id
    return app


def run_gui(services: Services, args: argparse.Namespace) -> int:
    screenshot = getattr(args, "screenshot", None)
    page = getattr(args, "page", None) or "today"
    size, scale = getattr(args, "size", None), getattr(args, "scale", None)
    try:
        key = resolve_page(page, getattr(args, "id", None))
        if not screenshot and (size is not None or scale is not None):
            raise PageProblem("--size and --scale are only for --screenshot")
        geometry = screenshot_geometry(size, scale)
    except PageProblem as exc:
        print(f"linkdesk: {exc}", file=sys.stderr)
        return 1
    if screenshot:
        # Before Qt starts: offscreen, at the asked device-pixel ratio whatever this machine's is.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["QT_SCALE_FACTOR"] = repr(geometry[1])
        os.environ.pop("QT_SCREEN_SCALE_FACTORS", None)
    if not screenshot and not has_display():
        print("linkdesk: there is no display to open the app on; see 'linkdesk --help'", file=sys.stderr)
        return 1
    qInstallMessageHandler(_qt_messages)
    app = make_app()
    if screenshot:
        use_bundled_font(app)
    colours = theme.apply(app)
    theme.follow_system(app)
    runner = TaskRunner()
    window = MainWindow(services, runner, colours, os_lock_events=not screenshot)
    try:
        if screenshot:
            target = (key, getattr(args, "id", None))
            return _screenshot(app, window, runner, services, target, geometry[0], Path(screenshot))
        install_excepthook(lambda message: window.show_message(message, 10_000))
        app.aboutToQuit.connect(window.shut_down)
        window.resize(start_size(app.primaryScreen().availableGeometry().size()))
        window.show()
        window.start()
        return int(app.exec())
    finally:
        runner.shutdown()


def settle(app: QApplication, runner: TaskRunner, limit: float = SETTLE_LIMIT_SECONDS) -> None:
    """Wait until every pending DB job has delivered its result and what that set off has run
    (layouts, deferred deletes): waiting on the work itself, never a fixed delay."""
    deadline = time.monotonic() + limit
    while True:
        app.processEvents()
        QCoreApplication.sendPostedEvents()  # layout requests the results posted
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        if not runner.busy or time.monotonic() > deadline:
            return
        runner.wait_for_result(deadline - time.monotonic())


def use_bundled_font(app: QApplication) -> None:
    """Screenshots use the bundled DejaVu Sans, so they look the same on every machine."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(config.resources_dir() / "fonts" / name))
    if "DejaVu Sans" in QFontDatabase.families():
        app.setFont(QFont("DejaVu Sans", 10))


def _check_record(store: StoreSession, services: Services, key: str, record_id: str) -> None:
    """NotFoundError unless ``record_id`` is a record the page ``key`` can show."""
    RecordService(store, services.today).get(RECORD_TYPES[key], record_id)


def _screenshot(
    app: QApplication,
    window: MainWindow,
    runner: TaskRunner,
    services: Services,
    target: tuple[str, str | None],
    size: tuple[int, int],
    out: Path,
) -> int:
    key, record_id = target
    window.resize(*size)
    window.setFixedSize(*size)
    window.show()
    if key == LOCK_PAGE:
        window.start()
        window.lock_screen.set_locked(True)
    else:
        passphrase = os.environ.get(config.ENV_PASSPHRASE)
        if not passphrase:
            print(f"linkdesk: set {config.ENV_PASSPHRASE} to render the '{key}' page", file=sys.stderr)
            return 1
        try:
            store = runner.call_blocking(lambda: services.vault.unlock(passphrase))
        except LinkDeskError as exc:
            print(f"linkdesk: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:
            print(f"linkdesk: {user_message(exc)}", file=sys.stderr)
            return 1
        if record_id:
            try:
                runner.call_blocking(lambda: _check_record(store, services, key, record_id))
            except NotFoundError:
                runner.call_blocking(store.close)
                print(f"linkdesk: there is no {RECORD_PAGES[key]} with id '{record_id}'", file=sys.stderr)
                return 1
        window.searcher.indexing = False  # a screenshot has no search window
        window.adopt_store(store)
        if record_id:
            window.open_record(key, record_id)
        else:
            window.show_page(key)
    settle(app, runner)
    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    encoded = window.grab().save(buffer, "PNG")
    window.shut_down(sync=False)
    try:
        if not encoded:
            raise LinkDeskError("the window could not be encoded as PNG")
        write_output(out, bytes(png.data()), services.home)  # atomically, never through a link
    except LinkDeskError as exc:
        print(f"linkdesk: could not write the screenshot to {out}: {exc}", file=sys.stderr)
        return 1
    return 0
