"""What the charts are made of, apart from drawing them: the calendar day of a reading, tick
labels thinned by date so they never overlap, a value axis rounded out around the readings,
the change that matters as a distance from the baseline, and the point markers (one path a
line)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.graphics.shapes import Path
from reportlab.lib import colors

from artdesk.measures import Instrument


def local_day(when: date | datetime) -> date:
    """The clinic's calendar day of a stamp (readings are stored in UTC)."""
    return when.astimezone().date() if isinstance(when, datetime) else when


def tick_label(day: date, previous: date | None) -> str:
    """'3 Mar'; the year is added on the first tick and wherever it changes."""
    text = f"{day.day} {day:%b}"
    if previous is None or previous.year != day.year:
        text += f" {day:%y}" if previous is not None else f" {day.year}"
    return text


def thinned_days(
    days: Sequence[date], x_of: Callable[[date], float], width_of: Callable[[date], float]
) -> list[date]:
    """The dates to label, oldest first: the first and last always, the others only where
    their label clears the one before it (so 40 visits never print on top of each other)."""
    ordered = sorted(set(days))
    if not ordered:
        return []
    kept = [ordered[0]]
    gap = 6.0

    def clears(left: date, right: date) -> bool:
        room = x_of(right) - x_of(left)
        return room >= (width_of(left) + width_of(right)) / 2 + gap

    for day in ordered[1:]:
        if clears(kept[-1], day):
            kept.append(day)
    last = ordered[-1]
    if kept[-1] != last:
        while len(kept) > 1 and not clears(kept[-1], last):
            kept.pop()
        if clears(kept[-1], last):
            kept.append(last)
    return kept


@dataclass(frozen=True, slots=True)
class Plotted:
    """One line of a chart: its legend words, colour, marker and points (day, value)."""

    label: str
    color: colors.Color
    marker: str
    points: tuple[tuple[date, float], ...]
    dashed: bool = False


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``ticks`` divisions of ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def value_range(instrument: Instrument, values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) for the value axis: the instrument's whole scale when the readings
    spread over much of it (a pain scale reads best whole), else the readings' range rounded
    out, never past the scale's ends."""
    full = instrument.high - instrument.low
    if not values:
        return instrument.low, instrument.high, nice_step(full)
    lo, hi = min(values), max(values)
    if hi - lo >= 0.4 * full:
        return instrument.low, instrument.high, nice_step(full)
    span = max(hi - lo, full * 0.08)
    lo, hi = lo - span * 0.2, hi + span * 0.2
    step = nice_step(hi - lo)
    lo = max(instrument.low, math.floor(lo / step) * step)
    hi = min(instrument.high, math.ceil(hi / step) * step)
    if hi <= lo:
        hi = lo + step
    return lo, hi, step


def threshold(instrument: Instrument, baseline: float) -> float | None:
    """The smallest change from ``baseline`` that the instrument's change that matters counts
    (points OR percent, whichever is met first, as :func:`artdesk.measures.scoring.assess`
    judges), or None with no published threshold."""
    change = instrument.change
    if change is None:
        return None
    sizes = []
    if change.points is not None:
        sizes.append(change.points)
    if change.percent is not None and abs(baseline) > 1e-9:
        sizes.append(abs(baseline) * change.percent / 100)
    return min(sizes) if sizes else None


KAPPA = 0.5523  # a circle from four cubic curves


def add_marker(path: Path, kind: str, x: float, y: float, size: float) -> None:
    """One data point into ``path``: a circle (before treatment) or a square (after), so the
    two lines read apart in grey print too. All of a line's points go into ONE path: a shape
    per point made a 40-visit report several times slower to draw."""
    r = size / 2
    if kind == "FilledDiamond":  # a circle's stand-in when points are many (a quarter the ink)
        path.moveTo(x, y - r)
        path.lineTo(x + r, y)
        path.lineTo(x, y + r)
        path.lineTo(x - r, y)
        path.closePath()
        return
    if kind == "FilledSquare":
        h = r * 0.85
        path.moveTo(x - h, y - h)
        path.lineTo(x + h, y - h)
        path.lineTo(x + h, y + h)
        path.lineTo(x - h, y + h)
        path.closePath()
        return
    k = r * KAPPA
    path.moveTo(x + r, y)
    path.curveTo(x + r, y + k, x + k, y + r, x, y + r)
    path.curveTo(x - k, y + r, x - r, y + k, x - r, y)
    path.curveTo(x - r, y - k, x - k, y - r, x, y - r)
    path.curveTo(x + k, y - r, x + r, y - k, x + r, y)
    path.closePath()


def markers(
    kind: str, points: Sequence[tuple[float, float]], size: float, color: colors.Color
) -> Path:
    path = Path(fillColor=color, strokeColor=None)
    for x, y in points:
        add_marker(path, kind, x, y, size)
    return path
