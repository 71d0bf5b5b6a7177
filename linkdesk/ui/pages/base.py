"""What every page of the shell shares: a scrolling body, a heading and a wipe on lock."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from linkdesk.services.app_services import Services
from linkdesk.ui import theme
from linkdesk.ui.desk_facts import DeskFacts
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import em, text

#: Below this many line heights of page width, the page's side margins narrow.
NARROW_MARGINS_EM = 62


class Page(QWidget):
    #: The page's unsaved state changed (the window enables Save).
    unsaved_changed = Signal(bool)
    #: A short message for the status bar.
    message = Signal(str)
    #: Open a page that shows one record: (page key, record id).
    open_requested = Signal(str, str)
    #: The page changed what the window shows about the store (the service's name, idle time).
    facts_changed = Signal()
    #: Widest the content may grow, in line heights (0: the full width). Forms read better narrow.
    max_width_em: float = 0

    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__()
        self.spec = spec
        self.session = session
        self.services = services
        self.colours = colours
        self.setObjectName(f"page_{spec.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setAccessibleName(spec.title)
        outer.addWidget(scroll)
        self.body = QWidget()
        self.body.setObjectName("pageBody")
        scroll.setWidget(self.body)
        self._frame = frame = QHBoxLayout(self.body)
        self._set_margins(narrow=False)
        column = QWidget()
        column.setObjectName("pageColumn")
        if self.max_width_em:
            column.setMaximumWidth(em(self, self.max_width_em))
        frame.addWidget(column, 1)
        if self.max_width_em:
            frame.addStretch(0)
        self.layout_ = QVBoxLayout(column)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(em(self, 0.8))

    def _set_margins(self, narrow: bool) -> None:
        margin = em(self, 1.6)
        side = em(self, 0.8) if narrow else margin + em(self, 0.4)
        self._frame.setContentsMargins(side, margin, side, margin)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._set_margins(narrow=event.size().width() < em(self, NARROW_MARGINS_EM))
        super().resizeEvent(event)

    def add_heading(self, title: str, subtitle: str = "", record: bool = False) -> QLabel | None:
        self.layout_.addWidget(text(title, "h1", wrap=False))
        if not subtitle:
            return None
        sub = text(subtitle, "subtle", record=record)
        self.layout_.addWidget(sub)
        self.layout_.addSpacing(em(self, 0.3))
        return sub

    # -- hooks the window uses -----------------------------------------------------------------

    #: The record a record page shows (None on list pages), so a relock can reopen it.
    record_id: str | None = None

    #: Contextual commands (action names in the registry) this page handles with ``command``.
    commands: frozenset[str] = frozenset()

    def command(self, name: str) -> None:
        """Carry out a contextual command from the registry (only those in ``commands``)."""

    #: The page starts loading what it lists as it is built, so the shell does not ask it to
    #: again (``activated``) when it shows it straight after building it.
    loads_as_built = False

    def activated(self) -> None:
        """The page has just been shown: refresh what it lists."""

    def set_facts(self, facts: DeskFacts | None) -> None:
        """The desk facts read after unlocking (the service's name...), for pages that show them."""

    def focus_start(self) -> None:
        """Put the cursor where work on this page starts (after unlocking): its focus proxy, if any."""
        if self.focusProxy() is not None:
            self.setFocus()

    def show_record(self, record_id: str) -> None:
        """Show one record (pages that show one record only)."""

    def plan_visit(self) -> bool:
        """Open the plan-a-visit form here; False if this page has none."""
        return False

    def new_record(self) -> bool:
        """Ctrl+N: open this page's own form for a new record; False to plan a visit instead."""
        return False

    def has_unsaved(self) -> bool:
        return False

    def save(self) -> None:
        """Save the page's changes (the registry's Save action)."""

    def wipe(self) -> None:
        """Remove every trace of record content before the page is destroyed on lock."""
        for dialog in self.findChildren(QDialog):  # a form open over the page closes (its draft is kept)
            dialog.reject()
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for plain in self.findChildren(QPlainTextEdit):
            plain.clear()
        for rich in self.findChildren(QTextEdit):
            rich.clear()
        for label in self.findChildren(QLabel):
            if label.property("record"):
                label.clear()
        for view in self.findChildren(QAbstractItemView):
            if isinstance(view, QListWidget):  # owns its model: empty it instead
                view.clear()
                continue
            model = view.model()
            if model is not None:
                view.setModel(None)
                if isinstance(model, QObject) and model.parent() is None:
                    model.deleteLater()
