"""One measure's trend over an episode, drawn with QPainter on a true time axis.

Why QPainter and not QtCharts (PySide6 Addons, QDateTimeAxis):

- Start-up: nothing here is imported until a patient's progress is first shown, but even then
  QtCharts adds a library and a QGraphicsScene per chart (tens of ms for a page of charts);
  a painted widget costs nothing to import and paints a dozen points in well under a
  millisecond.
- Two metres: everything a clinician reads across the room (point size, line width, the
  labels of the baseline and goal lines, pushed apart so they never overlap) is ours to size,
  and it follows the window's font, so the treatment-mode scale applies too. QtCharts themes
  fight custom fonts and its date axis picks its own tick spacing and format.
- Tests: the chart keeps its geometry as plain data (:meth:`TrendChart.points`, ``band``,
  ``goal_lines``): a test reads each point's date, value and x without a scene to query, and
  the x of a day is one line of arithmetic (days apart → proportional distance).
- QtCharts is in maintenance in Qt 6 (Qt Graphs replaces it); a frozen build without it
  is smaller.

What is drawn: readings before and after treatment as two series (red circles, solid; blue
squares, dashed — told apart without colour), the baseline reading ringed and drawn across,
the change that matters as a shaded band around the baseline (or "no published threshold"),
goal lines, and which way is better. The band is where the instrument's own verdict
(:meth:`artdesk.measures.Instrument.assess`) says "less than the change that matters", so the
picture can never disagree with the words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from artdesk.course import Series
from artdesk.measures import Instrument, Timing, Verdict

BEFORE = QColor("#c0392b")
AFTER = QColor("#1f5fa8")
BASELINE = QColor("#444444")
GOAL = QColor("#2e7d32")
BAND = QColor(120, 120, 120, 48)
GRID = QColor("#dddddd")
INK = QColor("#222222")
GREY = QColor("#555555")


def local_day(when: date | datetime) -> date:
    """The clinic's calendar day of a stamp (readings are stored in UTC)."""
    return when.astimezone().date() if isinstance(when, datetime) else when


def change_band(instrument: Instrument, baseline: float) -> tuple[float, float] | None:
    """The values around ``baseline`` that are less than the change that matters, as the
    instrument's own verdict judges (bisected on :meth:`Instrument.assess`, points or percent,
    whichever it uses); None when it has no published threshold."""
    if instrument.change is None:
        return None
    full = instrument.high - instrument.low

    def small(delta: float) -> bool:
        verdict = instrument.assess(baseline, baseline + delta).verdict
        return verdict is Verdict.NO_CHANGE_THAT_MATTERS

    def edge(sign: float) -> float:
        if small(sign * full):
            return full
        inside, outside = 0.0, full
        for _ in range(48):
            middle = (inside + outside) / 2
            if small(sign * middle):
                inside = middle
            else:
                outside = middle
        return outside

    low = max(instrument.low, baseline - edge(-1.0))
    high = min(instrument.high, baseline + edge(1.0))
    return low, high


