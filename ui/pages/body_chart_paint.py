"""Painting the body chart with QPainter: a panel's outline, its regions, the marks (each
feeling a colour AND a fill pattern AND a symbol, so no mark is told by colour alone), the
highlight and the hover. Used by the set-up's chart and the patient page's small charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPixmap, QPolygonF

from artdesk.protocols.body_chart import FEELING_COLOURS, Panel, Point, Shape
from artdesk.protocols.marks import Feeling

BODY_FILL = QColor("#f6f4f1")
FAR_FILL = QColor("#e4e1dc")  # a side view's far leg, behind
OUTLINE = QColor("#4a4a4a")
REGION_LINE = QColor("#c4c0ba")
DETAIL = QColor("#9a958e")
HOVER = QColor("#1565c0")
HIGHLIGHT = QColor("#111111")


@dataclass(frozen=True, slots=True)
class FeelingLook:
    colour: str
    symbol: str  # what the legend calls it: cross, dot, square
    key: str  # the key that chooses it


LOOKS: dict[Feeling, FeelingLook] = {
    Feeling.PAIN: FeelingLook(FEELING_COLOURS[Feeling.PAIN], "cross", "P"),
    Feeling.NUMBNESS: FeelingLook(FEELING_COLOURS[Feeling.NUMBNESS], "dot", "N"),
    Feeling.STIFFNESS: FeelingLook(FEELING_COLOURS[Feeling.STIFFNESS], "square", "S"),
}

_TEXTURES: dict[Feeling, QPixmap] = {}


def pen(colour: QColor | str, width: float, *, round_ends: bool = False) -> QPen:
    out = QPen(QColor(colour), width)
    out.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if round_ends:
        out.setCapStyle(Qt.PenCapStyle.RoundCap)
    return out


def texture(feeling: Feeling) -> QPixmap:
    """The feeling's fill: pain diagonal lines, numbness dots, stiffness level lines."""
    if feeling not in _TEXTURES:
        colour = QColor(LOOKS[feeling].colour)
        pixmap = QPixmap(8, 8)
        tint = QColor(colour)
        tint.setAlpha(60)
        pixmap.fill(tint)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(colour, 1.4))
        if feeling is Feeling.PAIN:
            painter.drawLine(0, 8, 8, 0)
            painter.drawLine(-4, 4, 4, -4)
            painter.drawLine(4, 12, 12, 4)
        elif feeling is Feeling.NUMBNESS:
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QRectF(1, 1, 2.6, 2.6))
            painter.drawEllipse(QRectF(5, 5, 2.6, 2.6))
        else:
            painter.drawLine(0, 2, 8, 2)
            painter.drawLine(0, 6, 8, 6)
        painter.end()
        _TEXTURES[feeling] = pixmap
    return _TEXTURES[feeling]


def draw_symbol(painter: QPainter, feeling: Feeling, centre: QPointF, size: float) -> None:
    """The feeling's symbol with a white halo: pain ✕, numbness ●, stiffness ■."""
    colour = QColor(LOOKS[feeling].colour)
    r = size / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for pen_colour, extra in ((QColor("white"), 2.2), (colour, 0.0)):
        if feeling is Feeling.PAIN:
            painter.setPen(pen(pen_colour, max(1.6, size / 4.5) + extra, round_ends=True))
            painter.drawLine(centre + QPointF(-r, -r), centre + QPointF(r, r))
            painter.drawLine(centre + QPointF(-r, r), centre + QPointF(r, -r))
        else:
            painter.setPen(QPen(pen_colour, 1.0 + extra))
            painter.setBrush(colour)
            box = QRectF(centre.x() - r, centre.y() - r, size, size)
            if feeling is Feeling.NUMBNESS:
                painter.drawEllipse(box)
            else:
                painter.drawRect(box.adjusted(r * 0.1, r * 0.1, -r * 0.1, -r * 0.1))
    painter.restore()


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a panel is drawn: its box's top left in the widget and its scale (px per unit)."""

    panel: Panel
    left: float
    top: float
    scale: float

    def to_widget(self, p: Point) -> QPointF:
        return QPointF(self.left + p[0] * self.scale, self.top + p[1] * self.scale)

    def to_panel(self, x: float, y: float) -> Point:
        return ((x - self.left) / self.scale, (y - self.top) / self.scale)

    def contains(self, x: float, y: float) -> bool:
        px, py = self.to_panel(x, y)
        return 0 <= px <= self.panel.width and 0 <= py <= self.panel.height

    def polygon(self, points: Sequence[Point]) -> QPolygonF:
        return QPolygonF([self.to_widget(p) for p in points])

    def centre(self, shape: Shape) -> QPointF:
        return self.to_widget(shape.centre)


