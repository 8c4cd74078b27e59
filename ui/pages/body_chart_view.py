"""The body chart a clinician marks: the front, the back and one side view side by side.

Mouse or touch: a tap on a region marks it with the current feeling; a second tap with that
feeling clears it (a region may hold several feelings: pain and numbness down the same leg).
Keys (it takes the focus by Tab): arrows move the highlight (Up/Down head to foot, Left/Right
across the screen and into the next view), L / R the patient's side (the side view then shows
that side), P / N / S or 1 / 2 / 3 choose pain, numbness or stiffness, Space or Enter marks (or
clears) the highlighted region, Delete or Backspace clears it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from artdesk.protocols import body_chart
from artdesk.protocols.body_chart import BodyChart, Panel, Shape, marks_words
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.protocols.regions import View
from ui.pages import body_chart_moves as moves
from ui.pages.body_chart_paint import Placed, paint_panel, place_row

FEELING_KEYS = {
    Qt.Key.Key_P: Feeling.PAIN,
    Qt.Key.Key_1: Feeling.PAIN,
    Qt.Key.Key_N: Feeling.NUMBNESS,
    Qt.Key.Key_2: Feeling.NUMBNESS,
    Qt.Key.Key_S: Feeling.STIFFNESS,
    Qt.Key.Key_3: Feeling.STIFFNESS,
}
SIDE_KEYS = {Qt.Key.Key_L: MarkSide.LEFT, Qt.Key.Key_R: MarkSide.RIGHT}
CAPTION = 20  # px above the panels for their names
GAP = 18  # px between panels
TOUCH = 5.0  # px: a tap this close to a region still takes it


class BodyChartView(QWidget):
    """Signals: ``marks_changed()``; ``state_changed()`` when the highlight, the feeling or
    the side shown changes (what the words beside the chart say)."""

    marks_changed = Signal()
    state_changed = Signal()

    def __init__(self, chart: BodyChart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart or body_chart.shipped()
        self._marks: list[BodyMark] = []
        self.feeling = Feeling.PAIN
        self.side_shown = MarkSide.RIGHT
        self._spot: moves.Spot | None = None
        self._hover: Shape | None = None
        self._drawn = QPixmap()  # the chart as last drawn, and for what (see paintEvent)
        self._drawn_for: tuple[object, ...] = ()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(220, 240)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body chart: where the patient feels it")
        self._describe()

    # --- what is marked ---------------------------------------------------------------------

    def marks(self) -> tuple[BodyMark, ...]:
        return tuple(self._marks)

    def set_marks(self, marks: tuple[BodyMark, ...] | list[BodyMark]) -> None:
        self._marks = list(dict.fromkeys(marks))
        self._changed()

    def clear(self) -> None:
        self._spot = None
        self.set_marks([])

    def toggle(self, region: str, side: MarkSide, feeling: Feeling | None = None) -> None:
        """Mark the region on that side with the feeling (the current one), or clear that mark
        when it is there."""
        mark = BodyMark(region, side, feeling or self.feeling)
        if mark in self._marks:
            self._marks.remove(mark)
        else:
            self._marks.append(mark)
        self._changed()

    def clear_at(self, region: str, side: MarkSide) -> None:
        before = len(self._marks)
        self._marks = [m for m in self._marks if (m.region, m.side) != (region, side)]
        if len(self._marks) != before:
            self._changed()

    def _changed(self) -> None:
        self._describe()
        self.update()
        self.marks_changed.emit()

    # --- the state the words say ------------------------------------------------------------

    def set_feeling(self, feeling: Feeling) -> None:
        self.feeling = feeling
        self._state()

    def show_side(self, side: MarkSide) -> None:
        """Which side the side view shows (a highlight there follows to the same region)."""
        if side is self.side_shown:
            return
        self.side_shown = side
        if self._spot is not None and self._spot.panel.view is View.SIDE:
            self._spot = moves.choose_side(self._spot, self.chart, side)
        self._state()

    @property
    def highlighted(self) -> Shape | None:
        return None if self._spot is None else self._spot.shape

    @property
    def highlighted_panel(self) -> Panel | None:
        """The panel (view) the highlight is in."""
        return None if self._spot is None else self._spot.panel

    def feelings_at(self, shape: Shape) -> list[Feeling]:
        return [m.feeling for m in self._marks if (m.region, m.side) == shape.key]

    def _state(self) -> None:
        self._describe()
        self.update()
        self.state_changed.emit()

    def _describe(self) -> None:
        spot = self._spot
        if spot is None:
            here = "Nothing highlighted"
        else:
            on = ", ".join(f.value for f in self.feelings_at(spot.shape)) or "not marked"
            here = f"Highlighted: {spot.shape.name}, {spot.panel.caption.lower()} view ({on})"
        marked = marks_words(self._marks) or "nothing marked yet"
        self.setAccessibleDescription(
            f"{here}. Feeling: {self.feeling.value}. Marked: {marked}. Arrows move, L or R "
            "chooses the side, P, N or S the feeling, Space marks, Delete clears. R and L are "
            "the patient's right and left; the front view shows their right on your left."
        )

    # --- layout -----------------------------------------------------------------------------

    def panels(self) -> list[Panel]:
        """The panels shown, left to right: front, back, the side view of the side shown."""
        out = [p for p in self.chart.panels if p.view is not View.SIDE]
        side = [p for p in self.chart.of_view(View.SIDE) if p.shows is self.side_shown]
        return out + side[:1]

    def placed(self) -> list[Placed]:
        area = QRectF(self.rect()).adjusted(2, CAPTION, -2, -2)
        return place_row(self.panels(), area, GAP)

    def point_of(self, region: str, side: MarkSide, view: View | None = None) -> QPoint:
        """Where the region on that side is drawn now (its shape's centre), in this widget."""
        for placed in self.placed():
            shape = placed.panel.shape(region, side)
            if shape is not None and (view is None or placed.panel.view is view):
                return placed.centre(shape).toPoint()
        raise LookupError(f"{side.value} {region} is not shown")

    def _at(self, pos: QPointF) -> tuple[Placed, Shape] | None:
        for placed in self.placed():
            if placed.contains(pos.x(), pos.y()):
                x, y = placed.to_panel(pos.x(), pos.y())
                shape = placed.panel.shape_at(x, y, TOUCH / placed.scale)
                return None if shape is None else (placed, shape)
        return None

    def sizeHint(self) -> QSize:
        height = 420
        width = sum(p.width for p in self.panels()) / 240 * (height - CAPTION) + 3 * GAP
        return QSize(round(width), height)

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """The chart is drawn once into a picture for what it shows (size, marks, highlight,
        hover, focus) and that picture painted again while nothing changed: a page shown again,
        or covered and uncovered, costs a copy, not some hundreds of polygons."""
        ratio = self.devicePixelRatioF()
        focus = self.hasFocus()
        spot = self._spot
        key = (
            self.size().toTuple(),
            ratio,
            tuple(self._marks),
            self.side_shown,
            (id(spot.panel), id(spot.shape)) if spot is not None and focus else None,
            id(self._hover) if self._hover is not None else None,
            focus,
            self.palette().cacheKey(),
            self.isActiveWindow(),
            self.font().key(),
        )
        if key != self._drawn_for:
            picture = QPixmap((QSizeF(self.size()) * ratio).toSize())
            picture.setDevicePixelRatio(ratio)
            painter = QPainter(picture)
            self._draw(painter, focus)
            painter.end()
            self._drawn, self._drawn_for = picture, key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._drawn)
        painter.end()

    def _draw(self, painter: QPainter, focus: bool) -> None:
        painter.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for placed in self.placed():
            panel = placed.panel
            box = QRectF(placed.left - GAP / 2, 0, panel.width * placed.scale + GAP, CAPTION)
            painter.setPen(self.palette().text().color())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, panel.caption)
            marks = {s: self.feelings_at(s) for s in panel.shapes}
            spot = self._spot
            highlight = spot.shape if spot and spot.panel is panel and focus else None
            paint_panel(painter, placed, marks, highlight=highlight, hover=self._hover)
        if focus:  # the keys are here: said by a frame as well as the highlight
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    # --- mouse and touch --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        found = self._at(event.position())
        if found is None:
            return super().mousePressEvent(event)
        placed, shape = found
        self._spot = moves.Spot(placed.panel, shape)
        self.toggle(shape.region, shape.side)
        self.state_changed.emit()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self._at(event.position())
        hover = None if found is None else found[1]
        if hover is not self._hover:
            self._hover = hover
            self.setToolTip(hover.name if hover else "")
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]

    # --- keys -------------------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._spot is None or self._spot.panel not in self.panels():
            marked = next(
                (
                    moves.Spot(p, s)
                    for p in self.panels()
                    for s in p.in_order()
                    if self.feelings_at(s)
                ),
                None,
            )
            self._spot = marked or moves.first(self.panels())
        self._state()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._state()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        try:
            key = Qt.Key(event.key())
        except ValueError:  # a code Qt does not name: not one of the chart's keys
            return super().keyPressEvent(event)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        spot = self._spot
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return super().keyPressEvent(event)
        if key in FEELING_KEYS:
            self.set_feeling(FEELING_KEYS[key])
        elif spot is None:
            return super().keyPressEvent(event)
        elif key in SIDE_KEYS:
            self._move(moves.choose_side(spot, self.chart, SIDE_KEYS[key]))
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move(moves.up_down(spot, -1 if key == Qt.Key.Key_Up else 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._move(moves.left_right(spot, self.panels(), -1 if key == Qt.Key.Key_Left else 1))
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.toggle(spot.shape.region, spot.shape.side)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_at(spot.shape.region, spot.shape.side)
        else:
            return super().keyPressEvent(event)
        event.accept()

    def _move(self, spot: moves.Spot) -> None:
        self._spot = spot
        if spot.panel.shows is not None:
            self.side_shown = spot.panel.shows
        self._state()
