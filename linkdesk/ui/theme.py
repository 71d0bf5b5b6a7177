"""Colours, the application style sheet and tinted icons; follows the system light/dark scheme.

The NHS blue (#005EB8) is the accent: primary buttons, the selected page and focus. Everything
else is calm greys from the NHS palette. Sizes in the style sheet are in ``em``/``pt`` so they
follow the user's font size. ``LINKDESK_THEME=light|dark`` overrides the system scheme.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from linkdesk import config

NHS_BLUE = "#005EB8"
ENV_THEME = "LINKDESK_THEME"


@dataclass(frozen=True)
class Colours:
    dark: bool
    window: str
    base: str
    panel: str
    text: str
    subtle: str
    border: str
    accent: str
    accent_hover: str
    accent_soft: str
    accent_text: str
    link: str
    error: str
    error_soft: str
    notice_soft: str
    focus: str
    good: str
    good_soft: str


LIGHT = Colours(
    dark=False,
    window="#F0F4F5",
    base="#FFFFFF",
    panel="#FFFFFF",
    text="#212B32",
    subtle="#4C6272",
    border="#D8DDE0",
    accent=NHS_BLUE,
    accent_hover="#003087",
    accent_soft="#E8F1FA",
    accent_text="#003087",
    link=NHS_BLUE,
    error="#B3261E",
    error_soft="#FBEDEC",
    notice_soft="#FFF7E0",
    focus="#FFB81C",
    good="#007F3B",
    good_soft="#E6F2EA",
)

DARK = Colours(
    dark=True,
    window="#1B2126",
    base="#252C33",
    panel="#20272D",
    text="#E8EDEE",
    subtle="#AEB7BD",
    border="#3A444D",
    accent=NHS_BLUE,
    accent_hover="#1A74CF",
    accent_soft="#1D3A57",
    accent_text="#CFE3F7",
    link="#8CC3F5",
    error="#FF9B92",
    error_soft="#3D2323",
    notice_soft="#3A321C",
    focus="#FFB81C",
    good="#6FCF97",
    good_soft="#1E3427",
)


def system_is_dark() -> bool:
    forced = os.environ.get(ENV_THEME, "").strip().lower()
    if forced in {"light", "dark"}:
        return forced == "dark"
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    return scheme == Qt.ColorScheme.Dark


def current() -> Colours:
    return DARK if system_is_dark() else LIGHT


def palette(c: Colours) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base,
        QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.base,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: c.base,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.subtle,
        QPalette.ColorRole.Link: c.link,
        QPalette.ColorRole.Mid: c.border,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.subtle))
    return pal


def _url(name: str) -> str:
    return icon_path(name).as_posix()


def style_sheet(c: Colours) -> str:
    down, up, tick = _url("chevron-down"), _url("chevron-up"), _url("tick")
    return f"""
