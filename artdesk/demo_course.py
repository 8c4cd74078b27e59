"""The demo clinic's courses of care: episodes with diagnoses, plans, goals and re-evaluation
dates for the bulk-made visits, range-of-motion and PSFS readings beside pain, and two
patients on the two studies' courses (Tak et al.; Ravichandran et al.) run through the real
visit flow on a fake clock and signed with the demo PIN."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from artdesk.course import CarePlan, CourseMeasure, EpisodeData, Goal, Term, templates
from artdesk.measures import INSTRUMENTS, Instrument
from artdesk.protocols import Library
from artdesk.store import (
    ClinicianRepository,
    HomeCareData,
    MeasurementData,
    PatientData,
    PatientRepository,
)
from artdesk.store.engine import Database
from artdesk.treatment import CommandRejected, FakeClock, Runner, plan_visit
from artdesk.visit import TreatmentSetup, VisitFlow, WrapUp

EPISODE_VISITS = 8  # the bulk demo's episodes: twice a week for four weeks
PSFS_ACTIVITIES = ("running 10 km", "climbing stairs", "sprinting")

# the protocol → an ICD-10-CM code and its text, by side ("both": the right side's code with
# the left named in the text would be wrong: bilateral codes are used where they exist)
_DIAGNOSES: dict[str, dict[str, tuple[str, str]]] = {
    "posterior-thigh": {
        "right": (
            "S76.311A",
            "Strain of muscle, fascia and tendon of the posterior muscle group at thigh "
            "level, right thigh, initial encounter",
        ),
        "left": (
            "S76.312A",
            "Strain of muscle, fascia and tendon of the posterior muscle group at thigh "
            "level, left thigh, initial encounter",
        ),
    },
    "lateral-hip": {
        "right": ("M70.61", "Trochanteric bursitis, right hip"),
        "left": ("M70.62", "Trochanteric bursitis, left hip"),
    },
    "calf-achilles": {
        "right": ("M76.61", "Achilles tendinitis, right leg"),
        "left": ("M76.62", "Achilles tendinitis, left leg"),
    },
    "foot": {"any": ("M72.2", "Plantar fascial fibromatosis")},
    "shin": {
        "right": ("M79.661", "Pain in right lower leg"),
        "left": ("M79.662", "Pain in left lower leg"),
        "both": ("M79.669", "Pain in unspecified lower leg"),
    },
    "low-back": {"any": ("M54.50", "Low back pain, unspecified")},
    "deep-gluteal": {
        "right": ("G57.01", "Lesion of sciatic nerve, right lower limb"),
        "left": ("G57.02", "Lesion of sciatic nerve, left lower limb"),
        "both": ("G57.03", "Lesion of sciatic nerve, bilateral lower limbs"),
    },
    "sciatic-nerve": {
        "right": ("M54.31", "Sciatica, right side"),
        "left": ("M54.32", "Sciatica, left side"),
    },
    "anterior-hip-thigh": {
        "right": ("M25.551", "Pain in right hip"),
        "left": ("M25.552", "Pain in left hip"),
    },
    "neck": {"any": ("M54.2", "Cervicalgia")},
    "shoulder": {
        "right": ("M75.41", "Impingement syndrome of right shoulder"),
        "left": ("M75.42", "Impingement syndrome of left shoulder"),
    },
    "elbow-forearm": {
        "right": ("M77.11", "Lateral epicondylitis, right elbow"),
        "left": ("M77.12", "Lateral epicondylitis, left elbow"),
    },
}

# the range-of-motion test each protocol's course records: (code, worst, best) in its unit
_ROM: dict[str, tuple[str, float, float]] = {
    "posterior-thigh": ("PKE", 38.0, 10.0),
    "calf-achilles": ("KTW", 4.0, 11.0),
    "shin": ("KTW", 5.0, 11.0),
    "deep-gluteal": ("HIPIR", 22.0, 40.0),
    "sciatic-nerve": ("SLR", 45.0, 80.0),
}


def diagnosis_for(protocol_id: str, side: str) -> tuple[str, str]:
    codes = _DIAGNOSES.get(protocol_id, {})
    return codes.get(side) or codes.get("any") or codes.get("right") or ("", "")


def rom_for(protocol_id: str) -> tuple[Instrument, float, float] | None:
    found = _ROM.get(protocol_id)
    if found is None:
        return None
    return INSTRUMENTS[found[0]], found[1], found[2]


def assessment_text(before: float, after: float, number: int) -> str:
    change = "eased" if after < before else "unchanged"
    return (
        f"Visit {number}: pain {before:g}/10 before, {after:g}/10 after ({change}); tissue "
        "texture and tension improved on the passes; tolerating treatment well."
    )


def episode_row(
    episode_id: int,
    patient_id: int,
    clinician_id: int,
    complaint: str,
    diagnosis: tuple[str, str],
    rom: tuple[Instrument, float, float] | None,
    sides: list[str],
    psfs: bool,
    days: Sequence[date],
    today: date,
    now: datetime,
) -> dict[str, Any]:
    """One bulk episode: twice a week for four weeks, goals on pain (and the ROM test, the
    PSFS), re-evaluated at four weeks; discharged when its last visit is a month old."""
    start = days[0]
    goals = [
        Goal(
            "Pain at most 2/10 at the start of a visit",
            Term.SHORT,
            start + timedelta(14),
            "NPRS",
            "none",
            2.0,
        ),
        Goal("Back to usual running without pain", Term.LONG, start + timedelta(42)),
    ]
    measures: list[dict[str, Any]] = []
    if rom is not None:
        spec, worst, best = rom
        target = round(worst + (best - worst) * 0.8, 0)
        goals.insert(
            1,
            Goal(
                f"{spec.name} at {'most' if spec.higher_is_worse else 'least'} "
                f"{target:g} {spec.unit}",
                Term.SHORT,
                start + timedelta(21),
                str(spec.code),
                sides[0],
                target,
            ),
        )
        measures.append(
            {
                "instrument": str(spec.code),
                "before": True,
                "after": True,
                "sides": sides,
                "site": "",
            }
        )
    if psfs:
        goals.append(
            Goal("PSFS mean at least 8/10", Term.LONG, start + timedelta(28), "PSFS", "none", 8.0)
        )
        measures.append(
            {"instrument": "PSFS", "before": True, "after": False, "sides": ["none"], "site": ""}
        )
    ended = (today - days[-1]).days > 30
    stamp = datetime.combine(start, time(7, 30), tzinfo=UTC)
    return {
        "id": episode_id,
        "patient_id": patient_id,
        "clinician_id": clinician_id,
        "opened_at": stamp,
        "updated_at": now,
        "complaint": complaint,
        "diagnosis_code": diagnosis[0],
        "diagnosis_text": diagnosis[1],
        "injury_date": start - timedelta(days=10),
        "mechanism": "gradual onset with a rise in weekly running volume",
        "goals": [g.to_dict() for g in goals],
        "plan_visits_per_week": 2,
        "plan_weeks": 4,
        "plan_visits": None,
        "reeval_date": start + timedelta(days=28),
        "course": "",
        "measures": measures,
        "protocols": [],
        "psfs_activities": list(PSFS_ACTIVITIES) if psfs else [],
        "status": "discharged" if ended else "active",
        "discharged_at": datetime.combine(days[-1], time(18, 0), tzinfo=UTC) if ended else None,
        "discharge_summary": "Goals met; discharged to a home programme and graded return "
        "to full running."
        if ended
        else "",
    }


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


def _treat(clock: FakeClock, runner: Runner, seconds: float) -> None:
    while True:
        clock.advance(seconds)
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
        diagnosis_text=_DIAGNOSES["posterior-thigh"]["right"][1],
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
    flow = VisitFlow(database, clock)
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
            patient_id, data.complaint, decision, {}, None, plan, episode, measures(n, "before")
        )
        treatment = flow.open_treatment(clinician, setup)
        _treat(clock, treatment.runner, 20)
        flow.finish(treatment)
        wrap = WrapUp(
            measures(n, "after"),
            care,
            next_visit=(start + timedelta(days=offsets[n + 1])) if n + 1 < len(offsets) else None,
            assessment=f"Visit {n + 1} of {len(offsets)}: responding as the course expects; "
            "measures improving against baseline.",
            plan_note="Continue the course as planned."
            if n + 1 < len(offsets)
            else "Re-evaluate; discharge to a home programme if the goals are met.",
        )
        flow.wrap_up(treatment, clinician, wrap, pin)
        database.checkpoint()  # each event is its own commit: keep the WAL small (a demo on
        # a small disk leaves a clean file, as the bulk visits do)
        done += 1
    return done
