"""Draw ART Desk's body chart and write it as ``body_chart.toml`` beside this file.

    python resources/body_chart/make_chart.py

The drawing is made here from a few measured curves (no artwork copied): the front and back
views share one outline, drawn for the viewer's left half and mirrored; the side view is a
profile of the patient's right side, mirrored for the left. Each region is a patch between two
of those curves (a limb is a tube between its outer and inner edge: a patch runs from a fraction
``f0`` to ``f1`` across it, between two heights), so the regions follow the outline exactly.

The TOML file is what the program reads and what a clinic may edit; running this again writes
it afresh (hand edits to the file would be lost). Released under CC0-1.0 with the file (LICENSE).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from pathlib import Path

Point = tuple[float, float]
Edge = Callable[[float], float]

HEIGHT = 240.0


def smooth(ctrl: Sequence[tuple[float, float]], steps: int = 6) -> list[tuple[float, float]]:
    """A Catmull-Rom curve through the control points (passes through each of them)."""
    pts = [ctrl[0], *ctrl, ctrl[-1]]
    out: list[tuple[float, float]] = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for s in range(steps):
            t = s / steps
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t * t
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t**3
                    )
                    for k in (0, 1)
                )
            )
    out.append(ctrl[-1])
    return out


def edge(ctrl: Sequence[tuple[float, float]]) -> Edge:
    """x as a function of y along a curve given as (y, x) control points, y increasing."""
    dense = smooth(ctrl)

    def at(y: float) -> float:
        if y <= dense[0][0]:
            return dense[0][1]
        for (y0, x0), (y1, x1) in itertools.pairwise(dense):
            if y0 <= y <= y1:
                return x0 if y1 == y0 else x0 + (x1 - x0) * (y - y0) / (y1 - y0)
        return dense[-1][1]

    return at


def along(e: Edge, y0: float, y1: float, step: float = 2.0) -> list[Point]:
    """Points of an edge from y0 to y1 (either way)."""
    n = max(1, math.ceil(abs(y1 - y0) / step))
    return [(e(y0 + (y1 - y0) * i / n), y0 + (y1 - y0) * i / n) for i in range(n + 1)]


def band(out: Edge, inner: Edge, y0: float, y1: float, f0: float, f1: float) -> list[Point]:
    """The patch of a tube between heights y0..y1 and fractions f0..f1 across it (0: the
    ``out`` edge, 1: the ``inner`` edge)."""

    def at(f: float) -> Edge:
        return lambda y: out(y) + f * (inner(y) - out(y))

    return along(at(f0), y0, y1) + along(at(f1), y1, y0)


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 16) -> list[Point]:
    return [
        (cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]


# --- front and back: the viewer's left half, x < 50 -------------------------------------------

ARM_OUT = edge(
    [
        (54, 25.9),
        (62, 25.0),
        (72, 24.3),
        (84, 23.7),
        (92, 23.3),
        (100, 22.5),
        (112, 21.3),
        (124, 20.4),
        (130, 20.0),
        (136, 20.2),
        (142, 21.2),
        (145, 22.0),
    ]
)
ARM_IN = edge(
    [
        (61, 33.4),
        (66, 32.6),
        (76, 32.0),
        (86, 31.5),
        (92, 31.3),
        (100, 30.3),
        (112, 28.9),
        (124, 27.8),
        (130, 28.2),
        (136, 28.0),
        (142, 27.0),
        (145, 26.2),
    ]
)
TORSO = edge(
    [
        (61, 33.6),
        (70, 34.3),
        (80, 35.6),
        (92, 36.6),
        (100, 36.2),
        (108, 34.6),
        (114, 33.3),
        (118, 32.7),
    ]
)
LEG_OUT = edge(
    [
        (118, 32.7),
        (124, 32.2),
        (130, 32.3),
        (140, 33.0),
        (152, 34.0),
        (164, 35.3),
        (172, 36.0),
        (178, 36.1),
        (184, 35.7),
        (190, 35.3),
        (196, 35.6),
        (204, 36.8),
        (212, 38.3),
        (218, 39.1),
        (223, 39.0),
        (228, 38.1),
        (232, 37.6),
    ]
)
LEG_IN = edge(
    [
        (129, 49.0),
        (134, 48.3),
        (144, 47.8),
        (156, 47.3),
        (166, 46.9),
        (172, 46.7),
        (178, 46.8),
        (184, 47.0),
        (190, 47.1),
        (196, 46.8),
        (204, 46.2),
        (212, 45.5),
        (218, 45.4),
        (223, 46.0),
        (228, 47.3),
        (232, 48.2),
    ]
)
HEAD = (50.0, 19.5, 8.1, 14.5)  # narrower before widening: a head is not 1.3 × wider
SHOULDER_LINE = [(44.6, 38.5), (40.0, 41.0), (35.0, 43.0), (30.6, 45.1), (27.6, 47.6)]
SHOULDER_LINE += [(26.2, 51.0)]


def front_back_half() -> list[Point]:
    """The outline of the viewer's left half, from the top of the head to the crotch."""
    cx, cy, rx, ry = HEAD
    end = math.pi - math.asin(5.2 / rx)
    path = [
        (cx - rx * math.sin(t), cy - ry * math.cos(t)) for t in (end * i / 14 for i in range(15))
    ]
    path += [(44.6, 38.5 - 3.5), *SHOULDER_LINE]
    path += along(ARM_OUT, 54, 145)
    path += [(22.6, 147.3), (24.1, 148.4), (25.6, 147.3)]
    path += along(ARM_IN, 145, 62)
    path += [(33.5, 60.6)]
    path += along(TORSO, 62, 118)[1:]
    path += along(LEG_OUT, 120, 232)
    path += [(38.6, 234.5), (43.0, 235.0), (47.6, 234.5)]
    path += along(LEG_IN, 232, 129)
    path.append((50.0, 127.0))
    return path


