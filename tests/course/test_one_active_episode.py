"""A patient has one active episode of care: opening a new one (or reopening an old one) closes
the active one as superseded — discharged with the reason and the date as its summary, audited,
its visits and progress kept and still read — never deleted, never left active beside it."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from artdesk.course import EpisodeData, EpisodeStatus
from artdesk.course.model import closing_notice
from artdesk.protocols import Library
from artdesk.store import ClinicianRepository, Database, InvalidInput
from artdesk.treatment import FakeClock, plan_visit
from artdesk.visit import TreatmentSetup, VisitFlow
from tests.builders import shipped_screen
from tests.course.test_course_flow import run_tak_course
from tests.store.helpers import patient
from tests.store.test_postgres import pg  # noqa: F401  (the fixture: a fresh PG database)


def _clinician(flow: VisitFlow) -> int:
    return flow.clinicians.active()[0].id


def test_a_new_episode_closes_the_active_one_as_superseded_and_its_progress_still_reads(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow, pid, tak = run_tak_course(db, library, clock)
    clinician = _clinician(flow)
    before = flow.progress(pid, tak)
    clock.advance(2 * 86400)
    calf = flow.episodes.open(pid, clinician, EpisodeData("left calf strain <b>& 🏃"))

    active = [e.id for e in flow.episodes.for_patient(pid) if e.active]
    assert active == [calf]  # one active episode, the new one
    old = flow.episodes.get(tak)
    assert old.status is EpisodeStatus.DISCHARGED
    assert old.discharged_at == clock.now()  # the date kept
    day = clock.now().astimezone().date().isoformat()
    assert old.discharge_summary.startswith(f"Closed on {day} as superseded: episode {calf}")
    assert "“left calf strain <b>& 🏃”" in old.discharge_summary  # the reason, as typed
    assert "Not a discharge on this episode's outcome" in old.discharge_summary
    # audited in the same transaction: opened, then the old one closed, naming both
    entries = [e for e in flow.audit.entries(patient_id=pid) if "episode" in e.action]
    assert [e.action for e in entries[-2:]] == ["open-episode", "discharge-episode"]
    assert entries[-1].detail == f"episode {tak} closed as superseded by episode {calf} (opened)"
    # nothing lost: its visits and progress read as before (goals judged at its close)
    after = flow.progress(pid, tak)
    assert after.attendance() == before.attendance() == "6 of 6 planned visits"
    assert [s.baseline for s in after.series] == [s.baseline for s in before.series]
    assert [s.latest for s in after.series] == [s.latest for s in before.series]
    # a new visit joins the new episode, and the set-up offers it
    assert flow.returning(pid).episode is not None
    assert flow.returning(pid).episode.id == calf  # type: ignore[union-attr]
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("calf-achilles"), "left")])
    treatment = flow.open_treatment(
        clinician, TreatmentSetup(pid, "left calf strain", decision, {}, 3, plan)
    )
    record = flow.record(treatment.visit_id)
    assert record.episode is not None and record.episode.id == calf


def test_a_new_episode_is_refused_while_the_active_one_has_a_visit_not_signed(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    first = flow.episodes.open(pid, clinician, EpisodeData("right hamstring strain"))
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("posterior-thigh"), "right")])
    flow.open_treatment(clinician, TreatmentSetup(pid, "hamstring", decision, {}, 4, plan, first))
    with pytest.raises(InvalidInput, match=f"active episode {first} .* not signed yet"):
        flow.episodes.open(pid, clinician, EpisodeData("left calf strain"))
    (only,) = flow.episodes.for_patient(pid)  # nothing changed: no new episode, none closed
    assert only.id == first and only.active


def test_reopening_an_episode_closes_the_active_one_as_superseded(
    db: Database, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    knee = flow.episodes.open(pid, clinician, EpisodeData("knee pain"))
    flow.episodes.discharge(knee, clinician, "pain free; home programme")
    clock.advance(86400)
    calf = flow.episodes.open(pid, clinician, EpisodeData("calf strain"))
    clock.advance(86400)
    flow.episodes.reopen(knee, clinician)
    assert [e.id for e in flow.episodes.for_patient(pid) if e.active] == [knee]
    closed = flow.episodes.get(calf)
    assert closed.status is EpisodeStatus.DISCHARGED
    assert f"episode {knee} (“knee pain”) was reopened" in closed.discharge_summary


def test_the_notice_says_which_episode_closes_and_that_it_is_kept() -> None:
    from artdesk.course import Episode

    active = Episode(
        "low back pain spreading to the right buttock after a marathon block of training",
        id=5,
        opened_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
        visits_attended=1,
    )
    notice = closing_notice(active)
    assert notice.startswith(
        "The active episode “low back pain spreading to the right buttock after a…” "
        "(opened 2026-11-02, 1 visit) will be closed as superseded when the new one opens"
    )
    assert notice.endswith("discharged today with the reason, its visits and progress kept.")
    assert "when this one is reopened" in closing_notice(active, reopening=True)


POSTGRES = os.environ.get("ARTDESK_TEST_POSTGRES", "")


@pytest.mark.skipif(not POSTGRES, reason="ARTDESK_TEST_POSTGRES is not set")
def test_on_postgresql_a_new_episode_supersedes_the_active_one(
    pg: Database,  # noqa: F811
    clock: FakeClock,
) -> None:
    flow = VisitFlow(pg, clock, shipped_screen())
    clinician = ClinicianRepository(pg).add("Dr Kim")
    pid = patient(pg)
    knee = flow.episodes.open(pid, clinician, EpisodeData("knee pain"))
    calf = flow.episodes.open(pid, clinician, EpisodeData("calf strain"))
    assert [e.id for e in flow.episodes.for_patient(pid) if e.active] == [calf]
    assert "superseded" in flow.episodes.get(knee).discharge_summary
    flow.episodes.reopen(knee, clinician)
    assert [e.id for e in flow.episodes.for_patient(pid) if e.active] == [knee]
