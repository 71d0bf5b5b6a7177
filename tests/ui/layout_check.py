"""Does every page fit its window? Walks each page the shell registers (and each tab of a page)
and reports what a user would see go wrong: a page wider than the window (sideways scrolling),
a label or button whose text does not fit, a table cell whose text is cut or elided, a table
wider than its frame. Used in the test process at logical sizes and by ``scale_check.py`` in a
process of its own at a display scale (Qt fixes the scale when it starts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QScrollArea,
    QStyle,
    QStyleOptionViewItem,
    QTabWidget,
    QWidget,
)

from linkdesk.app import load_measures
from linkdesk.domain.ports import StoreSession
from linkdesk.services.caseload_view import CaseloadView
from linkdesk.services.casework import Casework
from linkdesk.services.demo import build_demo
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from linkdesk.ui.accessibility import describe, unnamed_focusables
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.pages.service import ServicePage
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.tables import Table
from tests.conftest import PASSPHRASE


def demo_service(vault: Vault, today: date) -> dict[str, list[str]]:
    """A new store holding the small demo service; the record pages' ids (``record_targets``)."""
    store, _code = vault.create("Demo Link Work Service", PASSPHRASE)
    with store:
        records = RecordService(store, lambda: today)
        build_demo(records, "small", 1, today, MeasureRecords(records, load_measures(vault.layout.home)))
        return record_targets(store, today)


def record_targets(store: StoreSession, today: date) -> dict[str, list[str]]:
    """Records for the record pages: every open case, the one with the most to show first (risk,
    flags, an action, referrals), every school with a case, and a case discussion at each."""
    casework = Casework(RecordService(store, lambda: today))
    rows = sorted(
        CaseloadView(casework).rows(),
        key=lambda r: (r.risk, len(r.flags), r.next_action is not None, r.open_referrals),
        reverse=True,
    )
    schools = list(dict.fromkeys(case.school_id for case in rows))
    visits = [v.id for school in schools for v in casework.records.find("visit", {"school_id": school})[:1]]
    return {"cyp": [case.id for case in rows], "school": schools, "discussion": visits}


def shown_text(widget: QLabel | QAbstractButton) -> str:
    return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit them."""
    found = []
    for label in root.findChildren(QLabel):
        picture = label.pixmap()
        if not label.isVisible() or not label.text() or (picture is not None and not picture.isNull()):
            continue
        if label.wordWrap():
            if label.height() + 1 < label.heightForWidth(label.contentsRect().width()):
                found.append(f"label (wrapped, too short) {shown_text(label)!r}")
        elif label.fontMetrics().horizontalAdvance(shown_text(label)) > label.contentsRect().width() + 1:
            found.append(f"label {shown_text(label)!r}")
    for btn in root.findChildren(QAbstractButton):
        if btn.isVisible() and btn.text() and btn.sizeHint().width() > btn.width() + 1:
            found.append(f"button {btn.text()!r}")
    return found


def _lines_fit(text: str, font: QFont, width: float, height: float, wrap: bool) -> bool:
    """Whether Qt's item delegate draws ``text`` whole in a text box of ``width`` x ``height``."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap if wrap else QTextOption.WrapMode.ManualWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    used = 0.0
    widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        used += line.height()
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return widest <= width + 0.5 and used <= height + 0.5


def cut_cells(root: QWidget) -> list[str]:
    """Table cells whose text the style would cut or elide, measured in the rectangle the style
    gives the text (``SE_ItemViewItemText``, less its margins), as Qt's delegate draws it."""
    found = []
    for table in root.findChildren(Table):
        if not table.isVisible() or table.model() is None:
            continue
        model = table.model()
        header = table.horizontalHeader()
        if header.length() > table.viewport().width() + 1:
            found.append(
                f"table {table.objectName()}: columns {header.length() - table.viewport().width()} px wider"
            )
        for column, width in enumerate(table.header_widths()):
            if header.sectionSize(column) + 1 < width:
                title = model.headerData(column, Qt.Orientation.Horizontal)
                found.append(f"table {table.objectName()} heading cut: {title!r}")
        style = table.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
        for number in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(number, column)
                text = str(index.data() or "")
                if not text.strip():
                    continue
                option = QStyleOptionViewItem()
                table.initViewItemOption(option)
                option.rect = table.visualRect(index)
                option.text = text
                option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
                if table.wordWrap():
                    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
                font = index.data(Qt.ItemDataRole.FontRole)
                if isinstance(font, QFont):
                    option.font = font.resolve(option.font)
                box = QRectF(style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table))
                box.adjust(margin, 0, -margin, 0)
                if not _lines_fit(text, option.font, box.width(), box.height(), table.wordWrap()):
                    found.append(f"table {table.objectName()} cell cut: {text!r}")
    return found


def sideways(root: QWidget) -> list[str]:
    scroll = root.findChild(QScrollArea, "pageScroll")
    if scroll is not None and scroll.horizontalScrollBar().maximum() > 0:
        return [f"{scroll.horizontalScrollBar().maximum()} px wider than the window (sideways scrolling)"]
    return []


def settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()


def page_problems(root: QWidget) -> list[str]:
    settle()
    unnamed = [f"no accessible name: {name}" for name in describe(unnamed_focusables(root))]
    return sideways(root) + clipped(root) + cut_cells(root) + unnamed


@dataclass
class Walk:
    """Walk every page of an unlocked ``window``. ``records`` are ids for the record pages: the
    first is looked at in full, every tab and form; the others (their width can depend on what
    they hold) for sideways scrolling, which their hidden tabs count in too."""

    window: MainWindow
    records: dict[str, list[str]]

    def problems(self) -> list[str]:
        shell = self.window.shell
        assert shell is not None
        found: list[str] = []
        for key, page in shell.pages.items():
            first, *others = self.records.get(key, [""])
            if first:
                shell.open_record(key, first)
            else:
                shell.show_page(key)
            found += self._views(key, page)
            for record in others:
                shell.open_record(key, record)
                settle()
                found += [f"{key} {record}: {p}" for p in sideways(page)]
        return found

    def _views(self, key: str, page: QWidget) -> list[str]:
        """The page as shown, then each tab of it, each form it opens; what each gets wrong."""
        found: list[str] = []
        views: list[tuple[str, Callable[[], object]]] = [(key, lambda: None)]
        for tabs in page.findChildren(QTabWidget):
            for number in range(tabs.count()):
                views.append((f"{key}/tab {number}", lambda t=tabs, n=number: t.setCurrentIndex(n)))
        if isinstance(page, ServicePage):
            for tab in page.tab:
                views.append((f"{key}/{tab} form", lambda p=page, k=tab: p.open_tab(k).form.open_new()))
        if isinstance(page, SettingsPage):
            views.append((f"{key}/passphrase", page.keys.open_passphrase))
        for name, show in views:
            show()
            found += [f"{name}: {p}" for p in page_problems(page)]
        return found
