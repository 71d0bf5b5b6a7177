"""The main window: the lock screen or the unlocked shell, menus, status bar, locking.

Locking (Ctrl+L, idle, OS screen lock or sleep): unsaved forms are collected as drafts, pending
results are cancelled, the shell is wiped and destroyed, the store reference is dropped and
the worker saves the drafts then closes the store (checkpoint, key zeroed, folder released).
Unlocking builds a fresh shell, reads the desk facts and puts drafts back where they came from.
With a shared sync folder set, locking and quitting also sync with it on the worker, after the
drafts are kept and before the store closes; a problem there never stops the lock (it is kept in
the store and shown by the data-age banner after the next unlock).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from linkdesk.domain.ports import StoreSession
from linkdesk.services.app_services import Services
from linkdesk.ui import drafts, theme
from linkdesk.ui.actions import ActionRegistry
from linkdesk.ui.desk_facts import DeskFacts, read_facts
from linkdesk.ui.errors import user_message
from linkdesk.ui.help import HelpWindow
from linkdesk.ui.lock import IdleLock, OsLockWatcher, close_store, countdown_text, sync_before_close
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import DETAIL_PARENTS, NAV_PAGES, page_class
from linkdesk.ui.privacy import PrivacySwitch
from linkdesk.ui.search import SearchLauncher
from linkdesk.ui.session import Session
from linkdesk.ui.shell import Shell  # it imports no page: each is imported on its first visit
from linkdesk.ui.status_line import StatusLine
from linkdesk.ui.tasks import TaskRunner
from linkdesk.ui.unlock import UnlockScreen
from linkdesk.ui.unlock_offers import UnlockOffers

logger = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        colours: theme.Colours,
        os_lock_events: bool = True,
    ) -> None:
        super().__init__()
        self.services = services
        self.runner = runner
        self.colours = colours
        self.session: Session | None = None
        self.shell: Shell | None = None
        self.facts: DeskFacts | None = None
        self._last_page = NAV_PAGES[0].key
        self._last_record: str | None = None
        #: What the drafts kept at the last lock are, for the lock screen once they are saved.
        self._kept: list[str] = []
        self._help: HelpWindow | None = None
        self.searcher = SearchLauncher(self)
        self.setWindowTitle("LinkDesk")
        self.setObjectName("MainWindow")

        self.registry = ActionRegistry(self)
        #: Privacy mode lives as long as the window, so a lock and unlock keep it.
        self.privacy_switch = PrivacySwitch(self.registry["privacy"], self)
        self.privacy = self.privacy_switch.privacy
        self.registry["lock"].setIcon(theme.icon("lock", colours.text))
        self.addActions(self.registry.all())
        self._build_menus()
        self._connect_actions()

        self.stack = QStackedWidget()
        self.lock_screen = UnlockScreen(services, runner, colours)
        self.lock_screen.unlocked.connect(self.adopt_store)
        self.lock_screen.opening.connect(self._prepare_first_page)
        self.offers = UnlockOffers(self)  # what the lock screen offers once the store is adopted
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.status = StatusLine(self.statusBar(), self.privacy_switch.button, runner)

        self.idle = IdleLock(parent=self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        self.os_lock = OsLockWatcher(self)
        self.os_lock.lock_requested.connect(self.lock)
        if os_lock_events:
            self.os_lock.start()
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        runner.unhandled_error.connect(lambda exc: self.show_message(user_message(exc), 10_000))
        self._show_locked(first=True)

    # -- building ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self.registry
        file_menu = bar.addMenu("&File")
        for name in ("save", "lock"):
            file_menu.addAction(a[name])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        go = bar.addMenu("&Go")
        for page in NAV_PAGES:
            go.addAction(a[f"go_{page.key}"])
        visit = bar.addMenu("&Visit")
        for name in ("plan_visit", "record_discussion", "add_item", "remove_item"):
            visit.addAction(a[name])
        go.addSeparator()
        go.addAction(a["back"])
        case = bar.addMenu("&Case")
        for name in ("add_note", "record_consent", "make_referral", "record_risk", "enter_measure"):
            case.addAction(a[name])
        case.addAction(a["close_case"])
        tools = bar.addMenu("&Tools")
        tools.addAction(a["search"])
        tools.addAction(a["privacy"])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a["help"])
        help_menu.addAction(a["about"])

    def _connect_actions(self) -> None:
        a = self.registry
        a["lock"].triggered.connect(lambda: self.lock("shortcut"))
        a["quit"].triggered.connect(self.close)
        a["save"].triggered.connect(self._save_current)
        a["search"].triggered.connect(self.searcher.show)
        a["help"].triggered.connect(self.show_help)
        a["plan_visit"].triggered.connect(self._plan_visit)
        for name in a.contextual():
            a[name].triggered.connect(lambda _=False, name=name: self._command(name))
        a["about"].triggered.connect(self.show_help)
        self.privacy_switch.message.connect(self.show_message)
        for page in NAV_PAGES:
            a[f"go_{page.key}"].triggered.connect(lambda _=False, key=page.key: self.show_page(key))

    # -- showing ----------------------------------------------------------------------------------

    @property
    def unlocked(self) -> bool:
        return self.session is not None

    def start(self) -> None:
        self.lock_screen.start()

    def show_message(self, message: str, ms: int = 5000) -> None:
        self.status.show_message(message, ms)

    def show_page(self, key: str) -> None:
        if self.shell is not None:
            self.shell.show_page(key)

    def open_record(self, key: str, record_id: str) -> None:
        if self.shell is not None:
            self.shell.open_record(key, record_id)

    def show_help(self) -> None:
        if self._help is None:
            self._help = HelpWindow(self.registry.shortcut_table(), self.services.home, self)
        self._help.show()
        self._help.raise_()

    def _show_locked(self, first: bool = False) -> None:
        self.stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.set_locked(not first)
        self.menuBar().hide()
        self.statusBar().hide()
        self.registry.set_unlocked(False)
        self.status.clear()

    def _tick(self) -> None:
        self.status.set_countdown(countdown_text(self.idle.remaining_ms()))

    # -- unlocking --------------------------------------------------------------------------------

    def _prepare_first_page(self) -> None:
        """Import the page unlocking will show while the store opens: with the real key
        stretching, its import is over long before the store is open."""
        page_class(self._last_page)

    def adopt_store(self, store: Any) -> None:
        """Take an unlocked store (from the unlock screen, or the screenshot path)."""

        self.session = Session(self.runner, store, self.services.today, self.privacy)
        self.privacy_switch.attach(self.session)
        self.shell = Shell(self.session, self.services, self.colours, self.registry["lock"])
        self.shell.page_changed.connect(self._page_changed)
        self.shell.page_built.connect(self._page_built)
        self.stack.addWidget(self.shell)
        self.stack.setCurrentWidget(self.shell)
        self.menuBar().show()
        self.statusBar().show()
        self.registry.set_unlocked(True)
        if self._last_record is not None and self._last_page in DETAIL_PARENTS:
            self.shell.open_record(self._last_page, self._last_record)
        else:
            self.shell.show_page(self._last_page)
        if self.shell.current_page is not None:
            self.shell.current_page.focus_start()
        self._update_save()
        self.idle.start(watching=False)
        self.runner.when_idle(self.idle.watch)  # once Today has loaded and painted
        self._tick()
        self.countdown.start()
        self._load_facts()
        self.session.run(lambda s: s.drafts(), self._restore_drafts, receiver=self)
        self.searcher.prepare(self.session)
        if self.services.managed.problem:
            self.show_message(self.services.managed.problem, 20_000)

    def _page_built(self, page: Page) -> None:  # its first visit: hear its messages and state
        page.message.connect(self.show_message)
        page.unsaved_changed.connect(lambda _u: self._update_save())
        page.facts_changed.connect(self._load_facts)

    def _load_facts(self) -> None:
        if self.session is not None:
            managed = self.services.managed
            self.session.run(lambda store: read_facts(store, managed), self._show_facts, receiver=self)

    def _show_facts(self, facts: DeskFacts) -> None:
        self.facts = facts
        self.status.service_label.setText(facts.service_name)
        keychain = "device key in the OS keychain" if facts.keychain != "off" else "passphrase only"
        self.status.store_label.setText(f"Encrypted store · {keychain}")
        self.idle.set_minutes(facts.idle_minutes)
        self._tick()
        if self.shell is not None:
            self.shell.set_facts(facts)

    def _restore_drafts(self, stored: dict[str, str]) -> None:
        if self.shell is None or self.session is None or not stored:
            return
        restored = drafts.restore(self.shell.draft_pages(stored), stored)
        if not restored:
            return

        def discard(store: StoreSession) -> None:
            for name in restored:
                store.discard_draft(name)

        self.session.run(discard, receiver=self)
        self.show_message("Unsaved changes from before LinkDesk locked have been put back.", 10_000)

    def _page_changed(self, key: str) -> None:
        self._last_page = key
        page = self.shell.current_page if self.shell is not None else None
        self._last_record = page.record_id if page is not None else None
        self._update_save()
        self.privacy_switch.refresh()

    def _update_save(self) -> None:
        page = self.shell.current_page if self.shell is not None else None
        if self.session is not None:
            self.registry.set_unlocked(True, page.commands if page is not None else frozenset())
        self.registry["save"].setEnabled(page is not None and page.has_unsaved())

    def _command(self, name: str) -> None:
        if self.shell is None:
            return
        if name == "back":
            self.shell.back()
            return
        page = self.shell.current_page
        if page is not None and name in page.commands:
            page.command(name)

    def _plan_visit(self) -> None:
        """Ctrl+N: this page's own new record (a child on Caseload), else the plan-a-visit form on
        this page, or on Today when this page has none."""
        if self.shell is None:
            return
        page = self.shell.current_page
        if page is not None and page.new_record():
            return
        if page is None or not page.plan_visit():
            self.shell.show_page("today")
            today = self.shell.pages["today"]
            today.plan_visit()

    def _save_current(self) -> None:
        page = self.shell.current_page if self.shell is not None else None
        if page is not None:
            page.save()

    # -- locking ----------------------------------------------------------------------------------

    def lock(self, reason: str = "") -> None:
        """Hide every record and close the store; unsaved forms become encrypted drafts."""
        if self.session is None:
            return
        logger.info("locking (%s)", reason or "requested")
        store, pending = self._tear_down()
        self.lock_screen.clear()
        self._show_locked()
        self.lock_screen.show_passphrase()
        if store is not None:
            sync = sync_before_close(self.services)
            self.runner.run_db(
                lambda: close_store(store, pending, sync),
                self._closed,
                self._close_failed,
                receiver=self.lock_screen,
            )

    def _tear_down(self) -> tuple[StoreSession | None, dict[str, str]]:
        """GUI side of locking: collect drafts, cancel results, destroy the shell, drop the store."""
        pending: dict[str, str] = {}
        self.runner.cancel_callbacks()
        self.idle.stop()
        self.countdown.stop()
        if self.shell is not None:
            pending = drafts.collect(self.shell.pages.built.values())
            self._kept = drafts.titles(self.shell.pages.built.values(), pending)
            self.searcher.forget()
            shell, self.shell = self.shell, None
            shell.wipe()
            self.stack.removeWidget(shell)
            shell.hide()
            shell.deleteLater()
        self.facts = None
        store = self.session.release() if self.session is not None else None
        self.session = None
        self.privacy_switch.detach()
        return store, pending

    def _closed(self, problems: list[BaseException]) -> None:
        if problems:
            self.lock_screen.error.setText(
                "LinkDesk locked, but your unsaved changes could not be kept: " + user_message(problems[0])
            )
            self.lock_screen.error.show()
        else:
            self.lock_screen.set_kept(self._kept)

    def _close_failed(self, exc: BaseException) -> None:
        logger.error("closing the store failed: %s", type(exc).__name__)

    def shut_down(self, sync: bool = True) -> None:
        """Lock and close the store before the app exits, waiting for the worker to finish.

        ``sync=False`` skips the shared folder (a screenshot is not a real session)."""
        store, pending = self._tear_down()
        self._show_locked()
        if store is not None:
            before = sync_before_close(self.services) if sync else None
            problems = self.runner.call_blocking(lambda: close_store(store, pending, before))
            for exc in problems:
                logger.error("drafts not kept at quit: %s", type(exc).__name__)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shut_down()
        if self._help is not None:
            self._help.close()
        event.accept()
