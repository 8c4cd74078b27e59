"""Courses of care to print, built as the plain data the progress of an episode is: a Tak-like
course (gluteus medius, 2× a week for 3 weeks, pain VAS and pressure pain threshold before and
after treatment) and a long one of 40 visits with several measures on both sides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from artdesk.course import (
    CarePlan,
    Episode,
    EpisodeStatus,
    Goal,
    GoalProgress,
    GoalStatus,
    Progress,
    Reading,
    Series,
    Term,
    TreatedStructure,
    VisitLine,
)
from artdesk.measures import Timing, instrument

START = date(2025, 3, 3)
# Tak et al.: 2 visits a week for 3 weeks (Mon/Thu)
TAK_DAYS = (0, 3, 7, 10, 14, 17)


def stamp(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def reached(code: str, value: float, target: float) -> bool:
    spec = instrument(code)
    return value <= target if spec.higher_is_worse else value >= target


def series(
    code: str,
    days: Sequence[date],
    before: Sequence[float],
    after: Sequence[float] | None = None,
    *,
    side: str = "none",
    site: str = "",
    goals: Sequence[Goal] = (),
    entries: bool = False,
    labels: tuple[str, ...] = (),
) -> Series:
    """Readings before (and after) treatment at each visit; baseline the first, latest the
    last; the assessment by the instrument's own rule."""
    spec = instrument(code)
    readings: list[Reading] = []
    for n, day in enumerate(days):
        values = [(Timing.BEFORE, before[n])]
        if after is not None:
            values.append((Timing.AFTER, after[n]))
        for k, (timing, value) in enumerate(values):
            trials: tuple[float | None, ...] = (
                (round(value - 0.2, 2), value, round(value + 0.2, 2)) if entries or labels else ()
            )
            readings.append(
                Reading(
                    visit_id=100 + n,
                    number=n + 1,
                    when=stamp(day, 9 + k),
                    timing=timing,
                    value=value,
                    entries=trials,
                    labels=labels,
                    rule=("mean of 3 activities" if labels else "mean of 3 trials")
                    if trials
                    else "",
                )
            )
    baseline, latest = readings[0], readings[-1]
    mine = tuple(
        GoalProgress(
            g,
            GoalStatus.MET
            if g.target is not None and reached(code, latest.value, g.target)
            else GoalStatus.NOT_MET,
            latest.value,
        )
        for g in goals
        if g.instrument == code and g.side == side
    )
    return Series(
        instrument=spec,
        side=side,
        site=site,
        readings=tuple(readings),
        baseline=baseline,
        latest=latest,
        assessment=spec.assess(baseline.value, latest.value) if len(readings) > 1 else None,
        goals=mine,
    )


def visit_lines(
    days: Sequence[date],
    structures: Sequence[str],
    pain: Sequence[tuple[float | None, float | None]] = (),
) -> tuple[VisitLine, ...]:
    return tuple(
        VisitLine(
            visit_id=100 + n,
            number=n + 1,
            when=stamp(day),
            clinician="Dr Amelia Hart, DC",
            signed=True,
            treated=tuple(f"{s}: 4/4 passes" for s in structures),
            treated_seconds=9 * 60 + 30 * len(structures),
            units=1,
            pain_before=pain[n][0] if pain else None,
            pain_after=pain[n][1] if pain else None,
        )
        for n, day in enumerate(days)
    )


def episode(
    *,
    diagnosis_text: str = "Low back pain, unspecified",
    complaint: str = "Chronic low back pain, worse sitting",
    goals: tuple[Goal, ...] = (),
    plan: CarePlan | None = None,
    status: EpisodeStatus = EpisodeStatus.ACTIVE,
    discharge_summary: str = "",
    mechanism: str = "insidious; long hours of sitting at work",
) -> Episode:
    return Episode(
        complaint=complaint,
        diagnosis_code="M54.50",
        diagnosis_text=diagnosis_text,
        injury_date=date(2024, 11, 20),
        mechanism=mechanism,
        goals=goals,
        plan=plan or CarePlan(visits_per_week=2, weeks=3),
        reeval_date=START + timedelta(days=21),
        course="tak-2019",
        id=7,
        patient_id=3,
        opened_at=stamp(START, 8),
        opened_by="Dr Amelia Hart",
        status=status,
        discharge_summary=discharge_summary,
        visits_attended=6,
    )


