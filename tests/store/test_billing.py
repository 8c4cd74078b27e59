"""Billing units count treatment only: time on a structure only palpated, or skipped, is
assessment (DOMAIN.md §7 item 25) — live on the treatment screen and on every paper."""

from __future__ import annotations

from artdesk.protocols import Library, Side
from artdesk.store import ClinicianRepository, Database
from artdesk.treatment import FakeClock, Phase
from artdesk.visit import Outcome, VisitFlow, WrapUp, outcome
from tests.builders import setup_for
from tests.store.helpers import patient


def visit_with(
    db: Database, library: Library, clock: FakeClock, treated_seconds_per_step: float
) -> int:
    """Hamstrings treated, plantar fascia located 4 min then skipped, sciatic nerve located
    3 min when the visit ends."""
    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr Bill")
    setup = setup_for(
        library,
        patient(db),
        [("posterior-thigh", Side.RIGHT), ("foot", Side.LEFT), ("sciatic-nerve", Side.LEFT)],
    )
    treatment = flow.open_treatment(clinician, setup)
    runner = treatment.runner
    while runner.state.index == 0:
        clock.advance(treated_seconds_per_step)
        runner.next()
    before = runner.timers()
    clock.advance(240)
    live = runner.timers()  # locating the plantar fascia: assessment, the treated time stays
    assert live.treated_seconds == before.treated_seconds
    assert live.assessment_seconds == before.assessment_seconds + 240
    runner.skip("too tender today")
    clock.advance(180)
    assert runner.state.phase is Phase.LOCATE
    flow.finish(treatment)
    flow.wrap_up(treatment, clinician, WrapUp((), ()))
    return treatment.visit_id


def test_palpated_and_skipped_time_is_assessment_and_not_billed(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock)
    passes = library.get("posterior-thigh").structures[0].passes
    step = 420 / (1 + 2 * passes)  # locate and every pass: 7 min of treatment
    visit = visit_with(db, library, clock, step)  # (and one step of review after the passes)
    record = flow.record(visit)
    assert [outcome(r) for r in record.state.records] == [
        Outcome.TREATED,
        Outcome.SKIPPED,
        Outcome.PALPATED,
    ]
    assert round(record.treated_seconds) == 420
    assert round(record.assessment_seconds) == round(step + 240 + 180)  # review, skip, palpation
    assert record.billing_units == 0  # 7 treated minutes: under 8 (all 14 would have made 1)
    (row,) = flow.history(record.patient_id)
    assert (row.treated_seconds, row.billing_units) == (record.treated_seconds, 0)


def test_enough_treatment_is_billed_whatever_the_assessment(
    db: Database, library: Library, clock: FakeClock
) -> None:
    passes = library.get("posterior-thigh").structures[0].passes
    visit = visit_with(db, library, clock, 540 / (1 + 2 * passes))  # 9 min of treatment
    record = VisitFlow(db, clock).record(visit)
    assert round(record.treated_seconds) == 540 and record.billing_units == 1
