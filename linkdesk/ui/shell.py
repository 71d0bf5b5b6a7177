"""The unlocked shell: the navigation list on the left and the pages beside it.

A shell exists only while the store is open. On lock the window wipes it and destroys it, so
nothing of the records stays in the widget tree; the next unlock builds a new one.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NAV_PAGES, NavPage
from linkdesk.ui.pages.placeholder import PlaceholderPage
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.pages.today import TodayPage
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import em, icon_label, text

PAGE_CLASSES: dict[str, type[Page]] = {"today": TodayPage, "settings": SettingsPage}


def make_page(spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> Page:
    return PAGE_CLASSES.get(spec.key, PlaceholderPage)(spec, session, services, colours)


class Shell(QWidget):
    #: The page shown changed (its key).
    page_changed = Signal(str)

    def __init__(
        self, session: Session, services: Services, colours: theme.Colours, lock_action: QAction
    ) -> None:
        super().__init__()
        self.setObjectName("Shell")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        panel = QFrame()
        panel.setObjectName("NavPanel")
        panel.setFixedWidth(em(self, 11.5))
        side = QVBoxLayout(panel)
        side.setContentsMargins(em(self, 0.5), em(self, 0.9), em(self, 0.5), em(self, 0.6))
        side.setSpacing(em(self, 0.3))
        brand = QHBoxLayout()
        brand.setContentsMargins(em(self, 0.6), 0, 0, em(self, 0.5))
        brand.setSpacing(em(self, 0.4))
        brand.addWidget(icon_label("lock", colours.accent, em(self, 1.1)))
        brand.addWidget(text("LinkDesk", "brand", wrap=False), 1)
        side.addLayout(brand)

        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setAccessibleName("Pages")
        self.nav.setAccessibleDescription("Choose a page; Ctrl+1 to Ctrl+8 jump straight to one")
        self.nav.setIconSize(QSize(em(self, 1.15), em(self, 1.15)))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(em(self, 0.08))
        side.addWidget(self.nav, 1)
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("navLock")
        self.lock_button.setDefaultAction(lock_action)
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.lock_button.setIcon(theme.icon("lock", colours.text))
        self.lock_button.setText("Lock now")
        self.lock_button.setAccessibleName("Lock now")
        self.lock_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        side.addWidget(self.lock_button)
        self.stack = QStackedWidget()
        self.stack.setObjectName("PageStack")
        self.pages: dict[str, Page] = {}
        for number, spec in enumerate(NAV_PAGES, start=1):
            item = QListWidgetItem(theme.icon(spec.icon, colours.subtle, colours.accent), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} (Ctrl+{number})")
            item.setSizeHint(QSize(0, em(self, 2.3)))
            self.nav.addItem(item)
            page = make_page(spec, session, services, colours)
            self.pages[spec.key] = page
            self.stack.addWidget(page)
        layout.addWidget(panel)
        layout.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self._row_changed)
        self.nav.setCurrentRow(0)

    @property
    def current_key(self) -> str:
        page = self.stack.currentWidget()
        return page.spec.key if isinstance(page, Page) else NAV_PAGES[0].key

    @property
    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def show_page(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(key)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.page_changed.emit(self.current_key)

    def wipe(self) -> None:
        """Clear every page's forms, labels and models (before the shell is destroyed)."""
        for page in self.pages.values():
            page.wipe()
