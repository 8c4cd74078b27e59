"""Course templates: a course of care as a study (or the clinic) ran it — protocols and the
structures chosen within them, the plan, the measures each visit takes, milestones and goals by
week — from which an episode is set up.

The shipped ones are ``resources/courses/*.toml``; a clinic's own are stored as JSON by
:mod:`artdesk.store.course_templates`. Both go through the same schema, so a file or a stored
body either loads whole or says every problem it has.

A template does not know the patient's side: ``"treated"`` stands for it in protocols, measures
and goals, and :func:`episode_data` puts the side chosen at set-up in its place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from artdesk.course.model import CarePlan, CourseMeasure, EpisodeData, Goal, Term
from artdesk.course.template_check import check
from artdesk.course.template_model import (
    MAX_SUMMARY,
    MEASURE_SIDES,
    PROTOCOL_SIDES,
    TREATED,
    CourseGoal,
    CourseTemplate,
    TemplateError,
)
from artdesk.measures import INSTRUMENTS
from artdesk.resources import resource_dir
from artdesk.schema import (
    Field,
    Problem,
    identifier,
    parse_toml,
    positive_int,
    required_text,
    text_list,
    type_name,
    walk,
)


def _bool(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return None, f"must be true or false, not {type_name(value)}"
    return value, None


def _number(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"must be a number, not {type_name(value)}"
    return float(value), None


def _one_of(allowed: tuple[str, ...]) -> Any:
    def check(value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, str) or value not in allowed:
            return None, f"{value!r} is not one of {', '.join(allowed)}"
        return value, None

    return check


def _sides(value: Any) -> tuple[Any, str | None]:
    sides, error = text_list(value)
    if error:
        return None, error
    for side in sides:
        if side not in MEASURE_SIDES:
            return None, f"{side!r} is not one of {', '.join(MEASURE_SIDES)}"
    if not sides or len(set(sides)) != len(sides):
        return None, "must list each side once"
    return sides, None


def _optional_text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and not value.strip():
        return "", None
    return required_text(value)


def _summary(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not value.strip():
        return None, "must be text that says what the course is"
    if len(value) > MAX_SUMMARY:
        return None, f"is {len(value)} characters long; at most {MAX_SUMMARY}"
    return value.strip(), None


def _plan(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, dict):
        return None, f"must be a table ([plan]), not {type_name(value)}"
    unknown = set(value) - {"visits_per_week", "weeks", "visits"}
    if unknown:
        return None, f"unknown field {sorted(unknown)[0]!r}"
    numbers: dict[str, int | None] = {}
    for name in ("visits_per_week", "weeks", "visits"):
        if value.get(name) is None:
            numbers[name] = None
            continue
        number, error = positive_int(value[name])
        if error:
            return None, f"{name} {error}"
        numbers[name] = number
    return CarePlan(**numbers), None


_PROTOCOL: dict[str, Field] = {
    "protocol": Field(identifier),
    "side": Field(_one_of(PROTOCOL_SIDES), required=False),
    "structures": Field(text_list, required=False),
}
_MEASURE: dict[str, Field] = {
    "instrument": Field(required_text),
    "before": Field(_bool, required=False),
    "after": Field(_bool, required=False),
    "sides": Field(_sides, required=False),
    "site": Field(_optional_text, required=False),
}
_MILESTONE: dict[str, Field] = {"week": Field(positive_int), "text": Field(required_text)}
_GOAL: dict[str, Field] = {
    "text": Field(required_text),
    "term": Field(_one_of(tuple(t.value for t in Term)), required=False),
    "target_week": Field(positive_int, required=False),
    "instrument": Field(required_text, required=False),
    "side": Field(_one_of(MEASURE_SIDES), required=False),
    "target": Field(_number, required=False),
}
_TEMPLATE: dict[str, Field] = {
    "id": Field(identifier),
    "name": Field(required_text),
    "summary": Field(_summary),
    "source": Field(_optional_text, required=False),
    "plan": Field(_plan),
    "protocols": Field(None, required=False, nested=_PROTOCOL),
    "measures": Field(None, required=False, nested=_MEASURE),
    "milestones": Field(None, required=False, nested=_MILESTONE),
    "goals": Field(None, required=False, nested=_GOAL),
}


def _build(values: dict[str, Any], shipped: bool) -> CourseTemplate:
    return CourseTemplate(
        id=values["id"],
        name=values["name"],
        summary=values["summary"],
        source=values.get("source", ""),
        plan=values["plan"],
        protocols=tuple(
            (p["protocol"], p.get("side", TREATED), tuple(p.get("structures", ())))
            for p in values.get("protocols", [])
        ),
        measures=tuple(
            CourseMeasure(
                m["instrument"],
                before=m.get("before", True),
                after=m.get("after", True),
                sides=tuple(m.get("sides", ("none",))),
                site=m.get("site", ""),
            )
            for m in values.get("measures", [])
        ),
        milestones=tuple((m["week"], m["text"]) for m in values.get("milestones", [])),
        goals=tuple(
            CourseGoal(
                Goal(
                    text=g["text"],
                    term=Term(g.get("term", Term.SHORT.value)),
                    instrument=g.get("instrument"),
                    side=g.get("side", "none"),
                    target=g.get("target"),
                ),
                g.get("target_week"),
            )
            for g in values.get("goals", [])
        ),
        shipped=shipped,
    )


def from_dict(
    data: Mapping[str, Any], source: str = "", *, shipped: bool = False
) -> CourseTemplate:
    """A template from its data (a TOML file's tables or a stored JSON body); TemplateError
    lists every problem, each named with ``source`` (default: the template's id)."""
    where = source or f"course template {data.get('id', '?')!r}"
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append(Problem(where, field, message))

    if not isinstance(data, Mapping):
        raise TemplateError([Problem(where, "(body)", "must be a table of fields")])
    values = walk(data, _TEMPLATE, "", report)
    if problems:
        raise TemplateError(problems)
    return _build(values, shipped)


def to_dict(template: CourseTemplate) -> dict[str, Any]:
    """The template as plain data (JSON-safe) that :func:`from_dict` reads back."""
    plan = {
        k: v
        for k, v in (
            ("visits_per_week", template.plan.visits_per_week),
            ("weeks", template.plan.weeks),
            ("visits", template.plan.visits),
        )
        if v is not None
    }
    data: dict[str, Any] = {
        "id": template.id,
        "name": template.name,
        "summary": template.summary,
        "source": template.source,
        "plan": plan,
        "protocols": [
            {"protocol": p, "side": s, "structures": list(keys)}
            for p, s, keys in template.protocols
        ],
        "measures": [
            {
                "instrument": m.instrument,
                "before": m.before,
                "after": m.after,
                "sides": list(m.sides),
                "site": m.site,
            }
            for m in template.measures
        ],
        "milestones": [{"week": w, "text": t} for w, t in template.milestones],
        "goals": [_goal_dict(g) for g in template.goals],
    }
    return {k: v for k, v in data.items() if v != []}


def _goal_dict(course_goal: CourseGoal) -> dict[str, Any]:
    goal = course_goal.goal
    data: dict[str, Any] = {"text": goal.text, "term": goal.term.value, "side": goal.side}
    for name, value in (
        ("target_week", course_goal.target_week),
        ("instrument", goal.instrument),
        ("target", goal.target),
    ):
        if value is not None:
            data[name] = value
    return data


def parse(text: str, source: str) -> CourseTemplate:
    """One shipped template file's text."""
    data, problems = parse_toml(text, source)
    if data is None:
        raise TemplateError(problems)
    return from_dict(data, source, shipped=True)


def load_folder(folder: Path) -> tuple[CourseTemplate, ...]:
    """Every ``*.toml`` in ``folder`` by file name; TemplateError names each broken file (a
    broken shipped template stops the list: it is part of the program)."""
    templates: list[CourseTemplate] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            template = parse(path.read_bytes().decode("utf-8"), path.name)
        except UnicodeDecodeError as exc:
            problems.append(Problem(path.name, "(file)", f"not UTF-8 text ({exc.reason})"))
            continue
        except TemplateError as exc:
            problems.extend(exc.problems)
            continue
        if template.id in seen:
            problems.append(
                Problem(path.name, "id", f"{template.id!r} is also the id in {seen[template.id]}")
            )
            continue
        seen[template.id] = path.name
        templates.append(template)
    if problems:
        raise TemplateError(problems)
    return tuple(templates)


@cache
def shipped() -> tuple[CourseTemplate, ...]:
    """The templates that ship (resources/courses), read once."""
    return load_folder(resource_dir("courses"))


def shipped_ids() -> frozenset[str]:
    return frozenset(t.id for t in shipped())


def _side(value: str, side: str, *, unresolved: str) -> str:
    return (side or unresolved) if value == TREATED else value


def goals_from(template: CourseTemplate, start: date, side: str = "") -> tuple[Goal, ...]:
    """The template's goals dated from ``start`` (week N: start + N weeks), on ``side`` where
    the template says the treated side (none when no side is given)."""
    return tuple(
        replace(
            g.goal,
            target_date=start + timedelta(weeks=g.target_week) if g.target_week else None,
            side=_side(g.goal.side, side, unresolved="none"),
        )
        for g in template.goals
    )


def episode_data(
    template: CourseTemplate, complaint: str, start: date, side: str = ""
) -> EpisodeData:
    """An episode set up from a template: its course id, plan, measures, protocols with their
    chosen structures, and goals dated from ``start``. ``side`` ("left" or "right") is the
    treated side; without one, measures taken on the treated side are taken on both and the
    protocol's side is left for the visit's set-up."""
    if side not in ("", "left", "right"):
        raise ValueError(f"the treated side is left or right, not {side!r}")
    measures = tuple(replace(m, sides=_measure_sides(m.sides, side)) for m in template.measures)
    protocols = tuple(
        (protocol_id, _side(s, side, unresolved=""), keys)
        for protocol_id, s, keys in template.protocols
    )
    return EpisodeData(
        complaint=complaint,
        plan=template.plan,
        course=template.id,
        measures=measures,
        protocols=protocols,
        goals=goals_from(template, start, side),
    )


def _measure_sides(sides: Iterable[str], side: str) -> tuple[str, ...]:
    result: list[str] = []
    for s in sides:
        for resolved in ((side,) if side else ("left", "right")) if s == TREATED else (s,):
            if resolved not in result:
                result.append(resolved)
    return tuple(result)


def plan_text(plan: CarePlan) -> str:
    """'2× a week for 3 weeks (6 visits)'; '4 weeks (visits a week not set)'."""
    if plan.weeks and not plan.visits_per_week and not plan.visits:
        return f"{plan.weeks} weeks (visits a week not set)"
    return plan.text()


def measure_text(measure: CourseMeasure) -> str:
    """'Pressure pain threshold before and after, treated side, at the gluteus medius trigger
    point' — the instrument's name, never its code."""
    spec = INSTRUMENTS.get(measure.instrument)
    words = [spec.name if spec else measure.instrument]
    when = [w for w, taken in (("before", measure.before), ("after", measure.after)) if taken]
    if len(when) == 2:
        words.append("before and after")
    elif when:
        words.append(f"{when[0]} only")
    sides = [s for s in measure.sides if s != "none"]
    text = " ".join(words)
    if sides:
        text += ", " + " and ".join(sides) + (" side" if len(sides) == 1 else " sides")
    if measure.site:
        text += f", at the {measure.site}"
    return text


__all__ = [
    "TREATED",
    "CourseGoal",
    "CourseTemplate",
    "TemplateError",
    "check",
    "episode_data",
    "from_dict",
    "goals_from",
    "load_folder",
    "measure_text",
    "parse",
    "plan_text",
    "shipped",
    "shipped_ids",
    "to_dict",
]
