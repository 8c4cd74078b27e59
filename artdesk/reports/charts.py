"""Charts as reportlab Drawings, dropped straight into a story.

Every chart here has a TRUE time axis: a reading's x is its date, so two visits a day apart sit
close and one a fortnight later sits far off (a category axis would space them evenly and hide
the gaps in a course). Tick labels are the visit dates themselves, thinned by date so they never
overlap, however many visits there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.shapes import (
    STATE_DEFAULTS,
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from artdesk.course import Series
from artdesk.measures import Timing
from artdesk.reports.chart_scales import (
    Plotted,
    local_day,
    markers,
    thinned_days,
    threshold,
    tick_label,
    value_range,
)
from artdesk.reports.fonts import BOLD, REGULAR, register_shipped
from artdesk.visit import PainPoint

# A drawing's renderer starts every drawing in STATE_DEFAULTS' font, Helvetica, which the PDF
# then references without embedding it: start in the shipped font instead (this program only
# draws its own charts).
STATE_DEFAULTS["fontName"] = REGULAR

BEFORE = colors.HexColor("#c0392b")
AFTER = colors.HexColor("#1f77b4")
GOAL = colors.HexColor("#2e7d32")
BASELINE = colors.HexColor("#555555")
BAND = colors.Color(0.55, 0.55, 0.55, alpha=0.16)
GREY = colors.HexColor("#555555")
GRID = colors.HexColor("#dddddd")

TICK_SIZE = 7.0
SMALL = 7.5


class DatedChart(Drawing):  # type: ignore[misc]
    """Lines of readings on a true time axis (the ``chart`` child: the plot, drawn with plain
    shapes), with a legend across the top and, on the right, the labels of horizontal marks."""

    left, bottom, right, top = 34.0, 24.0, 62.0, 20.0

    def __init__(
        self,
        width: float,
        height: float,
        lines: Sequence[Plotted],
        value_axis: tuple[float, float, float],
        *,
        direction: str,
        unit: str = "",
    ) -> None:
        super().__init__(width, height)
        register_shipped()  # a chart may be drawn on its own, before any document
        self._lines = [line for line in lines if line.points]
        days = [day for line in self._lines for day, _ in line.points]
        first, last = (min(days), max(days)) if days else (date.today(), date.today())
        pad = max(1.0, (last - first).days * 0.03)
        self._day_min = first.toordinal() - pad
        self._day_max = last.toordinal() + pad
        self._value_min, self._value_max, step = value_axis
        self._plot_x, self._plot_y = self.left, self.bottom
        self._plot_width = width - self.left - self.right
        self._plot_height = height - self.bottom - self.top
        self._many = len(days) > 24
        self._days = days
        self._first_day = first
        self._step = step
        self._marks: list[tuple[float, str, colors.Color]] = []
        self._mark_lines: list[Line] = []
        self._note: tuple[str, bool] | None = None  # (words, with the band's swatch)
        self._rings: list[tuple[float, float, colors.Color]] = []
        self._legend = [(line.label, line.color, line.marker, line.dashed) for line in self._lines]
        self._direction = direction
        self._unit = unit

    # --- coordinates ----------------------------------------------------------------------
    def x_of(self, day: date) -> float:
        """The x of a day on this chart's time axis (days apart → proportional distance)."""
        share = (day.toordinal() - self._day_min) / (self._day_max - self._day_min)
        return self._plot_x + share * self._plot_width

    def y_of(self, value: float) -> float:
        span = self._value_max - self._value_min
        share = (min(max(value, self._value_min), self._value_max) - self._value_min) / span
        return self._plot_y + share * self._plot_height

    def _tick_width(self, day: date) -> float:
        """A label's width: with its year on the first day, and (to be safe, as a label
        after a year's turn may carry it) on every day after the first one's year."""
        first = self._first_day
        text = f"{day.day} {day:%b}"
        if day == first:
            text += f" {day.year}"
        elif day.year != first.year:
            text += f" {day:%y}"
        return float(stringWidth(text, REGULAR, TICK_SIZE))

    # --- marks drawn with the plot --------------------------------------------------------
    def band(self, low: float, high: float) -> None:
        """Shade the values from ``low`` to ``high`` across the plot (behind the lines)."""
        y0, y1 = self.y_of(low), self.y_of(high)
        if y1 - y0 > 0.1:
            self.add(
                Rect(self._plot_x, y0, self._plot_width, y1 - y0, fillColor=BAND, strokeColor=None)
            )

    def mark(self, value: float, label: str, color: colors.Color, dash: tuple[float, ...]) -> None:
        """A horizontal line at ``value`` (baseline, goal), labelled on the right."""
        if not self._value_min <= value <= self._value_max:
            return
        y = self.y_of(value)
        self._mark_lines.append(  # drawn over the grid, under the readings
            Line(
                self._plot_x,
                y,
                self._plot_x + self._plot_width,
                y,
                strokeColor=color,
                strokeWidth=0.9,
                strokeDashArray=dash,
            )
        )
        self._marks.append((y, label, color))

    def ring(self, day: date, value: float, color: colors.Color) -> None:
        """A ring around one point (the baseline reading)."""
        self._rings.append((self.x_of(day), self.y_of(value), color))

    def _plot(self) -> Group:
        """The plot itself, drawn with plain shapes (a LinePlot with marker widgets took ten
        times as long to render, and 40 visits × 4 measures make a report slow): the value
        grid and its labels, the axes, the dated ticks, each line and its markers."""
        plot = Group()
        x0, y0 = self._plot_x, self._plot_y
        x1, y1 = x0 + self._plot_width, y0 + self._plot_height
        steps = round((self._value_max - self._value_min) / self._step)
        grid = Path(strokeColor=GRID, strokeWidth=0.4, fillColor=None)
        for n in range(steps + 1):
            value = self._value_min + n * self._step
            y = self.y_of(value)
            if n:
                grid.moveTo(x0, y)
                grid.lineTo(x1, y)
            plot.add(
                String(
                    x0 - 4,
                    y - 2.5,
                    f"{round(value, 6):g}",
                    fontName=REGULAR,
                    fontSize=TICK_SIZE,
                    fillColor=GREY,
                    textAnchor="end",
                )
            )
        plot.add(grid)
        for mark in self._mark_lines:
            plot.add(mark)
        axes = Path(strokeColor=GREY, strokeWidth=0.6, fillColor=None)
        axes.moveTo(x0, y1)
        axes.lineTo(x0, y0)
        axes.lineTo(x1, y0)
        labelled = thinned_days(self._days, self.x_of, self._tick_width)
        for n, day in enumerate(labelled):
            x = self.x_of(day)
            axes.moveTo(x, y0)
            axes.lineTo(x, y0 - 3)
            plot.add(
                String(
                    x,
                    y0 - 11,
                    tick_label(day, labelled[n - 1] if n else None),
                    fontName=REGULAR,
                    fontSize=TICK_SIZE,
                    fillColor=GREY,
                    textAnchor="middle",
                )
            )
        plot.add(axes)
        width = 1.2 if self._many else 1.6
        size = 3.2 if self._many else 4.5
        for n, line in enumerate(self._lines):
            points = sorted(line.points)
            coords = [c for day, value in points for c in (self.x_of(day), self.y_of(value))]
            if len(points) > 1:
                plot.add(
                    PolyLine(
                        coords,
                        strokeColor=line.color,
                        strokeWidth=width,
                        strokeDashArray=(3, 2) if line.dashed else None,
                    )
                )
            plot.add(
                markers(
                    self._kind(line.marker),
                    list(zip(coords[::2], coords[1::2], strict=True)),
                    size,
                    line.color,
                ),
                name=f"points_{n}",
            )
        return plot

    def _kind(self, marker: str) -> str:
        return "FilledDiamond" if self._many and marker == "FilledCircle" else marker

    def finish(self) -> None:
        """Add the plot over the marks, then the legend, direction and mark labels."""
        self.add(self._plot(), name="chart")
        for x, y, color in self._rings:
            self.add(Circle(x, y, 5.5, fillColor=None, strokeColor=color, strokeWidth=1))
        self._draw_legend()
        self._draw_mark_labels()

    def _draw_legend(self) -> None:
        x, y = self._plot_x, self.height - 11
        for label, color, kind, dashed in self._legend:
            self.add(
                Line(
                    x,
                    y + 3,
                    x + 14,
                    y + 3,
                    strokeColor=color,
                    strokeWidth=1.4,
                    strokeDashArray=(3, 2) if dashed else None,
                )
            )
            self.add(markers(self._kind(kind), [(x + 7, y + 3)], 4.5, color))
            self.add(String(x + 18, y, label, fontName=REGULAR, fontSize=SMALL, fillColor=GREY))
            x += 18 + stringWidth(label, REGULAR, SMALL) + 12
        if self._note is not None:  # the band's swatch, or that there is no threshold to draw
            words, swatch = self._note
            if swatch:
                self.add(Rect(x, y - 1, 14, 8, fillColor=BAND, strokeColor=None))
                x += 18
            room = self.width - 2 - stringWidth(self._direction, BOLD, SMALL) - 10 - x
            if stringWidth(words, REGULAR, SMALL) <= room:  # never over the direction's words
                self.add(String(x, y, words, fontName=REGULAR, fontSize=SMALL, fillColor=GREY))
        words = self._direction
        self.add(
            String(
                self.width - 2,
                self.height - 11,
                words,
                fontName=BOLD,
                fontSize=SMALL,
                fillColor=GREY,
                textAnchor="end",
            )
        )

    def _draw_mark_labels(self) -> None:
        """Labels of the horizontal marks beside the plot, pushed apart so none overlap."""
        placed: list[float] = []
        for y, label, color in sorted(self._marks):
            at = max([y - 2.5, *(p + 8 for p in placed)])
            placed.append(at)
            self.add(
                String(
                    self._plot_x + self._plot_width + 3,
                    at,
                    label,
                    fontName=REGULAR,
                    fontSize=6.8,
                    fillColor=color,
                )
            )


