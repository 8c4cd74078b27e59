"""The demo clinic's episodes for its bulk-made visits: ICD-10 diagnoses by protocol and side,
plans, goals and re-evaluation dates, and range-of-motion and PSFS readings beside pain."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from artdesk.course import Goal, Term
from artdesk.measures import INSTRUMENTS, Instrument, Timing

EPISODE_VISITS = 8  # the bulk demo's episodes: twice a week for four weeks
PSFS_ACTIVITIES = ("running 10 km", "climbing stairs", "sprinting")

# the protocol → an ICD-10-CM code and its official title (resources/diagnoses.toml's `title`,
# else its `text`), by side; every code is one the shipped list offers a clinician. "both": the
# guideline (I.B.13) is the bilateral code where there is one (listed as "both": G57.03,
# G57.53), else a code for each side; an episode holds one diagnosis, so a "both" episode
# without a bilateral code carries the right side's — never the unspecified-side one, nor the
# left named in the right's text.
_OTHER_ENTHESOPATHY = {
    "right": ("M76.891", "Other specified enthesopathies of right lower limb, excluding foot"),
    "left": ("M76.892", "Other specified enthesopathies of left lower limb, excluding foot"),
}
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
    "anterior-knee": {
        "right": ("M76.51", "Patellar tendinitis, right knee"),
        "left": ("M76.52", "Patellar tendinitis, left knee"),
    },
    "lateral-knee": {
        "right": ("M76.31", "Iliotibial band syndrome, right leg"),
        "left": ("M76.32", "Iliotibial band syndrome, left leg"),
    },
    # popliteus, adductor longus at the pubis, proximal hamstring tendinopathy: M76 (lower limb
    # enthesopathies, the hip's too: gluteal, psoas tendinitis) names none of them, so each is
    # an other specified one, M76.89-
    "posterior-knee": _OTHER_ENTHESOPATHY,
    "groin": _OTHER_ENTHESOPATHY,
    "proximal-hamstring": _OTHER_ENTHESOPATHY,
    "medial-ankle": {  # the tibial nerve at the tarsal tunnel
        "right": ("G57.51", "Tarsal tunnel syndrome, right lower limb"),
        "left": ("G57.52", "Tarsal tunnel syndrome, left lower limb"),
        "both": ("G57.53", "Tarsal tunnel syndrome, bilateral lower limbs"),
    },
    "upper-back": {"any": ("M54.6", "Pain in thoracic spine")},
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
        "discharge_summary": "Discharged at the end of the planned visits to a home programme "
        "and a graded return to full running; the goals as the progress report judges them."
        if ended
        else "",
    }


def course_readings(
    rng: random.Random,
    rom: tuple[Instrument, float, float] | None,
    sides: Sequence[str],
    rom_start: dict[str, float],
    psfs: bool,
    k: int,
    start: datetime,
    finished: datetime,
) -> list[dict[str, Any]]:
    """A bulk visit's readings beside pain (rows without their visit): the episode's ROM test
    on each treated side before and after, improving over the episode, and the PSFS."""
    progress_made = (k % EPISODE_VISITS) / EPISODE_VISITS  # 0 at an episode's start
    extra: list[tuple[str, str, Timing, float, datetime, list[int] | None]] = []
    if rom is not None:
        spec, worst, best = rom
        for side_name in sides:
            for timing, bonus, at in ((Timing.BEFORE, 0.0, start), (Timing.AFTER, 0.12, finished)):
                share = min(1.0, rom_start[str(side_name)] * 0.3 + progress_made + bonus)
                reading = round(worst + (best - worst) * share + rng.gauss(0, 1), 1)
                reading = max(spec.low, min(spec.high, reading))
                extra.append((spec.code, str(side_name), timing, reading, at, None))
    if psfs:
        scores = [
            max(0, min(10, round(3 + 6 * progress_made + rng.gauss(0, 0.7)))) for _ in range(3)
        ]
        extra.append(("PSFS", "none", Timing.BEFORE, sum(scores) / 3, start, scores))
    rows = []
    for code, side_name, timing, reading, at, ratings in extra:
        entries = None
        if ratings is not None:
            entries = [
                {"label": label, "value": float(v)}
                for label, v in zip(PSFS_ACTIVITIES, ratings, strict=True)
            ]
        rows.append(
            {
                "instrument": str(code),
                "side": side_name,
                "timing": timing.value,
                "value": round(float(reading), 2),
                "unit": INSTRUMENTS[str(code)].unit,
                "recorded_at": at,
                "site": "",
                "entries": entries,
                "rule": "mean of 3 activities" if entries else "",
            }
        )
    return rows