def mirror(points: Sequence[Point], width: float = 100.0) -> list[Point]:
    return [(width - x, y) for x, y in points]


def whole(half: list[Point]) -> list[Point]:
    """A symmetric outline from its left half (the half runs top to bottom on the left)."""
    return half + mirror(half[::-1])[1:-1]


def shoulder_patch(inner_x: float) -> list[Point]:
    """The shoulder's cap from the top of the shoulder to below the armpit's height."""
    top = [p for p in SHOULDER_LINE if p[0] <= inner_x + 0.1]
    return [
        (inner_x, 41.6 if inner_x > 38 else 43.4),
        *top,
        *along(ARM_OUT, 54, 63),
        (29.0, 63.0),
        (33.5, 60.6),
        (inner_x - 0.5, 55.0),
    ]


def front_shapes() -> dict[str, list[Point]]:
    """The front's regions on the viewer's left half: the patient's RIGHT side."""
    return {
        "neck": [(44.9, 33.0), (49.6, 33.0), (49.6, 41.0), (42.0, 41.0), (44.6, 38.5)],
        "shoulder": shoulder_patch(37.6),
        "elbow-medial": band(ARM_OUT, ARM_IN, 83, 98, 0.45, 1.0),
        "forearm": band(ARM_OUT, ARM_IN, 100, 123, 0.0, 1.0),
        "lateral-hip": [
            *along(TORSO, 108, 118),
            *along(LEG_OUT, 120, 130),
            (LEG_OUT(130) + 5.0, 130.0),
            (38.0, 122.0),
            (TORSO(108) + 4.0, 108.0),
        ],
        "groin": [
            (39.0, 110.0),
            (44.0, 114.5),
            (49.6, 119.0),
            (49.6, 126.6),
            (48.9, 129.5),
            (44.0, 129.0),
            (38.6, 124.0),
        ],
        "anterior-thigh": band(LEG_OUT, LEG_IN, 132, 163, 0.03, 0.7),
        "medial-thigh": band(LEG_OUT, LEG_IN, 131, 163, 0.72, 1.0),
        "lateral-knee": band(LEG_OUT, LEG_IN, 165, 181, 0.0, 0.22),
        "anterior-knee": band(LEG_OUT, LEG_IN, 165, 181, 0.24, 0.86),
        "lateral-lower-leg": band(LEG_OUT, LEG_IN, 183, 214, 0.0, 0.3),
        "anterior-shin": band(LEG_OUT, LEG_IN, 183, 214, 0.32, 0.63),
        "medial-shin": band(LEG_OUT, LEG_IN, 183, 214, 0.65, 1.0),
        "ankle": band(LEG_OUT, LEG_IN, 216, 227, 0.0, 1.0),
    }


