from __future__ import annotations

import copy

import pytest

from artdesk.protocols import Library, Side
from artdesk.treatment import (
    CommandRejected,
    EventKind,
    FakeClock,
    JournalCorrupt,
    Phase,
    PlanError,
    Runner,
    Status,
    billing_units,
    plan_visit,
)


@pytest.fixture
def runner(library: Library, clock: FakeClock) -> Runner:
    plan = plan_visit([(library.get("posterior-thigh"), "left"), (library.get("neck"), "right")])
    r = Runner(clock)
    r.start(plan)
    return r


def test_plan_expands_both_sides_left_then_right(library: Library) -> None:
    plan = plan_visit([(library.get("lateral-hip"), "both")])
    assert [(p.structure_key, p.side) for p in plan] == [
        ("gluteus-medius", Side.LEFT),
        ("gluteus-medius", Side.RIGHT),
        ("tfl-it-band", Side.LEFT),
        ("tfl-it-band", Side.RIGHT),
        ("gluteus-minimus", Side.LEFT),
        ("gluteus-minimus", Side.RIGHT),
    ]
    assert plan[0].target_passes == 4 and plan[0].target_seconds == 8


def test_plan_rejects_bad_side_and_empty_choice(library: Library) -> None:
    with pytest.raises(PlanError, match="not a side"):
        plan_visit([(library.get("neck"), "up")])
    with pytest.raises(PlanError, match="midline"):
        plan_visit([(library.get("neck"), "midline")])
    with pytest.raises(PlanError, match="at least one"):
        plan_visit([])


def test_a_structure_walks_locate_contact_lengthen_and_counts_passes(
    runner: Runner, clock: FakeClock
) -> None:
    s = runner.state
    assert (s.status, s.index, s.phase) == (Status.RUNNING, 0, Phase.LOCATE)
    clock.advance(20)
    runner.next()
    assert (s.phase, s.pass_number) == (Phase.CONTACT, 1)
    clock.advance(3)
    runner.next()
    assert s.phase is Phase.LENGTHEN
    clock.advance(6)
    runner.next()
    assert (s.phase, s.pass_number, s.current.passes_done) == (Phase.CONTACT, 2, 1)
    first = s.current.passes[0]
    assert (first.contact_seconds, first.lengthen_seconds, first.seconds) == (3, 6, 9)
    assert s.current.locate_seconds == 20
    for _ in range(3):  # passes 2..4, target is 4
        clock.advance(2)
        runner.next()
        clock.advance(5)
        runner.pass_done()
    assert s.phase is Phase.COMPLETE and s.current.passes_done == 4
    runner.extra_pass()
    assert (s.phase, s.pass_number) == (Phase.CONTACT, 5)
    runner.pass_done()
    assert s.current.passes_done == 5 and s.phase is Phase.COMPLETE
    runner.next()
    assert (s.index, s.phase) == (1, Phase.LOCATE)
    assert s.current.plan.structure_key == "upper-trapezius"


def test_pause_excludes_time_and_blocks_passes(runner: Runner, clock: FakeClock) -> None:
    runner.next()
    clock.advance(4)
    runner.pause()
    clock.advance(300)
    before = copy.deepcopy(runner.state)
    for command in (runner.next, runner.pass_done, runner.back, runner.pause):
        with pytest.raises(CommandRejected):
            command()
        assert runner.state == before
    runner.note("patient needed a break")  # notes are fine while paused
    timers = runner.timers()
    assert timers.pass_seconds == 4 and timers.treated_seconds == 4
    runner.resume()
    clock.advance(2)
    assert runner.timers().phase_seconds == 6
    runner.next()
    assert runner.state.paused_seconds == 300
    assert runner.state.treated_seconds == 6


def test_nonsense_commands_are_rejected_without_change(library: Library, clock: FakeClock) -> None:
    fresh = Runner(clock)
    with pytest.raises(CommandRejected, match="not started"):
        fresh.next()
    with pytest.raises(CommandRejected, match="at least one"):
        fresh.start([])
    plan = plan_visit([(library.get("foot"), "right")])
    fresh.start(plan)
    with pytest.raises(CommandRejected, match="already started"):
        fresh.start(plan)
    with pytest.raises(CommandRejected, match="nothing to go back"):
        fresh.back()
    with pytest.raises(CommandRejected, match="no pass"):
        fresh.pass_done()
    with pytest.raises(CommandRejected, match="extra pass"):
        fresh.extra_pass()
    with pytest.raises(CommandRejected, match="not paused"):
        fresh.resume()
    for bad in ("", "   ", 5, "x" * 20_001, "a\x00b"):
        with pytest.raises(CommandRejected):
            fresh.note(bad)  # type: ignore[arg-type]
    with pytest.raises(CommandRejected, match="0–3"):
        fresh.finding(tension=4)
    with pytest.raises(CommandRejected, match="whole number"):
        fresh.finding(texture=True)  # type: ignore[arg-type]
    with pytest.raises(CommandRejected, match="0–10"):
        fresh.finding(tenderness=-1)
    with pytest.raises(CommandRejected, match="needs"):
        fresh.finding()
    with pytest.raises(CommandRejected, match="reason"):
        fresh.skip("  ")
    assert len(fresh.events) == 1  # only 'started'
    # last structure complete: next makes no sense, finish does
    fresh.skip("patient declined")
    assert fresh.state.phase is Phase.COMPLETE
    with pytest.raises(CommandRejected, match="finish"):
        fresh.next()
    fresh.finish()
    with pytest.raises(CommandRejected, match="finished"):
        fresh.next()
    with pytest.raises(CommandRejected, match="finished"):
        fresh.note("late")


