"""The body chart as data (``resources/body_chart/body_chart.toml``): the outline of a body in
three views and, on it, a shape for every body region in each view the region is seen in, for
each side. Read and checked here, hit-tested here (a point → the region and side under it), so
the window, the papers and the tests share one drawing without Qt.

R and L are the patient's: the front view shows the patient's right on the viewer's left, the
back view on the viewer's right; a side view shows one side of the patient from outside (its
far leg's inner shin is the other side's).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from artdesk.protocols import regions
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.protocols.regions import View
from artdesk.resources import resource_dir

Point = tuple[float, float]
FILE = "body_chart.toml"


class BodyChartError(ValueError):
    """The chart file is broken: the message names the file and what is wrong."""


def inside(points: Sequence[Point], x: float, y: float) -> bool:
    """Whether (x, y) is inside the polygon (even-odd rule)."""
    found = False
    j = len(points) - 1
    for i, (xi, yi) in enumerate(points):
        xj, yj = points[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            found = not found
        j = i
    return found


def distance(points: Sequence[Point], x: float, y: float) -> float:
    """How far (x, y) is from the polygon (0 inside)."""
    return 0.0 if inside(points, x, y) else _edge_distance(points, x, y)


def area(points: Sequence[Point]) -> float:
    return 0.5 * sum(
        ax * by - bx * ay
        for (ax, ay), (bx, by) in zip(points, [*points[1:], points[0]], strict=True)
    )


def _centre(points: Sequence[Point]) -> Point:
    """A point well inside the polygon: its centroid when inside, else the inside point of a
    fine grid farthest from the edge."""
    a = area(points)
    if abs(a) > 1e-9:
        cx = cy = 0.0
        for (ax, ay), (bx, by) in zip(points, [*points[1:], points[0]], strict=True):
            cross = ax * by - bx * ay
            cx, cy = cx + (ax + bx) * cross, cy + (ay + by) * cross
        centroid = (cx / (6 * a), cy / (6 * a))
        if inside(points, *centroid):
            return centroid
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    best, where = -1.0, points[0]
    for i in range(1, 40):
        for j in range(1, 40):
            x = min(xs) + (max(xs) - min(xs)) * i / 40
            y = min(ys) + (max(ys) - min(ys)) * j / 40
            if inside(points, x, y) and (edge := _edge_distance(points, x, y)) > best:
                best, where = edge, (x, y)
    return where


def _edge_distance(points: Sequence[Point], x: float, y: float) -> float:
    best = math.inf
    for (ax, ay), (bx, by) in zip(points, [*points[1:], points[0]], strict=True):
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
        t = min(1.0, max(0.0, t))
        best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best


@dataclass(frozen=True, slots=True)
class Shape:
    """One region on one side, as drawn in one panel."""

    region: str
    side: MarkSide
    points: tuple[Point, ...]
    far: bool = False  # on a side view's far leg (the other side's)
    centre: Point = (0.0, 0.0)  # a point well inside: where a symbol goes, where a tap lands
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom

    def holds(self, x: float, y: float) -> bool:
        left, top, right, bottom = self.box
        return left <= x <= right and top <= y <= bottom and inside(self.points, x, y)

    @property
    def key(self) -> tuple[str, MarkSide]:
        return (self.region, self.side)

    @property
    def name(self) -> str:
        return place_name(self.region, self.side)


def place_name(region: str, side: MarkSide) -> str:
    """'left calf', 'neck' (a region on the midline): a place without its feeling."""
    known = regions.shipped().get(region)
    place = known.name if known else region
    return place if side is MarkSide.MIDLINE else f"{side.value} {place}"


@dataclass(frozen=True, slots=True)
class Outline:
    points: tuple[Point, ...]
    far: bool = False  # drawn behind, in a darker tone (a side view's far leg)


@dataclass(frozen=True, slots=True)
class Letter:
    text: str
    at: Point


@dataclass(frozen=True, slots=True)
class Panel:
    """One drawn view: a box of ``width`` × ``height`` units (x right, y down)."""

    id: str
    view: View
    caption: str
    width: float
    height: float
    outline: tuple[Outline, ...]
    details: tuple[tuple[Point, ...], ...]
    letters: tuple[Letter, ...]
    shapes: tuple[Shape, ...]
    shows: MarkSide | None = None  # a side view: the side of the patient it shows

    def shape(self, region: str, side: MarkSide) -> Shape | None:
        return next((s for s in self.shapes if s.key == (region, side)), None)

    def shape_at(self, x: float, y: float, tolerance: float = 0.0) -> Shape | None:
        """The shape under (x, y); else, within ``tolerance`` units, the nearest one."""
        for shape in reversed(self.shapes):  # the last drawn is on top
            if shape.holds(x, y):
                return shape
        if tolerance <= 0:
            return None
        near = min(self.shapes, key=lambda s: distance(s.points, x, y), default=None)
        return near if near is not None and distance(near.points, x, y) <= tolerance else None

    def rows(self) -> list[list[Shape]]:
        """The shapes in rows head to foot, each row from the viewer's left: what the keyboard
        walks (regions starting within ``ROW`` units of a row's first join it)."""
        out: list[list[Shape]] = []
        start = -math.inf
        for shape in sorted(self.shapes, key=lambda s: s.centre[1]):
            if shape.centre[1] - start > ROW:
                out.append([])
                start = shape.centre[1]
            out[-1].append(shape)
        return [sorted(row, key=lambda s: s.centre[0]) for row in out]

    def in_order(self) -> list[Shape]:
        return [s for row in self.rows() for s in row]


ROW = 5.5  # units


def hit(panel: Panel, x: float, y: float, tolerance: float = 0.0) -> tuple[str, MarkSide] | None:
    """The (region, side) under a point of ``panel`` (in its units), or None."""
    shape = panel.shape_at(x, y, tolerance)
    return None if shape is None else shape.key


@dataclass(frozen=True, slots=True)
class BodyChart:
    panels: tuple[Panel, ...]
    source: str = field(default=FILE, compare=False)

    def panel(self, panel_id: str) -> Panel:
        return next(p for p in self.panels if p.id == panel_id)

    def of_view(self, view: View) -> list[Panel]:
        return [p for p in self.panels if p.view is view]

    def find(self, region: str, side: MarkSide) -> list[tuple[Panel, Shape]]:
        """Every panel that draws this region on this side."""
        return [(p, s) for p in self.panels if (s := p.shape(region, side)) is not None]


# --- reading and checking ---------------------------------------------------------------------


def _points(
    value: Any, where: str, width: float, height: float, least: int = 3
) -> tuple[Point, ...]:
    """Points written as SVG writes them, "x,y x,y …" (or a list of [x, y] pairs)."""
    if isinstance(value, str):
        pairs: list[Any] = [p.split(",") for p in value.split()]
    elif isinstance(value, list):
        pairs = value
    else:
        pairs = []
    if len(pairs) < least:
        raise BodyChartError(f'{where}: points must be at least {least} "x,y" pairs')
    try:
        if any(len(p) != 2 or isinstance(p[0], bool) or isinstance(p[1], bool) for p in pairs):
            raise ValueError
        out = tuple((float(p[0]), float(p[1])) for p in pairs)
    except (TypeError, ValueError):
        for n, pair in enumerate(pairs, start=1):  # say which one
            try:
                ok = len(pair) == 2 and not any(isinstance(c, bool) for c in pair)
                ok = ok and all(float(c) == float(c) for c in pair)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                shown = ",".join(pair) if isinstance(value, str) else repr(pair)
                raise BodyChartError(f"{where}: point {n} {shown!r} is not x,y numbers") from None
        raise
    for n, (x, y) in enumerate(out, start=1):
        if not (0 <= x <= width and 0 <= y <= height):
            raise BodyChartError(
                f"{where}: point {n} [{x:g}, {y:g}] is outside the panel's {width:g} × {height:g}"
            )
    return out


def _table_list(entry: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BodyChartError(f"{where}: {key} must be a list of tables")
    return value


def _panel(entry: Any, where: str) -> Panel:
    if not isinstance(entry, dict):
        raise BodyChartError(f"{where}: must be a table")
    try:
        pid, caption = str(entry["id"]), str(entry["caption"])
        view = View(entry["view"])
        width, height = (float(v) for v in entry["size"])
        shows = MarkSide(entry["shows"]) if "shows" in entry else None
    except KeyError as exc:
        raise BodyChartError(f"{where}: missing {exc} (id, view, caption, size)") from None
    except (TypeError, ValueError) as exc:
        raise BodyChartError(f"{where}: {exc} (views are front, back, side)") from None
    where = f"{where} ({pid})"
    if width <= 0 or height <= 0:
        raise BodyChartError(f"{where}: size must be two positive numbers")
    if (view is View.SIDE) != (shows is not None) or shows is MarkSide.MIDLINE:
        raise BodyChartError(f"{where}: a side view says which side it shows (left or right)")
    outline = tuple(
        Outline(
            _points(o.get("points"), f"{where}: outline {n}", width, height), o.get("tone") == "far"
        )
        for n, o in enumerate(_table_list(entry, "outline", where), start=1)
    )
    if not outline:
        raise BodyChartError(f"{where}: no outline")
    details = tuple(
        _points(d.get("points"), f"{where}: details {n}", width, height, 2)
        for n, d in enumerate(_table_list(entry, "details", where), start=1)
    )
    letters = tuple(
        Letter(
            str(t.get("text", "")), _points([t.get("at")], f"{where}: letter", width, height, 1)[0]
        )
        for t in _table_list(entry, "letters", where)
    )
    shapes = [
        _shape(s, f"{where}: shapes[{n}]", width, height, view)
        for n, s in enumerate(_table_list(entry, "shapes", where), start=1)
    ]
    return Panel(pid, view, caption, width, height, outline, details, letters, tuple(shapes), shows)


def _shape(entry: dict[str, Any], where: str, width: float, height: float, view: View) -> Shape:
    try:
        rid, side = str(entry["region"]), MarkSide(entry["side"])
    except KeyError as exc:
        raise BodyChartError(f"{where}: missing {exc} (region, side, points)") from None
    except ValueError as exc:
        raise BodyChartError(f"{where}: {exc} (sides are left, right, midline)") from None
    region = regions.shipped().get(rid)
    if region is None:
        raise BodyChartError(f"{where}: unknown body region {rid!r}")
    if view not in region.views:
        seen = ", ".join(v.value for v in region.views)
        raise BodyChartError(
            f"{where}: {rid} is not seen in the {view.value} view (body_regions.toml: {seen})"
        )
    if region.sided == (side is MarkSide.MIDLINE):
        need = "left or right" if region.sided else "midline"
        raise BodyChartError(f"{where}: {rid} is marked {need}, not {side.value}")
    points = _points(entry.get("points"), f"{where} ({rid})", width, height)
    if abs(area(points)) < 1.0:
        raise BodyChartError(f"{where} ({rid}): the shape has no area")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    return Shape(rid, side, points, bool(entry.get("far", False)), _centre(points), box)


def _check_panel(panel: Panel, where: str) -> None:
    keys = [s.key for s in panel.shapes]
    for region, side in dict.fromkeys(k for k in keys if keys.count(k) > 1):
        raise BodyChartError(f"{where}: panel {panel.id}: {region} ({side.value}) is drawn twice")
    middle = panel.width / 2
    for shape in panel.shapes:
        label = f"{where}: panel {panel.id}: {shape.region} ({shape.side.value})"
        if panel.shape_at(*shape.centre) is not shape:
            raise BodyChartError(f"{label} overlaps another shape at its centre")
        if not any(inside(o.points, *shape.centre) for o in panel.outline):
            raise BodyChartError(f"{label} lies outside the body's outline")
        if shape.side is MarkSide.MIDLINE:
            continue
        if panel.view is View.SIDE:
            if (shape.side is panel.shows) == shape.far:
                shown = panel.shows.value if panel.shows else ""
                what = (
                    "the far leg's shapes are the other side's"
                    if shape.far
                    else f"this panel shows the {shown} side (far = true: the far leg's)"
                )
                raise BodyChartError(f"{label}: {what}")
            continue
        # the patient's right is on the viewer's left at the front, on the right at the back
        on_left = shape.centre[0] < middle
        if on_left != ((shape.side is MarkSide.RIGHT) == (panel.view is View.FRONT)):
            raise BodyChartError(
                f"{label} is on the wrong side: the front shows the patient's right on the "
                "viewer's left, the back on the viewer's right"
            )


def parse(text: str, source: str = FILE) -> BodyChart:
    """The chart from its TOML text; BodyChartError names the file and what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BodyChartError(f"{source}: not valid TOML ({exc})") from None
    entries = data.get("panels")
    if not isinstance(entries, list) or not entries:
        raise BodyChartError(f"{source}: no panels")
    panels = tuple(_panel(e, f"{source}: panels[{n}]") for n, e in enumerate(entries, start=1))
    ids = [p.id for p in panels]
    if len(set(ids)) != len(ids):
        raise BodyChartError(f"{source}: a panel id is used twice ({', '.join(ids)})")
    for panel in panels:
        _check_panel(panel, source)
    missing = []
    for region in regions.shipped().values():
        sides = (MarkSide.RIGHT, MarkSide.LEFT) if region.sided else (MarkSide.MIDLINE,)
        for view in region.views:
            for side in sides:
                if not any(p.shape(region.id, side) for p in panels if p.view is view):
                    missing.append(f"{region.id} ({side.value}) in the {view.value} view")
    if missing:
        raise BodyChartError(f"{source}: no shape for " + "; ".join(missing))
    return BodyChart(panels, source)


@cache
def shipped() -> BodyChart:
    path = resource_dir("body_chart") / FILE
    return parse(path.read_text(encoding="utf-8"), f"body_chart/{FILE}")


# --- marks on the chart -----------------------------------------------------------------------

# How each feeling is drawn, on screen and paper alike: a colour (Okabe–Ito, told apart with
# colour blindness too) AND a symbol, so no mark is told by its colour alone.
FEELING_COLOURS = {
    Feeling.PAIN: "#d55e00",
    Feeling.NUMBNESS: "#0072b2",
    Feeling.STIFFNESS: "#009e73",
}
FEELING_SYMBOLS = {Feeling.PAIN: "✕", Feeling.NUMBNESS: "●", Feeling.STIFFNESS: "■"}


def marks_words(marks: Iterable[BodyMark]) -> str:
    """'pain, left calf; numbness, left sole of the foot and heel' — how every screen and paper
    says the marks."""
    return "; ".join(m.words for m in marks)


def by_feeling(marks: Iterable[BodyMark]) -> list[tuple[Feeling, list[str]]]:
    """The marked places grouped by feeling, in the order first marked: the short form
    ('pain: left calf, left Achilles tendon and heel cord; numbness: …')."""
    groups: dict[Feeling, list[str]] = {}
    for mark in marks:
        places = groups.setdefault(mark.feeling, [])
        if (place := place_name(mark.region, mark.side)) not in places:
            places.append(place)
    return list(groups.items())


def placements(
    chart: BodyChart, marks: Sequence[BodyMark]
) -> list[tuple[Panel, dict[Shape, list[Feeling]]]]:
    """What a small read-only chart of these marks draws: each mark on the front and back
    panels that have its region and side, and on a side panel only when neither has it; the
    panels in the chart's order, only those carrying a mark (the front alone when none)."""
    shown: dict[str, dict[Shape, list[Feeling]]] = {}
    for mark in marks:
        found = chart.find(mark.region, mark.side)
        flat = [(p, s) for p, s in found if p.view is not View.SIDE]
        for panel, shape in flat or found[:1]:
            feelings = shown.setdefault(panel.id, {}).setdefault(shape, [])
            if mark.feeling not in feelings:
                feelings.append(mark.feeling)
    if not shown:
        return [(chart.panels[0], {})]
    return [(p, shown[p.id]) for p in chart.panels if p.id in shown]
