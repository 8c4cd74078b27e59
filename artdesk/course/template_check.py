"""What is wrong with a course template, in words: the protocol library, the measures, the
plan and the dates are checked (:func:`check`)."""

from __future__ import annotations

from artdesk.course.model import CarePlan
from artdesk.course.template_model import (
    MAX_PER_WEEK,
    MAX_VISITS,
    MAX_WEEKS,
    TREATED,
    CourseTemplate,
)
from artdesk.measures import INSTRUMENTS
from artdesk.protocols import Library


def _check_plan(plan: CarePlan) -> list[str]:
    problems = []
    for name, value, high in (
        ("visits per week", plan.visits_per_week, MAX_PER_WEEK),
        ("weeks", plan.weeks, MAX_WEEKS),
        ("visits", plan.visits, MAX_VISITS),
    ):
        if value is not None and not 1 <= value <= high:
            problems.append(f"the plan's {name} must be 1–{high}, not {value}")
    if not (plan.weeks or plan.visits):
        problems.append("the plan sets neither weeks nor a number of visits")
    return problems


def _check_protocols(template: CourseTemplate, library: Library) -> list[str]:
    problems = []
    for protocol_id, side, keys in template.protocols:
        protocol = library.protocols.get(protocol_id)
        if protocol is None:
            problems.append(f"no protocol {protocol_id!r} in the library")
            continue
        known = {s.key: s for s in protocol.structures}
        for key in keys:
            structure = known.get(key)
            if structure is None:
                problems.append(f"protocol {protocol_id!r} has no structure {key!r}")
                continue
            offered = {s.value for s in structure.sides}
            wanted = {"left", "right"} & offered if side == TREATED else {side} & offered
            if not wanted:
                problems.append(f"{structure.name} is not treated on side {side!r}")
        if len(set(keys)) != len(keys):
            problems.append(f"protocol {protocol_id!r} lists a structure twice")
    return problems


def _check_measures(template: CourseTemplate) -> list[str]:
    problems = []
    recorded = {m.instrument for m in template.measures}
    for m in template.measures:
        spec = INSTRUMENTS.get(m.instrument)
        if spec is None:
            problems.append(f"unknown measure {m.instrument!r}")
            continue
        if spec.sided and "none" in m.sides:
            problems.append(f"{spec.name} is taken on a side: give left, right or treated")
        if not spec.sided and set(m.sides) - {"none"}:
            problems.append(f"{spec.name} is not taken per side")
        if m.site and not spec.site:
            problems.append(f"{spec.name} is not taken at a site")
        if not (m.before or m.after):
            problems.append(f"{spec.name} is taken neither before nor after treatment")
        if not spec.before_after and m.before and m.after:
            problems.append(f"{spec.name} is asked once, not before and after")
    for course_goal in template.goals:
        goal = course_goal.goal
        if goal.instrument is None:
            if goal.target is not None:
                problems.append(f"the goal {goal.text!r} has a target but no measure")
            continue
        spec = INSTRUMENTS.get(goal.instrument)
        if spec is None:
            problems.append(f"the goal {goal.text!r} names an unknown measure {goal.instrument!r}")
            continue
        if goal.instrument not in recorded:
            problems.append(
                f"the goal {goal.text!r} names {spec.name}, which the course does not take"
            )
        if goal.target is not None and spec.check(goal.target):
            problems.append(f"the goal {goal.text!r}: {spec.check(goal.target)}")
    return problems


def check(template: CourseTemplate, library: Library | None) -> list[str]:
    """What is wrong with a template, in words (empty: nothing): protocols and structures the
    library does not have (skipped without a library), unknown measures, sides and sites a
    measure is not taken at, goals on measures the course does not take, absurd plan numbers,
    milestones and goals dated after the plan ends."""
    problems = _check_plan(template.plan)
    if library is not None:
        problems += _check_protocols(template, library)
    problems += _check_measures(template)
    weeks = template.plan.weeks
    dated = [(w, f"milestone {t!r}") for w, t in template.milestones]
    dated += [(g.target_week, f"goal {g.goal.text!r}") for g in template.goals if g.target_week]
    for week, what in dated:
        if weeks and week > weeks:
            problems.append(f"the {what} is at week {week}, after the plan's {weeks} weeks")
    return problems
