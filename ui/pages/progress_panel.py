"""Progress over an episode in the window: attendance, the goals met or not, and one trend
chart per measure (instrument, side, site) with its baseline → latest said in words.

Imported the first time a patient's progress is shown (not at start-up): the patient list
must appear fast. Everything shown is read from one :class:`artdesk.course.Progress`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from artdesk.course import Progress, Series
from artdesk.measures import Verdict
from ui.pages.trend_chart import TrendChart, local_day
from ui.style import sized

VERDICT = {
    Verdict.IMPROVED: "improved by at least the change that matters",
    Verdict.WORSE: "worse by at least the change that matters",
    Verdict.NO_CHANGE_THAT_MATTERS: "less than the change that matters",
    Verdict.NOT_JUDGED: "not judged (no published threshold)",
}


def amount(value: float, unit: str) -> str:
    if not unit:
        return f"{value:g}"
    return f"{value:g}{unit}" if unit == "°" else f"{value:g} {unit}"


def change_words(series: Series) -> str:
    """'Baseline 62 mm (visit 1, 5 Jan 2026) → latest 24 mm (visit 6): −38 mm, improved by
    at least the change that matters.' — over the course, never within one visit."""
    unit = series.instrument.unit
    base, latest, judged = series.baseline, series.latest, series.assessment
    if base is None:
        return "No readings yet."
    day = local_day(base.when)
    words = (
        f"Baseline {amount(base.value, unit)} (visit {base.number}, {day.day} {day:%b %Y}, "
        f"{base.timing.value} treatment)"
    )
    if latest is None or judged is None:
        return words + " — one reading so far."
    sign = "−" if judged.delta < 0 else "+" if judged.delta > 0 else "±"
    delta = amount(abs(judged.delta), unit) if unit else f"{abs(judged.delta):g} points"
    return (
        f"{words} → latest {amount(latest.value, unit)} (visit {latest.number}): "
        f"{sign}{delta}, {VERDICT[judged.verdict]}."
    )


def plain(text: str) -> QLabel:
    """A label that shows what was typed as typed (``<b>&`` is text, never markup)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ProgressPanel(QScrollArea):
    """The progress of one episode (no signals); ``charts`` are the trend charts shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.charts: list[TrendChart] = []
        self.progress: Progress | None = None
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self.setWidget(self._body)
        self.show_message("No episode of care yet: open one to follow the patient's progress.")

    def _clear(self) -> None:
        self.charts = []
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_message(self, text: str) -> None:
        self._clear()
        self.progress = None
        self._layout.addWidget(sized(plain(text), 13))
        self._layout.addStretch(1)

    def show_progress(self, progress: Progress) -> None:
        self._clear()
        self.progress = progress
        ep = progress.episode
        # the goals, met or not, are in the episode box above: here only the measures
        count = len(progress.series)
        measures = "1 measure" if count == 1 else f"{count} measures"
        head = f"Episode {ep.id} · {progress.attendance()} · {measures}"
        self._layout.addWidget(sized(plain(head), 12, bold=True))
        if not progress.series:
            self._layout.addWidget(sized(plain("No measures recorded in this episode yet."), 13))
        for series in progress.series:
            title = sized(plain(series.label), 14, bold=True)
            chart = TrendChart(series)
            sized(chart, 12)
            chart.setFixedHeight(self._chart_height(chart))
            words = sized(plain(change_words(series)), 12)
            threshold = sized(plain(chart.threshold), 11)
            threshold.setStyleSheet("color: #444;")
            for widget in (title, chart, words, threshold):
                self._layout.addWidget(widget)
            self.charts.append(chart)
        self._layout.addStretch(1)

    def _chart_height(self, chart: TrendChart) -> int:
        """As tall as the view allows, with its title and words in view too; never so short
        that the labels crowd, nor taller than reads well."""
        low, high = chart.minimumSizeHint().height(), chart.sizeHint().height()
        room = self.viewport().height() - 4 * chart.fontMetrics().height()
        return max(low, min(high, room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for chart in self.charts:
            chart.setFixedHeight(self._chart_height(chart))
