"""The trend chart of one measure: dated points on a true time axis, before and after as two
series, the baseline marked, the change that matters as a band (or "no published threshold"),
goal lines and which way is better."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from artdesk.course import Goal, GoalProgress, GoalStatus, Reading, Series
from artdesk.measures import Timing, Verdict, instrument
from ui.pages.trend_chart import TrendChart, change_band


def stamp(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def a_series(
    code: str,
    days: list[date],
    before: list[float],
    after: list[float] | None = None,
    goals: tuple[Goal, ...] = (),
) -> Series:
    spec = instrument(code)
    readings = []
    for n, day in enumerate(days):
        readings.append(Reading(100 + n, n + 1, stamp(day, 9), Timing.BEFORE, before[n]))
        if after is not None:
            readings.append(Reading(100 + n, n + 1, stamp(day, 10), Timing.AFTER, after[n]))
    first, last = readings[0], readings[-1]
    return Series(
        instrument=spec,
        side="none",
        site="",
        readings=tuple(readings),
        baseline=first,
        latest=last,
        assessment=spec.assess(first.value, last.value),
        goals=tuple(GoalProgress(g, GoalStatus.OPEN, last.value) for g in goals),
    )


# two visits a day apart, a third 14 days after the second
DAYS = [date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 20)]


@pytest.fixture
def vas_chart(qtbot: QtBot) -> TrendChart:
    goal = Goal("VAS at most 30 mm", target=30.0, instrument="VAS")
    chart = TrendChart(a_series("VAS", DAYS, [62, 55, 36], [48, 44, 28], (goal,)))
    qtbot.addWidget(chart)
    chart.resize(900, 320)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_points_sit_on_a_true_time_axis(vas_chart: TrendChart) -> None:
    before = vas_chart.points(Timing.BEFORE)
    after = vas_chart.points(Timing.AFTER)
    assert [(p.day, p.value) for p in before] == list(zip(DAYS, [62, 55, 36], strict=True))
    assert [(p.day, p.value) for p in after] == list(zip(DAYS, [48, 44, 28], strict=True))
    x = [p.x for p in before]
    one_day = x[1] - x[0]
    assert one_day > 0
    # 14 days after the second visit: 14 × the distance of one day (not evenly spaced)
    assert x[2] - x[1] == pytest.approx(14 * one_day, rel=1e-6)
    assert [p.x for p in after] == pytest.approx(x)  # same visit, same day
    # a higher value is drawn higher up
    assert before[0].y < before[2].y
    plot = vas_chart.plot_rect()
    assert all(plot.contains(p.x, p.y) for p in before + after)
    # ticks are dates, the last visit's always shown
    assert vas_chart.ticks()[-1][0] == DAYS[-1]


def test_baseline_band_and_goal_line(vas_chart: TrendChart) -> None:
    (base,) = [p for p in vas_chart.points() if p.baseline]
    assert (base.timing, base.day, base.value) == (Timing.BEFORE, DAYS[0], 62)
    # VAS: 15 mm or 30 % (Ostelo 2008): from 62 the smaller is 15 mm either way
    assert vas_chart.band == pytest.approx((47, 77), abs=1e-3)
    rect = vas_chart.band_rect()
    assert rect is not None
    assert rect.top() == pytest.approx(vas_chart.y_of(77)) and rect.bottom() == pytest.approx(
        vas_chart.y_of(47)
    )
    assert rect.contains(base.x, base.y)
    assert vas_chart.goal_lines() == [(30.0, pytest.approx(vas_chart.y_of(30)))]
    assert vas_chart.direction.startswith("lower is better")
    assert "change that matters" in vas_chart.threshold and "15 mm" in vas_chart.threshold


def test_the_band_is_exactly_what_the_verdict_calls_small() -> None:
    spec = instrument("NPRS")  # 2 points or 30 %
    low, high = change_band(spec, 5)  # type: ignore[misc]
    assert (low, high) == pytest.approx((3.5, 6.5), abs=1e-6)  # 30 % of 5 = 1.5 < 2 points
    assert spec.assess(5, 6.4).verdict is Verdict.NO_CHANGE_THAT_MATTERS
    assert spec.assess(5, 3.5).verdict is Verdict.IMPROVED
    assert change_band(spec, 10) == pytest.approx((8, 10), abs=1e-6)  # never past the scale


def test_no_published_threshold_is_said_and_nothing_is_shaded(qtbot: QtBot) -> None:
    chart = TrendChart(a_series("PPT", DAYS, [3.0, 3.2, 4.0], [3.4, 3.6, 4.6]))
    qtbot.addWidget(chart)
    chart.resize(700, 300)
    assert chart.band is None and chart.band_rect() is None
    assert "no published threshold" in chart.threshold
    assert chart.direction.startswith("higher is better")
    # the axis follows the readings (3–4.6 kg/cm² on a scale up to far more)
    assert chart.low <= 3.0 and chart.high >= 4.6 and chart.high < chart.series.instrument.high


def test_the_chart_paints_its_lines_where_its_points_are(vas_chart: TrendChart) -> None:
    image = QImage(vas_chart.size(), QImage.Format.Format_RGB32)
    vas_chart.render(image)
    last = vas_chart.points(Timing.BEFORE)[-1]
    colour = image.pixelColor(round(last.x), round(last.y))
    assert colour.red() > 150 and colour.green() < 100  # the red "before" marker is there
    after = vas_chart.points(Timing.AFTER)[-1]
    colour = image.pixelColor(round(after.x), round(after.y))
    assert colour.blue() > 120 and colour.red() < 100  # the blue "after" marker