class TrendChart(DatedChart):
    """One measure over an episode (one instrument, side and site): readings before and after
    treatment as two marked lines on a true time axis, the baseline ringed and drawn across,
    the change that matters shaded as a band around the baseline (or said to have no published
    threshold), goal lines for goals on this instrument and side, and which way is better."""

    def __init__(self, series: Series, width: float = 500, height: float = 150) -> None:
        instrument = series.instrument
        before = tuple(
            (local_day(r.when), r.value) for r in series.readings if r.timing == Timing.BEFORE
        )
        after = tuple(
            (local_day(r.when), r.value) for r in series.readings if r.timing == Timing.AFTER
        )
        lines = [
            Plotted("before treatment", BEFORE, "FilledCircle", before),
            Plotted("after treatment", AFTER, "FilledSquare", after, dashed=True),
        ]
        if not instrument.before_after:  # asked once a visit (a global rating of change)
            lines = [Plotted("reading", AFTER, "FilledSquare", before + after)]
        baseline = series.baseline.value if series.baseline else None
        size = threshold(instrument, baseline) if baseline is not None else None
        targets = [(g.goal.target, g) for g in series.goals if g.goal.target is not None]
        values = [r.value for r in series.readings] + [t for t, _ in targets]
        if baseline is not None and size is not None:
            values += [
                max(instrument.low, baseline - size),
                min(instrument.high, baseline + size),
            ]
        better = "lower = better" if instrument.higher_is_worse else "higher = better"
        unit = instrument.unit if instrument.unit in ("", "°") else f" {instrument.unit}"
        super().__init__(
            width,
            height,
            lines,
            value_range(instrument, values),
            direction=f"{better} ({instrument.low:g}–{instrument.high:g}{unit})",
            unit=instrument.unit,
        )
        self._has_threshold = size is not None
        if baseline is not None and size is not None:
            self.band(baseline - size, baseline + size)
            kind = instrument.change.kind.value if instrument.change else ""
            self._note = (f"within the {kind} of baseline", True)
        elif instrument.change is None:
            self._note = ("no published threshold", False)
        if baseline is not None:
            self.mark(baseline, f"baseline {baseline:g}", BASELINE, (1, 2))
        for target, _ in targets:
            assert target is not None
            self.mark(target, f"goal {target:g}", GOAL, (5, 2))
        if series.baseline is not None:
            self.ring(local_day(series.baseline.when), series.baseline.value, BASELINE)
        self.finish()

    @property
    def has_threshold(self) -> bool:
        """False when the instrument has no published change that matters (nothing shaded)."""
        return self._has_threshold


class PainChart(DatedChart):
    """Pain before and after treatment across a patient's visits (0–10, lower is better), on
    a true time axis (the patient's take-home summary)."""

    left, bottom, right, top = 26.0, 22.0, 8.0, 18.0

    def __init__(self, points: Sequence[PainPoint], width: float = 480, height: float = 130):
        lines = [
            Plotted(
                "before treatment",
                BEFORE,
                "FilledCircle",
                tuple((p.when, p.before) for p in points if p.before is not None),
            ),
            Plotted(
                "after treatment",
                AFTER,
                "FilledSquare",
                tuple((p.when, p.after) for p in points if p.after is not None),
                dashed=True,
            ),
        ]
        super().__init__(width, height, lines, (0, 10, 2), direction="0 = no pain, 10 = worst")
        self.finish()


__all__ = ["AFTER", "BEFORE", "DatedChart", "PainChart", "TrendChart"]
