"""Visits in the store, written the way the window writes them (through the visit flow)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from artdesk.protocols import Library
from artdesk.store import (
    ClinicianRepository,
    Database,
    HomeCareData,
    InvalidInput,
    MeasurementData,
    NewVisit,
    NotFound,
    StoreError,
    TreatmentTotals,
    VisitRepository,
    VisitSigned,
)
from artdesk.store.models import Measurement, Visit, VisitEvent
from artdesk.treatment import FakeClock, Phase, Runner, Status
from artdesk.visit import Stage, VisitFlow, WrapUp
from tests.builders import setup_for
from tests.store.helpers import patient, treated_visit

NO_TOTALS = TreatmentTotals(None, 0.0, 0, "")


def _sign(db: Database, clock: FakeClock, visit: int, *measures: MeasurementData) -> None:
    flow = VisitFlow(db, clock)
    resumed = flow.resume(visit)
    assert resumed.treatment is not None
    clinician = flow.visits.get(visit)[0].clinician_id
    flow.wrap_up(resumed.treatment, clinician, WrapUp(tuple(measures), ()))


def test_every_event_is_in_the_journal_and_replays_to_the_live_state(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock)
    stored = VisitRepository(db).events(visit)
    assert stored == list(treatment.runner.events)
    assert Runner.replay(stored).state == treatment.state


def test_finishing_records_the_summary_for_the_history(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock)
    flow = VisitFlow(db, clock)
    (row,) = flow.history(flow.record(visit).patient_id)
    assert row.treated_seconds == treatment.state.treated_seconds == 30
    assert row.protocols == "Posterior thigh — hamstrings" and row.status == "in_progress"


def test_the_finish_and_the_history_totals_are_one_commit(
    db: Database, library: Library, clock: FakeClock
) -> None:
    from tests.faults import failing

    visit, treatment = treated_visit(db, library, clock, finish=False)
    flow = VisitFlow(db, clock)
    clock.advance(9)
    with failing("full", "UPDATE visits", db.engine), pytest.raises(StoreError):
        flow.finish(treatment)  # the totals cannot be written: the finish is not journalled
    assert VisitRepository(db).events(visit)[-1].kind.value != "finished"
    assert flow.history(treatment.patient_id)[0].treated_seconds == 0
    flow.finish(treatment)
    (row,) = flow.history(treatment.patient_id)
    record = flow.record(visit)
    assert not record.signed and record.state.status is Status.FINISHED
    assert row.treated_seconds == record.treated_seconds == 39
    assert row.billing_units == record.billing_units
    assert row.protocols == "Posterior thigh — hamstrings"


def test_history_is_newest_first_and_in_progress_visits_are_offered(
    db: Database, library: Library
) -> None:
    clock = FakeClock(start=datetime(2026, 1, 1, tzinfo=UTC))
    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr B")
    pid = patient(db)
    first = flow.open_treatment(clinician, setup_for(library, pid))
    clock.advance(timedelta(days=1).total_seconds())
    second = flow.open_treatment(clinician, setup_for(library, pid))
    assert [r.id for r in flow.history(pid)] == [second.visit_id, first.visit_id]
    first.runner.finish()
    flow.wrap_up(first, clinician, WrapUp((), ()))
    assert [r.id for r in flow.unfinished()] == [second.visit_id]


def test_resume_continues_at_the_same_structure_phase_pass_and_notes(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock, finish=False)
    runner = treatment.runner
    where = (runner.state.index, runner.state.phase, runner.state.pass_number)
    clock.advance(600)
    resumed = VisitFlow(db, clock).resume(visit)
    assert resumed.stage is Stage.TREATING and resumed.treatment is not None
    s = resumed.treatment.state
    assert (s.index, s.phase, s.pass_number) == where
    assert s.status is Status.PAUSED
    assert s.current.notes[0].text == "tender <b>&amp; tight"
    resumed.treatment.runner.resume()
    resumed.treatment.runner.next()
    assert VisitRepository(db).events(visit)[-1].kind.value == "next"
    assert Runner.replay(VisitRepository(db).events(visit)).state == s
    assert s.phase is Phase.LENGTHEN


def test_a_signed_visit_refuses_every_change_and_accepts_an_amendment(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visits = VisitRepository(db)
    visit, treatment = treated_visit(db, library, clock, pain_before=6)
    _sign(db, clock, visit, MeasurementData("NPRS", 3, "after"))
    clinician = visits.get(visit)[0].clinician_id
    wrap = {
        "measurements": [MeasurementData("NPRS", 2, "after")],
        "home_care": [],
        "home_care_notes": "",
        "next_visit": date(2026, 12, 1),
        "totals": NO_TOTALS,
    }
    for change in (
        lambda: visits.wrap_up(visit, clinician, **wrap),  # type: ignore[arg-type]
        lambda: visits.set_totals(visit, NO_TOTALS),
        lambda: visits.append_event(visit, treatment.runner.events[-1]),
        lambda: visits.append_event(visit, treatment.runner.events[-1], NO_TOTALS),
    ):
        with pytest.raises(VisitSigned, match=r"signed .* add an amendment"):
            change()
    flow = VisitFlow(db, clock)
    assert flow.resume(visit).stage is Stage.SIGNED
    amendment = flow.amend(visit, clinician, "late entry", "Pain after was 2, not 3.")
    stored, _ = visits.get(visit)
    assert [a.id for a in stored.amendments] == [amendment]
    assert stored.amendments[0].author == "Dr Test"
    assert [m.value for m in stored.measurements] == [6, 3]  # the original stays
    assert stored.status == "signed" and stored.signed_at is not None


def test_going_around_the_repository_is_refused_too(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, _ = treated_visit(db, library, clock, pain_before=6)
    _sign(db, clock, visit)
    with pytest.raises(VisitSigned), db.write() as session:
        session.get(Visit, visit).complaint = "quietly changed"  # type: ignore[union-attr]
    with pytest.raises(VisitSigned), db.write() as session:
        session.delete(session.query(Measurement).first())
    with pytest.raises(VisitSigned), db.write() as session:
        session.add(
            VisitEvent(visit_id=visit, seq=999, kind="note", t=1.0, at=clock.now(), data={})
        )
    assert VisitFlow(db, clock).record(visit).complaint == "right hamstring strain"


def test_signing_needs_a_finished_treatment_and_amending_needs_a_signature(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock, finish=False)
    flow = VisitFlow(db, clock)
    clinician = flow.visits.get(visit)[0].clinician_id
    with pytest.raises(InvalidInput, match="finish the treatment"):
        flow.wrap_up(treatment, clinician, WrapUp((), ()))
    with pytest.raises(InvalidInput, match="not signed"):
        flow.amend(visit, clinician, "r", "t")
    with pytest.raises(NotFound):
        flow.amend(9999, clinician, "r", "t")
    with pytest.raises(NotFound):
        flow.record(9999)


def test_measurements_home_care_and_screening_are_validated(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock)
    visit, treatment = treated_visit(db, library, clock)
    clinician = flow.visits.get(visit)[0].clinician_id
    for bad in [
        ("NPRS", 11, "before"),
        ("NPRS", 2.5, "before"),
        ("NPRS", float("nan"), "after"),
        ("ODI", 10, "before"),
        ("NPRS", 3, "during"),
        ("NPRS", True, "after"),
    ]:
        with pytest.raises(InvalidInput):
            flow.wrap_up(treatment, clinician, WrapUp((MeasurementData(*bad),), ()))  # type: ignore[arg-type]
    for items, problem in (
        ((HomeCareData("Calf stretch", 0, 1, 30, "daily"),), "sets"),
        ((HomeCareData("  ", 3, 1, 30, "daily"),), "exercise"),
    ):
        with pytest.raises(InvalidInput, match=problem):
            flow.wrap_up(treatment, clinician, WrapUp((), items))
    assert flow.record(visit).signed is False  # nothing of a refused wrap-up was kept
    with pytest.raises(InvalidInput, match="screening result"):
        VisitRepository(db).open(
            NewVisit(patient(db), clinician, "", screening_result="maybe"),
            treatment.runner.events[0],
        )
    flow.wrap_up(
        treatment,
        clinician,
        WrapUp(
            (MeasurementData("KTW", 9.5, "after", side="left"),),
            (HomeCareData("Calf stretch", 3, 1, 30, "twice a day"),),
            home_care_notes="Run every other day",
        ),
    )
    record = flow.record(visit)
    assert record.home_care[0].exercise == "Calf stretch"
    assert record.home_care_notes == "Run every other day"
    assert [m.instrument for m in record.measurements] == ["KTW"]


def test_a_stop_override_is_stored_with_the_screening(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr C")
    setup = setup_for(
        library,
        patient(db),
        answers={"fracture": True},
        override="cleared by GP, X-ray clear",
    )
    treatment = flow.open_treatment(clinician, setup)
    record = flow.record(treatment.visit_id)
    assert record.screening_result == "stop"
    assert record.screening_answers == {"fracture": True}
    assert record.screening_override == "cleared by GP, X-ray clear"


def test_a_journal_append_reads_the_visit_once_and_inserts_once(
    db: Database, library: Library, clock: FakeClock
) -> None:
    """Autosave runs at every key press: one SELECT for the visit (editable? voided? this
    room's?), one for the journal's chain head; one INSERT; the lease's heartbeat UPDATE at
    most every 15 s."""
    from sqlalchemy import event

    _, treatment = treated_visit(db, library, clock, finish=False)
    statements: list[str] = []

    def seen(_conn, _cursor, sql: str, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(sql.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        clock.advance(2)
        treatment.runner.next()
        first = list(statements)
        statements.clear()
        clock.advance(2)  # within the heartbeat: no UPDATE
        treatment.runner.next()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert first.count("SELECT") == 2 and first.count("INSERT") == 1, first
    assert statements.count("SELECT") == 2 and statements.count("INSERT") == 1, statements
    assert (first + statements).count("UPDATE") <= 1  # 4 s apart: one heartbeat at most


def test_a_referral_refuses_what_cannot_be_stored_and_keeps_any_text(
    db: Database, library: Library, clock: FakeClock
) -> None:
    from artdesk.store import Referral

    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr R")
    setup = setup_for(library, patient(db), answers={"fracture": True})
    for bad, problem in (
        (Referral("  ", "same day"), "referred to"),
        (Referral("GP", "whenever"), "urgency"),
        (Referral("GP", "same day", "x" * 2001), "advice"),
    ):
        with pytest.raises(InvalidInput, match=problem):
            flow.refer(clinician, setup, bad)
    assert flow.history(setup.patient_id) == []  # nothing half-saved
    visit = flow.refer(clinician, setup, Referral("Dr Ødegård <b>&", "routine", "Ice 🧊, rest ש"))
    record = flow.record(visit)
    assert record.signed and record.referral == Referral(
        "Dr Ødegård <b>&", "routine", "Ice 🧊, rest ש"
    )


def test_the_wrap_up_as_typed_survives_a_crash_and_signing_clears_it(
    db: Database, library: Library, clock: FakeClock
) -> None:
    """Issue 11 item 5: pain after, home care and the next visit typed at wrap-up come back
    after the program dies before signing; the signed records replace the draft."""
    from artdesk.store import InvalidInput, MeasurementData
    from artdesk.visit import Stage, VisitFlow, WrapUp

    visit, _ = treated_visit(db, library, clock)
    typed = {"pain_after": 3, "home_care": [{"exercise": "Wall calf stretch 🦵 <b>&", "sets": 3}]}
    VisitFlow(db, clock).save_draft(visit, typed)
    after_crash = VisitFlow(db, clock).resume(visit)  # a new program, after the crash
    assert after_crash.stage is Stage.WRAP_UP and after_crash.draft == typed
    with pytest.raises(InvalidInput, match="broken characters"):
        VisitFlow(db, clock).save_draft(visit, {"notes": "half an emoji \ud83e"})
    with pytest.raises(InvalidInput, match="at most 200,000"):
        VisitFlow(db, clock).save_draft(visit, {"notes": "x" * 200_001})
    flow = VisitFlow(db, clock)
    assert after_crash.treatment is not None
    flow.wrap_up(after_crash.treatment, 1, WrapUp((MeasurementData("NPRS", 3, "after"),), ()))
    assert flow.visits.draft(visit) is None
