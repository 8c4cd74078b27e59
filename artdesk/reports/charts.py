"""Charts as reportlab Drawings, dropped straight into a story."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib import colors

from artdesk.reports.fonts import REGULAR
from artdesk.visit import PainPoint

# A drawing's renderer starts every drawing in STATE_DEFAULTS' font, Helvetica, which the PDF
# then references without embedding it: start in the shipped font instead (this program only
# draws its own charts).
STATE_DEFAULTS["fontName"] = REGULAR

BEFORE = colors.HexColor("#c0392b")
AFTER = colors.HexColor("#1f77b4")


class PainChart(Drawing):  # type: ignore[misc]
    """Pain before and after treatment across a patient's visits (0–10, lower is better)."""

    def __init__(self, points: Sequence[PainPoint], width: float = 480, height: float = 130):
        super().__init__(width, height)
        chart = HorizontalLineChart()
        chart.x, chart.y = 32, 28
        chart.width, chart.height = width - 150, height - 40
        chart.data = [
            [p.before if p.before is not None else None for p in points],
            [p.after if p.after is not None else None for p in points],
        ]
        chart.categoryAxis.categoryNames = [p.when.strftime("%d %b") for p in points]
        chart.categoryAxis.labels.fontName = REGULAR
        chart.categoryAxis.labels.fontSize = 8
        chart.categoryAxis.labels.angle = 30 if len(points) > 8 else 0
        chart.categoryAxis.labels.dy = -6 if len(points) > 8 else -2
        chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 10, 2
        chart.valueAxis.labels.fontName = REGULAR
        chart.valueAxis.labels.fontSize = 8
        chart.lines[0].strokeColor, chart.lines[1].strokeColor = BEFORE, AFTER
        chart.lines[0].strokeWidth = chart.lines[1].strokeWidth = 1.8
        chart.joinedLines = 1
        from reportlab.graphics.widgets.markers import makeMarker

        for n in (0, 1):
            chart.lines[n].symbol = makeMarker("FilledCircle", size=4)
            chart.lines[n].symbol.fillColor = (BEFORE, AFTER)[n]
        self.add(chart, name="chart")
        legend = Legend()
        legend.x, legend.y = width - 108, height - 30
        legend.fontName, legend.fontSize = REGULAR, 9
        legend.alignment = "right"
        legend.colorNamePairs = [(BEFORE, "before treatment"), (AFTER, "after treatment")]
        self.add(legend, name="legend")
        self.add(
            String(
                width - 108,
                4,
                "0 = no pain, 10 = worst",
                fontName=REGULAR,
                fontSize=8,
                fillColor=colors.HexColor("#555555"),
            )
        )
