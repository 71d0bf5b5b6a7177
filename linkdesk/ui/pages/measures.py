"""Measures: recent outcome-measure results across the caseload (risk items first to the eye), the
measures LinkDesk can score, and entry of a new form for any open case (kept as a draft at lock)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from linkdesk.measures import MeasureRegistry
from linkdesk.services.app_services import Services
from linkdesk.services.caseload_view import CaseloadView
from linkdesk.services.casework import Casework
from linkdesk.services.measure_view import MeasureInfo, ResultRow, catalogue, recent_results
from linkdesk.ui import theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.measure_entry import MeasureEntryDialog
from linkdesk.ui.models import case_columns
from linkdesk.ui.models.table import TableModel
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.record_dialog import dialog_draft, put_back
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.widgets import button, card, em, text

Loaded = tuple[list[ResultRow], list[MeasureInfo], list[tuple[str, str]]]


def _load(cw: Casework, registry: MeasureRegistry) -> Loaded:
    cases = [(r.id, r.label) for r in CaseloadView(cw).rows("open")]
    return recent_results(cw.records, registry), catalogue(registry), cases


class MeasuresPage(Page):
    draft_name = "measures.form"
    commands = frozenset({"enter_measure"})

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.cases: list[tuple[str, str]] = []
        head = QHBoxLayout()
        self.subtitle = text("Loading…", "subtle", record=True)
        titles = QHBoxLayout()
        titles.addWidget(text("Measures", "h1", wrap=False))
        head.addLayout(titles)
        head.addStretch(1)
        self.enter_button = button("Enter a measure…   Ctrl+Shift+M", primary=True, name="measuresEnter")
        self.enter_button.setAccessibleName("Enter an outcome measure")
        self.enter_button.setDefault(False)
        self.enter_button.clicked.connect(lambda: self.command("enter_measure"))
        head.addWidget(self.enter_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.layout_.addLayout(head)
        self.layout_.addWidget(self.subtitle)
        today = services.today()
        frame, body = card()
        self.result_count = count_label()
        body.addWidget(section_title("Recent results across the caseload", self.result_count))
        self.results = TableModel(case_columns.results(today, with_case=True), colours, self)
        self.results_table = Table(self.results, "measureResults", "Recent results")
        self.results_table.set_widths(6, 8, 12, 10, 6, 0, 10)
        self.results_table.setMinimumHeight(em(self, 13))
        self.results_table.on_open(self._open)
        body.addWidget(self.results_table)
        body.addWidget(text("Enter opens the young person's record, with their charts.", "caption"))
        self.layout_.addWidget(frame)
        frame, body = card()
        self.measure_count = count_label()
        body.addWidget(section_title("Measures LinkDesk scores", self.measure_count))
        self.measures = TableModel(case_columns.catalogue(), colours, self)
        self.measures_table = Table(self.measures, "measureCatalogue", "Measures", compact=True)
        self.measures_table.set_widths(11, 14, 4, 0, 12, 9)
        body.addWidget(self.measures_table)
        body.addWidget(
            text(
                "Item wording is shown only where the licence allows; otherwise the form is entered by "
                "item number from the paper copy. Scores follow each publisher's rules exactly.",
                "caption",
            )
        )
        self.layout_.addWidget(frame)
        self.problem = text("", "error")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)
        self.dialog: MeasureEntryDialog | None = None
        self._pending: dict[str, Any] | None = None

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        registry = self.services.measure_registry()
        self.session.casework(lambda cw: _load(cw, registry), self._show, self._failed, self)

    def _show(self, data: Loaded) -> None:
        results, measures, cases = data
        self.problem.hide()
        self.cases = cases
        pending, self._pending = self._pending, None
        if pending is not None:
            self.command("enter_measure")
            put_back(self.dialog, pending)
        self.results.set_rows(results)
        self.measures.set_rows(measures)
        self.result_count.setText(str(len(results)))
        self.measure_count.setText(str(len(measures)))
        risky = sum(1 for r in results if r.risk)
        people = len({r.cyp_id for r in results})
        self.subtitle.setText(
            f"{len(results)} recent results for {people} children and young people"
            + (f" · {risky} raised a risk item" if risky else "")
            if results
            else "No outcome measures recorded yet: Ctrl+Shift+M enters one."
        )

    def _open(self, result: ResultRow) -> None:
        self.open_requested.emit("cyp", result.cyp_id)

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    def command(self, name: str) -> None:
        if name != "enter_measure":
            return
        if self.dialog is not None:
            self.dialog.close()
        dialog = MeasureEntryDialog(self.session, self, self.services.measure_registry(), self.cases)
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def draft_state(self) -> dict[str, Any] | None:
        return dict(self._pending) if self._pending is not None else dialog_draft(self.dialog)

    def draft_title(self) -> str:
        return self.dialog.draft_title() if self.dialog is not None else "the outcome measure form"

    def restore_draft(self, state: dict[str, Any]) -> None:
        if isinstance(state.get("values"), dict):
            self._pending = dict(state)
            self.open_requested.emit("measures", "")  # the form opens once the open cases load

    def _closed(self, dialog: MeasureEntryDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, message: str) -> None:
        self.message.emit(message)
        self.reload()