def nice_step(span: float) -> float:
    """A round tick step giving about five ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def value_axis(instrument: Instrument, values: list[float]) -> tuple[float, float, float]:
    """(low, high, step): the whole scale when the values spread over much of it (a pain
    scale reads best whole), else their range rounded out, never past the scale's ends."""
    full = instrument.high - instrument.low
    if not values or max(values) - min(values) >= 0.4 * full:
        return instrument.low, instrument.high, nice_step(full)
    lo, hi = min(values), max(values)
    span = max(hi - lo, full * 0.08)
    step = nice_step(span * 1.4)
    lo = max(instrument.low, math.floor((lo - span * 0.2) / step) * step)
    hi = min(instrument.high, math.ceil((hi + span * 0.2) / step) * step)
    return lo, (hi if hi > lo else lo + step), step


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One reading as plotted: its day and value, and where it sits in the widget."""

    timing: Timing
    day: date
    value: float
    x: float
    y: float
    baseline: bool = False


class TrendChart(QWidget):
    """One series (instrument, side, site) over an episode. No signals."""

    def __init__(self, series: Series, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = series
        spec = series.instrument
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.readings = [(r.timing, local_day(r.when), r.value, r) for r in series.readings]
        base = series.baseline
        self.baseline = base.value if base is not None else None
        self.band = change_band(spec, self.baseline) if self.baseline is not None else None
        self.goals = [g.goal.target for g in series.goals if g.goal.target is not None]
        values = [v for _, _, v, _ in self.readings] + [t for t in self.goals if t is not None]
        if self.band is not None:
            values += list(self.band)
        self.low, self.high, self.step = value_axis(spec, values)
        days = [d for _, d, _, _ in self.readings]
        first, last = (min(days), max(days)) if days else (date.today(), date.today())
        pad = max(1.0, (last - first).days * 0.04)  # the end points clear of the axes
        self.day_min, self.day_max = first.toordinal() - pad, last.toordinal() + pad
        better = "lower is better" if spec.higher_is_worse else "higher is better"
        unit = f" {spec.unit}" if spec.unit and spec.unit != "°" else spec.unit
        self.direction = f"{better} · scale {spec.low:g}–{spec.high:g}{unit}"
        ends = [f"{v:g} = {spec.labels[v]}" for v in (spec.low, spec.high) if v in spec.labels]
        self.anchors = f" ({', '.join(ends)})" if ends else ""  # said where there is room
        self.threshold = (
            f"shaded: less than the change that matters ({spec.change.text(spec.unit)})"
            if spec.change is not None
            else "no published threshold for the change that matters: change shown, not judged"
        )
        self.setAccessibleName(f"Trend of {series.label}")
        self.setAccessibleDescription(f"{self.direction}. {self.threshold}")
        self.setToolTip(self.threshold)

    # --- geometry: plain data a test can read -------------------------------------------------
    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def plot_rect(self) -> QRectF:
        """Where the readings are drawn (inside the axes and labels)."""
        m = self._metrics()
        left = m.horizontalAdvance("0000.0") + 10
        right = max(m.horizontalAdvance("baseline 000.0"), m.horizontalAdvance("goal 000.0")) + 12
        top = m.height() * 1.6
        bottom = m.height() * 1.7
        return QRectF(
            left,
            top,
            max(10.0, self.width() - left - right),
            max(10.0, self.height() - top - bottom),
        )

    def x_of(self, day: date) -> float:
        """The x of a day: days apart are proportionally far apart (a true time axis)."""
        plot = self.plot_rect()
        share = (day.toordinal() - self.day_min) / (self.day_max - self.day_min)
        return plot.left() + share * plot.width()

    def y_of(self, value: float) -> float:
        plot = self.plot_rect()
        clamped = min(max(value, self.low), self.high)
        return plot.bottom() - (clamped - self.low) / (self.high - self.low) * plot.height()

    def points(self, timing: Timing | None = None) -> list[ChartPoint]:
        """The plotted readings (oldest first), of one timing or all."""
        base = self.series.baseline
        return [
            ChartPoint(t, day, value, self.x_of(day), self.y_of(value), reading is base)
            for t, day, value, reading in self.readings
            if timing is None or t == timing
        ]

    def band_rect(self) -> QRectF | None:
        if self.band is None:
            return None
        plot = self.plot_rect()
        top, bottom = self.y_of(self.band[1]), self.y_of(self.band[0])
        return QRectF(plot.left(), top, plot.width(), bottom - top)

    def goal_lines(self) -> list[tuple[float, float]]:
        """(target, y) of each goal on this instrument and side."""
        return [(t, self.y_of(t)) for t in self.goals if t is not None]

    def ticks(self) -> list[tuple[date, float]]:
        """The labelled days on the time axis and their x, thinned so labels never overlap."""
        m = self._metrics()
        width = m.horizontalAdvance("30 Sep 2026") + 14
        days = sorted({d for _, d, _, _ in self.readings})
        shown: list[tuple[date, float]] = []
        for n, day in enumerate(days):
            x = self.x_of(day)
            last = n == len(days) - 1
            if shown and x - shown[-1][1] < width:
                if not last:
                    continue
                if len(shown) > 1:
                    shown.pop()  # the last visit's date always shows
                else:
                    continue
            shown.append((day, x))
        return shown

    # --- size and paint -----------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(640, round(self._metrics().height() * 13))

    def minimumSizeHint(self) -> QSize:
        return QSize(320, round(self._metrics().height() * 10))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        plot = self.plot_rect()
        m = self._metrics()
        self._paint_grid(painter, plot, m)
        band = self.band_rect()
        if band is not None:
            painter.fillRect(band, BAND)
        self._paint_marks(painter, plot, m)
        if self.series.instrument.before_after:
            for timing, color, dashed in (
                (Timing.BEFORE, BEFORE, False),
                (Timing.AFTER, AFTER, True),
            ):
                self._paint_line(painter, self.points(timing), color, dashed, dashed)
        else:  # asked once a visit (a global rating of change): one line
            self._paint_line(painter, self.points(), BEFORE, False, False)
        for point in self.points():
            if point.baseline:
                painter.setPen(QPen(BASELINE, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(point.x, point.y), 10, 10)
        self._paint_legend(painter, m)
        painter.end()

    def _paint_grid(self, painter: QPainter, plot: QRectF, m: QFontMetricsF) -> None:
        painter.setPen(QPen(GRID, 1))
        value = self.low
        while value <= self.high + 1e-9:
            y = self.y_of(value)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(GREY)
            label = f"{value:g}"
            painter.drawText(
                QRectF(0, y - m.height() / 2, plot.left() - 6, m.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            value += self.step
        painter.setPen(QPen(GREY, 1.5))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        previous: date | None = None
        for day, x in self.ticks():
            painter.setPen(QPen(GREY, 1.5))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 5))
            label = f"{day.day} {day:%b}"
            if previous is None or previous.year != day.year:
                label += f" {day.year}"
            previous = day
            w = m.horizontalAdvance(label) + 4
            painter.drawText(
                QRectF(x - w / 2, plot.bottom() + 6, w, m.height()),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )

    def _paint_marks(self, painter: QPainter, plot: QRectF, m: QFontMetricsF) -> None:
        """Baseline and goal lines across the plot, labelled on the right, pushed apart."""
        marks = []
        if self.baseline is not None:
            marks.append(
                (
                    self.y_of(self.baseline),
                    f"baseline {self.baseline:g}",
                    BASELINE,
                    Qt.PenStyle.DotLine,
                )
            )
        for target, y in self.goal_lines():
            marks.append((y, f"goal {target:g}", GOAL, Qt.PenStyle.DashLine))
        placed: list[float] = []
        for y, label, color, style in sorted(marks, key=lambda mark: mark[0]):
            painter.setPen(QPen(color, 2, style))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            # below the legend row, and clear of the label above it
            at = max([y, plot.top() + m.height() / 2, *(p + m.height() for p in placed)])
            placed.append(at)
            painter.setPen(color)
            painter.drawText(
                QRectF(
                    plot.right() + 6,
                    at - m.height() / 2,
                    self.width() - plot.right() - 6,
                    m.height(),
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

    @staticmethod
    def _paint_line(
        painter: QPainter, points: list[ChartPoint], color: QColor, dashed: bool, square: bool
    ) -> None:
        if not points:
            return
        pen = QPen(color, 3, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(points[0].x, points[0].y))
        for point in points[1:]:
            path.lineTo(point.x, point.y)
        painter.drawPath(path)
        painter.setPen(QPen(color, 1))
        painter.setBrush(color)
        for point in points:
            if square:
                painter.drawRect(QRectF(point.x - 5, point.y - 5, 10, 10))
            else:
                painter.drawEllipse(QPointF(point.x, point.y), 5.5, 5.5)

    def _paint_legend(self, painter: QPainter, m: QFontMetricsF) -> None:
        x, y = self.plot_rect().left(), m.height() * 0.8
        entries = [("before treatment", BEFORE, False), ("after treatment", AFTER, True)]
        if not self.series.instrument.before_after:
            entries = [("reading", BEFORE, False)]
        for label, color, dashed in entries:
            painter.setPen(
                QPen(color, 3, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            )
            painter.drawLine(QPointF(x, y), QPointF(x + 26, y))
            painter.setPen(INK)
            painter.drawText(QPointF(x + 32, y + m.ascent() / 2 - 1), label)
            x += 32 + m.horizontalAdvance(label) + 18
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(INK)
        words = self.direction + self.anchors
        if QFontMetricsF(bold).horizontalAdvance(words) > self.width() - x - 6:
            words = self.direction
        width = QFontMetricsF(bold).horizontalAdvance(words)
        painter.drawText(QPointF(max(x, self.width() - width - 6), y + m.ascent() / 2 - 1), words)
        painter.setFont(self.font())
