"""A believable demo clinic, made by driving the real runner with a fake clock.

Clinicians, patients with names from several scripts, and signed visits spread over months:
each visit's journal is what the runner emitted while the fake clock moved through locate,
contact and lengthen phases pass by pass. Pain (NPRS) mostly eases across a patient's visits.
Rows are written in large batches (one transaction per batch): this is a generator, not the
live path, which commits every event on its own.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update

from artdesk.demo_course import study_courses
from artdesk.demo_episodes import (
    EPISODE_VISITS,
    assessment_text,
    course_readings,
    diagnosis_for,
    episode_row,
    rom_for,
)
from artdesk.demo_people import NOTES, RESPONSES, SPORTS, person
from artdesk.measures import PAIN, MeasureSide, Timing
from artdesk.protocols import HomeCare, Library, Protocol, Side
from artdesk.store import chain, journal
from artdesk.store import credentials as secrets
from artdesk.store.credentials import SecretKind
from artdesk.store.engine import Database
from artdesk.store.models import (
    Clinician,
    Episode,
    HomeCareItem,
    Measurement,
    Patient,
    PatientNameToken,
    Visit,
    VisitEvent,
)
from artdesk.store.text import digits, fold, name_tokens
from artdesk.treatment import FakeClock, Phase, Runner, Status, plan_visit
from artdesk.visit import definitions
from artdesk.vocabulary import ScreeningResult, VisitStatus

DEMO_PIN = "246810"  # the demo clinic's sign-in PIN, for every demo clinician (README)

CLINICIANS = [
    ("Dr Amelia Hart", "DC"),
    ("Tomás Ferreira", "PT, DPT"),
    ("Dr Ingrid Solberg", "DC, MSc Sports Medicine"),
]


@dataclass(frozen=True, slots=True)
class DemoReport:
    clinicians: int
    patients: int
    visits: int
    events: int


def _drive_visit(
    rng: random.Random, plan_choices: list[tuple[Protocol, Side]], start: datetime
) -> Runner:
    """Run one whole visit through the real runner, pass by pass, on a fake clock."""
    clock = FakeClock(start=start)
    runner = Runner(clock)
    runner.start(plan_visit(plan_choices))
    state = runner.state
    while state.status is not Status.FINISHED:
        record = state.current
        target = record.plan.target_seconds
        if state.phase is Phase.LOCATE:
            clock.advance(rng.uniform(40, 120))
            if rng.random() < 0.05:
                runner.skip("patient declined: too tender today")
                if state.current.skipped_reason is not None:  # it was the last structure
                    runner.finish()
                continue
        elif state.phase is Phase.CONTACT:
            clock.advance(rng.uniform(4, 10))
        elif state.phase is Phase.LENGTHEN:
            clock.advance(max(1.0, rng.gauss(target, 1.5)))
            if rng.random() < 0.02:
                runner.pause()
                clock.advance(rng.uniform(20, 90))
                runner.resume()
        else:  # COMPLETE: findings, sometimes a note, then on
            clock.advance(rng.uniform(10, 40))
            if rng.random() < 0.6:
                runner.finding(
                    tension=rng.randint(1, 3),
                    texture=rng.randint(0, 3),
                    tenderness=rng.randint(2, 8),
                    response=rng.choice(RESPONSES),
                )
            if rng.random() < 0.3:
                runner.note(rng.choice(NOTES))
            if state.index == len(state.records) - 1:
                runner.finish()
                continue
        runner.next()
    return runner


def _sealed(visit: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Chain a demo visit's records as the store does (``artdesk.store.chain``) and its seal."""

    def head(items: list[dict[str, Any]], content: Callable[[Any], dict[str, Any]]) -> str:
        spaces = [SimpleNamespace(**item) for item in items]
        last = chain.chain(spaces, content)
        for item, space in zip(items, spaces, strict=True):
            item["hash"] = space.hash
        return last

    heads = {
        "journal": head(rows["journal"], chain.event_content),
        "measurements": head(rows["measures"], chain.measurement_content),
        "home_care": head(rows["care"], chain.home_care_content),
    }
    signed = SimpleNamespace(
        **{**visit, "status": VisitStatus.SIGNED.value, "signed_with": "none", "referral": None}
    )
    return {"visit": visit["id"], "s": chain.seal(signed, heads)}


def _visit_days(rng: random.Random, first: date, count: int) -> Iterator[date]:
    day = first
    for n in range(count):
        yield day
        # twice a week for an episode, then sometimes a later episode after weeks
        gap = rng.choice([3, 4]) if n % 8 != 7 else rng.randint(21, 60)
        day += timedelta(days=gap)


