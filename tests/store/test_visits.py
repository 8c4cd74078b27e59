from __future__ import annotations

from datetime import date

import pytest

from artdesk.protocols import Library
from artdesk.store import (
    Database,
    HomeCareData,
    InvalidInput,
    NotFound,
    VisitRepository,
    VisitSigned,
)
from artdesk.store.models import Measurement, Visit, VisitEvent
from artdesk.treatment import FakeClock, Phase, Runner, Status
from tests.store.helpers import patient, treated_visit


def test_every_event_is_in_the_journal_and_replays_to_the_live_state(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, runner = treated_visit(db, library, clock)
    stored = VisitRepository(db).events(visit)
    assert stored == list(runner.events)
    assert Runner.replay(stored).state == runner.state


def test_finishing_records_the_summary_for_the_history(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visits = VisitRepository(db)
    visit, runner = treated_visit(db, library, clock)
    (row,) = visits.for_patient(visits.get(visit).patient_id)
    assert row.treated_seconds == runner.state.treated_seconds == 30
    assert row.protocols == "Posterior thigh — hamstrings" and row.status == "in_progress"


def test_history_is_newest_first_and_in_progress_visits_are_offered(
    db: Database, library: Library, clock: FakeClock
) -> None:
    times = iter(range(10))
    from datetime import UTC, datetime, timedelta

    visits = VisitRepository(
        db, now=lambda: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=next(times))
    )
    clinician = visits.add_clinician("Dr B")
    pid = patient(db)
    first = visits.open(pid, clinician)
    second = visits.open(pid, clinician)
    assert [r.id for r in visits.for_patient(pid)] == [second, first]
    visits.sign(first, clinician)
    assert [r.id for r in visits.in_progress()] == [second]


def test_resume_continues_at_the_same_structure_phase_pass_and_notes(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, runner = treated_visit(db, library, clock, finish=False)
    where = (runner.state.index, runner.state.phase, runner.state.pass_number)
    clock.advance(600)
    resumed = VisitRepository(db).resume_treatment(visit, clock)
    s = resumed.state
    assert (s.index, s.phase, s.pass_number) == where
    assert s.status is Status.PAUSED
    assert s.current.notes[0].text == "tender <b>&amp; tight"
    resumed.resume()
    resumed.next()
    assert VisitRepository(db).events(visit)[-1].kind.value == "next"
    assert Runner.replay(VisitRepository(db).events(visit)).state == s
    assert s.phase is Phase.LENGTHEN


def test_a_signed_visit_refuses_every_change_and_accepts_an_amendment(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visits = VisitRepository(db)
    visit, _ = treated_visit(db, library, clock)
    visits.add_measurement(visit, "NPRS", 6, "before")
    visits.add_measurement(visit, "NPRS", 3, "after")
    clinician = visits.get(visit).clinician_id
    visits.sign(visit, clinician)
    for change in (
        lambda: visits.add_measurement(visit, "NPRS", 2, "after"),
        lambda: visits.set_complaint(visit, "changed"),
        lambda: visits.set_screening(visit, "clear", {}),
        lambda: visits.set_home_care(visit, []),
        lambda: visits.set_next_visit(visit, date(2026, 12, 1)),
        lambda: visits.sign(visit, clinician),
    ):
        with pytest.raises(VisitSigned, match=r"signed .* add an amendment"):
            change()
    with pytest.raises(VisitSigned):
        runner_after = Runner.replay(visits.events(visit))
        visits.append_event(visit, runner_after.events[-1])
    amendment = visits.add_amendment(visit, clinician, "late entry", "Pain after was 2, not 3.")
    stored = visits.get(visit)
    assert [a.id for a in stored.amendments] == [amendment]
    assert stored.amendments[0].author.full_name == "Dr Test"
    assert [m.value for m in stored.measurements] == [6, 3]  # the original stays
    assert stored.status == "signed" and stored.signed_at is not None


def test_going_around_the_repository_is_refused_too(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visits = VisitRepository(db)
    visit, _ = treated_visit(db, library, clock)
    visits.add_measurement(visit, "NPRS", 6, "before")
    visits.sign(visit, visits.get(visit).clinician_id)
    with pytest.raises(VisitSigned), db.write() as session:
        session.get(Visit, visit).complaint = "quietly changed"  # type: ignore[union-attr]
    with pytest.raises(VisitSigned), db.write() as session:
        session.delete(session.query(Measurement).first())
    with pytest.raises(VisitSigned), db.write() as session:
        session.add(
            VisitEvent(visit_id=visit, seq=999, kind="note", t=1.0, at=clock.now(), data="{}")
        )
    assert visits.get(visit).complaint == "right hamstring strain"


def test_signing_needs_a_finished_treatment_and_amending_needs_a_signature(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visits = VisitRepository(db)
    visit, _ = treated_visit(db, library, clock, finish=False)
    clinician = visits.get(visit).clinician_id
    with pytest.raises(InvalidInput, match="finish the treatment"):
        visits.sign(visit, clinician)
    with pytest.raises(InvalidInput, match="not signed"):
        visits.add_amendment(visit, clinician, "r", "t")
    with pytest.raises(NotFound):
        visits.sign(9999, clinician)


def test_measurements_home_care_and_screening_are_validated(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visits = VisitRepository(db)
    visit, _ = treated_visit(db, library, clock)
    for bad in [
        ("NPRS", 11, "before"),
        ("NPRS", 2.5, "before"),
        ("NPRS", float("nan"), "after"),
        ("ODI", 10, "before"),
        ("NPRS", 3, "during"),
        ("NPRS", True, "after"),
    ]:
        with pytest.raises(InvalidInput):
            visits.add_measurement(visit, *bad)  # type: ignore[arg-type]
    visits.add_measurement(visit, "KTW", 9.5, "after", side="left")
    with pytest.raises(InvalidInput, match="sets"):
        visits.set_home_care(visit, [HomeCareData("Calf stretch", 0, 1, 30, "daily")])
    with pytest.raises(InvalidInput, match="exercise"):
        visits.set_home_care(visit, [HomeCareData("  ", 3, 1, 30, "daily")])
    visits.set_home_care(
        visit, [HomeCareData("Calf stretch", 3, 1, 30, "twice a day")], notes="Run every other day"
    )
    with pytest.raises(InvalidInput, match="screening result"):
        visits.set_screening(visit, "maybe", {})
    visits.set_screening(visit, "stop", {"dvt": True}, override="cleared by GP today, letter seen")
    stored = visits.get(visit)
    assert stored.home_care[0].exercise == "Calf stretch"
    assert stored.screening_override == "cleared by GP today, letter seen"
    assert [m.instrument for m in stored.measurements] == ["KTW"]
