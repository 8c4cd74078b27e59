"""The wrap-up's view of the course of care: each measure today against its baseline, judged by
the instrument's change that matters over the course so far (never within one visit), and the
suggested Assessment and Plan the clinician edits.

The numbers come from :meth:`artdesk.visit.VisitFlow.progress` and the instruments' own
``assess``; the words for a verdict are the papers' (:mod:`artdesk.reports.wording`), so the
screen and the progress report say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from artdesk.course import Episode, Reading, Series
from artdesk.measures import Timing
from ui.pages.measures_entry import RowSpec

Key = tuple[str, str, str]  # instrument, side, site (casefolded)


@dataclass(frozen=True, slots=True)
class WrapUpCourse:
    """What the wrap-up knows of the visit's course: which visit it is, the measures taken
    before (to take again after), and the episode's series so far."""

    visit_id: int
    visit_of: str = ""  # "visit 4 of 6"
    episode: Episode | None = None
    after: tuple[RowSpec, ...] = ()  # rows to fill after treatment
    sides: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    treated: tuple[str, ...] = ()  # structure names treated today
    pain_before: float | None = None
    today: date | None = None


def key_of(code: str, side: str, site: str) -> Key:
    return code, side, site.strip().casefold()


@dataclass(frozen=True, slots=True)
class TodayLine:
    label: str  # 'Pressure pain threshold — right, gluteus medius trigger point'
    text: str  # baseline → today, and the verdict in words
    first_visit: bool  # the baseline is today's: nothing to judge yet
    brief: str = ""  # for the suggested assessment: '62 → 24 mm (−38 mm (−61 %), better; improved)'


def _today_series(series: Series, visit_id: int, typed: float | None) -> tuple[Series, str]:
    """The series with today's reading as its latest: typed after treatment, else the one
    taken before it today; and which of the two it is."""
    latest = series.latest
    base = series.baseline
    if typed is not None and base is not None:
        number = latest.number if latest is not None and latest.visit_id == visit_id else None
        if number is None:
            number = (latest.number + 1) if latest is not None else 1
        when = latest.when if latest is not None else base.when  # not shown: the verdict's
        reading = Reading(visit_id, number, when, Timing.AFTER, typed)
        assessment = series.instrument.assess(base.value, typed)
        return replace(series, latest=reading, assessment=assessment), "today after treatment"
    if latest is not None and latest.visit_id == visit_id:
        return series, f"today {latest.timing.value} treatment"
    return series, f"at visit {latest.number}" if latest is not None else ""


def today_lines(course: WrapUpCourse, typed: Mapping[Key, float]) -> list[TodayLine]:
    """One line per measure of the episode: baseline → today (``typed``: values entered after
    treatment so far, by key), judged over the course."""
    # the papers' words (imported here: artdesk.reports brings reportlab, not needed at start)
    from artdesk.reports.wording import amount, change_text, short_verdict

    out = []
    for series in course.series:
        base = series.baseline
        if base is None:
            continue
        typed_now = typed.get(key_of(series.instrument.code, series.side, series.site))
        now, when = _today_series(series, course.visit_id, typed_now)
        unit = series.instrument.unit
        latest = now.latest
        start = f"{amount(base.value, unit)} at baseline (visit {base.number}, {base.timing.value})"
        if base.visit_id == course.visit_id:  # the episode's first visit: nothing to judge yet
            if latest is None or latest is base:
                out.append(TodayLine(series.label, f"{start}: the baseline is taken today.", True))
            else:
                out.append(
                    TodayLine(
                        series.label,
                        f"{start} → {amount(latest.value, unit)} {when} · change over the "
                        "course is judged from the next visit on",
                        True,
                    )
                )
            continue
        assert latest is not None
        text = f"{start} → {amount(latest.value, unit)} {when} · {change_text(now)}"
        brief = (
            f"{amount(base.value, unit)} at visit {base.number} → {amount(latest.value, unit)} "
            f"today: {change_text(now)}; {short_verdict(now)}"
        )
        out.append(TodayLine(series.label, f"{text} · {short_verdict(now)}", False, brief))
    return out


def suggest_assessment(
    course: WrapUpCourse, lines: Sequence[TodayLine], pain_after: int | None
) -> str:
    """A first draft of the Assessment from what was measured; the clinician's to edit."""
    parts = []
    if course.treated:
        parts.append("Treated today: " + ", ".join(course.treated) + ".")
    if course.pain_before is not None and pain_after is not None:
        parts.append(
            f"Pain {course.pain_before:g} → {pain_after}/10 immediately after treatment "
            "(an immediate re-test)."
        )
    course_lines = [line for line in lines if not line.first_visit]
    if course_lines:
        parts.append("Over the course so far:")
        parts += [f"– {line.label}: {line.brief}." for line in course_lines]
    elif lines:
        parts.append("Baseline measures taken today.")
    return "\n".join(parts)


def suggest_plan(course: WrapUpCourse) -> str:
    """A first draft of the Plan from the episode's plan; the clinician's to edit."""
    episode = course.episode
    if episode is None:
        return ""
    parts = []
    planned = episode.planned
    number = episode.visits_attended
    if planned:
        left = planned - number
        if left > 0:
            parts.append(
                f"Continue the course ({episode.plan.text()}): {course.visit_of}, {left} "
                f"more planned."
            )
        else:
            parts.append(
                f"{course.visit_of[:1].upper()}{course.visit_of[1:]}: the planned course is "
                "complete — re-evaluate, then discharge or extend the plan."
            )
    else:
        parts.append("Continue treatment; set the plan (visits a week × weeks) in the episode.")
    due = episode.reeval_date
    if due is not None:
        today = course.today or due
        if due < today:
            parts.append(f"Re-evaluation was due on {due.isoformat()}: re-evaluate now.")
        else:
            parts.append(f"Re-evaluate on {due.isoformat()}.")
    parts.append("Home programme as given today.")
    return " ".join(parts)


class BaselinePanel(QLabel):
    """'Today against baseline', one measure a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_lines(self, lines: Sequence[TodayLine]) -> None:
        from html import escape

        if not lines:
            self.setText("<i>No measures with a baseline in this episode yet.</i>")
            return
        self.setText(
            "<br>".join(f"<b>{escape(line.label)}</b>: {escape(line.text)}" for line in lines)
        )
