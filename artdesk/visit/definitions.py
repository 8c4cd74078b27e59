"""What a visit means, defined once: treated, palpated-only and skipped structures, pain
before/after, treated and billable time.

Every screen, paper and command reads these functions; none computes its own version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from artdesk.measures import Timing
from artdesk.treatment import PlannedStructure, StructureRecord, VisitState, billing_units


class Outcome(StrEnum):
    """What happened to one planned structure (on one side) in a visit."""

    TREATED = "treated"  # at least one pass begun (even if stopped early after it)
    PALPATED = "palpated"  # located, no pass begun, not skipped
    SKIPPED = "skipped"  # skipped with a reason before any pass
    NOT_REACHED = "not_reached"  # the visit ended before this structure was begun


def outcome(record: StructureRecord) -> Outcome:
    if record.had_a_pass:
        return Outcome.TREATED
    if record.skipped_reason is not None:
        return Outcome.SKIPPED
    if record.treated_seconds > 0:
        return Outcome.PALPATED
    return Outcome.NOT_REACHED


def stopped_early(record: StructureRecord) -> str | None:
    """The reason a treated structure was stopped before its target passes, if it was."""
    if outcome(record) is Outcome.TREATED and record.skipped_reason is not None:
        return record.skipped_reason
    return None


def outcome_text(
    record: StructureRecord, time_text: Callable[[float], str], *, locate: bool = False
) -> str:
    """The structure's result in words: '4/4 passes, 1:10', 'skipped — too tender',
    'palpated only, no pass completed, 0:25', 'not reached', '…; stopped early — reason'.
    Plain text (escape it for markup); ``locate`` adds the locate time (the SOAP note)."""
    kind = outcome(record)
    if kind is Outcome.SKIPPED:
        return f"skipped — {record.skipped_reason or ''}"
    if kind is Outcome.NOT_REACHED:
        return "not reached"
    if kind is Outcome.PALPATED:
        return f"palpated only, no pass: {time_text(record.treated_seconds)} of assessment"
    times = time_text(record.treated_seconds)
    if locate:
        times += f" (locate {time_text(record.locate_seconds)})"
    line = f"{record.passes_done}/{record.plan.target_passes} passes, {times}"
    if record.open_pass is not None:
        line += f" (pass {record.open_pass.number} not completed)"
    early = stopped_early(record)
    return line + (f"; stopped early — {early}" if early else "")


def with_outcome(state: VisitState, *wanted: Outcome) -> list[StructureRecord]:
    return [r for r in state.records if outcome(r) in wanted]


def treated(state: VisitState) -> list[StructureRecord]:
    return with_outcome(state, Outcome.TREATED)


def palpated_only(state: VisitState) -> list[StructureRecord]:
    return with_outcome(state, Outcome.PALPATED)


def skipped(state: VisitState) -> list[StructureRecord]:
    return with_outcome(state, Outcome.SKIPPED)


def worked_on(state: VisitState) -> list[StructureRecord]:
    """Structures the clinician's hands were on: treated or palpated (the home-care
    suggestions come from these; the patient's paper lists only the treated ones)."""
    return with_outcome(state, Outcome.TREATED, Outcome.PALPATED)


def pain(readings: Iterable[tuple[Timing | str, float]], timing: Timing) -> float | None:
    """Pain (NPRS) before or after treatment from a visit's readings in the order recorded.

    Taken twice, the LAST reading counts (a re-take corrects or replaces the first); every
    reading stays stored and the SOAP note lists them all.
    """
    value: float | None = None
    for when, reading in readings:
        if when == timing:
            value = reading
    return value


def treated_seconds(state: VisitState) -> float:
    """Treatment time: locating and the passes of the structures that had a pass; pauses and
    the unknown gap of a crash left out. Time on structures only located or skipped, and the
    review after the last pass, is assessment (DOMAIN.md §7 item 25), not counted toward
    timed manual therapy."""
    return state.therapy_seconds


def assessment_seconds(state: VisitState) -> float:
    """Time on structures only located (palpated) or skipped."""
    return state.assessment_seconds


def billable_units(state: VisitState) -> int:
    """Timed-code units by the 8-minute rule on the treatment time."""
    return billing_units(state.therapy_seconds)


def protocol_names(plan: VisitState | Iterable[PlannedStructure]) -> str:
    """The visit's protocols as the history lists them, in plan order."""
    steps = plan.plan if isinstance(plan, VisitState) else plan
    return "; ".join(dict.fromkeys(p.protocol_name for p in steps))