QMainWindow, QWidget#Shell, QWidget#LockScreen {{ background: {c.window}; }}
QStatusBar {{ background: {c.panel}; border-top: 1px solid {c.border}; color: {c.subtle}; }}
QStatusBar QLabel {{ color: {c.subtle}; padding: 0.15em 0.6em; }}
QStatusBar QLabel#statusService {{ color: {c.text}; font-weight: 600; }}
QStatusBar QLabel#statusMessage {{ color: {c.accent_text}; }}
QStatusBar::item {{ border: none; }}
QMenuBar {{ background: {c.panel}; border-bottom: 1px solid {c.border}; }}
QFrame#NavPanel {{ background: {c.panel}; border: none; border-right: 1px solid {c.border}; }}
QListWidget#NavList {{ background: transparent; border: none; outline: 0; }}
QListWidget#NavList::item {{
    color: {c.text}; padding-left: 0.7em; border-radius: 4px; border-left: 3px solid transparent;
}}
QListWidget#NavList::item:hover {{ background: {c.window}; }}
QListWidget#NavList::item:selected {{
    background: {c.accent_soft}; color: {c.accent_text}; border-left: 3px solid {c.accent};
}}
QToolButton#navLock {{
    background: transparent; color: {c.text}; border: 1px solid {c.border}; border-radius: 4px;
    padding: 0.45em 0.7em; text-align: left;
}}
QToolButton#navLock:hover {{ background: {c.window}; }}
QToolButton#navLock:focus {{ border: 2px solid {c.focus}; }}
QLabel[role="brand"] {{ color: {c.accent_text}; font-size: 13pt; font-weight: 700; }}
QLabel[role="h1"] {{ color: {c.text}; font-size: 19pt; font-weight: 700; }}
QLabel[role="h2"] {{ color: {c.text}; font-size: 12.5pt; font-weight: 700; }}
QLabel[role="subtle"] {{ color: {c.subtle}; }}
QLabel[role="caption"] {{ color: {c.subtle}; font-size: 8.5pt; }}
QLabel[role="error"] {{
    color: {c.error}; background: {c.error_soft}; border-left: 4px solid {c.error};
    padding: 0.5em 0.7em;
}}
QLabel[role="notice"] {{
    color: {c.text}; background: {c.notice_soft}; border-left: 4px solid {c.focus};
    padding: 0.5em 0.7em;
}}
QLabel[role="kbd"] {{
    color: {c.text}; background: {c.window}; border: 1px solid {c.border}; border-radius: 3px;
    padding: 0.1em 0.45em; font-family: monospace;
}}
QFrame[role="card"] {{ background: {c.panel}; border: 1px solid {c.border}; border-radius: 6px; }}
QFrame[role="card"] QLabel {{ background: transparent; }}
QFrame[role="rule"] {{ background: {c.border}; border: none; max-height: 1px; min-height: 1px; }}
QLineEdit, QPlainTextEdit {{
    background: {c.base}; color: {c.text}; border: 1px solid {c.subtle}; border-radius: 3px;
    padding: 0.35em 0.5em; selection-background-color: {c.accent};
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {c.accent}; }}
QLineEdit:disabled {{ background: {c.window}; border-color: {c.border}; }}
QPushButton {{
    background: {c.base}; color: {c.text}; border: 1px solid {c.subtle}; border-radius: 4px;
    padding: 0.45em 1.1em;
}}
QPushButton:hover {{ background: {c.window}; }}
QPushButton:disabled {{ color: {c.subtle}; border-color: {c.border}; }}
QPushButton:focus {{ border: 2px solid {c.focus}; }}
QPushButton[primary="true"] {{
    background: {c.accent}; color: #FFFFFF; border: 1px solid {c.accent}; font-weight: 700;
}}
QPushButton[primary="true"]:hover {{ background: {c.accent_hover}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {c.focus}; }}
QPushButton[primary="true"]:disabled {{
    background: {c.border}; border-color: {c.border}; color: {c.subtle};
}}
QPushButton[link="true"] {{
    background: transparent; border: none; color: {c.link}; text-decoration: underline;
    padding: 0.2em 0;
}}
QPushButton[link="true"]:focus {{ background: {c.focus}; color: #212B32; }}
QLabel[role="fingerprint"] {{
    color: {c.accent_text}; font-family: "DejaVu Sans Mono", monospace; font-size: 16pt; font-weight: 700;
}}
QLabel[role="value"] {{ color: {c.text}; font-size: 11pt; font-weight: 600; }}
QFrame#dataAgeBanner {{
    background: {c.notice_soft}; border: none; border-bottom: 1px solid {c.border};
    border-left: 4px solid {c.focus};
}}
QFrame#dataAgeBanner QLabel {{ background: transparent; }}
QLabel[role="h3"] {{ color: {c.text}; font-size: 10.5pt; font-weight: 700; }}
QLabel[role="count"] {{
    color: {c.subtle}; background: {c.window}; border-radius: 8px; padding: 0 0.45em; font-size: 8.5pt;
    font-weight: 700;
}}
QLabel[role="fielderror"] {{ color: {c.error}; font-weight: 600; }}
QLabel[role="pill"] {{ border-radius: 3px; padding: 0.1em 0.5em; font-weight: 600; }}
QLabel[role="pill"][tone="good"] {{ color: {c.good}; background: {c.good_soft}; }}
QLabel[role="pill"][tone="alert"] {{ color: {c.error}; background: {c.error_soft}; }}
QLabel[role="pill"][tone="muted"] {{ color: {c.subtle}; background: {c.window}; }}
QLabel[role="stat"] {{ color: {c.text}; font-size: 15pt; font-weight: 700; }}
QLabel[role="linked"] {{ color: {c.accent_text}; font-size: 8.5pt; }}
QFrame[role="item"] {{ background: {c.panel}; border: 1px solid {c.border}; border-left: 4px solid {c.accent};
    border-radius: 4px; }}
