"""Schools: every linked school with its setting, link worker, next visit, open cases and whether an
information-sharing agreement is in force. Typing filters the list at once; Enter opens a school.
"New school…" adds one by hand (a school GIAS does not list, or before an import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from linkdesk.services.app_services import Services
from linkdesk.services.school_view import SchoolRow, SchoolView
from linkdesk.ui import theme
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.models import columns
from linkdesk.ui.models.table import TableModel
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.school_records import SCHOOL_FORM
from linkdesk.ui.plan_visit import PlansVisits, PlanVisitPanel
from linkdesk.ui.record_form import RecordForm
from linkdesk.ui.school_import_dialog import SchoolImportDialog, ask_gias_file
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, sorted_filtered
from linkdesk.ui.widgets import button, card, em, row, text


class SchoolsPage(PlansVisits, Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.subtitle = self.add_heading("Schools", "Loading…", record=True)
        self.plan = PlanVisitPanel(session, services)
        self.plan.planned.connect(self._planned)
        self.layout_.addWidget(self.plan)
        self.form = RecordForm(SCHOOL_FORM, session, services.today, "schoolForm")
        self.form.saved.connect(self._added)
        self.layout_.addWidget(self.form)

        frame, body = card()
        self.filter = QLineEdit()
        self.filter.setObjectName("schoolFilter")
        self.filter.setPlaceholderText("Type part of a name, setting, postcode or link worker")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(em(self, 12))  # grows to 26 where the window has room
        self.filter.setMaximumWidth(em(self, 26))
        self.plan_button = button("Plan a visit   Ctrl+N", name="schoolsPlan")
        self.plan_button.setAccessibleName("Plan a visit")
        self.plan_button.clicked.connect(self.plan_visit)
        self.import_button = button("Import from GIAS…", name="schoolsImport")
        self.import_button.setAccessibleName("Import schools from the GIAS download")
        self.import_button.clicked.connect(self.import_schools)
        self.new_button = button("New school…", name="new_school")
        self.new_button.setAccessibleName("Add a new school")
        self.new_button.clicked.connect(self.new_school)
        filters = row(
            label_for("F&ilter", self.filter),
            self.filter,
            None,
            self.import_button,
            self.new_button,
            self.plan_button,
            spacing=em(self, 0.6),
        )
        filters.setStretchFactor(self.filter, 3)
        body.addLayout(filters)
        self.model = TableModel(columns.schools(services.today()), colours, self)
        self.proxy = sorted_filtered(self.model)
        self.proxy.setParent(self)
        self.table = Table(self.proxy, "schoolsTable", "Schools")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.set_widths(0, 9, 6, 10, 8, 6.5, 7)
        self.table.on_open(self._open)
        self.table.setMinimumHeight(em(self, 20))
        body.addWidget(self.table, 1)
        self.shown = text("", "caption", record=True)
        self.shown.setObjectName("schoolsShown")
        body.addWidget(self.shown)
        self.problem = text("", "error")
        self.problem.hide()
        body.addWidget(self.problem)
        self.layout_.addWidget(frame, 1)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._open_first)
        self.setFocusProxy(self.filter)

    def activated(self) -> None:
        self.reload()

    def draft_state(self) -> dict[str, Any] | None:
        """The plan-a-visit panel's draft and the new school form's, either or both."""
        plan = PlansVisits.draft_state(self)
        school = self.form.draft()
        return {**(plan or {}), "school": school} if school else plan

    def draft_title(self) -> str:
        return f"the “{self.form.title.text()}” form" if self.form.draft() else PlansVisits.draft_title(self)

    def restore_draft(self, state: dict[str, Any]) -> None:
        if "values" in state:
            PlansVisits.restore_draft(self, state)
        if isinstance(state.get("school"), dict):
            self.form.put_back(state["school"])

    def reload(self) -> None:
        self.session.casework(lambda cw: SchoolView(cw.records).rows(), self._show, self._failed, self)

    def _show(self, rows: list[SchoolRow]) -> None:
        self.problem.hide()
        self.model.columns = tuple(columns.schools(self.services.today()))
        self.model.set_rows(rows)
        cases = sum(r.open_cases for r in rows)
        planned = sum(1 for r in rows if r.next_visit)
        self.subtitle_text(
            f"{len(rows)} linked schools · {cases} open cases · {planned} with a visit planned"
            if rows
            else "No schools yet: import them from the GIAS download (Import from GIAS…) or add them."
        )
        self._filter(self.filter.text())
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def subtitle_text(self, value: str) -> None:
        if self.subtitle is not None:
            self.subtitle.setText(value)

    def _filter(self, value: str) -> None:
        self.proxy.setFilterFixedString(value.strip())
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.shown.setText(
            f"Showing {shown} of {total} schools"
            if value.strip()
            else "Enter opens the school; Ctrl+N plans a visit"
        )

    def _open_first(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
            self._open(self.table.current_row())

    def _open(self, school: SchoolRow) -> None:
        self.open_requested.emit("school", school.id)

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    def plan_visit(self) -> bool:
        current = self.table.current_row()
        self.plan.open_for(current.id if current is not None else None)
        return True

    def import_schools(self) -> SchoolImportDialog | None:
        """Choose the GIAS download, then preview and import it in a dialog."""
        path = ask_gias_file(self)
        if not path:
            return None
        dialog = SchoolImportDialog(self.session, Path(path), self)
        dialog.imported.connect(self._imported)
        dialog.open()
        dialog.start()
        return dialog

    def _imported(self, message: str) -> None:
        self.message.emit(message)
        self.reload()

    def _planned(self, _visit_id: str, message: str) -> None:
        self.message.emit(message)
        self.reload()

    def new_school(self) -> None:
        self.form.open_new()

    def _added(self, school_id: str, message: str) -> None:
        self.message.emit(message)
        self.open_requested.emit("school", school_id)