def place_row(panels: Sequence[Panel], area: QRectF, gap: float) -> list[Placed]:
    """The panels side by side in ``area``, as large as fits, the row centred."""
    if not panels:
        return []
    height = max(p.height for p in panels)
    width = sum(p.width for p in panels)
    room = area.width() - gap * (len(panels) - 1)
    scale = max(0.1, min(room / width, area.height() / height))
    left = area.left() + (area.width() - (width * scale + gap * (len(panels) - 1))) / 2
    out = []
    for panel in panels:
        out.append(Placed(panel, left, area.top(), scale))
        left += panel.width * scale + gap
    return out


def paint_panel(
    painter: QPainter,
    placed: Placed,
    marks: Mapping[Shape, Sequence[Feeling]],
    *,
    highlight: Shape | None = None,
    hover: Shape | None = None,
    regions: bool = True,
    letters: bool = True,
) -> None:
    """One panel: the body, its regions' faint borders (``regions``), the marks, the hover and
    the keyboard highlight, the R/L letters."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    line = max(1.0, placed.scale * 0.7)
    for outline in placed.panel.outline:
        painter.setPen(QPen(OUTLINE, line))
        painter.setBrush(FAR_FILL if outline.far else BODY_FILL)
        painter.drawPolygon(placed.polygon(outline.points))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(DETAIL, max(0.8, placed.scale * 0.45)))
    for detail in placed.panel.details:
        painter.drawPolyline(placed.polygon(detail))
    for shape in placed.panel.shapes:
        polygon = placed.polygon(shape.points)
        feelings = marks.get(shape, ())
        for feeling in feelings:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(texture(feeling)))
            painter.drawPolygon(polygon)
        if feelings or regions:
            colour = QColor(LOOKS[feelings[0]].colour) if feelings else REGION_LINE
            painter.setPen(QPen(colour, 1.2 if feelings else 0.8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(polygon)
    for shape, feelings in marks.items():
        if shape not in placed.panel.shapes or not feelings:
            continue
        size = max(6.0, min(11.0, placed.scale * 4.2))
        centre = placed.centre(shape)
        step = size * 1.25
        first = centre.x() - step * (len(feelings) - 1) / 2
        for n, feeling in enumerate(feelings):
            draw_symbol(painter, feeling, QPointF(first + n * step, centre.y()), size)
    if hover is not None and hover in placed.panel.shapes and hover is not highlight:
        hover_fill = QColor(HOVER)
        hover_fill.setAlpha(40)
        painter.setPen(QPen(HOVER, 1.6))
        painter.setBrush(hover_fill)
        painter.drawPolygon(placed.polygon(hover.points))
    if highlight is not None and highlight in placed.panel.shapes:
        polygon = placed.polygon(highlight.points)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(pen("white", 4.5))
        painter.drawPolygon(polygon)
        painter.setPen(pen(HIGHLIGHT, 2.2))
        painter.drawPolygon(polygon)
    if letters:
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(9, round(placed.scale * 8)))
        painter.setFont(font)
        painter.setPen(OUTLINE)
        for letter in placed.panel.letters:
            at = placed.to_widget(letter.at)
            box = QRectF(at.x() - 20, at.y() - 10, 40, 20)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter.text)
    painter.restore()