def build_demo(
    database: Database,
    library: Library,
    *,
    patients: int = 40,
    seed: int = 1,
    today: date | None = None,
    visits_per_patient: tuple[int, int] = (4, 16),
    batch_visits: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    courses: bool = True,
) -> DemoReport:
    """``courses``: also two patients on the two studies' courses (Tak et al., Ravichandran
    et al.), run through the real visit flow and signed with the demo PIN."""
    if patients < 0:
        raise ValueError("the number of patients cannot be negative")
    rng = random.Random(seed)
    extras = random.Random(seed + 7919)  # the courses' readings: rng's sequence stays as it was
    today = today or date.today()
    now = datetime.combine(today, time(8, 0), tzinfo=UTC)
    protocols = library.sorted()
    if not protocols:
        raise ValueError("the protocol library is empty: a demo visit needs a protocol")

    with database.write() as session:
        base_patient = int(session.scalar(select(func.max(Patient.id))) or 0)
        base_visit = int(session.scalar(select(func.max(Visit.id))) or 0)
        base_event = int(session.scalar(select(func.max(VisitEvent.id))) or 0)
        episode_id = int(session.scalar(select(func.max(Episode.id))) or 0)
        clinician_ids = []
        signers: dict[int, str] = {}
        first = session.scalar(select(Clinician.id).limit(1)) is None
        for n, (name, credentials) in enumerate(CLINICIANS):
            clinician = Clinician(
                full_name=name,
                credentials=credentials,
                active=True,
                created_at=now - timedelta(days=400),
                # every demo clinician signs in with DEMO_PIN (README); the first is the admin
                secret_kind=SecretKind.PIN.value,
                secret_hash=secrets.HASHER.hash(DEMO_PIN),
                secret_set_at=now - timedelta(days=400),
                is_admin=first and n == 0,
            )
            session.add(clinician)
            session.flush()
            clinician_ids.append(clinician.id)
            signers[clinician.id] = ", ".join(p for p in (name, credentials) if p)

    rows: dict[str, list[dict[str, Any]]] = {}
    visit_id, event_id, total_visits, total_events = base_visit, base_event, 0, 0

    def flush() -> None:
        with database.write() as session:
            for model in (
                Patient,
                PatientNameToken,
                Episode,
                Visit,
                VisitEvent,
                Measurement,
                HomeCareItem,
            ):
                batch = rows.pop(model.__tablename__, [])
                if batch:
                    session.execute(insert(model), batch)
            # visits go in unsigned so their records may be added, then are signed and sealed
            # (the database refuses records added to a signed visit)
            seals = rows.pop("seals", [])
            if seals:
                session.connection().execute(
                    update(Visit)
                    .where(Visit.id == bindparam("visit"))
                    .values(
                        status=VisitStatus.SIGNED.value, signed_with="none", seal=bindparam("s")
                    ),
                    seals,
                )

    def add(model: Any, row: dict[str, Any]) -> dict[str, Any]:
        rows.setdefault(model.__tablename__, []).append(row)
        return row

    pending_visits = 0
    for n in range(patients):
        patient_id = base_patient + n + 1
        full_name, sex, phone_prefix = person(rng)
        born = date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28))
        phone = f"{phone_prefix}{rng.randint(0, 99999):05d}"
        add(
            Patient,
            {
                "id": patient_id,
                "full_name": full_name,
                "name_key": fold(full_name),
                "date_of_birth": born,
                "sex": sex,
                "phone": phone,
                "phone_digits": digits(phone),
                "email": f"patient{patient_id}@example.org",
                "sport": rng.choice(SPORTS),
                "notes": "",
                "created_at": now - timedelta(days=365),
                "updated_at": now,
            },
        )
        for token in sorted(name_tokens(full_name)):
            add(
                PatientNameToken,
                {"patient_id": patient_id, "token": token[:100], "name_key": fold(full_name)},
            )

        primary = rng.choice(protocols)
        complaint = rng.choice(primary.complaints or (primary.plain_name,))
        side = rng.choice([Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT, Side.BOTH])
        secondary = rng.choice(protocols) if rng.random() < 0.4 else None
        count = rng.randint(*visits_per_patient)
        first_day = today - timedelta(days=rng.randint(count * 5, max(330, count * 5)))
        baseline = rng.uniform(4.5, 8.5)
        rate = rng.uniform(0.25, 0.8)
        clinician_id = rng.choice(clinician_ids)
        days = [d for d in _visit_days(rng, first_day, count) if d <= today]
        rom = rom_for(primary.id)
        sides = [MeasureSide.LEFT, MeasureSide.RIGHT] if side is Side.BOTH else [side.value]
        rom_start = {str(s): extras.uniform(0.0, 1.0) for s in sides}
        psfs = extras.random() < 0.5
        episode_number = -1
        for k, day in enumerate(days):
            if k // EPISODE_VISITS != episode_number:  # every 8 visits or so: a new episode
                episode_number = k // EPISODE_VISITS
                episode_id += 1
                visits_in = days[episode_number * EPISODE_VISITS :][:EPISODE_VISITS]
                add(
                    Episode,
                    episode_row(
                        episode_id,
                        patient_id,
                        clinician_id,
                        complaint,
                        diagnosis_for(primary.id, side.value),
                        rom,
                        [str(s) for s in sides],
                        psfs,
                        visits_in,
                        today,
                        now,
                    ),
                )
            visit_id += 1
            start = datetime.combine(
                day, time(rng.randint(7, 17), rng.choice([0, 20, 40])), tzinfo=UTC
            )
            choices = [(primary, side)]
            if secondary is not None and secondary.id != primary.id and rng.random() < 0.6:
                choices.append((secondary, rng.choice([Side.LEFT, Side.RIGHT])))
            runner = _drive_visit(rng, choices, start)
            state = runner.state
            names = definitions.protocol_names(state)
            treated = definitions.treated_seconds(state)
            assert state.finished_at is not None
            signed_at = state.finished_at + timedelta(minutes=rng.randint(2, 15))
            visit_row = add(
                Visit,
                {
                    "id": visit_id,
                    "patient_id": patient_id,
                    "clinician_id": clinician_id,
                    "status": VisitStatus.IN_PROGRESS.value,
                    "started_at": start,
                    "ended_at": state.finished_at,
                    "complaint": complaint,
                    "screening_result": (
                        ScreeningResult.PRECAUTION if rng.random() < 0.1 else ScreeningResult.CLEAR
                    ).value,
                    "screening_answers": {},
                    "screening_override": None,
                    "protocols": names,
                    "treated_seconds": treated,
                    "billing_units": definitions.billable_units(state),
                    "home_care_notes": "Ease running volume by a third until the next visit."
                    if k == 0
                    else "",
                    "next_visit": day + timedelta(days=3 if k % 2 else 4),
                    "signed_at": signed_at,
                    "signed_by_id": clinician_id,
                    "signed_name": signers[clinician_id],
                    "episode_id": episode_id,
                    "signer_ids": "",
                    "plan_note": "Continue twice a week; home programme as given.",
                },
            )
            chained: dict[str, list[dict[str, Any]]] = {"journal": [], "measures": [], "care": []}
            for event in runner.events:
                event_id += 1
                row = {"id": event_id, **journal.event_row(visit_id, event)}
                chained["journal"].append(add(VisitEvent, row))
            total_events += len(runner.events)
            before = max(0, min(10, round(baseline - rate * k + rng.gauss(0, 0.8))))
            after = max(0, before - rng.choice([0, 1, 1, 2, 2, 3]))
            visit_row["assessment"] = assessment_text(before, after, k % EPISODE_VISITS + 1)
            for timing, value, at in (
                (Timing.BEFORE, before, start),
                (Timing.AFTER, after, state.finished_at),
            ):
                measure = add(
                    Measurement,
                    {
                        "visit_id": visit_id,
                        "instrument": PAIN.value,
                        "side": MeasureSide.NONE.value,
                        "timing": timing.value,
                        "value": float(value),
                        "unit": "",
                        "recorded_at": at,
                        "site": "",
                        "entries": None,
                        "rule": "",
                    },
                )
                chained["measures"].append(measure)
            for reading in course_readings(
                extras, rom, sides, rom_start, psfs, k, start, state.finished_at
            ):
                chained["measures"].append(add(Measurement, {"visit_id": visit_id, **reading}))
            suggestions: list[HomeCare] = []
            for protocol, _ in choices:
                for structure in protocol.structures:
                    suggestions += structure.home_care[:1]
            for position, item in enumerate(suggestions[:3]):
                care = add(
                    HomeCareItem,
                    {
                        "visit_id": visit_id,
                        "position": position,
                        "exercise": item.exercise,
                        "sets": item.sets,
                        "reps": item.reps,
                        "hold_seconds": item.hold_seconds,
                        "frequency": item.frequency,
                        "notes": "",
                    },
                )
                chained["care"].append(care)
            rows.setdefault("seals", []).append(_sealed(visit_row, chained))
            total_visits += 1
            pending_visits += 1
        if pending_visits >= batch_visits:
            flush()
            pending_visits = 0
            if progress:
                progress(n + 1, patients)
    flush()
    if database.engine.dialect.name == "postgresql":
        # explicit ids (fast bulk inserts) do not move PostgreSQL's sequences: move them now
        with database.write() as session:
            for table in ("patients", "visits", "visit_events", "episodes"):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )
    # the demo visits ran today's shipped protocols: their texts are kept, as a live visit's
    from artdesk.store.protocol_versions import ProtocolText, ProtocolVersionRepository

    ProtocolVersionRepository(database).keep(ProtocolText.of(p) for p in protocols)
    studies = (0, 0)
    if courses:  # through the live path: after the sequences are where the rows are
        studies = study_courses(database, library, today, clinician_ids, DEMO_PIN)
    if progress:
        progress(patients, patients)
    return DemoReport(
        len(clinician_ids), patients + studies[0], total_visits + studies[1], total_events
    )
