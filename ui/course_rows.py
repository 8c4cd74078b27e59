"""What a course of care asks to measure at a visit, and what a new episode keeps from its
first visit: the rows of the set-up's and the wrap-up's measures, the plan's protocols by
side. Plain data, for :mod:`ui.course_wiring` (read on a worker too)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from artdesk.course import CourseMeasure
from artdesk.course.templates import TREATED
from artdesk.measures import INSTRUMENTS, PAIN, Code, Timing
from artdesk.store import MeasurementData
from ui.pages.measures_entry import RowSpec

if TYPE_CHECKING:
    from artdesk.treatment import PlannedStructure

Protocols = tuple[tuple[str, str, tuple[str, ...]], ...]


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def rows_for(
    measures: Sequence[CourseMeasure], timing: Timing, activities: Sequence[str]
) -> list[RowSpec]:
    """The rows a course asks to fill before (or after) treatment, one per side."""
    rows = []
    for m in measures:
        if not (m.before if timing is Timing.BEFORE else m.after) or m.instrument == PAIN:
            continue
        labels = tuple(activities) if m.instrument == Code.PSFS else ()
        for side in m.sides or ("none",):
            rows.append(RowSpec(m.instrument, side if side != TREATED else "none", m.site, labels))
    return rows


def protocols_of(plan: Sequence[PlannedStructure]) -> Protocols:
    """(protocol, side, structures) of a plan, a protocol done left and right given as both."""
    chosen: dict[tuple[str, str], list[str]] = {}
    for step in plan:
        keys = chosen.setdefault((step.protocol_id, step.side.value), [])
        if step.structure_key not in keys:
            keys.append(step.structure_key)
    out = []
    for (protocol, side), keys in chosen.items():
        if side == "right" and (protocol, "left") in chosen:
            continue
        if side == "left" and (protocol, "right") in chosen:
            keys, side = list(dict.fromkeys(keys + chosen[(protocol, "right")])), "both"
        out.append((protocol, side, tuple(keys)))
    return tuple(out)


def measures_of(taken: Sequence[MeasurementData]) -> tuple[CourseMeasure, ...]:
    """What a new episode without a template keeps recording: the measures of its first visit."""
    sides: dict[tuple[str, str], list[str]] = {}
    for m in taken:
        if m.instrument == PAIN:
            continue
        found = sides.setdefault((str(m.instrument), m.site), [])
        if str(m.side) not in found:
            found.append(str(m.side))
    return tuple(
        CourseMeasure(code, True, INSTRUMENTS[code].before_after, tuple(s), site)
        for (code, site), s in sides.items()
    )


def activities_of(taken: Sequence[MeasurementData]) -> tuple[str, ...]:
    return next((tuple(m.labels) for m in taken if m.instrument == Code.PSFS and m.labels), ())
