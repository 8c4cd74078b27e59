"""What an episode's details must be before they are stored, checked whole: every problem at
once, each under the field it belongs to, so the clinician fixes them in one go rather than
saving again to find the next (:class:`artdesk.store.episodes.EpisodeRepository` stores what
passes; the episode dialog shows what does not, each at its field).

The fields are the dialog's: ``complaint``, ``diagnosis``, ``injury_date``, ``mechanism``,
``plan``, ``reeval_date``, ``goals.N`` (the N-th goal given, from 0), ``psfs`` and
``template`` (the measures and protocols a course template set).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from artdesk.course.diagnoses import check_code, normal_code
from artdesk.course.model import CarePlan, CourseMeasure, EpisodeData, Goal
from artdesk.measures import INSTRUMENTS, MeasureSide
from artdesk.store.errors import InvalidInput
from artdesk.store.validate import count, text

MAX_GOALS = 20
MAX_ACTIVITIES = 5
T = TypeVar("T")


def _date(value: date | None, what: str, today: date, *, past: bool) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{what} must be a date")
    if value.year < 1900 or value.year > today.year + 5:
        raise InvalidInput(f"{what} {value.isoformat()} is not a plausible date")
    if past and value > today:
        raise InvalidInput(f"{what} {value.isoformat()} is in the future")
    return value


def _goal(goal: Goal, today: date) -> dict[str, Any]:
    words = text(goal.text, "a goal", required=True, limit=500, single_line=True)
    problems: list[str] = []
    if goal.instrument is not None:
        spec = INSTRUMENTS.get(goal.instrument)
        if spec is None:
            problems.append(f"names an unknown measure {goal.instrument!r}")
        if goal.side not in MeasureSide.__members__.values():
            problems.append("a goal's side is left, right or none")
        if spec is not None and goal.target is not None:
            problem = spec.check(goal.target)
            if problem:
                problems.append(problem)
    elif goal.target is not None:
        problems.append("has a target but no measure")
    try:
        _date(goal.target_date, "its target date", today, past=False)
    except InvalidInput as exc:
        problems.append(str(exc))
    if problems:
        raise InvalidInput(f"the goal {words!r}: {'; '.join(problems)}")
    data = goal.to_dict()
    data["text"] = words
    return data


def _plan(plan: CarePlan) -> tuple[int | None, int | None, int | None]:
    """The three numbers, every one out of range said (0, 10 000 and -3 alike)."""
    numbers: list[int | None] = []
    problems: list[str] = []
    for value, what, high in (
        (plan.visits_per_week, "visits per week", 7),
        (plan.weeks, "weeks", 104),
        (plan.visits, "the number of visits", 300),
    ):
        try:
            # 0 and negatives are refused, not taken as "not set": only None is not set
            numbers.append(None if value is None else count(value, what, 1, high))
        except InvalidInput as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidInput("; ".join(problems))
    return numbers[0], numbers[1], numbers[2]


def _measure(m: CourseMeasure) -> dict[str, Any]:
    if m.instrument not in INSTRUMENTS:
        raise InvalidInput(f"unknown measure {m.instrument!r}")
    for side in m.sides:
        if side not in MeasureSide.__members__.values():
            raise InvalidInput("a measure's side is left, right or none")
    return {
        "instrument": m.instrument,
        "before": bool(m.before),
        "after": bool(m.after),
        "sides": list(m.sides),
        "site": text(m.site, "the measure's site", limit=100, single_line=True),
    }


def _code(value: str) -> str:
    code = normal_code(text(value, "the diagnosis code", limit=12))
    problem = check_code(code) if code else None
    if problem:
        raise InvalidInput(problem)
    return code


def values(data: EpisodeData, today: date, opened: date | None = None) -> dict[str, Any]:
    """The episode's columns as stored; InvalidInput with every problem (``errors``: field →
    problem) when any. ``opened``: the day the episode opened (today for a new one): its
    re-evaluation cannot come before it."""
    errors: dict[str, str] = {}

    def checked(field: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except InvalidInput as exc:
            errors[field] = f"{errors[field]}; {exc}" if field in errors else str(exc)
            return None

    out: dict[str, Any] = {
        "complaint": checked(
            "complaint", lambda: text(data.complaint, "the complaint", required=True, limit=2000)
        ),
        "diagnosis_code": checked("diagnosis", lambda: _code(data.diagnosis_code)),
        "diagnosis_text": checked(
            "diagnosis",
            lambda: text(data.diagnosis_text, "the diagnosis", limit=300, single_line=True),
        ),
        "injury_date": checked(
            "injury_date", lambda: _date(data.injury_date, "the injury date", today, past=True)
        ),
        "mechanism": checked(
            "mechanism", lambda: text(data.mechanism, "the mechanism of injury", limit=2000)
        ),
        "reeval_date": checked(
            "reeval_date",
            lambda: _date(data.reeval_date, "the re-evaluation date", today, past=False),
        ),
        "course": checked(
            "template", lambda: text(data.course, "the course", limit=100, single_line=True)
        ),
    }
    start = opened or today
    reeval = out["reeval_date"]
    if reeval is not None and reeval < start:
        errors["reeval_date"] = (
            f"the re-evaluation date {reeval.isoformat()} is before the episode opened "
            f"({start.isoformat()})"
        )
    plan = checked("plan", lambda: _plan(data.plan)) or (None, None, None)
    out["plan_visits_per_week"], out["plan_weeks"], out["plan_visits"] = plan
    if len(data.goals) > MAX_GOALS:
        errors["goals"] = f"at most {MAX_GOALS} goals ({len(data.goals)} given)"
    out["goals"] = [
        checked(f"goals.{n}", partial(_goal, g, today)) for n, g in enumerate(data.goals)
    ]
    out["measures"] = [checked("template", partial(_measure, m)) for m in data.measures]
    out["protocols"] = [[p, s, list(keys)] for p, s, keys in data.protocols]
    if len(data.psfs_activities) > MAX_ACTIVITIES:
        errors["psfs"] = (
            f"the PSFS takes at most {MAX_ACTIVITIES} activities "
            f"({len(data.psfs_activities)} given)"
        )
    activity = partial(text, what="a PSFS activity", required=True, limit=200, single_line=True)
    out["psfs_activities"] = [checked("psfs", partial(activity, a)) for a in data.psfs_activities]
    if errors:
        raise InvalidInput("; ".join(errors.values()), errors)
    return out


def problems(data: EpisodeData, today: date, opened: date | None = None) -> dict[str, str]:
    """Every problem with the episode's details by field (see the module), none when it can be
    stored as it is: what the episode dialog shows before anything is written."""
    try:
        values(data, today, opened)
    except InvalidInput as exc:
        return dict(exc.errors) or {"": str(exc)}
    return {}