def back_shapes() -> dict[str, list[Point]]:
    """The back's regions on the viewer's left half: the patient's LEFT side."""
    return {
        "neck": [(44.9, 32.0), (49.6, 32.0), (49.6, 40.4), (43.0, 40.4), (44.6, 38.5)],
        "shoulder": shoulder_patch(39.4),
        "upper-back": [
            (40.0, 42.0),
            (44.0, 41.2),
            (49.6, 41.2),
            (49.6, 80.0),
            (40.5, 80.0),
            (39.6, 70.0),
            (39.6, 55.5),
        ],
        "low-back": [
            (TORSO(86) + 1.5, 86.0),
            (49.6, 86.0),
            (49.6, 107.0),
            (TORSO(107) + 4.5, 107.0),
        ],
        "elbow-lateral": band(ARM_OUT, ARM_IN, 83, 98, 0.0, 0.55),
        "forearm": band(ARM_OUT, ARM_IN, 100, 123, 0.0, 1.0),
        "lateral-hip": [
            *along(TORSO, 109, 118),
            *along(LEG_OUT, 120, 131),
            (LEG_OUT(131) + 4.5, 131.0),
            (TORSO(109) + 4.5, 109.0),
        ],
        "buttock": [
            (TORSO(109) + 4.8, 109.0),
            (49.6, 109.0),
            (49.6, 126.6),
            (LEG_IN(131), 131.0),
            (LEG_OUT(131) + 4.8, 131.0),
        ],
        "posterior-thigh": band(LEG_OUT, LEG_IN, 133, 165, 0.03, 0.97),
        "posterior-knee": band(LEG_OUT, LEG_IN, 167, 180, 0.1, 0.9),
        "calf": band(LEG_OUT, LEG_IN, 182, 206, 0.0, 1.0),
        "achilles": band(LEG_OUT, LEG_IN, 208, 222, 0.15, 0.85),
        "plantar-foot": [
            *along(LEG_OUT, 224, 232),
            (38.6, 234.5),
            (43.0, 235.0),
            (47.6, 234.5),
            *along(LEG_IN, 232, 224),
        ],
    }


FRONT_DETAILS = [
    [(44.0, 45.5), (38.0, 47.0), (33.0, 47.0)],  # collarbones
    [(56.0, 45.5), (62.0, 47.0), (67.0, 47.0)],
    [*ellipse(50.0, 100.0, 0.9, 1.1, 8), ellipse(50.0, 100.0, 0.9, 1.1, 8)[0]],  # navel
]
BACK_DETAILS = [
    [(50.0, 42.0), (50.0, 112.0)],  # the spine
    [(50.0, 116.0), (50.0, 127.0)],  # the cleft between the buttocks
    [(41.5, 52.0), (40.5, 66.0), (36.5, 72.0)],  # the shoulder blades' inner borders
    [(58.5, 52.0), (59.5, 66.0), (63.5, 72.0)],
]


# --- the side view: the patient's RIGHT side, facing the viewer's right -----------------------

