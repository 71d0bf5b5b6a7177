"""Small building blocks shared by the screens: headings, cards, empty states, buttons."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from linkdesk.ui import theme


def em(widget: QWidget, n: float) -> int:
    """``n`` times the height of a letter in the widget's font: spacing that scales with text."""
    return round(widget.fontMetrics().height() * n)


def text(content: str, role: str | None = None, wrap: bool = True, record: bool = False) -> QLabel:
    """A label; ``role`` picks a style (h1, h2, subtle, caption, error, notice, kbd).

    ``record=True`` marks text that comes from the store: it is wiped when the app locks.
    """
    label = QLabel(content)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)
    if record:
        label.setProperty("record", True)
    return label


def icon_label(name: str, colour: str, px: int) -> QLabel:
    label = QLabel()
    ratio = label.devicePixelRatioF()
    label.setPixmap(theme.tinted_pixmap(name, colour, QSize(px, px), ratio))
    label.setFixedSize(px, px)
    label.setAccessibleName("")
    return label


def button(content: str, primary: bool = False, link: bool = False, name: str = "") -> QPushButton:
    btn = QPushButton(content)
    if primary:
        btn.setProperty("primary", True)
        btn.setDefault(True)
    if link:
        btn.setProperty("link", True)
        btn.setCursor(Qt.CursorShape.PointingHandCursor)
    if name:
        btn.setObjectName(name)
    btn.setAccessibleName(content.replace("&", ""))
    return btn


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    spacing = em(frame, 0.9)
    layout.setContentsMargins(spacing + 4, spacing, spacing + 4, spacing + 2)
    layout.setSpacing(em(frame, 0.45))
    return frame, layout


def rule() -> QFrame:
    line = QFrame()
    line.setProperty("role", "rule")
    line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return line


def row(*items: QWidget | QLayout | None, spacing: int = 8) -> QHBoxLayout:
    """A horizontal row; ``None`` is a stretch."""
    layout = QHBoxLayout()
    layout.setSpacing(spacing)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def empty_state(icon: str, title: str, body: str, colours: theme.Colours) -> QWidget:
    """A quiet centred message for a page that has nothing to show yet."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.addStretch(2)
    glyph = icon_label(icon, colours.subtle, em(box, 3.2))
    layout.addWidget(glyph, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addSpacing(em(box, 0.6))
    heading = text(title, "h2")
    heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    layout.addWidget(heading)
    detail = text(body, "subtle")
    detail.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    detail.setFixedWidth(em(box, 26))
    layout.addLayout(row(None, detail, None))  # an aligned word-wrapped label would clip
    layout.addStretch(3)
    return box


def stack_when_narrow(columns: QBoxLayout, page: QWidget, width: int, narrow_em: float) -> None:
    """Lay ``columns`` side by side on a wide page and one above the other when scaling leaves
    less than ``narrow_em`` line heights of ``width`` (call from the page's resizeEvent)."""
    narrow = width < em(page, narrow_em)
    wanted = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
    if columns.direction() != wanted:
        columns.setDirection(wanted)


class ReflowingFrame(QFrame):
    """A frame that lays out its contents again (``arrange``) when it becomes narrower than
    ``narrow_em`` line heights, or wide again; only when that changes, not at every resize."""

    narrow_em = 0.0

    def __init__(self) -> None:
        super().__init__()
        #: Laid out narrow (True), wide (False) or not yet (None).
        self.narrow: bool | None = None

    def reflow(self, narrow: bool) -> None:
        if narrow != self.narrow:
            self.narrow = narrow
            self.arrange(narrow)

    def arrange(self, narrow: bool) -> None:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.reflow(event.size().width() < em(self, self.narrow_em))
        super().resizeEvent(event)


def secret_field(name: str) -> QLineEdit:
    """A field for a passphrase: what is typed is hidden and no input method sees it."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return edit
