"""Where it hurt, visit by visit, on the patient's page: a small read-only body chart for each
of the last visits with marks, oldest on the left, the date and the marks in words under each.
Every chart shows the same views (those any of them needs), so visits compare at a glance: the
pain moving from the calf to the heel, the numbness gone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Slot
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from artdesk.protocols import body_chart
from artdesk.protocols.body_chart import BodyChart, Panel, Shape, marks_words
from artdesk.protocols.marks import Feeling
from artdesk.visit import VisitRow
from ui.pages.body_chart import mark_line
from ui.pages.body_chart_paint import paint_panel, place_row

SHOWN = 8  # visits with marks, the latest
CAPTION = 14  # px: the views' names above each small chart


class SmallChart(QWidget):
    """One visit's marks on the given panels (read-only: no focus, no clicks)."""

    def __init__(
        self, panels: Sequence[Panel], marks: Mapping[Shape, Sequence[Feeling]], words: str
    ) -> None:
        super().__init__()
        self._panels = list(panels)
        self._marks = dict(marks)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Body chart of the visit")
        self.setAccessibleDescription(words or "nothing marked")
        self.setToolTip(words)
        self.set_height(200)

    def set_height(self, height: int) -> None:
        body = height - CAPTION - 4
        width = sum(p.width for p in self._panels) / 240 * body + 8 * len(self._panels)
        self.setFixedSize(QSize(round(width), height))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        area = QRectF(self.rect()).adjusted(2, CAPTION, -2, -2)
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        for placed in place_row(self._panels, area, 8):
            paint_panel(painter, placed, self._marks, regions=False)
            width = placed.panel.width * placed.scale
            box = QRectF(placed.left - 4, 0, width + 8, CAPTION)
            painter.setPen(self.palette().text().color())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, placed.panel.caption)
        painter.end()


class WhereItHurt(QWidget):
    """The strip of small charts; ``show_visits`` fills it from the history's rows."""

    def __init__(self, chart: BodyChart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._given = chart  # else the shipped chart, read when first needed (not at start-up)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.strip = QWidget()
        self.row = QHBoxLayout(self.strip)
        self.row.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.strip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.area, 1)
        self.visits: list[VisitRow] = []  # those shown, oldest first
        self.charts: list[SmallChart] = []
        bar = self.area.horizontalScrollBar()
        bar.rangeChanged.connect(self._on_bar_range_changed)

    @Slot(int, int)
    def _on_bar_range_changed(self, _low: int, high: int) -> None:
        self.area.horizontalScrollBar().setValue(high)  # the newest visit in view

    def show_visits(self, rows: Sequence[VisitRow]) -> None:
        """``rows``: the patient's visits (any order); the last ones with marks are shown."""
        while self.row.count():
            item = self.row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        marked = sorted(
            (r for r in rows if r.body_marks and not r.voided), key=lambda r: r.started_at
        )
        self.visits = marked[-SHOWN:]
        self.charts = []
        if not self.visits:
            self.message.setText(
                "No visit has marks on the body chart yet: mark where it hurts at set-up."
            )
            self.area.setVisible(False)
            return
        older = len(marked) - len(self.visits)
        self.message.setText(
            f"Where it hurt at the last {len(self.visits)} visits with marks, oldest on the left"
            + (f" ({older} earlier not shown)" if older else "")
            + ". ✕ pain · ● numbness · ■ stiffness"
        )
        self.area.setVisible(True)
        chart = self._given or body_chart.shipped()
        placed = [body_chart.placements(chart, r.body_marks) for r in self.visits]
        ids = {p.id for one in placed for p, shapes in one if shapes}
        panels = [p for p in chart.panels if p.id in ids] or [chart.panels[0]]
        for row, one in zip(self.visits, placed, strict=True):
            marks: dict[Shape, list[Feeling]] = {}
            for _panel, shapes in one:
                marks.update(shapes)
            self.row.addWidget(self._column(row, panels, marks))
        self.row.addStretch(1)

    def _chart_height(self) -> int:
        """As tall as the strip leaves room for, over the date and about four lines of words."""
        return max(120, min(240, self.area.viewport().height() - 110))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for chart in self.charts:
            chart.set_height(self._chart_height())

    def _column(
        self, row: VisitRow, panels: Sequence[Panel], marks: Mapping[Shape, Sequence[Feeling]]
    ) -> QWidget:
        words = marks_words(row.body_marks)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        small = SmallChart(panels, marks, words)
        small.set_height(self._chart_height())
        self.charts.append(small)
        layout.addWidget(small, 0, Qt.AlignmentFlag.AlignHCenter)
        day = QLabel(row.started_at.astimezone().strftime("%Y-%m-%d"))
        day.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        font = day.font()
        font.setBold(True)
        day.setFont(font)
        layout.addWidget(day)
        text = QLabel("<br>".join(mark_line(m) for m in row.body_marks))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.setFixedWidth(max(small.width(), 150))
        layout.addWidget(text)
        layout.addStretch(1)
        column.setAccessibleName(f"Visit of {day.text()}: {words}")
        return column