S_BACK = edge(
    [
        (131, 19.5),
        (140, 20.4),
        (150, 21.5),
        (160, 22.6),
        (168, 23.5),
        (176, 24.0),
        (183, 22.6),
        (190, 21.6),
        (198, 22.6),
        (206, 24.5),
        (212, 26.0),
        (217, 26.8),
        (222, 26.4),
        (226, 25.6),
        (230, 25.4),
        (233, 25.9),
    ]
)
S_FRONT = edge(
    [
        (126, 37.6),
        (136, 37.4),
        (146, 37.0),
        (156, 36.3),
        (165, 35.6),
        (170, 35.9),
        (175, 36.1),
        (180, 34.9),
        (186, 34.1),
        (196, 33.7),
        (206, 33.2),
        (214, 32.6),
        (218, 32.7),
    ]
)
FAR_STEP = 10.0  # the far (left) leg a small step forward, so its inner shin is seen


def far(y: float) -> float:
    return FAR_STEP * min(1.0, max(0.0, (y - 124.0) / (221.0 - 124.0)))


def near_leg_front(y0: float, y1: float) -> list[Point]:
    return along(S_FRONT, y0, y1)


def side_body() -> list[Point]:
    """Head, neck, torso and the near (right) leg, clockwise from the top of the head."""
    cx, cy, rx, ry = 29.0, 19.5, 9.8, 14.5
    head = [
        (cx + rx * math.sin(t), cy - ry * math.cos(t))
        for t in (math.radians(a) for a in range(-120, 66, 10))
    ]
    face = [(38.6, 12.5), (39.6, 16.0), (41.9, 21.2), (40.0, 23.0), (40.5, 25.0), (40.0, 26.8)]
    face += [(39.5, 29.6), (36.6, 31.6)]
    front = smooth(
        [
            (34.0, 33.0),
            (34.2, 40.0),
            (38.2, 50.0),
            (39.6, 62.0),
            (38.6, 76.0),
            (37.9, 88.0),
            (38.9, 100.0),
            (38.6, 112.0),
            (37.6, 126.0),
        ],
        3,
    )
    foot = [(33.2, 221.0), (38.0, 225.0), (44.0, 228.5), (47.2, 231.0), (47.6, 233.6)]
    foot += [(46.0, 235.0), (28.0, 235.0), (26.0, 234.2)]
    back = smooth(
        [
            (19.5, 131.0),
            (17.6, 121.0),
            (19.4, 109.0),
            (22.2, 96.0),
            (21.6, 84.0),
            (20.2, 68.0),
            (20.9, 54.0),
            (23.4, 44.0),
            (23.6, 36.0),
            (21.6, 31.0),
        ],
        3,
    )
    return (
        head
        + face
        + front
        + near_leg_front(126, 218)
        + foot
        + along(S_BACK, 233, 131)[1:]
        + back[1:]
    )


def far_leg() -> list[Point]:
    front = [(S_FRONT(y) + far(y), y) for y in range(122, 219, 3)]
    foot = [(33.2 + far(221), 221.0), (38.0 + FAR_STEP, 225.0), (44.0 + FAR_STEP, 228.5)]
    foot += [(47.2 + FAR_STEP, 231.0), (47.6 + FAR_STEP, 233.6), (46.0 + FAR_STEP, 235.0)]
    foot += [(28.0 + FAR_STEP, 235.0), (26.0 + FAR_STEP, 234.2)]
    back = [(S_BACK(y) + far(y), y) for y in range(233, 121, -3)]
    return front + foot + back


def side_arm() -> list[Point]:
    """The near arm, the elbow bent as a runner carries it, the forearm forward."""
    back = smooth([(23.2, 52.0), (24.0, 64.0), (25.0, 78.0), (25.6, 88.0), (27.5, 95.5)], 3)
    under = smooth([(32.0, 96.6), (40.0, 96.0), (47.0, 95.2), (52.0, 95.6)], 3)
    hand = [(54.8, 94.4), (56.2, 91.4), (55.0, 88.4), (51.6, 87.8)]
    top = smooth([(47.0, 88.8), (40.0, 88.4), (34.2, 87.0)], 3)
    front = smooth([(33.6, 84.0), (33.8, 72.0), (34.6, 60.0), (35.0, 52.0)], 3)
    cap = [(34.0, 48.0), (31.5, 45.6), (28.0, 45.0), (24.6, 47.2)]
    return back + under + hand + top + front + cap