QFrame[role="item"] QLabel, QFrame[role="item"] QCheckBox {{ background: transparent; }}
QFrame[role="footer"] {{ background: {c.panel}; border-top: 1px solid {c.border}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QSpinBox[invalid="true"] {{ border: 2px solid {c.error}; }}
QComboBox, QSpinBox {{
    background: {c.base}; color: {c.text}; border: 1px solid {c.subtle}; border-radius: 3px;
    padding: 0.3em 0.5em; selection-background-color: {c.accent};
}}
QComboBox:focus, QSpinBox:focus {{ border: 2px solid {c.accent}; }}
QComboBox:disabled, QSpinBox:disabled {{
    background: {c.window}; border-color: {c.border}; color: {c.subtle};
}}
QComboBox QAbstractItemView {{ background: {c.base}; selection-background-color: {c.accent_soft};
    selection-color: {c.text}; }}
QComboBox::drop-down {{ border: none; width: 1.8em; }}
QComboBox::down-arrow {{ image: url({down}); width: 0.75em; height: 0.75em; }}
QSpinBox {{ padding-right: 1.6em; }}
QSpinBox::up-button, QSpinBox::down-button {{
    subcontrol-origin: border; width: 1.5em; border: none; background: transparent;
}}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow {{ image: url({up}); width: 0.6em; height: 0.6em; }}
QSpinBox::down-arrow {{ image: url({down}); width: 0.6em; height: 0.6em; }}
QSpinBox::up-arrow:disabled, QSpinBox::down-arrow:disabled {{ image: none; }}
QCheckBox:focus {{ color: {c.accent_text}; }}
QCheckBox::indicator, QListWidget[role="checks"]::indicator {{
    width: 0.95em; height: 0.95em; border: 1px solid {c.subtle}; border-radius: 2px; background: {c.base};
}}
QCheckBox::indicator:checked, QListWidget[role="checks"]::indicator:checked {{
    background: {c.accent}; border-color: {c.accent}; image: url({tick});
}}
QCheckBox::indicator:focus {{ border: 2px solid {c.focus}; }}
QTableView {{
    background: {c.base}; color: {c.text}; border: 1px solid {c.border}; border-radius: 4px;
    gridline-color: {c.border}; selection-background-color: {c.accent_soft}; selection-color: {c.text};
    outline: 0;
}}
QTableView:focus {{ border: 2px solid {c.accent}; }}
QTableView::item {{ padding: 0 0.2em; border-bottom: 1px solid {c.window}; }}
QTableView::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QHeaderView::section {{
    background: {c.panel}; color: {c.subtle}; border: none; border-bottom: 1px solid {c.border};
    padding: 0.3em 0.3em; font-weight: 600; font-size: 9pt;
}}
QListWidget[role="checks"] {{ background: transparent; border: none; outline: 0; }}
QListWidget[role="checks"]:focus {{ border: 1px dashed {c.accent}; }}
QListWidget[role="checks"]::item {{ padding: 0.1em 0.2em; }}
QListWidget[role="checks"]::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QProgressBar[role="meter"] {{
    max-height: 0.5em; min-height: 0.5em; border-radius: 3px; background: {c.window};
}}
QProgressBar {{ border: none; background: {c.border}; max-height: 0.3em; border-radius: 2px; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 2px; }}
QLabel[role="good"] {{ color: {c.good}; font-weight: 600; font-size: 8.5pt; }}
QLabel[role="code"] {{
    color: {c.text}; background: {c.window}; border: 1px dashed {c.subtle}; border-radius: 4px;
    padding: 0.5em 0.8em;
}}
QFrame[role="inset"] {{ background: {c.window}; border: 1px solid {c.border}; border-radius: 4px; }}
QFrame[role="inset"] QLabel, QFrame[role="inset"] QCheckBox {{ background: transparent; }}
QTabWidget::pane {{ border: none; border-top: 1px solid {c.border}; top: -1px; }}
QTabBar::tab {{
    background: transparent; color: {c.subtle}; padding: 0.45em 1em; border: none;
    border-bottom: 3px solid transparent; font-weight: 600;
}}
QTabBar::tab:selected {{ color: {c.accent_text}; border-bottom: 3px solid {c.accent}; }}
QTabBar::tab:hover {{ color: {c.text}; }}
QTabBar:focus {{ outline: 0; }}
QTabBar::tab:focus {{ background: {c.accent_soft}; }}
QTreeWidget#searchResults {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 4px; outline: 0;
    selection-background-color: {c.accent_soft}; selection-color: {c.text};
}}
QTreeWidget#searchResults:focus {{ border: 2px solid {c.accent}; }}
QTreeWidget#searchResults::item {{ padding: 0.25em 0.2em; }}
QTreeWidget#searchResults::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QLabel[role="page"] {{ background: #FFFFFF; border: 1px solid {c.border}; }}
QWidget#letterSheets {{ background: {c.window}; }}
QLabel[role="risk"] {{
    color: #FFFFFF; background: {c.error if not c.dark else "#8E1B14"}; border-radius: 4px;
    padding: 0.55em 0.8em; font-weight: 700;
}}
QFrame[role="riskbanner"] {{ background: {c.error if not c.dark else "#8E1B14"}; border-radius: 4px; }}
QFrame[role="addendum"] {{ background: {c.window}; border: none; border-left: 3px solid {c.border};
    border-radius: 2px; }}
