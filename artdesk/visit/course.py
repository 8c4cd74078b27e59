"""Progress over an episode, computed from its visits' records (one definition: the window's
charts, the wrap-up's "today against baseline" and the progress report all read it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from artdesk.course import (
    Episode,
    EpisodeStatus,
    Goal,
    GoalProgress,
    GoalStatus,
    PlanNote,
    Progress,
    Reading,
    Series,
    TreatedStructure,
    VisitLine,
)
from artdesk.measures import INSTRUMENTS, PAIN, Instrument, Timing
from artdesk.store.records import EpisodeVisit, MeasurementRecord
from artdesk.visit import definitions
from artdesk.visit.record import VisitRecord

_Key = tuple[str, str, str]  # instrument, side, site


def _readings(records: Sequence[EpisodeVisit]) -> dict[_Key, list[Reading]]:
    """Every measurement of the episode, by instrument, side and site, in visit order;
    within a visit, before then after, a re-take replacing the earlier reading."""
    out: dict[_Key, list[Reading]] = {}
    for number, record in enumerate(records, start=1):
        taken: dict[tuple[_Key, Timing], MeasurementRecord] = {}
        for m in record.measurements:  # in the order recorded: the last one counts
            taken[((m.instrument, str(m.side), m.site), Timing(m.timing))] = m
        for timing in (Timing.BEFORE, Timing.AFTER):
            for (key, when), m in taken.items():
                if when is not timing or key[0] not in INSTRUMENTS:
                    continue
                out.setdefault(key, []).append(
                    Reading(
                        visit_id=record.id,
                        number=number,
                        when=record.started_at if timing is Timing.BEFORE else _after(record),
                        timing=timing,
                        value=m.value,
                        entries=m.entries,
                        labels=m.labels,
                        rule=m.rule,
                    )
                )
    return out


def _after(record: EpisodeVisit) -> datetime:
    return record.ended_at or record.started_at


def baseline(readings: Sequence[Reading]) -> Reading | None:
    """The first reading of the episode: before treatment at its first visit when taken."""
    if not readings:
        return None
    first = readings[0].number
    at_first = [r for r in readings if r.number == first]
    return next((r for r in at_first if r.timing is Timing.BEFORE), at_first[0])


def latest(readings: Sequence[Reading]) -> Reading | None:
    """The last reading taken as the baseline was: like with like. For a measure taken
    before treatment, the latest before treatment (the state the patient arrives in; an
    after-treatment reading is that visit's immediate effect, not the course's); else the
    latest reading of any."""
    if not readings:
        return None
    first = baseline(readings)
    if first is not None and first.timing is Timing.BEFORE:
        return next(r for r in reversed(readings) if r.timing is Timing.BEFORE)
    return readings[-1]


def _reached(instrument: Instrument, value: float, target: float) -> bool:
    return value <= target if instrument.higher_is_worse else value >= target


def _goal_progress(
    goal: Goal, series: dict[_Key, list[Reading]], today: date | None, closed: bool
) -> GoalProgress:
    if goal.instrument is None or goal.target is None or goal.instrument not in INSTRUMENTS:
        return GoalProgress(goal, goal.status)
    spec = INSTRUMENTS[goal.instrument]
    matching = [
        rs
        for (code, side, _site), rs in series.items()
        if code == goal.instrument and side == goal.side
    ]
    # judged on the state the patient arrives in: the latest reading before treatment (the
    # latest of any when none was taken before)
    last = [
        next((r for r in reversed(rs) if r.timing is Timing.BEFORE), latest(rs)) for rs in matching
    ]
    values = [r.value for r in last if r is not None]
    due = closed or (
        today is not None and goal.target_date is not None and today > goal.target_date
    )
    if not values:
        return GoalProgress(goal, GoalStatus.NOT_MET if due else goal.status)
    # the worst site counts: a goal is met when every site's latest reading meets it
    worst = max(values) if spec.higher_is_worse else min(values)
    status = GoalStatus.MET if _reached(spec, worst, goal.target) else GoalStatus.NOT_MET
    if status is GoalStatus.NOT_MET and not due:
        status = GoalStatus.OPEN  # not reached yet, and still time: open
    return GoalProgress(goal, status, worst)


Treated = tuple[tuple[str, str, int, int], ...]  # (structure, side, passes done, target)


def treated_of(record: VisitRecord) -> Treated:
    """What :func:`progress` needs of a visit's replayed journal: its treated structures."""
    return tuple(
        (r.plan.structure_name, r.plan.side.value, r.passes_done, r.plan.target_passes)
        for r in record.treated
    )


