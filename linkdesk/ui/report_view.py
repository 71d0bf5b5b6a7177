"""A built report on screen: its facts, the key figures as large numbers, the two charts and the
report's tables as read-only lists. Every figure reads as it does in the PDF (``display``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from linkdesk.domain import reporting as R
from linkdesk.ui import theme
from linkdesk.ui.charts import ChartView
from linkdesk.ui.models.table import Column, TableModel
from linkdesk.ui.tables import Table, count_label, section_title
from linkdesk.ui.widgets import card, em, text

#: The charts the page shows, by their key in either report, and what each says with no data.
CHARTS = (
    ("contact_against_contract", "Contact time against contract", "No contact time or contract recorded."),
    ("referral_waits", "Referral waits", "No referral waits to show."),
)
MAX_FIGURES = 6


def _sort(cell: R.Cell) -> tuple[int, float | str]:
    value = cell.value
    if cell.withheld_under is not None or value is None:
        return (0, 0.0)
    return (1, float(value)) if isinstance(value, int | float) else (2, str(value).lower())


def _total(row: R.Row) -> bool:
    return row.total


def _figure_column(n: int, spec: R.Column) -> Column:
    def shown(row: R.Row) -> str:
        return R.display(row.cells[n], spec.kind)

    def key(row: R.Row) -> tuple[int, float | str]:
        return _sort(row.cells[n])

    def tip(row: R.Row) -> str:
        return f"{spec.label}: {R.display(row.cells[n], spec.kind)}"

    return Column(spec.label, shown, sort=key, right=spec.kind != "text", bold=_total, tip=tip)


def table_columns(table: R.Table) -> list[Column]:
    """The columns of a report table: its row label, then each figure as the PDF shows it."""
    first = Column(table.label_header, lambda r: r.label, bold=_total, tip=lambda r: r.label)
    return [first, *(_figure_column(n, spec) for n, spec in enumerate(table.columns))]


class Figure(QFrame):
    """One key figure: a caption and a large number."""

    def __init__(self, metric: R.Metric) -> None:
        super().__init__()
        self.setObjectName(f"figure_{metric.key}")
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        pad = em(self, 0.7)
        layout.setContentsMargins(pad, round(pad * 0.8), pad, pad)
        layout.setSpacing(em(self, 0.15))
        self.figure_metric = metric
        self.value = text(R.display(metric.cell), "stat", wrap=False, record=True)
        self.caption = text(metric.label, "caption")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        if metric.definition:
            self.setToolTip(metric.definition)


class ReportView(QWidget):
    """Shows one :class:`Report`; ``clear`` empties it (on lock, or before the next build)."""

    def __init__(self, colours: theme.Colours, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportView")
        self.colours = colours
        self.report: R.Report | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(em(self, 0.8))
        self.facts = text("", "subtle", record=True)
        self.facts.setObjectName("reportFacts")
        self.marking = text("", "pill", wrap=False, record=True)
        self.marking.setObjectName("reportMarking")
        self.marking.setProperty("tone", "muted")
        self.marking.hide()
        top = QHBoxLayout()
        top.setSpacing(em(self, 0.8))
        top.addWidget(self.facts, 1)
        top.addWidget(self.marking, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.figures_row = QHBoxLayout()
        self.figures_row.setSpacing(em(self, 0.7))
        layout.addLayout(self.figures_row)
        self.figures: list[Figure] = []
        charts = QHBoxLayout()
        charts.setSpacing(em(self, 0.8))
        self.charts: dict[str, ChartView] = {}
        self.chart_titles: dict[str, QLabel] = {}
        for key, title, empty in CHARTS:
            frame, body = card()
            self.chart_titles[key] = text(title, "h3", record=True)
            body.addWidget(self.chart_titles[key])
            view = ChartView(colours, f"chart_{key}")
            view.empty_text = empty
            view.setAccessibleDescription(empty)
            body.addWidget(view, 1)
            self.charts[key] = view
            charts.addWidget(frame, 1)
        layout.addLayout(charts)
        self.tables_box = QVBoxLayout()
        self.tables_box.setSpacing(em(self, 0.8))
        layout.addLayout(self.tables_box)
        self.notes = text("", "caption", record=True)
        layout.addWidget(self.notes)
        self.models: dict[str, TableModel] = {}
        self.tables: dict[str, Table] = {}

    def show_report(self, report: R.Report) -> None:
        self.clear()
        self.report = report
        facts = [f"{label}: {value}" for label, value in report.facts]
        marking = report.marking + (" · pseudonymised" if report.pseudonymised else "")
        if report.suppress_under:
            marking += f" · counts under {report.suppress_under} withheld"
        self.facts.setText("   ·   ".join(facts))
        self.marking.setText(marking)
        self.marking.show()
        for metric in report.headline[:MAX_FIGURES]:
            figure = Figure(metric)
            self.figures.append(figure)
            self.figures_row.addWidget(figure, 1)
        found = {chart.key: chart for chart in report.charts()}
        for key, title, _empty in CHARTS:
            chart = found.get(key)
            self.chart_titles[key].setText(chart.title if chart else title)
            self.charts[key].set_chart(chart)
        for section in report.sections:
            for table in section.tables:
                self.tables_box.addWidget(self._table(table))
        self.notes.setText("\n".join(report.notes))

    def _table(self, table: R.Table) -> QWidget:
        frame, body = card()
        frame.setObjectName(f"reportTable_{table.key}")
        frame.setProperty("generated", True)
        count = count_label()
        count.setText(str(sum(1 for r in table.rows if not r.total)))
        body.addWidget(section_title(table.title, count))
        model = TableModel(table_columns(table), self.colours, self)
        model.set_rows(table.rows)
        view = Table(model, f"report_{table.key}", table.title, compact=True)
        # columns sized to their content; short of room, text columns (a reason) wrap first
        view.set_widths(1, *(0 if column.kind == "text" else 1 for column in table.columns))
        body.addWidget(view)
        if table.note:
            body.addWidget(text(table.note, "caption"))
        self.models[table.key], self.tables[table.key] = model, view
        return frame

    def clear(self) -> None:
        """Remove every figure, table and chart of the report shown."""
        self.report = None
        self.facts.clear()
        self.marking.clear()
        self.marking.hide()
        self.notes.clear()
        for figure in self.figures:
            figure.deleteLater()
        self.figures = []
        while self.tables_box.count():
            item = self.tables_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for model in self.models.values():
            model.clear()
        self.models, self.tables = {}, {}
        for key, title, _empty in CHARTS:
            self.charts[key].clear()
            self.chart_titles[key].setText(title)

    def figure_texts(self) -> dict[str, str]:
        """The key figures as shown, by metric key (for checks and tests)."""
        return {f.figure_metric.key: f.value.text() for f in self.figures}
