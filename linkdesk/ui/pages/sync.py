"""Sync: this laptop's card, teammates' laptops, bundles by hand, the shared folder, conflicts.

Every action runs on the DB worker through ``TeamSync`` (built there with the bundle codec wired in
``app.py``); results and refusals come back as one plain line under the card that asked. The
shared folder is a store setting (also on the Settings page); the window syncs with it when
LinkDesk locks and when it quits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QFrame, QLabel, QPushButton, QVBoxLayout

from linkdesk.domain.team import Card, ImportSummary
from linkdesk.services import sync_view as sv
from linkdesk.services.app_services import Services
from linkdesk.services.team_sync import ExportSummary, FolderSummary, TeamSync
from linkdesk.ui import sync_dialogs, theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.sync_team import TeamCard, sync_op
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, row, stack_when_narrow, text

#: Below this page width (in line heights) the two columns stack.
NARROW_EM = 56
UNAVAILABLE = "Sync is not available in this build of LinkDesk."


def outcome(label: QLabel, words: str, role: str = "notice") -> None:
    """Show a result (``notice``) or a refusal (``error``) under the card that asked."""
    label.setText(words)
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(words))


def set_primary(btn: QPushButton, on: bool) -> None:
    """The one button that is the obvious next step is drawn as the primary one."""
    if bool(btn.property("primary")) != on:
        btn.setProperty("primary", on)
        btn.style().unpolish(btn)
        btn.style().polish(btn)


def result_label(name: str) -> QLabel:
    label = text("", "notice", record=True)
    label.setObjectName(name)
    label.hide()
    return label


class SyncPage(Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.overview: sv.Overview | None = None
        self.add_heading(
            "Sync",
            "Share your work with teammates' laptops in encrypted bundles: by hand, or through a "
            "shared folder.",
        )
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(em(self, 1.0))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(em(self, 0.8))
        right.setSpacing(em(self, 0.8))
        self.team = TeamCard(session, services, colours)
        self.team.message.connect(self.message)
        self.team.changed.connect(self.reload)
        left.addWidget(self._laptop_card())
        left.addWidget(self._bundles_card())
        left.addStretch(1)
        right.addWidget(self._folder_card())
        right.addWidget(self._conflicts_card())
        right.addStretch(1)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        self.layout_.addWidget(self.team)
        self.layout_.addLayout(self.columns)
        self.unavailable = text(UNAVAILABLE, "error")
        self.unavailable.setVisible(services.bundles is None)
        self.layout_.insertWidget(2, self.unavailable)
        self.layout_.addStretch(1)
        self.action_widgets: list[QPushButton | QCheckBox] = [
            self.team.trust_button,
            self.save_card_button,
            self.export_button,
            self.full_box,
            self.import_button,
            self.folder_button,
            self.folder_now_button,
            self.folder_stop_button,
        ]
        self._enable(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        stack_when_narrow(self.columns, self, event.size().width(), NARROW_EM)
        super().resizeEvent(event)

    # -- building -----------------------------------------------------------------------------------

    def _laptop_card(self) -> QFrame:
        frame, body = card()
        frame.setObjectName("laptopCard")
        body.addWidget(text("This laptop", "h2"))
        self.laptop_name = text("…", "subtle", record=True)
        self.laptop_name.setObjectName("laptopName")
        body.addWidget(self.laptop_name)
        self.my_fingerprint = text("", "fingerprint", wrap=False, record=True)
        self.my_fingerprint.setObjectName("myFingerprint")
        body.addWidget(self.my_fingerprint)
        body.addWidget(
            text(
                "Teammates compare this fingerprint with the one their laptop shows for your card "
                "before they trust it.",
                "caption",
            )
        )
        self.save_card_button = button("&Save my card…", name="saveCard")
        self.save_card_button.clicked.connect(self.save_card)
        body.addLayout(row(self.save_card_button, None))
        self.card_result = result_label("cardResult")
        body.addWidget(self.card_result)
        return frame

    def _bundles_card(self) -> QFrame:
        frame, body = card()
        frame.setObjectName("bundlesCard")
        body.addWidget(text("Bundles by hand", "h2"))
        body.addWidget(
            text(
                "For a USB stick or a secure email: a bundle can be opened only by your trusted "
                "teammates' laptops, and they check it came from this one.",
                "caption",
            )
        )
        self.full_box = QCheckBox("F&ull bundle: every change this laptop holds")
        self.full_box.setToolTip("For a teammate who missed a bundle, or a laptop that is new to the team")
        self.full_box.setObjectName("fullBundle")
        body.addWidget(self.full_box)
        self.export_button = button("&Export a bundle…", name="exportBundle")
        self.export_button.clicked.connect(self.export)
        self.import_button = button("&Import a bundle…", name="importBundle")
        self.import_button.clicked.connect(self.import_bundle)
        body.addLayout(row(self.export_button, self.import_button, None, spacing=em(self, 0.6)))
        self.bundle_result = result_label("bundleResult")
        body.addWidget(self.bundle_result)
        return frame

    def _folder_card(self) -> QFrame:
        frame, body = card()
        frame.setObjectName("folderCard")
        body.addWidget(text("Shared folder", "h2"))
        self.folder_label = text("…", record=True)
        self.folder_label.setObjectName("folderPath")
        self.folder_stop_button = button("Stop using it", link=True, name="stopFolder")
        self.folder_stop_button.setAccessibleName("Stop using this shared folder")
        self.folder_stop_button.clicked.connect(lambda: self.set_folder(""))
        path_row = row(self.folder_label, self.folder_stop_button, spacing=em(self, 0.6))
        path_row.setStretch(0, 1)
        body.addLayout(path_row)
        body.addWidget(
            text(
                "Bundles are left here for teammates and picked up from them. LinkDesk also syncs "
                "here when it locks and when you quit.",
                "caption",
            )
        )
        self.folder_now_button = button("Sync with folder &now", primary=True, name="folderNow")
        self.folder_now_button.setDefault(False)
        self.folder_now_button.clicked.connect(self.folder_now)
        self.folder_button = button("Choose f&older…", name="chooseFolder")
        self.folder_button.clicked.connect(self.choose_folder)
        body.addLayout(row(self.folder_now_button, self.folder_button, None, spacing=em(self, 0.6)))
        self.folder_result = result_label("folderResult")
        body.addWidget(self.folder_result)
        return frame

    def _conflicts_card(self) -> QFrame:
        frame, body = card()
        frame.setObjectName("conflictsCard")
        body.addWidget(text("Conflicts", "h2"))
        self.conflict_words = text("…", record=True)
        self.conflict_words.setObjectName("conflictWords")
        body.addWidget(self.conflict_words)
        self.conflicts_button = button("Revie&w conflicts", name="reviewConflicts")
        self.conflicts_button.clicked.connect(self.review_conflicts)
        body.addLayout(row(self.conflicts_button, None))
        return frame

    # -- loading ------------------------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.services.bundles is None:
            return
        now = self.services.clock.now
        self.session.run(
            sync_op(self.services, lambda sync: sv.overview(sync, now())),
            self._loaded,
            self._load_failed,
            self,
        )

    def _loaded(self, overview: sv.Overview) -> None:
        self.overview = overview
        me = overview.card
        self.laptop_name.setText(f"{me.name} · device {sv.short_id(me.device_id)}")
        self.laptop_name.setToolTip(me.device_id)
        self.my_fingerprint.setText(me.fingerprint)
        self.my_fingerprint.setAccessibleName(f"This laptop's fingerprint: {me.fingerprint}")
        self.team.set_devices(overview.devices, self.services.clock.now(), overview.quiet)
        self.folder_label.setText(overview.folder or "No shared folder chosen: bundles go by hand only.")
        self.folder_label.setProperty("role", "" if overview.folder else "subtle")
        self.folder_label.style().polish(self.folder_label)
        if overview.problem and self.folder_result.isHidden():
            outcome(self.folder_result, overview.problem, "error")
        self.conflict_words.setText(sv.conflict_words(overview.conflicts))
        self.conflicts_button.setEnabled(overview.conflicts > 0)
        set_primary(self.conflicts_button, overview.conflicts > 0)
        set_primary(self.folder_button, not overview.folder)
        self._enable(True)

    def _load_failed(self, exc: BaseException) -> None:
        outcome(self.bundle_result, user_message(exc), "error")

    def _enable(self, on: bool) -> None:
        available = on and self.services.bundles is not None
        for widget in self.action_widgets:
            widget.setEnabled(available)
        has_folder = self.overview is not None and bool(self.overview.folder)
        self.folder_now_button.setEnabled(available and has_folder)
        self.folder_now_button.setVisible(has_folder)
        self.folder_stop_button.setVisible(has_folder)
        self.team.update_buttons()

    def _run(self, op: Callable[[TeamSync], Any], done: Callable[[Any], None], shown: QLabel) -> None:
        """Run one sync action; its outcome (or refusal) is shown in ``shown``."""
        outcome(shown, "")
        self._enable(False)

        def ok(result: Any) -> None:
            done(result)
            self.reload()

        def failed(exc: BaseException) -> None:
            outcome(shown, user_message(exc), "error")
            self._enable(True)

        self.session.run(sync_op(self.services, op), ok, failed, self)

    # -- actions ------------------------------------------------------------------------------------

    def save_card(self) -> None:
        path = sync_dialogs.ask_save(self, "Save this laptop's card", sv.card_name(), sync_dialogs.CARDS)
        if path:
            self._run(lambda sync: sv.save_card(sync, Path(path)), self._card_saved, self.card_result)

    def _card_saved(self, me: Card) -> None:
        outcome(
            self.card_result,
            "Card saved. Give it to each teammate; they check its fingerprint against this screen.",
        )
        self.message.emit("Your team card is saved.")

    def export(self) -> None:
        path = sync_dialogs.ask_save(
            self, "Export a bundle", sv.bundle_name(self.services.today()), sync_dialogs.BUNDLES
        )
        if path:
            full = self.full_box.isChecked()
            self._run(lambda sync: sync.export(Path(path), full=full), self._exported, self.bundle_result)

    def _exported(self, summary: ExportSummary) -> None:
        outcome(self.bundle_result, sv.export_words(summary))
        self.message.emit("Bundle exported.")

    def import_bundle(self) -> None:
        path = sync_dialogs.ask_open(self, "Import a bundle", sync_dialogs.BUNDLES)
        if path:
            self._run(
                lambda sync: sync.import_bundle(sv.read_file(Path(path), "a bundle")),
                self._imported,
                self.bundle_result,
            )

    def _imported(self, summary: ImportSummary) -> None:
        outcome(self.bundle_result, sv.import_words(summary))
        self.message.emit("Nothing new in that bundle." if summary.already_imported else "Bundle imported.")

    def choose_folder(self) -> None:
        current = self.overview.folder if self.overview is not None else ""
        path = sync_dialogs.ask_folder(self, "Choose the shared folder", current)
        if path:
            self.set_folder(path)

    def set_folder(self, path: str) -> None:
        outcome(self.folder_result, "")
        self._enable(False)

        def done(folder: str) -> None:
            words = f"Shared folder set: {folder}." if folder else "The shared folder is no longer used."
            self.message.emit(words)
            self.reload()

        def failed(exc: BaseException) -> None:
            outcome(self.folder_result, user_message(exc), "error")
            self._enable(True)

        self.session.run(lambda store: sv.set_folder(store, path), done, failed, self)

    def folder_now(self) -> None:
        self._run(sv.folder_now, self._synced, self.folder_result)

    def _synced(self, summary: FolderSummary) -> None:
        role = "error" if summary.problems else "notice"
        outcome(self.folder_result, sv.folder_words(summary), role)
        self.message.emit("Synced with the shared folder.")

    def review_conflicts(self) -> None:
        self.open_requested.emit("conflicts", "")

    def wipe(self) -> None:
        self.team.wipe()
        self.overview = None
        super().wipe()
