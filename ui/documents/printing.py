"""Preview, print and save the visit's PDFs (rendered by artdesk.reports, off the UI thread)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.reports import Rendered
from ui.fitting import fitted
from ui.style import BANNER_STYLE

MAX_PRINT_DPI = 600  # an A4 page at 600 dpi is already ~140 MB as an image


def load_pdf(pdf: bytes, parent: QWidget | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over the bytes; keep the buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    document.load(buffer)
    while document.status() == QPdfDocument.Status.Loading:
        QApplication.processEvents()
    if document.status() != QPdfDocument.Status.Ready:
        raise ValueError(f"the PDF could not be read ({document.error()})")
    return document, buffer


def rasterize(pdf: bytes, dpi: int) -> list[QImage]:
    """Every page as an image at ``dpi`` (capped); safe on a worker thread."""
    dpi = max(72, min(dpi, MAX_PRINT_DPI))
    document, buffer = load_pdf(pdf)
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        images.append(document.render(page, size))
    document.close()
    buffer.close()
    return images


def paint_pages(images: list[QImage], printer: QPrinter) -> int:
    """Draw the page images onto the printer, one per sheet, fitted to its printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - scaled.width()) // 2,
                area.y() + (area.height() - scaled.height()) // 2,
                scaled.width(),
                scaled.height(),
            )
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(images)


class PreviewDialog(QDialog):
    """The PDF as it will print. Signals: ``print_requested()``, ``save_requested()``."""

    print_requested = Signal()
    save_requested = Signal()

    def __init__(
        self,
        title: str,
        rendered: Rendered,
        warning: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fitted(self, 820, 900)  # the buttons in view on a 1024×600 screen too
        self.document, self._buffer = load_pdf(rendered.pdf, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.warning = QLabel(warning or "")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(BANNER_STYLE)
        self.warning.setVisible(bool(warning))
        pages = QLabel(f"{rendered.pages} page{'s' if rendered.pages != 1 else ''}")
        print_button = QPushButton("&Print…  (Ctrl+P)")
        print_button.setShortcut("Ctrl+P")
        save_button = QPushButton("&Save as PDF…  (Ctrl+S)")
        save_button.setShortcut("Ctrl+S")
        close_button = QPushButton("Close")
        print_button.clicked.connect(self.print_requested)
        save_button.clicked.connect(self.save_requested)
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(pages)
        buttons.addStretch(1)
        buttons.addWidget(save_button)
        buttons.addWidget(print_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
