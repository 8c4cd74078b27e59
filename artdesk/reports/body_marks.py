"""Where it hurt, on paper: a small body chart of the visit's marks (the same drawing as the
window's, ``artdesk.protocols.body_chart``) beside the marks in words ("pain, left calf;
numbness, left sole of the foot and heel"), for the summary and the SOAP note."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Paragraph, TableStyle

from artdesk.protocols import body_chart
from artdesk.protocols.body_chart import FEELING_COLOURS, FEELING_SYMBOLS, BodyChart, Point
from artdesk.protocols.marks import BodyMark, Feeling
from artdesk.reports.common import shipped_table
from artdesk.reports.fonts import BOLD, REGULAR, FontSet, register_shipped

BODY = colors.HexColor("#f3f1ee")
FAR = colors.HexColor("#dedad4")
LINE = colors.HexColor("#6b6b6b")
CAPTION = 8.0  # pt under each panel for its name
GAP = 5.0  # pt between panels


class BodyMarksChart(Drawing):  # type: ignore[misc]
    """The panels that carry the marks (``body_chart.placements``), ``height`` points tall;
    each marked region filled in its feeling's colour with the feeling's symbol on it. The
    ``chart`` child holds the drawing."""

    def __init__(
        self, marks: Sequence[BodyMark], height: float = 100.0, chart: BodyChart | None = None
    ) -> None:
        register_shipped()  # drawn on its own, before any document, it still has its font
        chart = chart or body_chart.shipped()
        placed = body_chart.placements(chart, marks)
        scale = (height - CAPTION) / max(p.height for p, _ in placed)
        width = sum(p.width for p, _ in placed) * scale + GAP * (len(placed) - 1)
        super().__init__(width, height)
        group = Group()
        left = 0.0
        for panel, shapes in placed:

            def at(p: Point, left: float = left) -> tuple[float, float]:
                return (left + p[0] * scale, height - p[1] * scale)

            def flat(points: Sequence[Point], left: float = left) -> list[float]:
                return [c for p in points for c in at(p, left)]

            for outline in panel.outline:
                group.add(
                    Polygon(
                        flat(outline.points),
                        fillColor=FAR if outline.far else BODY,
                        strokeColor=LINE,
                        strokeWidth=0.5,
                    )
                )
            for detail in panel.details:
                group.add(PolyLine(flat(detail), strokeColor=LINE, strokeWidth=0.3))
            for shape, feelings in shapes.items():
                colour = colors.HexColor(FEELING_COLOURS[feelings[0]])
                tint = colors.Color(colour.red, colour.green, colour.blue, alpha=0.35)
                group.add(
                    Polygon(flat(shape.points), fillColor=tint, strokeColor=colour, strokeWidth=0.6)
                )
                size = max(3.2, min(5.5, scale * 4.5))
                cx, cy = at(shape.centre)
                first = cx - size * 1.2 * (len(feelings) - 1) / 2
                for n, feeling in enumerate(feelings):
                    group.add(symbol(feeling, first + n * size * 1.2, cy, size))
            for letter in panel.letters:
                x, y = at(letter.at)
                group.add(
                    String(
                        x, y - 2.5, letter.text, fontName=BOLD, fontSize=6.5, textAnchor="middle"
                    )
                )
            middle = left + panel.width * scale / 2
            group.add(
                String(
                    middle,
                    1.5,
                    panel.caption,
                    fontName=REGULAR,
                    fontSize=6.5,
                    fillColor=LINE,
                    textAnchor="middle",
                )
            )
            left += panel.width * scale + GAP
        self.add(group, name="chart")


def symbol(feeling: Feeling, x: float, y: float, size: float) -> Group:
    """The feeling's mark, as on the screen: pain ✕, numbness ●, stiffness ■ (white-edged)."""
    colour = colors.HexColor(FEELING_COLOURS[feeling])
    r = size / 2
    out = Group()
    if feeling is Feeling.PAIN:
        for stroke, width in ((colors.white, size / 3 + 1.2), (colour, size / 3)):
            for dx in (-r, r):
                out.add(
                    Line(
                        x - dx,
                        y - r,
                        x + dx,
                        y + r,
                        strokeColor=stroke,
                        strokeWidth=width,
                        strokeLineCap=1,
                    )
                )
    elif feeling is Feeling.NUMBNESS:
        out.add(Circle(x, y, r, fillColor=colour, strokeColor=colors.white, strokeWidth=0.8))
    else:
        out.add(
            Rect(
                x - r * 0.9,
                y - r * 0.9,
                size * 0.9,
                size * 0.9,
                fillColor=colour,
                strokeColor=colors.white,
                strokeWidth=0.8,
            )
        )
    return out


def marks_markup(marks: Sequence[BodyMark], fonts: FontSet) -> str:
    """The marks in words, each after its symbol in its colour, for a Paragraph (escaped)."""
    return "; ".join(
        f'<font color="{FEELING_COLOURS[m.feeling]}">{FEELING_SYMBOLS[m.feeling]}</font> '
        + fonts.text(m.words)
        for m in marks
    )


def grouped_markup(marks: Sequence[BodyMark], fonts: FontSet) -> str:
    """The short form, for a paper short of room: 'pain: left calf, left heel; numbness: …'."""
    return "; ".join(
        f'<font color="{FEELING_COLOURS[f]}">{FEELING_SYMBOLS[f]}</font> {f.value}: '
        + fonts.text(", ".join(places))
        for f, places in body_chart.by_feeling(marks)
    )


def drawable(marks: Sequence[BodyMark]) -> bool:
    """Whether any mark is on today's chart (an old record may name a retired region)."""
    return any(body_chart.shipped().find(m.region, m.side) for m in marks)


def beside(first: Drawing, second: Drawing, gap: float = 12.0) -> object:
    """Two drawings in one row, ``gap`` points apart."""
    return shipped_table(
        [[first, second]],
        colWidths=[first.width + gap, second.width],
        style=TableStyle(
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
        ),
        hAlign="LEFT",
    )


def marks_block(
    marks: Sequence[BodyMark],
    fonts: FontSet,
    style: object,
    width: float,
    height: float = 100.0,
    *,
    lead: str = "",
) -> list[object]:
    """The chart with the words beside it (the words alone when no mark's region is on today's
    chart); ``lead``: markup put before the words."""
    words = Paragraph(lead + marks_markup(marks, fonts), style)
    if not drawable(marks):
        return [words]
    chart = BodyMarksChart(marks, height)
    table = shipped_table(
        [[chart, words]],
        colWidths=[chart.width + 8, max(60.0, width - chart.width - 8)],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
        hAlign="LEFT",
    )
    return [table]
