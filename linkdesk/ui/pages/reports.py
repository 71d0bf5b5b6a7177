"""Reports: the weekly caseload summary or the service report, built on the DB worker and shown
here (key figures, two charts, the tables), then exported as PDF, CSV or XLSX through the report
writer. "Export for sharing" (on by default) withholds small counts at the store's threshold and,
for the service report, gives schools, workers and clusters by code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from linkdesk.domain.calendar import academic_year_of
from linkdesk.domain.reporting import Report
from linkdesk.domain.reporting_groups import GROUP_BY, GROUP_TITLES
from linkdesk.domain.reporting_periods import default_week
from linkdesk.errors import ValidationError
from linkdesk.services.app_services import Services
from linkdesk.services.report_ports import FORMATS
from linkdesk.ui import report_jobs as jobs
from linkdesk.ui import theme
from linkdesk.ui.accessibility import label_for
from linkdesk.ui.errors import user_message
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.report_view import ReportView
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, text

FILTERS = {"pdf": "PDF (*.pdf)", "csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}
WEEKLY, SERVICE = "weekly", "service"
DATE_FORMAT = "d MMM yyyy"


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def chosen_format(path: str, selected_filter: str) -> tuple[Path, str]:
    """The file and format the user chose: the file's ending wins, else the filter's (added)."""
    chosen = Path(path)
    suffix = chosen.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return chosen, suffix
    fmt = next((f for f, name in FILTERS.items() if name == selected_filter), "pdf")
    return chosen.with_name(chosen.name + "." + fmt), fmt


class ReportsPage(Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.add_heading("Reports", "Build a weekly caseload summary or a service report, then export it.")
        self.suppress_under = 10
        self.report: Report | None = None
        self.built_for: jobs.Request | None = None
        self._loaded = False
        self.layout_.addWidget(self._controls())
        self.problem = text("", "error")
        self.problem.setObjectName("reportsProblem")
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.view = ReportView(colours)
        self.layout_.addWidget(self.view)
        self.layout_.addStretch(1)
        self._kind_changed()

    # -- the form ---------------------------------------------------------------------------------

    def _controls(self) -> QWidget:
        frame, body = card()
        frame.setObjectName("reportControls")
        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 0.8))
        grid.setVerticalSpacing(em(self, 0.3))
        today = self.services.today()
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        self.kind.addItem("Weekly caseload summary", WEEKLY)
        self.kind.addItem("Service report", SERVICE)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.week = QComboBox()
        self.week.setObjectName("reportWeek")
        for name, words in jobs.last_weeks(today):
            self.week.addItem(words, name)
        # this week from Thursday, else last week: the one a summary is usually wanted for
        self.week.setCurrentIndex(max(0, self.week.findData(jobs.iso_week_name(default_week(today).start))))
        self.staff = QComboBox()
        self.staff.setObjectName("reportStaff")
        self.staff.addItem("Whole team", None)
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        for key, words in jobs.PERIODS.items():
            self.period.addItem(words, key)
        self.period.addItem("Custom range", jobs.CUSTOM)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.start = self._date_edit("reportFrom", date(academic_year_of(today), 9, 1))
        self.end = self._date_edit("reportTo", today)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self.group = QComboBox()
        self.group.setObjectName("reportGroup")
        for key in GROUP_BY:
            self.group.addItem(GROUP_TITLES[key], key)
        self.start_error = self._field_error("reportFromError")
        self.end_error = self._field_error("reportToError")
        self.weekly_fields: list[tuple[QLabel, QWidget]] = [
            (label_for("&Week", self.week), self.week),
            (label_for("&Staff", self.staff), self.staff),
        ]
        self.service_fields: list[tuple[QLabel, QWidget]] = [
            (label_for("&Period", self.period), self.period),
            (label_for("&From", self.start), self.start),
            (label_for("&To", self.end), self.end),
            (label_for("&Group by", self.group), self.group),
        ]
        for combo in (self.kind, self.week, self.staff, self.period, self.group):
            combo.view().setAccessibleName("Choices")  # the drop-down list, announced when it opens
        grid.addWidget(label_for("&Report", self.kind), 0, 0)
        grid.addWidget(self.kind, 1, 0)
        for column, (label, field) in enumerate([*self.weekly_fields, *self.service_fields], start=1):
            grid.addWidget(label, 0, column)
            grid.addWidget(field, 1, column)
        grid.addWidget(self.start_error, 2, 4)
        grid.addWidget(self.end_error, 2, 5)
        grid.setColumnStretch(7, 1)
        body.addLayout(grid)
        body.addLayout(self._actions())
        return frame

    def _actions(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        actions.setSpacing(em(self, 0.6))
        self.build_button = button("Build", primary=True, name="reportBuild")
        self.build_button.setAccessibleName("Build the report")
        self.build_button.clicked.connect(self.build)
        self.export_button = button("Export…", name="reportExport")
        self.export_button.setAccessibleName("Export the report as PDF, CSV or XLSX")
        self.export_button.clicked.connect(self.export)
        self.sharing = QCheckBox()
        self.sharing.setObjectName("reportSharing")
        self.sharing.setChecked(True)
        self.status = text("", "subtle", wrap=False)
        self.status.setObjectName("reportStatus")
        actions.addWidget(self.build_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.sharing)
        actions.addStretch(1)
        actions.addWidget(self.status)
        return actions

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(qdate(day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        return edit

    def _field_error(self, name: str) -> QLabel:
        label = text("", "fielderror")
        label.setObjectName(name)
        label.hide()
        return label

    def _is_weekly(self) -> bool:
        return bool(self.kind.currentData() == WEEKLY)

    def _kind_changed(self) -> None:
        weekly = self._is_weekly()
        for label, field in self.weekly_fields:
            label.setVisible(weekly)
            field.setVisible(weekly)
        for label, field in self.service_fields:
            label.setVisible(not weekly)
            field.setVisible(not weekly)
        self._period_changed()
        self._sharing_words()

    def _period_changed(self) -> None:
        custom = self.period.currentData() == jobs.CUSTOM and not self._is_weekly()
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        self._dates_changed()

    def _dates_changed(self) -> None:
        self._show_field_error(None, "")

    def _sharing_words(self) -> None:
        under = self.suppress_under
        if self._is_weekly():
            words = f"Export for sharing: counts under {under} withheld (children already appear by code)"
        else:
            words = (
                f"Export for sharing: schools, workers and clusters by code, counts under {under} withheld"
            )
        self.sharing.setText(words)
        self.sharing.setAccessibleName(words)

    def _show_field_error(self, field: str | None, message: str) -> None:
        for name, label in (("from", self.start_error), ("to", self.end_error)):
            label.setText(message if name == field else "")
            label.setVisible(name == field)
        edits = {"from": self.start, "to": self.end}
        for name, edit in edits.items():
            edit.setAccessibleDescription(message if name == field else "")

    def request(self) -> jobs.Request | None:
        """The report asked for, or None (with the problem shown beside its field)."""
        if self._is_weekly():
            return jobs.WeeklyRequest(str(self.week.currentData()), self.staff.currentData())
        period = str(self.period.currentData())
        start, end = pydate(self.start.date()), pydate(self.end.date())
        if period == jobs.CUSTOM and end < start:
            self._show_field_error("to", "The last day is before the first day: choose a later date.")
            return None
        self._show_field_error(None, "")
        custom = period == jobs.CUSTOM
        return jobs.ServiceRequest(
            period, str(self.group.currentData()), start if custom else None, end if custom else None
        )

    def sharing_options(self) -> jobs.Sharing | None:
        if not self.sharing.isChecked():
            return None
        return jobs.Sharing(pseudonymise=True, suppress_under=self.suppress_under)

    # -- loading and building ---------------------------------------------------------------------

    def activated(self) -> None:
        if not self._loaded:
            self._loaded = True
            today = self.session.today
            self.session.run(lambda store: jobs.choices(store, today), self._choices, self._failed, self)

    def _choices(self, found: jobs.Choices) -> None:
        """Fill the staff picker, on my own week when Settings says who I am; then build."""
        self.staff.clear()
        self.staff.addItem("Whole team", None)
        for staff_id, name in found.staff:
            self.staff.addItem(f"{name} (you)" if staff_id == found.me else name, staff_id)
        self.staff.setCurrentIndex(max(0, self.staff.findData(found.me)))
        self.suppress_under = found.suppress_under
        self._sharing_words()
        self.build()

    def build(self) -> None:
        request = self.request()
        if request is None:
            return
        self.problem.hide()
        self.status.setText("Building…")
        self.build_button.setEnabled(False)
        services = self.services
        self.session.run(
            lambda store: jobs.build(store, services, request),
            lambda report: self._built(request, report),
            self._build_failed,
            self,
        )

    def _built(self, request: jobs.Request, report: Report) -> None:
        self.build_button.setEnabled(True)
        self.report, self.built_for = report, request
        self.view.show_report(report)
        self.status.setText("")

    def _build_failed(self, exc: BaseException) -> None:
        self.build_button.setEnabled(True)
        self.status.setText("")
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.field in ("from", "to"):
            self._show_field_error(exc.field, str(exc).split(": ", 1)[-1])
            return
        self.problem.setText(user_message(exc))
        self.problem.show()

    # -- export -----------------------------------------------------------------------------------

    def export(self) -> None:
        request = self.request()
        if request is None:
            return
        stem = jobs.file_stem(request, self.services.today())
        suggested = str(Path.home() / f"{stem}.pdf")
        offered = [name for fmt, name in FILTERS.items() if self.services.managed.allows_format(fmt)]
        path, selected = QFileDialog.getSaveFileName(
            self, "Export the report", suggested, ";;".join(offered), FILTERS["pdf"]
        )
        if not path:
            return
        target, fmt = chosen_format(path, selected)
        sharing, services = self.sharing_options(), self.services
        self.problem.hide()
        self.status.setText("Exporting…")
        self.session.run(
            lambda store: jobs.export(store, services, request, fmt, target, sharing),
            self._exported,
            self._export_failed,
            self,
        )

    def _exported(self, out: Path) -> None:
        words = f"Saved {out.name}" + (" for sharing" if self.sharing.isChecked() else "")
        self.status.setText(words)
        self.message.emit(words)

    def _export_failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self._failed(exc)

    def wipe(self) -> None:
        self.view.clear()
        self.staff.clear()
        self.report = None
        super().wipe()
