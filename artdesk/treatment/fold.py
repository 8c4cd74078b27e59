"""The fold over visit events: ``check_event`` decides, ``apply_event`` changes.

Both are pure functions of a :class:`VisitState` and an :class:`Event`. ``check_event`` returns
the event with its data cleaned, or raises :class:`CommandRejected` and changes nothing;
``apply_event`` books the time since the last event and moves the state on. The runner uses the
same two functions for live commands and for replaying a stored journal.
"""

from __future__ import annotations

from typing import Any

from artdesk.treatment.events import Event, EventKind
from artdesk.treatment.state import (
    Finding,
    Note,
    PassRecord,
    Phase,
    PlannedStructure,
    Status,
    StructureRecord,
    VisitState,
)

MAX_NOTE_CHARS = 20_000
MAX_SHORT_TEXT = 2_000


class CommandRejected(ValueError):
    """A command that makes no sense now; the state is unchanged."""


def _clean_text(value: Any, what: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise CommandRejected(f"{what} must be text")
    text = value.strip()
    if "\x00" in text:
        raise CommandRejected(f"{what} contains a NUL character")
    if required and not text:
        raise CommandRejected(f"{what} is empty")
    if len(text) > limit:
        raise CommandRejected(f"{what} is {len(text):,} characters; at most {limit:,}")
    return text


def _grade(value: Any, what: str, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CommandRejected(f"{what} must be a whole number 0–{high}")
    if not 0 <= value <= high:
        raise CommandRejected(f"{what} must be 0–{high}, not {value}")
    return value


def check_event(s: VisitState, event: Event) -> Event:
    """Return the event with its data cleaned, or raise CommandRejected."""
    kind = event.kind
    data = dict(event.data)
    if kind is EventKind.STARTED:
        if s.status is not Status.NOT_STARTED:
            raise CommandRejected("the visit has already started")
        plan = data.get("plan")
        if not isinstance(plan, list) or not plan:
            raise CommandRejected("a visit needs at least one structure to treat")
        try:
            [PlannedStructure.from_dict(p) for p in plan]
        except (KeyError, TypeError, ValueError) as exc:
            raise CommandRejected(f"the plan is not valid: {exc}") from exc
        return event
    if s.status is Status.NOT_STARTED:
        raise CommandRejected("the visit has not started yet")
    if s.status is Status.FINISHED:
        raise CommandRejected("the visit is finished")
    if event.t < s.last_t:
        raise CommandRejected("an event cannot happen before the one before it")

    paused = s.status is Status.PAUSED
    rec = s.current
    last = s.index == len(s.records) - 1
    if kind is EventKind.RECOVERED:
        return event
    if kind is EventKind.PAUSED:
        if paused:
            raise CommandRejected("already paused")
        return event
    if kind is EventKind.RESUMED:
        if not paused:
            raise CommandRejected("not paused")
        return event
    if kind is EventKind.FINISHED:
        return event
    if kind is EventKind.NOTE:
        data["text"] = _clean_text(data.get("text"), "the note", MAX_NOTE_CHARS)
        return _with(event, data)
    if kind is EventKind.FINDING:
        data["tension"] = _grade(data.get("tension"), "tension", 3)
        data["texture"] = _grade(data.get("texture"), "texture", 3)
        data["tenderness"] = _grade(data.get("tenderness"), "tenderness", 10)
        data["response"] = _clean_text(
            data.get("response", ""), "the response", MAX_SHORT_TEXT, required=False
        )
        if all(data[k] in (None, "") for k in ("tension", "texture", "tenderness", "response")):
            raise CommandRejected("a finding needs a grade, a tenderness score or a response")
        return _with(event, data)

    if paused:
        raise CommandRejected(f"paused: resume before '{kind.value.replace('_', ' ')}'")

    if kind is EventKind.NEXT:
        if s.phase is Phase.COMPLETE and last:
            raise CommandRejected("this is the last structure: finish the visit")
        return event
    if kind is EventKind.PASS_DONE:
        if s.phase not in (Phase.CONTACT, Phase.LENGTHEN):
            raise CommandRejected("no pass is under way")
        return event
    if kind is EventKind.EXTRA_PASS:
        if s.phase is not Phase.COMPLETE or rec.skipped_reason is not None:
            raise CommandRejected("an extra pass follows the structure's completed passes")
        return event
    if kind is EventKind.BACK:
        if s.index == 0 and s.phase is Phase.LOCATE:
            raise CommandRejected("nothing to go back to: this is the first structure")
        return event
    if kind is EventKind.SKIPPED:
        if s.phase is Phase.COMPLETE:
            raise CommandRejected("this structure is already complete")
        data["reason"] = _clean_text(data.get("reason"), "the reason", MAX_SHORT_TEXT)
        return _with(event, data)
    raise CommandRejected(f"unknown command {kind!r}")


def _with(event: Event, data: dict[str, Any]) -> Event:
    return Event(seq=event.seq, kind=event.kind, t=event.t, at=event.at, data=data)


def _book(s: VisitState, t: float) -> None:
    """Book the time since the last event to the phase (or pause) it was spent in."""
    dt = t - s.since
    s.since = t
    s.last_t = t
    if dt <= 0:
        return
    if s.status is Status.PAUSED:
        s.paused_seconds += dt
        return
    if s.status is not Status.RUNNING:
        return
    rec = s.current
    s.phase_seconds += dt
    if s.phase is Phase.LOCATE:
        rec.locate_seconds += dt
    elif s.phase is Phase.COMPLETE:
        rec.complete_seconds += dt
    else:
        open_pass = rec.open_pass
        assert open_pass is not None
        if s.phase is Phase.CONTACT:
            open_pass.contact_seconds += dt
        else:
            open_pass.lengthen_seconds += dt


def _enter(s: VisitState, phase: Phase) -> None:
    s.phase = phase
    s.phase_seconds = 0.0


def _open_pass(rec: StructureRecord) -> None:
    rec.passes.append(PassRecord(number=len(rec.passes) + 1))


def _drop_open_pass(rec: StructureRecord) -> None:
    """Remove a pass that was started but not completed; its time stays in the structure."""
    open_pass = rec.open_pass
    if open_pass is None:
        return
    rec.passes.pop()
    if rec.passes:
        rec.passes[-1].lengthen_seconds += open_pass.seconds
    else:
        rec.locate_seconds += open_pass.seconds


def _complete_pass(s: VisitState) -> None:
    rec = s.current
    open_pass = rec.open_pass
    assert open_pass is not None
    open_pass.completed = True
    if rec.passes_done < rec.plan.target_passes:
        _open_pass(rec)
        _enter(s, Phase.CONTACT)
    else:
        _enter(s, Phase.COMPLETE)


def apply_event(s: VisitState, event: Event) -> None:
    kind = event.kind
    data = event.data
    s.seq = event.seq
    if kind is EventKind.STARTED:
        s.records = [StructureRecord(PlannedStructure.from_dict(p)) for p in data["plan"]]
        s.status = Status.RUNNING
        s.index = 0
        _enter(s, Phase.LOCATE)
        s.since = s.last_t = event.t
        s.started_at = event.at
        return
    _book(s, event.t)
    rec = s.current
    if kind is EventKind.PAUSED:
        s.status = Status.PAUSED
        s.pause_count += 1
    elif kind is EventKind.RESUMED:
        s.status = Status.RUNNING
    elif kind is EventKind.RECOVERED:
        s.recoveries += 1
        if s.status is Status.RUNNING:
            s.status = Status.PAUSED
            s.pause_count += 1
    elif kind is EventKind.FINISHED:
        s.status = Status.FINISHED
        s.finished_at = event.at
    elif kind is EventKind.NOTE:
        s.current.notes.append(Note(data["text"], event.at, event.t, s.phase, s.pass_number))
    elif kind is EventKind.FINDING:
        rec.findings.append(
            Finding(
                data["tension"],
                data["texture"],
                data["tenderness"],
                data["response"],
                event.at,
                event.t,
            )
        )
    elif kind is EventKind.NEXT:
        if s.phase is Phase.LOCATE:
            _open_pass(rec)
            _enter(s, Phase.CONTACT)
        elif s.phase is Phase.CONTACT:
            _enter(s, Phase.LENGTHEN)
        elif s.phase is Phase.LENGTHEN:
            _complete_pass(s)
        else:
            s.index += 1
            _enter(s, Phase.LOCATE)
    elif kind is EventKind.PASS_DONE:
        _complete_pass(s)
    elif kind is EventKind.EXTRA_PASS:
        _open_pass(rec)
        _enter(s, Phase.CONTACT)
    elif kind is EventKind.SKIPPED:
        _drop_open_pass(rec)
        rec.skipped_reason = data["reason"]
        if s.index < len(s.records) - 1:
            s.index += 1
            _enter(s, Phase.LOCATE)
        else:
            _enter(s, Phase.COMPLETE)
    elif kind is EventKind.BACK:
        _back(s)


def _back(s: VisitState) -> None:
    """Undo the last move: the clinician pressed advance once too often."""
    rec = s.current
    if rec.skipped_reason is not None and s.phase is Phase.COMPLETE:
        rec.skipped_reason = None  # skipped the last structure: take the skip back
        _enter(s, Phase.COMPLETE if rec.passes_done else Phase.LOCATE)
    elif s.phase is Phase.LENGTHEN:
        _enter(s, Phase.CONTACT)
    elif s.phase is Phase.CONTACT:
        open_pass = rec.open_pass
        _drop_open_pass(rec)
        if open_pass is not None and open_pass.number > 1:
            rec.passes[-1].completed = False
            _enter(s, Phase.LENGTHEN)
        else:
            _enter(s, Phase.LOCATE)
    elif s.phase is Phase.COMPLETE:
        if rec.passes:
            rec.passes[-1].completed = False
            _enter(s, Phase.LENGTHEN)
        else:
            _enter(s, Phase.LOCATE)
    else:  # LOCATE of a later structure: back to where the previous one was left
        s.index -= 1
        prev = s.current
        if prev.skipped_reason is not None:
            prev.skipped_reason = None
        _enter(s, Phase.COMPLETE if prev.passes_done else Phase.LOCATE)
