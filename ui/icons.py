"""Icons drawn in code, so they show on any PC whatever fonts it has (no emoji needed).

No Qt namespace here: the lock screen paints its padlock before anything reads it (its first
reading builds every enum of ``Qt``, tens of ms the first paint does not wait for).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap


def lock_pixmap(size: int = 24, color: str = "#1d6b2f") -> QPixmap:
    """A closed padlock: the mark of a signed, read-only visit (and of the lock screen)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))  # transparent
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # strokePath and fillPath with a QPen and its brush: QPainter.setPen / setBrush and a
    # QColor where a QBrush goes are matched against their Qt.* overloads, which reads the Qt
    # namespace (the same pixels as drawArc, drawLine and drawRoundedRect without a pen)
    pen = QPen()
    pen.setColor(QColor(color))
    pen.setWidthF(size * 0.11)
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    arc = QPainterPath()
    arc.arcMoveTo(shackle, 0)
    arc.arcTo(shackle, 0, 180)
    painter.strokePath(arc, pen)
    for x in (int(shackle.left()), int(shackle.right())):
        leg = QPainterPath(QPointF(x, int(size * 0.33)))
        leg.lineTo(QPointF(x, int(size * 0.45)))
        painter.strokePath(leg, pen)
    body = QPainterPath()
    body.addRoundedRect(
        QRectF(size * 0.16, size * 0.42, size * 0.68, size * 0.5), size * 0.08, size * 0.08
    )
    painter.fillPath(body, pen.brush())
    painter.end()
    return pixmap


def lock_icon(size: int = 24) -> QIcon:
    return QIcon(lock_pixmap(size))
