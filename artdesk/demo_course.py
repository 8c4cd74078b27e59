"""The demo clinic's two patients on the two studies' courses (Tak et al.; Ravichandran et
al.), run through the real visit flow on a fake clock and signed with the demo PIN (the bulk
visits' episodes are :mod:`artdesk.demo_episodes`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from artdesk.course import CarePlan, CourseMeasure, EpisodeData, Goal, Term, templates
from artdesk.demo_episodes import diagnosis_for
from artdesk.protocols import Library, regions
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.store import (
    ClinicianRepository,
    HomeCareData,
    MeasurementData,
    PatientData,
    PatientRepository,
)
from artdesk.store.engine import Database
from artdesk.treatment import CommandRejected, FakeClock, Phase, Runner, plan_visit
from artdesk.visit import TreatmentSetup, VisitFlow, WrapUp

# --- the two studies' courses, through the real visit flow --------------------------------

_TAK_SITE = "gluteus medius trigger point"
_TAK_VAS = [(64, 52), (57, 46), (50, 41), (43, 35), (37, 29), (31, 24)]
_TAK_PPT = [
    ((2.7, 2.9, 3.1), (3.1, 3.3, 3.2)),
    ((3.0, 3.2, 3.1), (3.4, 3.5, 3.3)),
    ((3.3, 3.4, 3.2), (3.7, 3.8, 3.6)),
    ((3.6, 3.7, 3.5), (4.0, 3.9, 4.1)),
    ((3.8, 4.0, 3.9), (4.3, 4.2, 4.4)),
    ((4.1, 4.2, 4.0), (4.6, 4.5, 4.4)),
]
# Ravichandran et al.: passive knee extension deficit (°) and the verbal pain rating (0–3)
_RAV = [
    ((42, 3), (36, 2)),
    ((35, 2), (30, 2)),
    ((28, 2), (24, 1)),
    ((22, 1), (18, 1)),
    ((15, 1), (12, 0)),
    ((10, 0), (8, 0)),
    ((7, 0), (6, 0)),
    ((5, 0), (5, 0)),
]


def _episode(
    template_id: str, fallback: EpisodeData, complaint: str, start: date, side: str
) -> EpisodeData:
    """The course template's episode (plan, measures, protocols, goals), with the details
    only this patient has (diagnosis, injury, mechanism, goals) from ``fallback``."""
    for template in templates.shipped():
        if template.id == template_id:
            data = templates.episode_data(template, complaint, start, side)
            return replace(
                data,
                diagnosis_code=fallback.diagnosis_code,
                diagnosis_text=fallback.diagnosis_text,
                injury_date=fallback.injury_date,
                mechanism=fallback.mechanism,
                reeval_date=fallback.reeval_date,
                goals=fallback.goals or data.goals,
                # the case report sets no visits a week: the clinic's own choice fills it
                plan=data.plan if data.plan.planned else fallback.plan,
            )
    raise LookupError(f"the shipped course {template_id!r} is missing")


# how long each phase takes at the table: locating the restriction by palpation is the long
# part (trigger points across the muscle); contact and the lengthening pass take seconds
_PHASE_SECONDS = {Phase.LOCATE: 480.0, Phase.CONTACT: 6.0, Phase.COMPLETE: 30.0}


def _treat(clock: FakeClock, runner: Runner) -> None:
    while True:
        state = runner.state
        target = state.current.plan.target_seconds if state.current is not None else 8.0
        clock.advance(_PHASE_SECONDS.get(state.phase, float(target)))
        try:
            runner.next()
        except CommandRejected:  # the last pass of the last structure: finish
            return


def study_courses(
    database: Database,
    library: Library,
    today: date,
    clinician_ids: Sequence[int],
    pin: str,
) -> tuple[int, int]:
    """Two patients, one on each study's course; (patients, visits) added."""
    from artdesk.screening import load_screen

    screen, _ = load_screen()
    assert screen is not None
    decision = screen.decide({}, "", none_apply=True)
    patients = PatientRepository(database)
    visits = 0
    clinician = clinician_ids[0]
    ClinicianRepository(database).update_profile(
        clinician,
        full_name="Dr Amelia Hart",
        credentials="DC",
        licence="CHI 004512",
        npi="1234567893",
    )
    # Tak et al.: six visits, Mondays and Thursdays, gluteus medius only
    start = today - timedelta(days=24)
    start -= timedelta(days=start.weekday())  # a Monday
    tak_patient = patients.add(
        PatientData(
            "Park Ji-woo",
            date(1986, 4, 9),
            sex="female",
            phone="+82 10 5550 1234",
            sport="marathon",
        )
    )
    complaint = "chronic low back pain spreading to the right buttock"
    tak = EpisodeData(
        complaint=complaint,
        diagnosis_code="M54.50",
        diagnosis_text="Low back pain, unspecified",
        injury_date=None,
        mechanism="gradual onset over a year of marathon training",
        goals=(
            Goal(
                "Pain VAS at most 30 mm at the start of a visit",
                Term.SHORT,
                start + timedelta(days=21),
                "VAS",
                "none",
                30.0,
            ),
            Goal("Runs 15 km without low back pain", Term.LONG, start + timedelta(days=42)),
        ),
        plan=CarePlan(visits_per_week=2, weeks=3),
        reeval_date=start + timedelta(days=21),
        course="tak-2014-gluteus-medius",
        measures=(CourseMeasure("VAS"), CourseMeasure("PPT", sides=("right",), site=_TAK_SITE)),
        protocols=(("lateral-hip", "right", ("gluteus-medius",)),),
    )
    visits += _run_course(
        database,
        library,
        decision,
        clinician,
        pin,
        tak_patient,
        _episode("tak-2014-gluteus-medius", tak, complaint, start, "right"),
        start,
        [0, 3, 7, 10, 14, 17],
        _tak_measures,
        ("lateral-hip", "right", ("gluteus-medius",)),
    )
    # Ravichandran et al.: a grade 2 hamstring strain, twice a week for four weeks
    start = today - timedelta(days=27)
    start -= timedelta(days=start.weekday())
    rav_patient = patients.add(
        PatientData(
            "Abebe Bekele",
            date(1999, 11, 2),
            sex="male",
            phone="+251 91 555 0199",
            sport="football",
        )
    )
    complaint = "right hamstring strain in a match"
    rav = EpisodeData(
        complaint=complaint,
        diagnosis_code="S76.311A",
        diagnosis_text=diagnosis_for("posterior-thigh", "right")[1],
        injury_date=start - timedelta(days=3),
        mechanism="sprinting for a ball; sudden pain at the back of the right thigh",
        goals=(
            Goal(
                "Passive knee extension deficit at most 10°",
                Term.SHORT,
                start + timedelta(days=14),
                "PKE",
                "right",
                10.0,
            ),
            Goal("Sport-specific drills without pain", Term.SHORT, start + timedelta(days=21)),
            Goal("Fit to play", Term.LONG, start + timedelta(days=28)),
        ),
        plan=CarePlan(visits_per_week=2, weeks=4),
        reeval_date=start + timedelta(days=14),
        course="ravichandran-2017-hamstring",
        measures=(CourseMeasure("PKE", sides=("right",)), CourseMeasure("VRS")),
        protocols=(("posterior-thigh", "right", ("hamstrings",)),),
    )
    visits += _run_course(
        database,
        library,
        decision,
        clinician,
        pin,
        rav_patient,
        _episode("ravichandran-2017-hamstring", rav, complaint, start, "right"),
        start,
        [0, 3, 7, 10, 14, 17, 21, 24],
        _rav_measures,
        ("posterior-thigh", "right", ("hamstrings",)),
    )
    return 2, visits