ARM_BACK = edge([(52, 23.2), (64, 24.0), (78, 25.0), (88, 25.6), (95, 27.0)])
ARM_FRONT = edge([(52, 35.0), (60, 34.6), (72, 33.8), (84, 33.6), (88, 34.0)])


def side_shapes() -> dict[str, tuple[list[Point], bool]]:
    """The right side's regions (and the far leg's: the LEFT inner shin)."""
    return {
        "neck": ([(23.9, 33.5), (33.6, 32.6), (34.0, 39.6), (23.8, 41.5)], False),
        "shoulder": (
            [
                (25.2, 47.6),
                (29.0, 45.6),
                (33.0, 47.5),
                *along(ARM_FRONT, 52, 63),
                *along(ARM_BACK, 63, 52),
            ],
            False,
        ),
        "elbow-lateral": (
            [
                *along(ARM_BACK, 80, 92),
                (27.5, 95.5),
                (32.0, 96.6),
                (34.0, 96.0),
                (34.6, 88.0),
                *along(ARM_FRONT, 86, 80),
            ],
            False,
        ),
        "lateral-hip": (ellipse(28.6, 118.5, 6.6, 7.0), False),
        "lateral-thigh": (band(S_BACK, S_FRONT, 133, 166, 0.1, 0.9), False),
        "lateral-knee": (band(S_BACK, S_FRONT, 168, 181, 0.12, 0.88), False),
        "lateral-lower-leg": (band(S_BACK, S_FRONT, 184, 205, 0.15, 0.9), False),
        "achilles": (band(S_BACK, S_FRONT, 207, 225, 0.0, 0.42), False),
        "ankle": (band(S_BACK, S_FRONT, 212, 226, 0.5, 1.0), False),
        "medial-shin": (
            [(S_FRONT(y) + 0.3, float(y)) for y in range(183, 216, 2)]
            + [(S_FRONT(y) + far(y), float(y)) for y in range(215, 182, -2)],
            True,
        ),
    }


# --- writing the file -------------------------------------------------------------------------


def fmt(points: Sequence[Point]) -> str:
    """'x,y x,y …' as SVG writes a polygon's points (one string: quick to read)."""
    lines, line = [], ""
    for x, y in points:
        item = f"{x:.1f},{y:.1f}"
        if len(line) + len(item) + 1 > 96:
            lines.append(line.rstrip())
            line = ""
        line += item + " "
    lines.append(line.rstrip())
    return '"""\n' + "\n".join(lines) + '\n"""'


HEADER = """\
# ART Desk body chart: three views of a standing body (front, back, side) and, on them, one
# shape for every body region of resources/body_regions.toml in each view it lists, for the
# patient's left and right side. Drawn for ART Desk (resources/body_chart/make_chart.py), no
# artwork copied; released under CC0-1.0 (LICENSE beside this file).
#
# Convention: R and L are the PATIENT's right and left. The front view shows the patient as you
# face them: their right on your left. The back view shows them from behind: their right on
# your right. A side view shows one side of the patient from outside ("right side": their
# right side, facing your right); its far leg is a small step forward, so that leg's inner shin
# is seen (marked far = true: it is the OTHER side's).
#
# Each panel is a box of `size` = [width, height] units, x to the right and y down from its top
# left corner; the program scales the box to fit, the same for x and y. `outline`: the body's
# polygons, drawn in order (tone "far": the far leg, behind); `details`: thin lines (collar
# bones, the spine); `letters`: the R and L printed on the panel; `shapes`: the regions, each a
# polygon. Points are written as in SVG: "x,y x,y …", in order, the last joined to the first.
"""


