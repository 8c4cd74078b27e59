"""Rules that hold for every command sequence: replay, non-negative time, paused time excluded."""

from __future__ import annotations

import copy
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from artdesk.protocols import load_shipped_library
from artdesk.treatment import CommandRejected, FakeClock, Runner, Status, plan_visit

_LIB = load_shipped_library()
_PROTOCOLS = [_LIB.get(i) for i in ("posterior-thigh", "calf-achilles", "neck", "foot")]

commands = st.sampled_from(
    [
        "next",
        "next",
        "next",
        "back",
        "pass_done",
        "extra_pass",
        "pause",
        "resume",
        "note",
        "finding",
        "skip",
        "finish",
    ]
)
steps = st.lists(
    st.tuples(commands, st.floats(min_value=0, max_value=30, allow_nan=False)),
    max_size=80,
)
choices = st.lists(
    st.tuples(st.sampled_from(_PROTOCOLS), st.sampled_from(["left", "right", "both"])),
    min_size=1,
    max_size=3,
)


def _run(runner: Runner, name: str) -> None:
    if name == "note":
        runner.note("note <b>&")
    elif name == "finding":
        runner.finding(tension=1, tenderness=4)
    elif name == "skip":
        runner.skip("declined")
    else:
        getattr(runner, name)()


@settings(max_examples=150, deadline=None)
@given(choices=choices, steps=steps)
def test_replay_equals_live_state_and_time_adds_up(choices, steps) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    runner = Runner(clock)
    runner.start(plan_visit(choices))
    paused_expected = 0.0  # paused time booked up to the last accepted event
    paused_pending = 0.0  # paused time since then, booked by the next accepted event
    for name, dt in steps:
        if runner.state.status is Status.PAUSED:
            paused_pending += dt
        clock.advance(dt)
        before = copy.deepcopy(runner.state)
        try:
            _run(runner, name)
        except CommandRejected:
            assert runner.state == before, f"rejected {name} changed the state"
        else:
            paused_expected += paused_pending
            paused_pending = 0.0
        if runner.state.status is Status.FINISHED:
            break

    state = runner.state
    assert Runner.replay(runner.events).state == state

    phase_times = []
    for rec in state.records:
        phase_times += [rec.locate_seconds, rec.complete_seconds]
        for p in rec.passes:
            phase_times += [p.contact_seconds, p.lengthen_seconds]
            assert p.seconds >= 0
    assert all(t >= 0 for t in phase_times)
    assert math.isclose(state.treated_seconds, sum(phase_times), abs_tol=1e-9)
    assert state.paused_seconds >= 0
    # wall time of the visit = treated + paused; paused time is in no phase
    assert math.isclose(state.treated_seconds + state.paused_seconds, state.last_t, abs_tol=1e-6)
    assert math.isclose(state.paused_seconds, paused_expected, abs_tol=1e-6)
    timers = runner.timers()
    assert timers.treated_seconds >= 0 and timers.phase_seconds >= 0
    assert timers.pass_seconds is None or timers.pass_seconds >= 0