def test_long_markup_and_rtl_notes_are_kept_exactly(runner: Runner) -> None:
    text = ("<b>&amp; שלום مرحبا 😀 Zoë " * 400)[:10_000]
    runner.note(text)
    runner.finding(tension=2, texture=1, tenderness=6, response="less tight <i>")
    rec = runner.state.current
    assert rec.notes[0].text == text.strip()
    assert rec.findings[0].tenderness == 6 and rec.findings[0].response == "less tight <i>"


def test_back_undoes_each_advance(runner: Runner, clock: FakeClock) -> None:
    s = runner.state
    runner.next()  # contact 1
    runner.next()  # lengthen 1
    clock.advance(5)
    runner.next()  # pass 1 done -> contact 2
    runner.back()
    assert (s.phase, s.pass_number, s.current.passes_done) == (Phase.LENGTHEN, 1, 0)
    runner.back()
    assert s.phase is Phase.CONTACT
    runner.back()
    assert s.phase is Phase.LOCATE and s.current.passes == []
    assert s.treated_seconds == 5  # the time is still the patient's treated time


def test_skip_moves_on_and_back_takes_the_skip_back(runner: Runner) -> None:
    s = runner.state
    runner.next()
    runner.skip("too tender today")
    assert s.index == 1 and s.records[0].skipped_reason == "too tender today"
    assert s.records[0].passes == []
    runner.back()
    assert s.index == 0 and s.records[0].skipped_reason is None and s.phase is Phase.LOCATE


def test_recover_holds_the_visit_paused_and_leaves_the_gap_out(
    runner: Runner, clock: FakeClock
) -> None:
    runner.next()
    clock.advance(4)
    runner.next()
    clock.advance(3_600)  # power cut: an hour passes before the program is back
    recovered = Runner.recover(runner.events, clock)
    s = recovered.state
    assert s.status is Status.PAUSED and s.recoveries == 1
    assert (s.phase, s.pass_number) == (Phase.LENGTHEN, 1)
    assert recovered.events[-1].kind is EventKind.RECOVERED
    assert recovered.timers().treated_seconds == 4
    recovered.resume()
    clock.advance(2)
    recovered.next()
    assert s.current.passes[0].lengthen_seconds == 2
    assert Runner.replay(recovered.events).state == s


def test_replay_refuses_a_journal_with_a_gap_or_an_impossible_event(runner: Runner) -> None:
    runner.next()
    runner.next()
    events = list(runner.events)
    with pytest.raises(JournalCorrupt, match="gap"):
        Runner.replay([events[0], events[2]])
    with pytest.raises(JournalCorrupt, match="already started"):
        Runner.replay(
            [events[0], type(events[0])(2, events[0].kind, 1.0, events[0].at, events[0].data)]
        )


def test_a_failing_journal_leaves_the_state_unchanged(library: Library, clock: FakeClock) -> None:
    stored = []
    broken = False

    def journal(event: object) -> None:
        if broken:
            raise OSError(28, "No space left on device")
        stored.append(event)

    r = Runner(clock, journal)
    r.start(plan_visit([(library.get("foot"), "left")]))
    before = copy.deepcopy(r.state)
    broken = True
    with pytest.raises(OSError):
        r.next()
    assert r.state == before and len(r.events) == 1 == len(stored)
    broken = False
    r.next()
    assert r.state.phase is Phase.CONTACT and len(stored) == 2


@pytest.mark.parametrize(
    ("minutes", "units"),
    [(0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4)],
)
def test_eight_minute_rule(minutes: int, units: int) -> None:
    assert billing_units(minutes * 60) == units
    assert billing_units(minutes * 60 + 59) == units


def test_seven_minutes_fifty_nine_is_not_a_unit() -> None:
    assert billing_units(7 * 60 + 59.9) == 0
    with pytest.raises(ValueError):
        billing_units(-1)


def test_timers_flag_a_pass_over_its_target(runner: Runner, clock: FakeClock) -> None:
    runner.next()
    clock.advance(7.5)
    assert runner.timers().pass_over_target is False
    clock.advance(1)  # target 8 s for the hamstrings
    timers = runner.timers()
    assert timers.pass_over_target is True and timers.pass_seconds == 8.5