QFrame[role="addendum"] QLabel {{ background: transparent; }}
QFrame[role="itemrow"] {{ border-radius: 3px; }}
QFrame[role="itemrow"][current="true"] {{ background: {c.accent_soft}; }}
QLabel[role="itemnumber"] {{ color: {c.subtle}; font-weight: 700; }}
QPushButton[role="segment"] {{ padding: 0.1em 0; border-radius: 3px; border: 1px solid {c.border}; }}
QPushButton[role="segment"]:checked {{ background: {c.accent}; color: #FFFFFF; border-color: {c.accent};
    font-weight: 700; }}
QToolButton#statusPrivacy {{ border: 1px solid {c.border}; border-radius: 3px; padding: 0.1em 0.6em;
    color: {c.subtle}; background: transparent; }}
QToolButton#statusPrivacy:checked {{ background: {c.accent_soft}; color: {c.accent_text};
    border-color: {c.accent}; font-weight: 700; }}
QToolButton#statusPrivacy:focus {{ border: 2px solid {c.focus}; }}
"""


def apply(app: QApplication) -> Colours:
    """Style the whole app for the current scheme; returns the colours chosen."""
    colours = current()
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette(colours))
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    sheet = style_sheet(colours)
    if app.styleSheet() != sheet:  # setting a style sheet re-polishes every widget there is
        app.setStyleSheet(sheet)
    return colours


def follow_system(app: QApplication) -> None:
    """Re-apply the palette and style sheet whenever the OS switches between light and dark.

    Icons already drawn keep their tint until the next unlock rebuilds the shell.
    """
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.connect(lambda _scheme: apply(app))


def icon_path(name: str) -> Path:
    return config.resources_dir() / "icons" / f"{name}.svg"


def tinted_pixmap(name: str, colour: str, size: QSize, ratio: float = 1.0) -> QPixmap:
    """A monochrome SVG drawn in ``colour`` (transparent if the icon is missing)."""
    image = QImage(
        int(size.width() * ratio), int(size.height() * ratio), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(str(icon_path(name)))
    if renderer.isValid():
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor(colour))
        painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon(name: str, colour: str, selected_colour: str | None = None, px: int = 20) -> QIcon:
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
    result = QIcon()
    size = QSize(px, px)
    result.addPixmap(tinted_pixmap(name, colour, size, ratio), QIcon.Mode.Normal)
    if selected_colour:
        result.addPixmap(tinted_pixmap(name, selected_colour, size, ratio), QIcon.Mode.Selected)
    return result
