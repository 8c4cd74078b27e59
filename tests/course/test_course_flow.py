"""Courses of care through the core: episodes, measures before and after on both sides, the
Tak et al. course run for six visits on a fake clock, and progress over it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from artdesk.course import CarePlan, CourseMeasure, EpisodeData, Goal, GoalStatus, Term
from artdesk.measures import Verdict
from artdesk.protocols import Library
from artdesk.store import (
    ClinicianRepository,
    Database,
    InvalidInput,
    MeasurementData,
    NotFound,
)
from artdesk.treatment import CommandRejected, FakeClock, Runner, plan_visit
from artdesk.visit import TreatmentSetup, VisitFlow, WrapUp
from tests.builders import shipped_screen
from tests.store.helpers import patient

SITE = "gluteus medius trigger point"
TAK = EpisodeData(
    complaint="chronic low back pain, right buttock",
    diagnosis_code="M54.50",
    diagnosis_text="Low back pain, unspecified",
    injury_date=None,
    mechanism="gradual onset over a year of marathon training",
    goals=(
        Goal("Pain VAS at most 30 mm", Term.SHORT, None, "VAS", "none", 30.0),
        Goal("Runs 10 km without pain", Term.LONG, None),
    ),
    plan=CarePlan(visits_per_week=2, weeks=3),
    course="tak-2014-gluteus-medius",
    measures=(
        CourseMeasure("VAS"),
        CourseMeasure("PPT", sides=("right",), site=SITE),
    ),
    protocols=(("lateral-hip", "right", ("gluteus-medius",)),),
)
# pain VAS and PPT (three trials) before and after, visit by visit: pain falls, PPT rises
VAS = [(62, 50), (55, 45), (48, 40), (42, 35), (36, 30), (30, 24)]
PPT = [
    ((2.8, 3.0, 3.2), (3.2, 3.4, 3.3)),
    ((3.1, 3.2, 3.0), (3.5, 3.4, 3.6)),
    ((3.4, 3.3, 3.5), (3.8, 3.9, 3.7)),
    ((3.6, 3.8, 3.7), (4.0, 4.1, 4.2)),
    ((3.9, 4.0, 4.1), (4.3, 4.4, 4.2)),
    ((4.2, 4.3, 4.1), (4.6, 4.5, 4.7)),
]


def _treat(clock: FakeClock, runner: Runner) -> None:
    """Locate, then every pass of the one structure, 8 s a step, up to the finish."""
    while True:
        clock.advance(8)
        try:
            runner.next()
        except CommandRejected:  # the last structure's last pass is done
            return


def run_tak_course(db: Database, library: Library, clock: FakeClock) -> tuple[VisitFlow, int, int]:
    """Six visits, Mondays and Thursdays for three weeks, gluteus medius only."""
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim", "DPT")
    pid = patient(db)
    episode = flow.episodes.open(pid, clinician, TAK)
    decision = shipped_screen().decide({}, "", none_apply=True)
    for n in range(6):
        plan = plan_visit([(library.get("lateral-hip"), "right", ["gluteus-medius"])])
        (vb, va), (pb, pa) = VAS[n], PPT[n]
        before = (
            MeasurementData("VAS", vb, "before"),
            MeasurementData.scored("PPT", pb, "before", "right", SITE),
        )
        setup = TreatmentSetup(pid, TAK.complaint, decision, {}, None, plan, episode, before)
        treatment = flow.open_treatment(clinician, setup)
        _treat(clock, treatment.runner)
        flow.finish(treatment)
        after = (
            MeasurementData("VAS", va, "after"),
            MeasurementData.scored("PPT", pa, "after", "right", SITE),
        )
        wrap = WrapUp(after, (), assessment=f"visit {n + 1}: tolerating well", plan_note="go on")
        flow.wrap_up(treatment, clinician, wrap)
        clock.advance(3 * 86400 if n % 2 == 0 else 4 * 86400)
    return flow, pid, episode


def test_the_tak_course_runs_six_visits_and_progress_reads_it(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow, pid, episode = run_tak_course(db, library, clock)
    progress = flow.progress(pid)
    assert progress.episode.id == episode
    assert progress.attendance() == "6 of 6 planned visits"
    assert [v.number for v in progress.visits] == [1, 2, 3, 4, 5, 6]
    # gluteus medius only: the course drops TFL from the lateral-hip protocol
    assert [(s.name, s.side, s.visits) for s in progress.structures] == [
        ("Gluteus medius", "right", 6)
    ]
    by_code = {s.instrument.code: s for s in progress.series}
    vas, ppt = by_code["VAS"], by_code["PPT"]
    assert len(vas.readings) == 12 and len(ppt.readings) == 12
    # baseline: before the first treatment; latest: like with like, before the last one (the
    # last after-treatment reading, 24 mm, is that visit's immediate effect)
    assert vas.baseline is not None and vas.baseline.value == 62 and vas.baseline.number == 1
    assert vas.latest is not None and (vas.latest.value, vas.latest.number) == (30, 6)
    assert vas.latest.timing == "before" and vas.readings[-1].value == 24
    assert vas.assessment is not None
    assert vas.assessment.delta == -32 and vas.assessment.verdict is Verdict.IMPROVED
    assert ppt.baseline is not None and ppt.baseline.value == pytest.approx(3.0)
    assert ppt.baseline.rule == "mean of 3 trials" and ppt.baseline.entries == (2.8, 3.0, 3.2)
    assert ppt.latest is not None and ppt.latest.value == pytest.approx(4.2)
    assert ppt.site == SITE and ppt.side == "right"
    assert ppt.assessment is not None and ppt.assessment.better is True
    # dated: the readings follow the calendar (3 then 4 days apart), not the visit count
    days = [(r.when.date() - vas.readings[0].when.date()).days for r in vas.readings[::2]]
    assert days == [0, 3, 7, 10, 14, 17]
    # the measurable goal is judged from the readings (24 mm ≤ 30 mm), the other left open
    assert [g.status for g in progress.goals] == [GoalStatus.MET, GoalStatus.OPEN]
    record = flow.record(progress.visits[2].visit_id, checked=True)
    assert record.visit_of == "visit 3 of 6" and record.assessment == "visit 3: tolerating well"
    assert record.altered == ()


def test_the_seal_covers_the_assessment_plan_and_episode(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    flow, pid, _ = run_tak_course(db, library, clock)
    first = flow.progress(pid).visits[0].visit_id
    assert flow.check(first).intact
    from tests.store.helpers import unguarded

    con = unguarded(db_path)
    con.execute("UPDATE visits SET assessment = 'much better' WHERE id = ?", (first,))
    con.commit()
    con.close()
    assert not flow.check(first).intact


def test_a_visit_joins_the_active_episode_and_a_new_patient_gets_one(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("posterior-thigh"), "left")])
    setup = TreatmentSetup(pid, "left hamstring strain", decision, {}, 5, plan)
    first = flow.open_treatment(clinician, setup)
    episodes = flow.episodes.for_patient(pid)
    assert len(episodes) == 1 and episodes[0].complaint == "left hamstring strain"
    assert flow.record(first.visit_id).visit_of == "visit 1"  # no plan set yet
    flow.finish(first)
    flow.wrap_up(first, clinician, WrapUp((), ()))
    second = flow.open_treatment(clinician, setup)
    assert flow.record(second.visit_id).episode is not None
    assert flow.record(second.visit_id).visit_number == 2
    returning = flow.returning(pid)
    assert returning.episode is not None and returning.episode.id == episodes[0].id
    assert returning.last_complaint == "left hamstring strain"
    assert returning.last_protocols == (("posterior-thigh", "left", ("hamstrings",)),)
    # voided visits are not counted
    flow.void(second.visit_id, clinician, "wrong patient")
    assert flow.episodes.get(episodes[0].id).visits_attended == 1


def test_a_discharged_episode_takes_no_visit_and_another_patients_episode_is_refused(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim")
    pid, other = patient(db), patient(db, "Björn Ås")
    episode = flow.episodes.open(pid, clinician, EpisodeData("calf strain"))
    flow.episodes.discharge(episode, clinician, "fit to run; home programme")
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("calf-achilles"), "left")])
    with pytest.raises(InvalidInput, match="discharged"):
        flow.open_treatment(clinician, TreatmentSetup(pid, "calf", decision, {}, 3, plan, episode))
    with pytest.raises(NotFound):
        flow.open_treatment(
            clinician, TreatmentSetup(other, "calf", decision, {}, 3, plan, episode)
        )
    flow.episodes.reopen(episode, clinician)
    assert flow.episodes.get(episode).active
    actions = [e.action for e in flow.audit.entries()]
    assert actions[:3] == ["open-episode", "discharge-episode", "reopen-episode"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"complaint": "  "}, "complaint is required"),
        ({"diagnosis_code": "hamstring"}, "not an ICD-10-CM code"),
        ({"injury_date": date.today() + timedelta(days=3)}, "in the future"),
        ({"plan": CarePlan(visits_per_week=9, weeks=3)}, "visits per week"),
        ({"plan": CarePlan(visits=100_000)}, "number of visits"),
        ({"goals": (Goal("VAS under 200", instrument="VAS", target=200.0),)}, "0–100"),
        ({"goals": (Goal("x", instrument="ODI", target=10.0),)}, "unknown measure"),
        ({"goals": (Goal("", instrument=None),)}, "goal is required"),
        ({"psfs_activities": ("a", "b", "c", "d", "e", "f")}, "at most 5"),
        ({"measures": (CourseMeasure("NDI"),)}, "unknown measure"),
    ],
)
def test_an_episode_with_bad_details_is_refused_with_a_clear_error(
    db: Database, change: dict[str, object], message: str
) -> None:
    from dataclasses import replace

    from artdesk.store.episodes import EpisodeRepository

    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    with pytest.raises(InvalidInput, match=message):
        EpisodeRepository(db).open(pid, clinician, replace(TAK, **change))  # type: ignore[arg-type]
    assert EpisodeRepository(db).for_patient(pid) == []


def test_hostile_text_in_an_episode_is_kept_as_typed(db: Database) -> None:
    from artdesk.store.episodes import EpisodeRepository

    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    words = "ألم أسفل الظهر <b>&amp; 🏃 " + "x" * 1500
    repo = EpisodeRepository(db)
    eid = repo.open(pid, clinician, EpisodeData(words, goals=(Goal("<i>run</i> 5 km 🏃"),)))
    got = repo.get(eid)
    assert got.complaint == words and got.goals[0].text == "<i>run</i> 5 km 🏃"


def test_measures_before_and_after_on_both_sides_with_entries_are_stored_and_checked(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("posterior-thigh"), "both")])
    psfs = MeasurementData.scored(
        "PSFS", (3, 5, 4), "before", labels=("running 5 km", "stairs", "sprinting")
    )
    before = (
        MeasurementData("PKE", 32, "before", "left"),
        MeasurementData("PKE", 18, "before", "right"),
        psfs,
    )
    treatment = flow.open_treatment(
        clinician, TreatmentSetup(pid, "hamstrings", decision, {}, 5, plan, None, before)
    )
    flow.finish(treatment)
    after = (
        MeasurementData("PKE", 24, "after", "left"),
        MeasurementData("PKE", 15, "after", "right"),
    )
    flow.wrap_up(treatment, clinician, WrapUp(after, ()))
    record = flow.record(treatment.visit_id, checked=True)
    assert record.altered == ()
    pke = [(m.timing, m.side, m.value) for m in record.measurements if m.instrument == "PKE"]
    assert pke == [
        ("before", "left", 32),
        ("before", "right", 18),
        ("after", "left", 24),
        ("after", "right", 15),
    ]
    stored = next(m for m in record.measurements if m.instrument == "PSFS")
    assert stored.value == 4 and stored.labels == ("running 5 km", "stairs", "sprinting")
    assert stored.rule == "mean of 3 activities"
    # a score that is not its entries' is refused, and nothing is stored
    bad = MeasurementData("PPT", 9.0, "before", "left", "", (3.0, 3.2), ())
    with pytest.raises(InvalidInput, match="not the score"):
        flow.open_treatment(
            clinician, TreatmentSetup(pid, "x", decision, {}, 5, plan, None, (bad,))
        )


def test_the_migration_gives_every_old_visit_an_episode(tmp_path: Path) -> None:
    import shutil

    from artdesk.store import open_database

    fixture = Path(__file__).parents[1] / "store" / "fixtures" / "schema-0006.sqlite"
    clinic = tmp_path / "clinic.sqlite"
    shutil.copyfile(fixture, clinic)
    database = open_database(clinic, create=False)
    database.close()
    con = sqlite3.connect(clinic)
    try:
        orphans = con.execute("SELECT count(*) FROM visits WHERE episode_id IS NULL").fetchone()
        patients = con.execute("SELECT count(DISTINCT patient_id) FROM visits").fetchone()
        episodes = con.execute("SELECT count(*) FROM episodes").fetchone()
        assert orphans == (0,) and patients == episodes
    finally:
        con.close()


def test_the_signers_licence_and_npi_are_sealed_as_signed(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow, pid, _ = run_tak_course(db, library, clock)
    clinicians = ClinicianRepository(db)
    with pytest.raises(InvalidInput, match="not an NPI"):
        clinicians.update_profile(
            1, full_name="Dr Kim", credentials="DPT", licence="", npi="1234567890"
        )
    clinicians.update_profile(
        1, full_name="Dr Kim", credentials="DPT", licence="PT 12345", npi="1234567893"
    )
    assert clinicians.profile(1).npi == "1234567893"
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("lateral-hip"), "right", ["gluteus-medius"])])
    treatment = flow.open_treatment(1, TreatmentSetup(pid, "LBP", decision, {}, 4, plan))
    flow.finish(treatment)
    flow.wrap_up(treatment, 1, WrapUp((), ()))
    record = flow.record(treatment.visit_id)
    assert record.signer_ids == "Licence PT 12345 · NPI 1234567893"
    assert flow.record(flow.progress(pid).visits[0].visit_id).signer_ids == ""  # before
    clinicians.update_profile(1, full_name="Dr Kim", credentials="DPT", licence="PT 999", npi="")
    assert flow.record(treatment.visit_id).signer_ids == "Licence PT 12345 · NPI 1234567893"
    assert "edit-clinician" in [e.action for e in flow.audit.entries()]


def test_a_change_within_one_visit_is_never_judged_as_the_courses(
    db: Database, library: Library, clock: FakeClock
) -> None:
    """DOMAIN.md §7 item 23: 6 → 2 after one treatment is an immediate re-test; the change
    that matters is judged from a later visit's reading only."""
    flow = VisitFlow(db, clock, shipped_screen())
    clinician = ClinicianRepository(db).add("Dr Kim")
    pid = patient(db)
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("posterior-thigh"), "left")])
    for before, after in ((6, 2), (3, 2)):
        treatment = flow.open_treatment(
            clinician, TreatmentSetup(pid, "hamstring", decision, {}, before, plan)
        )
        flow.finish(treatment)
        flow.wrap_up(treatment, clinician, WrapUp((MeasurementData("NPRS", after, "after"),), ()))
        (pain,) = flow.progress(pid).series
        if before == 6:  # the first visit alone: nothing judged, whatever the re-test says
            assert pain.assessment is None and pain.latest is pain.baseline
            assert pain.readings[-1].value == 2
        else:  # a later visit: 6 (visit 1, before) → 3 (visit 2, before), judged
            assert pain.assessment is not None and pain.assessment.verdict is Verdict.IMPROVED
        clock.advance(3 * 86400)


