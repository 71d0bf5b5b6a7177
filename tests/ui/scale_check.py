"""Run as a script by ``test_every_page_accessible``: open the app at ``LINKDESK_CHECK_SCALE``
(given to Qt as ``QT_SCALE_FACTOR``, which importing the tests' conftest strips) in a window of
``LINKDESK_CHECK_SIZE`` logical pixels (1280x720 is a 1920x1080 screen at 150%), on the
demo service in ``LINKDESK_HOME``, walk every page, tab and form (``layout_check``) and the search
window, and report sideways scrolling, cut text and unnamed inputs. Prints "no clipped text" and
the device-pixel ratio when all is well; exits 1 otherwise."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication

from linkdesk.app import build_services
from linkdesk.ui import theme
from linkdesk.ui.main import make_app, use_bundled_font
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.tasks import SyncExecutor, TaskRunner
from tests.conftest import PASSPHRASE
from tests.ui.layout_check import Walk, clipped, record_targets


def main() -> int:
    width, height = (int(side) for side in os.environ["LINKDESK_CHECK_SIZE"].split("x"))
    os.environ["QT_SCALE_FACTOR"] = os.environ["LINKDESK_CHECK_SCALE"]  # before Qt starts
    app = make_app()
    use_bundled_font(app)
    colours = theme.apply(app)
    services = build_services(os.environ["LINKDESK_HOME"])
    runner = TaskRunner(SyncExecutor())
    window = MainWindow(services, runner, colours, os_lock_events=False)
    window.resize(width, height)
    window.show()
    store = services.vault.unlock(PASSPHRASE)
    targets = record_targets(store, services.today())
    window.adopt_store(store)
    problems = Walk(window, targets).problems()
    window.registry["search"].trigger()
    QCoreApplication.processEvents()
    if window.searcher.popup is not None:
        problems += [f"search: {p}" for p in clipped(window.searcher.popup)]
    ratio = window.devicePixelRatioF()
    window.shut_down()
    runner.shutdown()
    print("\n".join(problems) if problems else f"no clipped text at device-pixel ratio {ratio:g}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
