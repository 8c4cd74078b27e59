"""Icons drawn in code, so they show on any PC whatever fonts it has (no emoji needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap


def lock_pixmap(size: int = 24, color: str = "#1d6b2f") -> QPixmap:
    """A closed padlock: the mark of a signed, read-only visit."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color))
    pen.setWidthF(size * 0.11)
    painter.setPen(pen)
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    painter.drawArc(shackle, 0, 180 * 16)
    painter.drawLine(int(shackle.left()), int(size * 0.33), int(shackle.left()), int(size * 0.45))
    painter.drawLine(int(shackle.right()), int(size * 0.33), int(shackle.right()), int(size * 0.45))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(
        QRectF(size * 0.16, size * 0.42, size * 0.68, size * 0.5), size * 0.08, size * 0.08
    )
    painter.end()
    return pixmap


def lock_icon(size: int = 24) -> QIcon:
    return QIcon(lock_pixmap(size))