def progress(
    episode: Episode,
    visits: Sequence[EpisodeVisit],
    patient_name: str,
    patient_birth: date,
    treated: Mapping[int, Treated] | None = None,
    today: date | None = None,
    plan: tuple[int, str, bool] | None = None,
) -> Progress:
    """``visits``: the episode's visits in order (voided ones left out); ``treated``: each
    visit's treated structures from its journal (None: the charts only, no replay);
    ``today``: a goal with a target not reached by its target date (or by discharge) is not
    met, before then it is open; ``plan``: the clinician's last Plan (visit id, its words as
    signed, amended since) among ``visits``."""
    by_key = _readings(visits)
    closed = episode.status is EpisodeStatus.DISCHARGED
    goals = tuple(_goal_progress(g, by_key, today, closed) for g in episode.goals)
    series: list[Series] = []
    order = {code: n for n, code in enumerate(INSTRUMENTS)}
    for key in sorted(by_key, key=lambda k: (order.get(k[0], 99), k[1], k[2])):
        readings = by_key[key]
        spec = INSTRUMENTS[key[0]]
        first, last = baseline(readings), latest(readings)
        assessment = None
        # over the course only: a reading at a later visit than the baseline's (the after
        # reading of the first visit is an immediate re-test, never judged, §7 item 23)
        if first is not None and last is not None and last.number > first.number:
            assessment = spec.assess(first.value, last.value)
        series.append(
            Series(
                instrument=spec,
                side=key[1],
                site=key[2],
                readings=tuple(readings),
                baseline=first,
                latest=last,
                assessment=assessment,
                goals=tuple(
                    g for g in goals if g.goal.instrument == key[0] and g.goal.side == key[1]
                ),
            )
        )
    structures: dict[tuple[str, str], list[int]] = {}
    for steps in (treated or {}).values():
        for name, side, done, _target in steps:
            tally = structures.setdefault((name, side), [0, 0])
            tally[0] += 1
            tally[1] += done
    lines = []
    for n, v in enumerate(visits, start=1):
        scale = ""
        pains = [(m.timing, m.value) for m in v.measurements if m.instrument == PAIN]
        for other in () if pains else ("VAS", "VRS"):  # a course scoring pain another way
            pains = [(m.timing, m.value) for m in v.measurements if m.instrument == other]
            if pains:
                scale = other
                break
        lines.append(
            VisitLine(
                visit_id=v.id,
                number=n,
                when=v.started_at,
                clinician=v.clinician,
                signed=v.signed,
                treated=tuple(
                    f"{name} ({side}): {done}/{target} passes"
                    for name, side, done, target in (treated or {}).get(v.id, ())
                ),
                treated_seconds=v.treated_seconds,
                units=v.billing_units,
                pain_before=definitions.pain(pains, Timing.BEFORE),
                pain_after=definitions.pain(pains, Timing.AFTER),
                referral=v.referral,
                pain_scale=scale,
            )
        )
    return Progress(
        patient_id=episode.patient_id,
        patient_name=patient_name,
        patient_birth=patient_birth,
        episode=episode,
        visits=tuple(lines),
        series=tuple(series),
        goals=goals,
        structures=tuple(
            TreatedStructure(name, side, tally[0], tally[1])
            for (name, side), tally in structures.items()
        ),
        next_visit=visits[-1].next_visit if visits else None,
        plan_note=_plan_note(plan, visits),
    )


def _plan_note(
    plan: tuple[int, str, bool] | None, visits: Sequence[EpisodeVisit]
) -> PlanNote | None:
    if plan is None:
        return None
    visit_id, words, amended = plan
    for number, v in enumerate(visits, start=1):
        if v.id == visit_id:
            return PlanNote(visit_id, number, v.started_at, v.clinician, words, amended)
    return None


__all__ = ["Treated", "baseline", "latest", "progress", "treated_of"]
