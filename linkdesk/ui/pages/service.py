"""Service: the wider record of the link work, one tab each (domain.md §2, §6).

Offers and contact time against the contract (per school, this academic year), information-sharing
agreements with what needs doing about them, training delivered, the duty line and calls, actions
(open, due, overdue; mark done) and the agency directory (search; "last checked", flagged when
over a year old). Each tab lists its records; "Add" or Enter on a row opens the add/edit form on
the tab, which shows a refusal under the field it names.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from linkdesk.domain.records import Record
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.wider_view import TAB_OF_TYPE, TAB_TYPES, ActionRow, WiderView
from linkdesk.ui import theme
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.models import wider_columns as W
from linkdesk.ui.models.table import TableModel, rows_of
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.record_form import RecordForm
from linkdesk.ui.session import Session
from linkdesk.ui.tables import Table, sorted_filtered
from linkdesk.ui.widgets import button, em, row, text

#: key, tab title, add button, what the list shows.
TABS = (
    ("offers", "&Offers and time", "Add an offer", "This academic year's offer and contact time, by school."),
    (
        "agreements",
        "Agree&ments",
        "Add an agreement",
        "Information-sharing agreements: missing or due first.",
    ),
    ("training", "T&raining", "Add training", "Training delivered, newest first."),
    ("duty", "D&uty line", "Log a call", "Calls, emails and duty-line contacts, newest first."),
    ("actions", "Act&ions", "Add an action", "Actions: overdue and due soon in bold."),
    ("agencies", "Age&ncies", "Add an agency", "Where children can be referred or signposted."),
)
ACTION_FILTERS = {
    "open": "Open",
    "due": "Due this week or overdue",
    "overdue": "Overdue",
    "closed": "Done or dropped",
    "all": "All actions",
}


def keep_action(row: ActionRow, choice: str) -> bool:
    return {
        "open": row.status == "open",
        "due": row.overdue or row.due_soon,
        "overdue": row.overdue,
        "closed": row.status != "open",
    }.get(choice, True)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class RecordTab(QWidget):
    def __init__(self, page: ServicePage, key: str, title: str, add_text: str, about: str) -> None:
        super().__init__()
        self.page, self.key = page, key
        self.setObjectName(f"tab_{key}")
        self.all_rows: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, em(self, 0.8), 0, 0)
        layout.setSpacing(em(self, 0.6))
        self.form = RecordForm(W.FORMS[key], page.session, page.services.today, f"{key}Form")
        self.form.saved.connect(self._saved)
        tools: list[QWidget | None] = [text(about, "subtle")]
        self.filter: QLineEdit | QComboBox | None = None
        if key == "agencies":
            search = QLineEdit()
            search.setObjectName("agencySearch")
            search.setPlaceholderText("Name, kind or criteria")
            search.setClearButtonEnabled(True)
            search.textChanged.connect(self._refilter)
            tools += [label_for("&Find", search), search]
            self.filter = search
        elif key == "actions":
            combo = QComboBox()
            combo.setObjectName("actionFilter")
            combo.view().setAccessibleName("Choices")
            for value, words in ACTION_FILTERS.items():
                combo.addItem(words, value)
            combo.currentIndexChanged.connect(self._refilter)
            tools += [label_for("&Show", combo), combo]
            self.filter = combo
        self.extra = None
        if key in ("actions", "agencies"):
            self.extra = button("Mark &done" if key == "actions" else "Checked toda&y", name=f"{key}Extra")
            self.extra.setAccessibleName(
                "Mark the chosen action done" if key == "actions" else "Details checked today"
            )
            self.extra.clicked.connect(self._extra)
            tools.append(self.extra)
        self.add_button = button(add_text, name=f"{key}Add")
        self.add_button.setAccessibleName(add_text.split("   ", maxsplit=1)[0])
        self.add_button.clicked.connect(self.add)
        tools.append(self.add_button)
        toolbar = row(*tools, spacing=em(self, 0.6))
        toolbar.setStretch(0, 1)  # the words take the room; the controls keep to the right
        layout.addLayout(toolbar)
        layout.addWidget(self.form)
        columns, widths = W.COLUMNS[key]
        self.model = TableModel(columns(page.services.today()), page.colours, self)
        self.proxy = sorted_filtered(self.model)
        self.proxy.setParent(self)
        self.table = Table(self.proxy, f"{key}Table", title.replace("&", ""))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.set_widths(*widths)
        self.table.on_open(self.open_row)
        self.table.setMinimumHeight(em(self, 14))
        layout.addWidget(self.table, 1)
        self.caption = text("", "caption", record=True)
        self.caption.setObjectName(f"{key}Caption")
        layout.addWidget(self.caption)

    def add(self) -> None:
        self.form.open_new()

    # -- rows -------------------------------------------------------------------------------------

    def set_rows(self, rows: list[Any]) -> None:
        current = self.table.current_row()
        self.all_rows = rows
        self._refilter()
        if current is not None:  # a reload keeps the row chosen
            focused = self.table.hasFocus()
            self.select(str(self.target(current)[0] or getattr(current, "school_id", "")), focus=focused)

    def _refilter(self) -> None:
        rows = self.all_rows
        if isinstance(self.filter, QComboBox):
            choice = str(self.filter.currentData())
            rows = [r for r in rows if keep_action(r, choice)]
        self.model.set_rows(rows)
        if isinstance(self.filter, QLineEdit):
            self.proxy.setFilterFixedString(self.filter.text().strip())
        shown = self.proxy.rowCount()
        self.caption.setText(
            f"{shown} of {len(self.all_rows)} shown · Enter opens one to change it"
            if shown != len(self.all_rows)
            else f"{shown} in all · Enter opens one to change it"
        )

    def target(self, item: Any) -> tuple[str | None, dict[str, Any]]:
        """The record behind a row (None: a new one) and what a new one starts with."""
        if self.key == "offers":
            return item.offer_id, {"school_id": item.school_id}
        if self.key == "agreements":
            return item.agreement_id, {"school_id": item.school_id}
        return item.id, {}

    def open_row(self, item: Any) -> None:
        record_id, defaults = self.target(item)
        if record_id is None:
            self.form.open_new(defaults)
            return
        record_type = TAB_TYPES[self.key]
        self.page.session.casework(
            lambda cw: cw.records.get(record_type, record_id), self.form.open_edit, self.page.failed, self
        )

    def select(self, record_id: str, focus: bool = True) -> bool:
        for n, item in enumerate(rows_of(self.proxy)):
            if record_id in (
                getattr(item, "id", None),
                self.target(item)[0],
                getattr(item, "school_id", None),
            ):
                self.table.selectRow(n)
                if focus:
                    self.table.setFocus()
                return True
        return False

    def _extra(self) -> None:
        item = self.table.current_row()
        if item is None:
            self.page.message.emit("Choose one in the list first.")
            return

        def change(cw: Casework) -> Record:
            view = WiderView(cw.records)
            return view.mark_action(item.id) if self.key == "actions" else view.verify_agency(item.id)

        done = "Action marked done." if self.key == "actions" else "Agency details marked checked today."
        self.page.session.casework(change, lambda _r: self._saved(item.id, done), self.page.failed, self)

    def _saved(self, record_id: str, message: str) -> None:
        self.page.message.emit(message)
        self.page.reload(select=(self.key, record_id))


class ServicePage(Page):
    draft_name = "service.forms"

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.summary = self.add_heading("Service", "Loading…", record=True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("serviceTabs")
        self.tabs.setAccessibleName("Parts of the service record")
        self.tabs.setDocumentMode(True)
        self.tab: dict[str, RecordTab] = {}
        for key, title, add_text, about in TABS:
            tab = RecordTab(self, key, title, add_text, about)
            self.tab[key] = tab
            self.tabs.addTab(tab, title)
        self.layout_.addWidget(self.tabs, 1)
        self.problem = text("", "error")
        self.problem.setObjectName("serviceProblem")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self._select: tuple[str, str] | None = None

    def activated(self) -> None:
        self.reload()

    def draft_state(self) -> dict[str, Any] | None:
        """The forms open on the tabs with unsaved work, by tab."""
        forms = {key: draft for key, tab in self.tab.items() if (draft := tab.form.draft())}
        return {"forms": forms} if forms else None

    def draft_title(self) -> str:
        return "a form on the Service page"

    def restore_draft(self, state: dict[str, Any]) -> None:
        forms = state.get("forms")
        for key, draft in forms.items() if isinstance(forms, dict) else ():
            if key in self.tab and isinstance(draft, dict):
                self.open_tab(key)
                self.tab[key].form.put_back(draft)

    def reload(self, select: tuple[str, str] | None = None) -> None:
        self._select = select

        def load(cw: Casework) -> dict[str, list[Any]]:
            view = WiderView(cw.records)
            return {key: view.rows(key) for key in TAB_TYPES}

        self.session.casework(load, self._show, self.failed, self)

    def _show(self, rows: dict[str, list[Any]]) -> None:
        self.problem.hide()
        for key, tab in self.tab.items():
            tab.set_rows(rows[key])
        agreements = sum(1 for r in rows["agreements"] if r.warning)
        overdue = sum(1 for r in rows["actions"] if r.overdue)
        stale = sum(1 for r in rows["agencies"] if r.stale)
        behind = sum(1 for r in rows["offers"] if r.offer_id is None or r.behind)
        parts = [
            plural(agreements, "agreement needs", "agreements need") + " attention"
            if agreements
            else "Every agreement in force",
            plural(overdue, "action", "actions") + " overdue" if overdue else "No action overdue",
            plural(behind, "school", "schools") + " without an offer or behind on time" if behind else "",
            plural(stale, "agency", "agencies") + " not checked for a year" if stale else "",
        ]
        if self.summary is not None:
            self.summary.setText("  ·  ".join(p for p in parts if p))
        if self._select is not None:
            key, record_id = self._select
            self._select = None
            self.tabs.setCurrentWidget(self.tab[key])
            self.tab[key].select(record_id)

    def show_record(self, record_id: str) -> None:
        """Open the tab holding ``record_id`` (from search) with that record chosen."""

        def find(cw: Casework) -> str:
            record = cw.records.records.get(record_id)
            return TAB_OF_TYPE.get(record.type, "") if record is not None else ""

        self.session.casework(find, lambda key: self._found(key, record_id), self.failed, self)

    def _found(self, key: str, record_id: str) -> None:
        if key:
            self.reload(select=(key, record_id))

    def open_tab(self, key: str) -> RecordTab:
        self.tabs.setCurrentWidget(self.tab[key])
        return self.tab[key]

    def failed(self, exc: BaseException) -> None:
        self.problem.setText(user_message(exc))
        self.problem.show()

    def wipe(self) -> None:
        for tab in self.tab.values():
            tab.all_rows = []
            tab.form.close_form()
        super().wipe()