def panel(
    pid: str,
    view: str,
    caption: str,
    width: float,
    outline: list[tuple[list[Point], str]],
    details: list[list[Point]],
    letters: list[tuple[str, Point]],
    shapes: list[tuple[str, str, list[Point], bool]],
    shows: str = "",
) -> str:
    out = [
        "[[panels]]",
        f'id = "{pid}"',
        f'view = "{view}"',
        f'caption = "{caption}"',
        f"size = [{width:.0f}, {HEIGHT:.0f}]",
    ]
    if shows:
        out.append(f'shows = "{shows}"')
    out.append(
        "letters = ["
        + ", ".join(f'{{ text = "{t}", at = [{x:.1f}, {y:.1f}] }}' for t, (x, y) in letters)
        + "]"
    )
    out.append("")
    for points, tone in outline:
        out += ["[[panels.outline]]"] + ([f'tone = "{tone}"'] if tone else [])
        out += [f"points = {fmt(points)}", ""]
    for points in details:
        out += ["[[panels.details]]", f"points = {fmt(points)}", ""]
    for region, side, points, is_far in shapes:
        out += ["[[panels.shapes]]", f'region = "{region}"', f'side = "{side}"']
        out += ["far = true"] if is_far else []
        out += [f"points = {fmt(points)}", ""]
    return "\n".join(out)


WIDEN = 1.3  # the curves above are drawn slim; a body's true widths are about 1.3 × theirs


def fitted(
    groups: Sequence[Sequence[Point]], centre: float
) -> tuple[Callable[..., list[Point]], float]:
    """Widen about ``centre`` and move into a box with a margin of 3 units; the box's width."""
    xs = [(x - centre) * WIDEN for g in groups for x, _ in g]
    dx, width = 3.0 - min(xs), math.ceil(max(xs) - min(xs) + 6.0)

    def place(points: Sequence[Point]) -> list[Point]:
        return [((x - centre) * WIDEN + dx, y) for x, y in points]

    return place, width


def front_back(view: str) -> str:
    body = whole(front_back_half())
    place, width = fitted([body], 50.0)
    here, there = ("right", "left") if view == "front" else ("left", "right")
    made = front_shapes() if view == "front" else back_shapes()
    shapes = []
    for region, points in made.items():
        shapes.append((region, here, place(points), False))
        shapes.append((region, there, place(mirror(points[::-1])), False))
    shapes.sort(key=lambda s: s[1] != "right")  # the right side's shapes first, then the left
    details = FRONT_DETAILS if view == "front" else BACK_DETAILS
    letters = [(here[0].upper(), (5.0, 14.0)), (there[0].upper(), (width - 5.0, 14.0))]
    caption = "Front" if view == "front" else "Back"
    return panel(
        view,
        view,
        caption,
        width,
        [(place(body), "")],
        [place(d) for d in details],
        letters,
        shapes,
    )


def side(shows: str) -> str:
    other = "left" if shows == "right" else "right"
    parts = [(far_leg(), "far"), (side_body(), ""), (side_arm(), "")]
    place, width = fitted([p for p, _ in parts], 29.0)

    def put(points: Sequence[Point]) -> list[Point]:
        placed = place(points)
        return placed if shows == "right" else mirror(placed[::-1], width)

    shapes = [
        (region, other if is_far else shows, put(points), is_far)
        for region, (points, is_far) in side_shapes().items()
    ]
    letter_x = width - 5.0 if shows == "right" else 5.0  # away from the back view's letters
    return panel(
        f"side-{shows}",
        "side",
        f"{shows.capitalize()} side",
        width,
        [(put(p), tone) for p, tone in parts],
        [],
        [(shows[0].upper(), (letter_x, 14.0))],
        shapes,
        shows=shows,
    )


def render() -> str:
    """The file's text."""
    text = "\n".join([HEADER, front_back("front"), front_back("back"), side("right"), side("left")])
    return text.rstrip() + "\n"


def main() -> None:
    target = Path(__file__).with_name("body_chart.toml")
    text = render()
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text.splitlines())} lines)")


if __name__ == "__main__":
    main()
