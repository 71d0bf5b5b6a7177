"""One process for ``bench_gui``, timed from outside: a bare PySide6 window, or LinkDesk from start
to a usable Today (or with every page visited), offscreen. It prints its peak memory as JSON and
leaves at once (``os._exit``), as a person would see it: teardown is not part of start-up.

    python -m benchmarks.gui_probe bare
    python -m benchmarks.gui_probe today DATA_DIR      (LINKDESK_PASSPHRASE set)
    python -m benchmarks.gui_probe every DATA_DIR
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

SIZE = (1366, 768)
#: Seconds to wait for the DB worker at each step (a busy machine is slow, never this slow).
LIMIT = 300.0


def bare() -> None:
    """The baseline: a QApplication and one main window, shown and painted once."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("A bare PySide6 window"))
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    window.grab()


def linkdesk(home: str, every_page: bool) -> None:
    """The app's own start: services, the unlock window, unlock, Today loaded and painted."""
    from dataclasses import replace

    from linkdesk.app import build_services
    from linkdesk.storage.keys import KdfParams
    from linkdesk.storage.vault import Vault
    from linkdesk.ui import theme
    from linkdesk.ui.main import make_app, settle
    from linkdesk.ui.main_window import MainWindow
    from linkdesk.ui.tasks import TaskRunner

    services = build_services(home)
    # The store is made at the cheapest key stretching to leave the KDF out of the figure; the
    # vault recommends that same cost, as it would for a store made at the recommended one, so no
    # "strengthen your passphrase's protection" offer (a dialog nobody else sees) is timed.
    services = replace(
        services, vault=Vault(services.home, services.secrets, services.clock, KdfParams.minimum())
    )
    app = make_app()
    runner = TaskRunner()
    window = MainWindow(services, runner, theme.apply(app), os_lock_events=False)
    window.resize(*SIZE)
    window.show()
    window.start()
    settle(app, runner, LIMIT)  # the unlock window knows the store is there
    window.lock_screen.passphrase.setText(os.environ["LINKDESK_PASSPHRASE"])
    window.lock_screen.submit()
    settle(app, runner, LIMIT)  # unlocked, and Today's job done
    assert window.shell is not None and window.shell.current_key == "today"
    window.grab()
    if every_page:
        visit_every_page(app, window, runner)


def visit_every_page(app: Any, window: Any, runner: Any) -> None:
    from linkdesk.ui.main import settle
    from linkdesk.ui.pages.catalog import DETAIL_PAGES, NAV_PAGES

    shell, found = window.shell, []
    window.session.casework(
        lambda cw: {
            k: cw.records.find(t)[0].id
            for k, t in (("school", "school"), ("cyp", "cyp"), ("discussion", "visit"))
        },
        found.append,
    )
    settle(app, runner, LIMIT)
    for spec in (*NAV_PAGES, *DETAIL_PAGES):
        if spec.key in found[0]:
            shell.open_record(spec.key, found[0][spec.key])
        else:
            shell.show_page(spec.key)
        settle(app, runner, LIMIT)
        window.grab()


def peak_mb() -> float:
    """This process's peak resident memory. On Linux its own high-water mark (``VmHWM``):
    ``ru_maxrss`` would also count the parent it was forked from, before it became Python."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(args: list[str]) -> None:
    mode = args[0]
    if mode == "bare":
        bare()
    else:
        linkdesk(args[1], every_page=mode == "every")
    sys.stdout.write(json.dumps({"peak_mb": peak_mb()}) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
