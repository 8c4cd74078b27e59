"""A course template as plain data (:mod:`artdesk.course.templates` reads and writes them,
:mod:`artdesk.course.template_check` says what is wrong with one)."""

from __future__ import annotations

from dataclasses import dataclass

from artdesk.course.model import CarePlan, CourseMeasure, Goal
from artdesk.measures import MeasureSide
from artdesk.schema import Problem

TREATED = "treated"  # the side chosen when the episode is set up
PROTOCOL_SIDES = ("left", "right", "both", "midline", TREATED)
MEASURE_SIDES = (*(s.value for s in MeasureSide), TREATED)
MAX_PER_WEEK, MAX_WEEKS, MAX_VISITS = 7, 104, 300  # the same limits as an episode's plan
MAX_SUMMARY = 4000


class TemplateError(ValueError):
    """A template file or stored body that cannot be read: every problem, each naming the
    source and the field (``tak.toml: plan.weeks: must be a whole number``)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class CourseGoal:
    """A goal as a template holds it: dated by week from the episode's start."""

    goal: Goal  # target_date None; side may be TREATED
    target_week: int | None = None


@dataclass(frozen=True, slots=True)
class CourseTemplate:
    id: str
    name: str
    summary: str  # what the course is, what it leaves open and why
    source: str  # the citation in full ("" for a clinic's own)
    plan: CarePlan
    protocols: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (id, side, structures; ()=all)
    measures: tuple[CourseMeasure, ...] = ()
    milestones: tuple[tuple[int, str], ...] = ()  # (week, what the patient can do by then)
    goals: tuple[CourseGoal, ...] = ()
    shipped: bool = False
