"""Import schools from the GIAS download: choose the patch, preview, link near matches, import.

Each long step (reading the file's local authorities, planning, writing) runs on the DB worker
with a QProgressDialog fed through a queued signal; "Stop" sets a flag that the worker's progress
callback turns into Cancelled, so a stopped import writes nothing. The preview is exactly what
the import will do; any change of choice makes it stale and Import waits for a new preview.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from linkdesk.errors import Cancelled
from linkdesk.services.school_import import ImportOptions
from linkdesk.ui import school_import_jobs as jobs
from linkdesk.ui.errors import user_message
from linkdesk.ui.lock import reach_lock
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, em, row, text

STEPS = 1000  # the progress dialog's range: per mille of the file read or schools written


def ask_gias_file(parent: QWidget) -> str:
    """The download the user picks ('' if they cancel); tests replace this."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Choose the GIAS download", "", "GIAS download (*.csv *.zip);;All files (*)"
    )
    return path


class _Relay(QObject):
    """Carries progress from the DB worker to the GUI thread (a queued connection)."""

    moved = Signal(int, int)


class SchoolImportDialog(QDialog):
    #: Imported: a line for the status bar.
    imported = Signal(str)

    def __init__(self, session: Session, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.path = path
        self.setObjectName("giasImport")
        self.setWindowTitle("Import schools from GIAS")
        reach_lock(self, parent)  # Ctrl+L locks from here too
        self.setMinimumWidth(em(self, 46))
        self._stop = threading.Event()
        self._relay = _Relay(self)
        self._relay.moved.connect(self._moved)
        self._progress: QProgressDialog | None = None
        self.preview_result: jobs.Preview | None = None
        self.near_choices: dict[str, QComboBox] = {}
        #: Every near match seen in a preview: URN -> (GIAS name, candidate schools).
        self._known: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}

        layout = QVBoxLayout(self)
        self.heading = text(f"Reading {path.name}…", record=True)
        layout.addWidget(self.heading)
        choose = QGroupBox("Which schools")
        inner = QVBoxLayout(choose)
        self.by_la = QRadioButton(
            "Add the schools of these local authorities (and update those already here):"
        )
        self.by_la.setChecked(True)
        self.existing = QRadioButton("Only update the schools already in LinkDesk; add none")
        self.la_list = QListWidget()
        self.la_list.setObjectName("giasLocalAuthorities")
        self.la_list.setAccessibleName("Local authorities to import")
        self.la_list.setMinimumHeight(em(self, 8))
        inner.addWidget(self.by_la)
        inner.addWidget(self.la_list)
        inner.addWidget(self.existing)
        layout.addWidget(choose)
        self.near_box = QGroupBox("Possible matches: is this school already in LinkDesk?")
        self.near_form = QFormLayout(self.near_box)
        self.near_box.hide()
        layout.addWidget(self.near_box)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setObjectName("giasPreview")
        self.preview_text.setAccessibleName("What the import will do")
        self.preview_text.setReadOnly(True)
        self.preview_text.setMinimumHeight(em(self, 12))
        layout.addWidget(self.preview_text, 1)
        self.summary = text("", "subtle", record=True)
        self.problem = text("", "error")
        self.problem.hide()
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        self.preview_button = button("Preview", name="giasPreviewButton")
        self.import_button = button("Import", primary=True, name="giasImportButton")
        self.import_button.setEnabled(False)
        close = button("Close", name="giasClose")
        close.clicked.connect(self.reject)
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button.clicked.connect(self.run_import)
        layout.addLayout(row(None, close, self.preview_button, self.import_button))
        for widget in (self.by_la, self.existing):
            widget.toggled.connect(self._stale)
        self.la_list.itemChanged.connect(self._stale)
        self.preview_button.setEnabled(False)

    # -- the steps --------------------------------------------------------------------------------

    def start(self) -> None:
        path, today = self.path, self.session.today
        progress = self._reporter()
        self._step(
            "Reading the local authorities in the download…",
            lambda store: jobs.read_patch(store, today, path, progress),
            self._patch_read,
        )

    def run_preview(self) -> None:
        options = self.options()
        if options is None:
            return
        path, today = self.path, self.session.today
        progress = self._reporter()
        self._step(
            "Reading the download and comparing it with LinkDesk…",
            lambda store: jobs.preview(store, today, path, options, progress),
            self._previewed,
        )

    def run_import(self) -> None:
        result = self.preview_result
        if result is None or result.plan.problems:
            return
        today = self.session.today
        progress = self._reporter()
        self._step(
            "Writing the schools…",
            lambda store: jobs.carry_out(store, today, result.plan, progress),
            self._done,
        )

    def options(self) -> ImportOptions | None:
        links = tuple(
            (urn, str(combo.currentData())) for urn, combo in self.near_choices.items() if combo.currentData()
        )
        if self.existing.isChecked():
            return ImportOptions(existing_only=True, links=links)
        chosen = [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.la_list.item(i) for i in range(self.la_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        if not chosen:
            self._show_problem(
                "Choose at least one local authority, or only the schools already in LinkDesk."
            )
            return None
        return ImportOptions(local_authorities=tuple(chosen), links=links)

    # -- results ----------------------------------------------------------------------------------

    def _patch_read(self, patch: jobs.Patch) -> None:
        self.heading.setText(f"{patch.label}: {len(patch.local_authorities)} local authorities.")
        self.la_list.blockSignals(True)
        for name, count in patch.local_authorities:
            item = QListWidgetItem(f"{name}  ({count} open)")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in patch.chosen else Qt.CheckState.Unchecked)
            self.la_list.addItem(item)
        self.la_list.blockSignals(False)
        if patch.schools_here and not patch.chosen:
            self.existing.setChecked(True)
        self.preview_button.setEnabled(True)

    def _previewed(self, result: jobs.Preview) -> None:
        self.preview_result = result
        plan = result.plan
        lines = [f"row {p.row}: {p.message}" for p in plan.problems] or list(result.lines)
        self.preview_text.setPlainText("\n".join(lines) or "Nothing to change.")
        if plan.problems:
            more = f" (and {plan.more_problems:,} more)" if plan.more_problems else ""
            self._show_problem(
                f"The file has {len(plan.problems):,} problem(s){more}; nothing can be imported."
            )
        else:
            self.problem.hide()
        self.summary.setText(result.counts)
        self._offer_links(result)
        self.import_button.setEnabled(not plan.problems)
        self.preview_button.setText("Preview")

    def _offer_links(self, result: jobs.Preview) -> None:
        """A choice for each near match; a match already decided keeps its row and choice."""
        chosen = dict(result.options.links)
        for near in result.plan.near:
            self._known[near.urn] = (near.name, near.candidates)
        while self.near_form.rowCount():
            self.near_form.removeRow(0)
        self.near_choices = {}
        for urn in [n.urn for n in result.plan.near] + [u for u in chosen if u in self._known]:
            if urn in self.near_choices:
                continue
            name, candidates = self._known[urn]
            combo = QComboBox()
            combo.setAccessibleName(f"What to do with {name} (URN {urn})")
            combo.addItem("Leave it out for now", None)
            for school_id, school_name in candidates:
                combo.addItem(f"It is LinkDesk's {school_name}: link them", school_id)
            combo.addItem("It is a new school: add it", "new")
            if urn in chosen:
                combo.setCurrentIndex(max(combo.findData(chosen[urn]), 0))
            combo.currentIndexChanged.connect(self._stale)
            self.near_form.addRow(f"{name} ({urn})", combo)
            self.near_choices[urn] = combo
        self.near_box.setVisible(bool(self.near_choices))

    def _done(self, message: str) -> None:
        self.imported.emit(message)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        if isinstance(exc, Cancelled):
            self._show_problem("Stopped. Nothing was changed.")
        else:
            self._show_problem(user_message(exc))

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def _stale(self, *_args: object) -> None:
        if self.preview_result is not None:
            self.import_button.setEnabled(False)
            self.preview_button.setText("Preview again")

    # -- progress on the DB worker ----------------------------------------------------------------

    def _step(self, label: str, op: Callable[[Any], Any], on_done: Callable[[Any], None]) -> None:
        self._stop.clear()
        self.problem.hide()
        dialog = QProgressDialog(label, "Stop", 0, STEPS, self)
        dialog.setObjectName("giasProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._stop.set)
        self._progress = dialog

        def finished(result: Any) -> None:
            self._close_progress()
            on_done(result)

        self.session.run(op, finished, self._failed, self)

    def _reporter(self) -> Callable[[int, int], None]:
        """The worker's progress callback: reports, or stops the task when Stop was pressed."""
        stop, relay = self._stop, self._relay

        def report(done: int, total: int) -> None:
            if stop.is_set():
                raise Cancelled("Stopped. Nothing was changed.")
            relay.moved.emit(done, total)

        return report

    def _moved(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setValue(min(STEPS, done * STEPS // max(total, 1)))

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