def _tak_measures(n: int, timing: str) -> tuple[MeasurementData, ...]:
    vas = _TAK_VAS[n][0 if timing == "before" else 1]
    ppt = _TAK_PPT[n][0 if timing == "before" else 1]
    return (
        MeasurementData("VAS", vas, timing),
        MeasurementData.scored("PPT", ppt, timing, "right", _TAK_SITE),
    )


def _rav_measures(n: int, timing: str) -> tuple[MeasurementData, ...]:
    pke, vrs = _RAV[n][0 if timing == "before" else 1]
    return (MeasurementData("PKE", pke, timing, "right"), MeasurementData("VRS", vrs, timing))


def _marks(library: Library, protocol: str, side: str, n: int, visits: int) -> tuple[BodyMark, ...]:
    """Where the course's patient felt it at visit ``n`` (from 0), marked on the body chart:
    pain in the protocol's first region and stiffness in its next, the pain gone over the last
    third of the course, as the measures say it eased."""
    found = regions.shipped()
    out = []
    for n_region, region in enumerate(library.get(protocol).regions[:2]):
        feeling = Feeling.PAIN if n_region == 0 else Feeling.STIFFNESS
        if feeling is Feeling.PAIN and n >= visits * 2 // 3:
            continue
        known = found.get(region)
        if known is None:
            continue
        sides = (side,) if side in ("left", "right") else ("left", "right")
        for on in sides if known.sided else ("midline",):
            out.append(BodyMark(region, MarkSide(on), feeling))
    return tuple(out)


def _run_course(
    database: Database,
    library: Library,
    decision: Any,
    clinician: int,
    pin: str,
    patient_id: int,
    data: EpisodeData,
    start: date,
    offsets: Sequence[int],
    measures: Any,
    choice: tuple[str, str, tuple[str, ...]],
) -> int:
    clock = FakeClock(start=datetime.combine(start, time(8, 0), tzinfo=UTC))
    flow = VisitFlow(database, clock, library=library)
    episode = flow.episodes.open(patient_id, clinician, data)
    protocol, side, keys = choice
    care = tuple(
        HomeCareData(h.exercise, h.sets, h.reps, h.hold_seconds, h.frequency)
        for s in library.get(protocol).structures
        if s.key in keys
        for h in s.home_care[:2]
    )
    done = 0
    for n, offset in enumerate(offsets):
        clock.set_wall(
            datetime.combine(start + timedelta(days=offset), time(9 + n % 3, 0), tzinfo=UTC)
        )
        plan = plan_visit([(library.get(protocol), side, keys)])
        setup = TreatmentSetup(
            patient_id,
            data.complaint,
            decision,
            {},
            None,
            plan,
            episode,
            measures(n, "before"),
            marks=_marks(library, protocol, side, n, len(offsets)),
        )
        treatment = flow.open_treatment(clinician, setup)
        _treat(clock, treatment.runner)  # about 8½ minutes: one timed unit
        flow.finish(treatment)
        wrap = WrapUp(
            measures(n, "after"),
            care,
            next_visit=(start + timedelta(days=offsets[n + 1])) if n + 1 < len(offsets) else None,
            assessment=(
                f"Visit 1 of {len(offsets)}: baseline measures taken; tissue tension eased "
                "with the passes."
                if n == 0
                else f"Visit {n + 1} of {len(offsets)}: responding as the course expects; "
                "measures improving against baseline."
            ),
            plan_note="Continue the course as planned."
            if n + 1 < len(offsets)
            else "Re-evaluate; discharge to a home programme if the goals are met.",
        )
        flow.wrap_up(treatment, clinician, wrap, pin)
        database.checkpoint()  # each event is its own commit: keep the WAL small (a demo on
        # a small disk leaves a clean file, as the bulk visits do)
        done += 1
    return done