TAK_GOALS = (
    Goal(
        "Pain on the visual analogue scale at or below 30 mm",
        Term.SHORT,
        START + timedelta(days=21),
        "VAS",
        "none",
        30.0,
    ),
    Goal(
        "Pressure pain threshold over the left gluteus medius of 4.5 kg/cm² or more",
        Term.SHORT,
        START + timedelta(days=21),
        "PPT",
        "left",
        4.5,
    ),
    Goal(
        "Sit through a two-hour drive without stopping",
        Term.LONG,
        START + timedelta(days=56),
        status=GoalStatus.OPEN,
    ),
)


def tak_progress(
    *, goals: tuple[Goal, ...] = TAK_GOALS, ep: Episode | None = None, name: str = "Min-jun Park"
) -> Progress:
    days = [START + timedelta(days=d) for d in TAK_DAYS]
    vas = series(
        "VAS",
        days,
        before=(62, 55, 49, 41, 36, 30),
        after=(48, 44, 38, 33, 28, 24),
        goals=goals,
    )
    ppt = series(
        "PPT",
        days,
        before=(3.1, 3.3, 3.6, 3.8, 4.1, 4.3),
        after=(3.5, 3.7, 3.9, 4.2, 4.4, 4.7),
        side="left",
        site="gluteus medius trigger point",
        goals=goals,
        entries=True,
    )
    episode_ = ep or episode(goals=goals)
    all_goals = tuple(
        next((g for s in (vas, ppt) for g in s.goals if g.goal == goal), None)
        or GoalProgress(goal, goal.status)
        for goal in goals
    )
    return Progress(
        patient_id=3,
        patient_name=name,
        patient_birth=date(1979, 6, 2),
        episode=episode_,
        visits=visit_lines(days, ["Gluteus medius (left)"]),
        series=(vas, ppt),
        goals=all_goals,
        structures=(TreatedStructure("Gluteus medius", "left", 6, 24),),
        next_visit=START + timedelta(days=24),
    )


def long_progress(visits: int = 40) -> Progress:
    """A 40-visit hamstring course over about five months, with gaps: both sides measured."""
    days: list[date] = []
    day = START
    for n in range(visits):
        days.append(day)
        day += timedelta(days=(1, 3, 4, 2, 10)[n % 5] if n != 17 else 21)
    k = len(days)
    fall = [max(0.0, round(7 - 6 * n / (k - 1))) for n in range(k)]
    pke_right = [round(38 - 30 * n / (k - 1), 1) for n in range(k)]
    pke_left = [round(12 - 4 * n / (k - 1), 1) for n in range(k)]
    goals = (
        Goal("Pain no worse than 2 out of 10 at training", Term.SHORT, days[10], "NPRS", "none", 2),
        Goal("Knee extension deficit under 10°, right", Term.LONG, days[-1], "PKE", "right", 10),
    )
    nprs = series("NPRS", days, fall, [max(0.0, v - 1) for v in fall], goals=goals)
    right = series("PKE", days, pke_right, [v - 4 for v in pke_right], side="right", goals=goals)
    left = series("PKE", days, pke_left, [v - 1 for v in pke_left], side="left", goals=goals)
    psfs = series(
        "PSFS",
        days,
        [round(3 + 6 * n / (k - 1), 1) for n in range(k)],
        goals=goals,
        labels=("sprinting", "kicking a ball", "sitting through a lecture"),
    )
    ep = episode(
        diagnosis_text="Strain of muscle, fascia and tendon of the posterior muscle group at "
        "thigh level, right thigh",
        complaint="Right hamstring strain, grade 2, sprinting",
        goals=goals,
        plan=CarePlan(visits=36),
        mechanism="sprinting at training, felt a pull mid-thigh",
    )
    return Progress(
        patient_id=4,
        patient_name="Kwame Mensah-Bonsu",
        patient_birth=date(1999, 1, 14),
        episode=ep,
        visits=visit_lines(
            days,
            ["Hamstrings (right)", "Hamstrings (left)"],
            [(v, max(0.0, v - 1)) for v in fall],
        ),
        series=(nprs, right, left, psfs),
        goals=tuple(
            next((g for s in (nprs, right, left) for g in s.goals if g.goal == goal), None)
            or GoalProgress(goal, goal.status)
            for goal in goals
        ),
        structures=(
            TreatedStructure("Hamstrings", "right", k, 4 * k),
            TreatedStructure("Hamstrings", "left", k, 4 * k),
        ),
        next_visit=None,
    )
