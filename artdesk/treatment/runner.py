"""The visit runner: commands in, events out, state as a fold over the events (see ``fold``).

Each command is checked against the current state; a command that makes no sense raises
:class:`CommandRejected` and changes nothing. An accepted command becomes one :class:`Event`,
which is first handed to the journal (if any) and only then applied, so a failed write (a full
disk, a locked database) leaves the runner exactly where it was. ``Runner.replay`` applies the
same events through the same code and so rebuilds the same state.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from artdesk.treatment.billing import billing_units, treated_minutes
from artdesk.treatment.clock import Clock
from artdesk.treatment.events import Event, EventKind
from artdesk.treatment.fold import CommandRejected, apply_event, check_event
from artdesk.treatment.state import Phase, PlannedStructure, Status, VisitState

__all__ = ["CommandRejected", "Journal", "JournalCorrupt", "Runner", "Timers"]

Journal = Callable[[Event], None]


class JournalCorrupt(ValueError):
    """A stored event cannot be applied: the journal does not describe a possible visit."""


@dataclass(frozen=True, slots=True)
class Timers:
    """What the treatment screen shows, computed from clock differences at one instant."""

    visit_seconds: float
    treated_seconds: float  # treatment (structures that had a pass), the billable time
    assessment_seconds: float  # structures only located or skipped so far
    phase_seconds: float
    pass_seconds: float | None
    treated_minutes: int
    billing_units: int
    pass_over_target: bool


class Runner:
    def __init__(self, clock: Clock, journal: Journal | None = None) -> None:
        self._clock = clock
        self._journal = journal
        self._state = VisitState()
        self._events: list[Event] = []
        self._base = clock.monotonic()  # t = clock.monotonic() - base

    def set_journal(self, journal: Journal | None) -> None:
        """Where later events are written (the first one may be stored with the visit itself)."""
        self._journal = journal

    # --- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> VisitState:
        return self._state

    @property
    def events(self) -> Sequence[Event]:
        return tuple(self._events)

    def now_t(self) -> float:
        return max(self._clock.monotonic() - self._base, self._state.last_t)

    def timers(self) -> Timers:
        """Elapsed times right now: booked time plus the running segment, never tick counts."""
        s = self._state
        t = self.now_t()
        running = t - s.since if s.status is Status.RUNNING else 0.0
        on_treated = (  # where the running time goes
            bool(s.records) and s.current.had_a_pass and s.phase is not Phase.COMPLETE
        )
        treated = s.therapy_seconds + (running if on_treated else 0.0)
        assessment = s.assessment_seconds + (0.0 if on_treated else running)
        pass_seconds = None
        over = False
        if s.status in (Status.RUNNING, Status.PAUSED) and s.records:
            open_pass = s.current.open_pass
            if open_pass is not None:
                pass_seconds = open_pass.seconds + running
                over = pass_seconds > s.current.plan.target_seconds
        return Timers(
            visit_seconds=t if s.status is not Status.NOT_STARTED else 0.0,
            treated_seconds=treated,
            assessment_seconds=assessment,
            phase_seconds=s.phase_seconds + running,
            pass_seconds=pass_seconds,
            treated_minutes=treated_minutes(treated),
            billing_units=billing_units(treated),
            pass_over_target=over,
        )

    # --- commands --------------------------------------------------------------------------

    def start(self, plan: Sequence[PlannedStructure]) -> list[Event]:
        if self._state.status is Status.NOT_STARTED:
            self._base = self._clock.monotonic()
        return self._issue(EventKind.STARTED, {"plan": [p.to_dict() for p in plan]})

    def next(self) -> list[Event]:
        return self._issue(EventKind.NEXT, {})

    def back(self) -> list[Event]:
        return self._issue(EventKind.BACK, {})

    def pass_done(self) -> list[Event]:
        return self._issue(EventKind.PASS_DONE, {})

    def extra_pass(self) -> list[Event]:
        return self._issue(EventKind.EXTRA_PASS, {})

    def pause(self) -> list[Event]:
        return self._issue(EventKind.PAUSED, {})

    def resume(self) -> list[Event]:
        return self._issue(EventKind.RESUMED, {})

    def note(self, text: str) -> list[Event]:
        return self._issue(EventKind.NOTE, {"text": text})

    def finding(
        self,
        *,
        tension: int | None = None,
        texture: int | None = None,
        tenderness: int | None = None,
        response: str = "",
    ) -> list[Event]:
        data = {
            "tension": tension,
            "texture": texture,
            "tenderness": tenderness,
            "response": response,
        }
        return self._issue(EventKind.FINDING, data)

    def skip(self, reason: str) -> list[Event]:
        return self._issue(EventKind.SKIPPED, {"reason": reason})

    def finish(self) -> list[Event]:
        return self._issue(EventKind.FINISHED, {})

    def _issue(self, kind: EventKind, data: dict[str, Any]) -> list[Event]:
        event = Event(
            seq=self._state.seq + 1,
            kind=kind,
            t=self.now_t(),
            at=self._clock.now(),
            data=data,
        )
        event = check_event(self._state, event)  # raises CommandRejected; nothing changed yet
        if self._journal is not None:
            self._journal(event)  # an error here also leaves the state untouched
        apply_event(self._state, event)
        self._events.append(event)
        return [event]

    def state_after(self, event: Event) -> VisitState:
        """The state ``event`` would lead to, without changing this runner (a journal that
        stores figures with an event, e.g. the totals with the finish, reads them here)."""
        state = copy.deepcopy(self._state)
        apply_event(state, check_event(state, event))
        return state

    # --- rebuilding ------------------------------------------------------------------------

    @classmethod
    def replay(
        cls, events: Iterable[Event], clock: Clock | None = None, journal: Journal | None = None
    ) -> Runner:
        """Rebuild a runner from its events; it carries on from the last one's time."""
        from artdesk.treatment.clock import SystemClock

        runner = cls(clock or SystemClock(), journal)
        for event in events:
            if event.seq != runner._state.seq + 1:
                raise JournalCorrupt(
                    f"event {event.seq} follows event {runner._state.seq}: the journal has a gap"
                )
            try:
                apply_event(runner._state, check_event(runner._state, event))
            except CommandRejected as exc:
                raise JournalCorrupt(f"event {event.seq} ({event.kind}): {exc}") from exc
            runner._events.append(event)
        runner._base = runner._clock.monotonic() - runner._state.last_t
        return runner

    @classmethod
    def recover(
        cls, events: Iterable[Event], clock: Clock, journal: Journal | None = None
    ) -> Runner:
        """Replay a visit that was cut off (crash, power cut) and hold it paused.

        The time between the last stored event and now is counted in no phase: the runner does
        not know how much of it was treatment. The clinician resumes when ready.
        """
        runner = cls.replay(events, clock, journal)
        if runner._state.status in (Status.RUNNING, Status.PAUSED):
            runner._issue(EventKind.RECOVERED, {})
        return runner
