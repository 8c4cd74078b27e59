"""Visits and their journal, measurements, home care, signing and amendments.

Every method is one transaction. A signed visit refuses every change here with
:class:`VisitSigned`; the only thing it accepts is an amendment.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from artdesk.measures import INSTRUMENTS
from artdesk.store.engine import Database
from artdesk.store.errors import InvalidInput, NotFound, VisitSigned
from artdesk.store.models import (
    SCREENING_RESULTS,
    Amendment,
    Clinician,
    HomeCareItem,
    Measurement,
    Patient,
    Visit,
    VisitEvent,
)
from artdesk.treatment import Clock, Event, EventKind, PlannedStructure, Runner, billing_units

MAX_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class HomeCareData:
    exercise: str
    sets: int
    reps: int
    hold_seconds: int
    frequency: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class MeasurementData:
    instrument: str
    value: float
    timing: str  # before / after
    side: str = "none"


@dataclass(frozen=True, slots=True)
class VisitRow:
    """One line of a patient's visit history."""

    id: int
    patient_id: int
    patient_name: str
    clinician_name: str
    started_at: datetime
    status: str
    protocols: str
    pain_before: float | None
    pain_after: float | None
    treated_seconds: float
    billing_units: int


def _text(value: str, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{what} is required")
    if len(value) > limit:
        raise InvalidInput(f"{what} is {len(value):,} characters; at most {limit:,}")
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character")
    return value


def _count(value: int, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{what} must be a whole number {low}–{high}")
    return value


class VisitRepository:
    def __init__(self, database: Database, now: Callable[[], datetime] | None = None) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _editable(session: Session, visit_id: int) -> Visit:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound(f"no visit {visit_id}")
        if visit.status == "signed":
            signed = visit.signed_at.strftime("%Y-%m-%d %H:%M UTC") if visit.signed_at else ""
            raise VisitSigned(
                f"visit {visit_id} was signed {signed} and cannot be changed; add an amendment"
            )
        return visit

    # --- clinicians ------------------------------------------------------------------------

    def add_clinician(self, full_name: str, credentials: str = "") -> int:
        with self._db.write() as session:
            clinician = Clinician(
                full_name=_text(full_name, "the clinician's name", required=True, limit=200),
                credentials=_text(credentials, "credentials", limit=100),
                active=True,
                created_at=self._now(),
            )
            session.add(clinician)
            session.flush()
            return clinician.id

    def clinicians(self) -> list[tuple[int, str]]:
        with self._db.read() as session:
            rows = session.execute(
                select(Clinician.id, Clinician.full_name)
                .where(Clinician.active)
                .order_by(Clinician.full_name)
            )
            return [(r[0], r[1]) for r in rows]

    # --- a visit's life --------------------------------------------------------------------

    @staticmethod
    def _new_visit(
        session: Session,
        patient_id: int,
        clinician_id: int,
        complaint: str,
        started_at: datetime,
        **fields: Any,
    ) -> Visit:
        if session.get(Patient, patient_id) is None:
            raise NotFound(f"no patient {patient_id}")
        if session.get(Clinician, clinician_id) is None:
            raise NotFound(f"no clinician {clinician_id}")
        values: dict[str, Any] = {
            "screening_answers": "{}",
            "protocols": "",
            "treated_seconds": 0.0,
            "billing_units": 0,
            "home_care_notes": "",
            **fields,
        }
        visit = Visit(
            patient_id=patient_id,
            clinician_id=clinician_id,
            status="in_progress",
            started_at=started_at,
            complaint=_text(complaint, "the complaint"),
            **values,
        )
        session.add(visit)
        session.flush()
        return visit

    def open(self, patient_id: int, clinician_id: int, complaint: str = "") -> int:
        with self._db.write() as session:
            return self._new_visit(session, patient_id, clinician_id, complaint, self._now()).id

    def set_complaint(self, visit_id: int, complaint: str) -> None:
        with self._db.write() as session:
            self._editable(session, visit_id).complaint = _text(complaint, "the complaint")

    def set_screening(
        self, visit_id: int, result: str, answers: dict[str, Any], override: str | None = None
    ) -> None:
        if result not in SCREENING_RESULTS:
            raise InvalidInput(f"screening result must be one of {', '.join(SCREENING_RESULTS)}")
        reason = _text(override or "", "the override reason") or None
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            visit.screening_result = result
            visit.screening_answers = json.dumps(answers, ensure_ascii=False, sort_keys=True)
            visit.screening_override = reason

    def append_event(self, visit_id: int, event: Event) -> None:
        """Journal one runner event in its own transaction, committed before returning."""
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            if event.kind is EventKind.FINISHED:  # keep the history listing's summary in step
                state = Runner.replay([*self._events(session, visit_id), event]).state
                visit.ended_at = event.at
                visit.treated_seconds = state.treated_seconds
                visit.billing_units = billing_units(state.treated_seconds)
                names = dict.fromkeys(r.plan.protocol_name for r in state.records)
                visit.protocols = "; ".join(names)
            session.add(
                VisitEvent(
                    visit_id=visit_id,
                    seq=event.seq,
                    kind=event.kind.value,
                    t=event.t,
                    at=event.at,
                    data=event.data_json(),
                )
            )

    def open_treatment(
        self,
        patient_id: int,
        clinician_id: int,
        *,
        complaint: str,
        screening_result: str,
        screening_answers: dict[str, Any],
        screening_override: str | None,
        pain_before: int | None,
        plan: Sequence[PlannedStructure],
        clock: Clock,
    ) -> tuple[int, Runner]:
        """Open a visit with its screening, pain before and the runner's start, all at once.

        One transaction: a crash leaves either no visit or a visit whose journal has begun, so
        every in-progress visit can be resumed.
        """
        if screening_result not in SCREENING_RESULTS:
            raise InvalidInput(f"screening result must be one of {', '.join(SCREENING_RESULTS)}")
        measurement = (
            None
            if pain_before is None
            else self._measurement(MeasurementData("NPRS", pain_before, "before"))
        )
        started: list[Event] = []
        runner = Runner(clock, journal=started.append)
        runner.start(plan)
        with self._db.write() as session:
            visit = self._new_visit(
                session,
                patient_id,
                clinician_id,
                complaint,
                started[0].at,
                screening_result=screening_result,
                screening_answers=json.dumps(screening_answers, ensure_ascii=False, sort_keys=True),
                screening_override=_text(screening_override or "", "the override reason") or None,
                protocols="; ".join(dict.fromkeys(p.protocol_name for p in plan)),
            )
            if measurement is not None:
                measurement.visit_id = visit.id
                session.add(measurement)
            event = started[0]
            session.add(
                VisitEvent(
                    visit_id=visit.id,
                    seq=event.seq,
                    kind=event.kind.value,
                    t=event.t,
                    at=event.at,
                    data=event.data_json(),
                )
            )
            visit_id = visit.id
        runner.set_journal(lambda e: self.append_event(visit_id, e))
        return visit_id, runner

    def start_treatment(
        self, visit_id: int, plan: Sequence[PlannedStructure], clock: Clock
    ) -> Runner:
        """A runner whose every event is journalled (and committed) before it takes effect."""
        runner = Runner(clock, journal=lambda event: self.append_event(visit_id, event))
        runner.start(plan)
        return runner

    def resume_treatment(self, visit_id: int, clock: Clock) -> Runner:
        """Replay an interrupted visit's journal; it comes back paused where it stopped."""
        return Runner.recover(
            self.events(visit_id), clock, journal=lambda event: self.append_event(visit_id, event)
        )

    @staticmethod
    def _events(session: Session, visit_id: int) -> list[Event]:
        rows = session.scalars(
            select(VisitEvent).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
        )
        return [Event.from_stored(r.seq, r.kind, r.t, r.at, r.data) for r in rows]

    def events(self, visit_id: int) -> list[Event]:
        with self._db.read() as session:
            return self._events(session, visit_id)

    def _measurement(self, m: MeasurementData) -> Measurement:
        spec = INSTRUMENTS.get(m.instrument)
        if spec is None:
            raise InvalidInput(f"unknown instrument {m.instrument!r}")
        problem = spec.check(m.value)
        if problem:
            raise InvalidInput(problem)
        if m.timing not in ("before", "after"):
            raise InvalidInput("a measurement is taken 'before' or 'after' treatment")
        if m.side not in ("left", "right", "none"):
            raise InvalidInput("side is left, right or none")
        return Measurement(
            instrument=m.instrument,
            side=m.side,
            timing=m.timing,
            value=float(m.value),
            unit=spec.unit,
            recorded_at=self._now(),
        )

    def add_measurement(
        self, visit_id: int, instrument: str, value: float, timing: str, side: str = "none"
    ) -> int:
        row = self._measurement(MeasurementData(instrument, value, timing, side))
        with self._db.write() as session:
            self._editable(session, visit_id)
            row.visit_id = visit_id
            session.add(row)
            session.flush()
            return row.id

    @staticmethod
    def _home_care_items(items: Sequence[HomeCareData]) -> list[HomeCareItem]:
        return [
            HomeCareItem(
                position=n,
                exercise=_text(i.exercise, "the exercise", required=True, limit=2000),
                sets=_count(i.sets, "sets", 1, 50),
                reps=_count(i.reps, "reps", 1, 500),
                hold_seconds=_count(i.hold_seconds, "hold", 0, 3600),
                frequency=_text(i.frequency, "how often", required=True, limit=200),
                notes=_text(i.notes, "the exercise notes", limit=2000),
            )
            for n, i in enumerate(items)
        ]

    def set_home_care(self, visit_id: int, items: Sequence[HomeCareData], notes: str = "") -> None:
        rows = self._home_care_items(items)
        notes = _text(notes, "the home-care notes")
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            visit.home_care = rows
            visit.home_care_notes = notes

    def wrap_up(
        self,
        visit_id: int,
        clinician_id: int,
        *,
        measurements: Sequence[MeasurementData],
        home_care: Sequence[HomeCareData],
        home_care_notes: str = "",
        next_visit: date | None = None,
        sign: bool = True,
    ) -> None:
        """Store the wrap-up (measures after, home care, next visit) and sign, all or nothing."""
        rows = [self._measurement(m) for m in measurements]
        items = self._home_care_items(home_care)
        notes = _text(home_care_notes, "the home-care notes")
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            for row in rows:
                row.visit_id = visit_id
                session.add(row)
            visit.home_care = items
            visit.home_care_notes = notes
            visit.next_visit = next_visit
            if sign:
                self._sign(session, visit, clinician_id)

    def set_next_visit(self, visit_id: int, when: date | None) -> None:
        with self._db.write() as session:
            self._editable(session, visit_id).next_visit = when

    def sign(self, visit_id: int, clinician_id: int) -> None:
        with self._db.write() as session:
            self._sign(session, self._editable(session, visit_id), clinician_id)

    def _sign(self, session: Session, visit: Visit, clinician_id: int) -> None:
        if session.get(Clinician, clinician_id) is None:
            raise NotFound(f"no clinician {clinician_id}")
        last = session.scalar(
            select(VisitEvent.kind)
            .where(VisitEvent.visit_id == visit.id)
            .order_by(VisitEvent.seq.desc())
            .limit(1)
        )
        if last is not None and last != "finished":
            raise InvalidInput("finish the treatment before signing the visit")
        visit.status = "signed"
        visit.signed_at = self._now()
        visit.signed_by_id = clinician_id
        if visit.ended_at is None:
            visit.ended_at = visit.signed_at

    def add_amendment(self, visit_id: int, author_id: int, reason: str, text: str) -> int:
        reason = _text(reason, "the reason for the amendment", required=True, limit=2000)
        text = _text(text, "the amendment", required=True)
        with self._db.write() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            if visit.status != "signed":
                raise InvalidInput("the visit is not signed yet: change it directly")
            if session.get(Clinician, author_id) is None:
                raise NotFound(f"no clinician {author_id}")
            amendment = Amendment(
                visit_id=visit_id,
                author_id=author_id,
                created_at=self._now(),
                reason=reason,
                text=text,
            )
            session.add(amendment)
            session.flush()
            return amendment.id

    # --- reading ---------------------------------------------------------------------------

    def get(self, visit_id: int) -> Visit:
        """The visit with its patient, clinicians and child records loaded (detached)."""
        with self._db.read() as session:
            visit = session.scalar(
                select(Visit)
                .where(Visit.id == visit_id)
                .options(
                    selectinload(Visit.patient),
                    selectinload(Visit.clinician),
                    selectinload(Visit.signed_by),
                    selectinload(Visit.measurements),
                    selectinload(Visit.home_care),
                    selectinload(Visit.amendments).selectinload(Amendment.author),
                )
            )
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            return visit

    def _rows(self, session: Session, where: Any, limit: int, offset: int) -> list[VisitRow]:
        def pain(timing: str) -> Any:
            return (
                select(func.avg(Measurement.value))
                .where(
                    Measurement.visit_id == Visit.id,
                    Measurement.instrument == "NPRS",
                    Measurement.timing == timing,
                )
                .scalar_subquery()
            )

        stmt = (
            select(
                Visit.id,
                Visit.patient_id,
                Patient.full_name,
                Clinician.full_name,
                Visit.started_at,
                Visit.status,
                Visit.protocols,
                pain("before"),
                pain("after"),
                Visit.treated_seconds,
                Visit.billing_units,
            )
            .join(Patient, Patient.id == Visit.patient_id)
            .join(Clinician, Clinician.id == Visit.clinician_id)
            .where(where)
            .order_by(Visit.started_at.desc(), Visit.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [VisitRow(*row) for row in session.execute(stmt)]

    def for_patient(self, patient_id: int, *, limit: int = 100, offset: int = 0) -> list[VisitRow]:
        """A patient's visits, newest first."""
        with self._db.read() as session:
            return self._rows(session, Visit.patient_id == patient_id, limit, offset)

    def recent(self, *, limit: int = 100, offset: int = 0) -> list[VisitRow]:
        with self._db.read() as session:
            return self._rows(session, Visit.id.is_not(None), limit, offset)

    def in_progress(self) -> list[VisitRow]:
        """Visits that were never signed: offered for resume at start-up."""
        with self._db.read() as session:
            return self._rows(session, Visit.status == "in_progress", 1000, 0)
