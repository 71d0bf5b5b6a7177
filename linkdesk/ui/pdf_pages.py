"""PDF pages in memory: page images for the preview, and printing through Qt's print system.

A letter's PDF never touches the disk here: pypdfium2 renders each page from the bytes into an
image, and printing paints those images onto a ``QPrinter`` (what the OS print spooler keeps is
the platform's, noted in the service's DPIA). The print dialog and the save dialog are reached
through ``ask_printer`` / ``ask_save_path`` so tests can stand in for them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

PREVIEW_DPI = 110
PRINT_DPI = 300

try:  # the preview needs pypdfium2 (architecture.md D8); without it LinkDesk says so
    import pypdfium2
except ImportError:  # only on an installation without it
    pypdfium2 = None


def available() -> bool:
    return pypdfium2 is not None


def page_images(pdf: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
    """Every page of ``pdf`` as an image at ``dpi`` (RGB, white paper)."""
    if pypdfium2 is None:
        raise RuntimeError("pypdfium2 is not installed")
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
            )
            images.append(image.copy())  # own the pixels before pdfium frees them
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The print dialog; the chosen printer, or None if the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print letters")
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save a PDF, chosen by the user; the suggestion never holds a child's name."""
    path, _filter = QFileDialog.getSaveFileName(parent, "Save the letter as a PDF", suggested, "PDF (*.pdf)")
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == ".pdf" else chosen.with_suffix(".pdf")


def print_pdfs(printer: QPrinter, pdfs: list[bytes]) -> int:
    """Paint every page of every PDF onto ``printer``, one page each; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    printed = 0
    try:
        for pdf in pdfs:
            for image in page_images(pdf, PRINT_DPI):
                if printed:
                    printer.newPage()
                area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
                area.moveTo(0, 0)
                size = image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(area.topLeft(), size), image)
                printed += 1
    finally:
        painter.end()
    return printed
