"""Run as a script by ``test_every_page_accessible``: open the app at ``QT_SCALE_FACTOR`` on a
1366x768 screen (so 1093x614 logical pixels at 125%, 910x512 at 150%), show the Settings, Service,
Letters, Sync and Conflicts pages with their forms open and the search window, and report any
label or button whose text does not fit. Prints "no clipped text" when all is well; exits 1 otherwise."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from linkdesk.app import build_services
from linkdesk.ui import theme
from linkdesk.ui.main import make_app, use_bundled_font
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.service import ServicePage
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.tasks import SyncExecutor, TaskRunner
from tests.conftest import PASSPHRASE

PAGES = ("settings", "service", "letters", "sync", "conflicts")


def clipped(root: QWidget) -> list[str]:
    found = []
    for label in root.findChildren(QLabel):
        picture = label.pixmap()
        if not label.isVisible() or not label.text() or (picture is not None and not picture.isNull()):
            continue
        shown = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if label.wordWrap():
            if label.height() + 1 < label.heightForWidth(label.contentsRect().width()):
                found.append(f"label (wrapped, too short) {shown!r}")
        elif label.fontMetrics().horizontalAdvance(shown) > label.contentsRect().width() + 1:
            found.append(f"label {shown!r}")
    for btn in root.findChildren(QAbstractButton):
        if btn.isVisible() and btn.text() and btn.sizeHint().width() > btn.width() + 1:
            found.append(f"button {btn.text()!r}")
    return found


def main() -> int:
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    app = make_app()
    use_bundled_font(app)
    colours = theme.apply(app)
    services = build_services(os.environ["LINKDESK_HOME"])
    runner = TaskRunner(SyncExecutor())
    window = MainWindow(services, runner, colours, os_lock_events=False)
    window.resize(int(1366 / scale), int(768 / scale))
    window.show()
    window.adopt_store(services.vault.unlock(PASSPHRASE))
    assert window.shell is not None
    problems: list[str] = []
    for key in PAGES:
        window.show_page(key)
        page = window.shell.pages[key]
        views: list[tuple[str, object]] = [(key, None)]
        if isinstance(page, ServicePage):
            views = [(f"service/{k}", tab) for k, tab in page.tab.items()]
        if isinstance(page, SettingsPage):
            page.keys.open_passphrase()
        for name, tab in views:
            if tab is not None:
                page.open_tab(name.split("/")[1])
                tab.form.open_new()  # type: ignore[attr-defined]
            QCoreApplication.processEvents()
            problems += [f"{name}: {p}" for p in clipped(page)]
            scroll = page.findChild(QScrollArea, "pageScroll")
            if scroll is not None and scroll.horizontalScrollBar().maximum() > 0:
                over = scroll.horizontalScrollBar().maximum()
                problems.append(f"{name}: {over} px wider than the window (text off to the right)")
    window.registry["search"].trigger()
    QCoreApplication.processEvents()
    if window.searcher.popup is not None:
        problems += [f"search: {p}" for p in clipped(window.searcher.popup)]
    window.shut_down()
    runner.shutdown()
    print("\n".join(problems) if problems else "no clipped text")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