def test_a_goal_not_reached_by_its_date_or_at_discharge_is_not_met(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow, pid, episode = run_tak_course(db, library, clock)  # VAS before: 62 … 30 mm
    goal = Goal("VAS at most 20 mm", Term.SHORT, None, "VAS", "none", 20.0)
    dated = replace(goal, target_date=clock.now().date() + timedelta(days=7))
    flow.episodes.update(episode, 1, replace(TAK, goals=(dated,)))
    assert [g.status for g in flow.progress(pid).goals] == [GoalStatus.OPEN]  # still time
    clock.advance(8 * 86400)
    assert [g.status for g in flow.progress(pid).goals] == [GoalStatus.NOT_MET]  # date passed
    flow.episodes.update(episode, 1, replace(TAK, goals=(goal,)))  # no date: open…
    assert [g.status for g in flow.progress(pid).goals] == [GoalStatus.OPEN]
    flow.episodes.discharge(episode, 1, "discharged to a home programme")
    assert [g.status for g in flow.progress(pid).goals] == [GoalStatus.NOT_MET]  # … until closed


def test_visit_n_of_n_says_when_the_plan_is_past() -> None:
    from artdesk.course import Episode

    episode = Episode(complaint="x", plan=CarePlan(visits_per_week=2, weeks=3))
    assert [episode.visit_of(n) for n in (1, 6, 7)] == [
        "visit 1 of 6",
        "visit 6 of 6",
        "visit 7 (plan of 6 complete)",
    ]
    assert Episode(complaint="x").visit_of(3) == "visit 3"
