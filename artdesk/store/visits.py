"""Visits: opened with their screening and first journal event, journalled, wrapped up and
signed, amended, read back.

Every method is one transaction. A signed visit refuses every change here with
:class:`VisitSigned`; the only thing it accepts is an amendment. This is the storage side of
the visit's life; the life itself (runner, replay, what a visit *means*) is ``artdesk.visit``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from artdesk.measures import INSTRUMENTS, PAIN, MeasureSide, Timing
from artdesk.store import journal
from artdesk.store.engine import Database
from artdesk.store.errors import InvalidInput, NotFound, VisitSigned
from artdesk.store.models import (
    Amendment,
    Clinician,
    HomeCareItem,
    Measurement,
    Patient,
    Visit,
)
from artdesk.store.records import (
    URGENCIES,
    AmendmentRecord,
    HomeCareRecord,
    MeasurementRecord,
    Referral,
    StoredVisit,
)
from artdesk.store.validate import count, text
from artdesk.treatment import Event, EventKind
from artdesk.vocabulary import ScreeningResult, VisitStatus


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
    timing: Timing | str
    side: MeasureSide | str = MeasureSide.NONE


@dataclass(frozen=True, slots=True)
class NewVisit:
    """What a visit is opened with: who, why, the safety screen, and the plan's protocols."""

    patient_id: int
    clinician_id: int
    complaint: str
    screening_result: ScreeningResult | str
    screening_answers: dict[str, Any] = field(default_factory=dict)
    screening_override: str | None = None
    protocols: str = ""
    measurements: tuple[MeasurementData, ...] = ()


@dataclass(frozen=True, slots=True)
class TreatmentTotals:
    """The figures the history listing shows without replaying the journal."""

    ended_at: datetime | None
    treated_seconds: float
    billing_units: int
    protocols: str


@dataclass(frozen=True, slots=True)
class VisitListing:
    """One visit as the history lists it (pain comes from :meth:`VisitRepository.pain_readings`)."""

    id: int
    patient_id: int
    patient_name: str
    clinician_name: str
    started_at: datetime
    status: VisitStatus
    protocols: str
    treated_seconds: float
    billing_units: int

    @property
    def signed(self) -> bool:
        return self.status is VisitStatus.SIGNED


class VisitRepository:
    def __init__(self, database: Database, now: Callable[[], datetime] | None = None) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))

    @staticmethod
    def _editable(session: Session, visit_id: int) -> Visit:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound(f"no visit {visit_id}")
        if visit.status == VisitStatus.SIGNED:
            signed = visit.signed_at.strftime("%Y-%m-%d %H:%M UTC") if visit.signed_at else ""
            raise VisitSigned(
                f"visit {visit_id} was signed {signed} and cannot be changed; add an amendment"
            )
        return visit

    # --- a visit's life --------------------------------------------------------------------

    def open(self, new: NewVisit, first: Event) -> int:
        """Open a visit with its screening, measures before and the journal's first event.

        One transaction: a crash leaves either no visit or a visit whose journal has begun, so
        every in-progress visit can be resumed.
        """
        rows = self._checked(new)
        with self._db.write() as session:
            visit = self._new_visit(session, new, rows, first.at)
            journal.append(session, visit.id, first)
            return visit.id

    def _checked(self, new: NewVisit) -> list[Measurement]:
        """Check what a visit is opened with, before any transaction; its measurement rows."""
        if new.screening_result not in ScreeningResult.__members__.values():
            allowed = ", ".join(r.value for r in ScreeningResult)
            raise InvalidInput(f"screening result must be one of {allowed}")
        return [self._measurement(m) for m in new.measurements]

    @staticmethod
    def _new_visit(session: Session, new: NewVisit, rows: list[Measurement], at: datetime) -> Visit:
        """Add the visit (in progress) and its measures before; the caller goes on."""
        if session.get(Patient, new.patient_id) is None:
            raise NotFound(f"no patient {new.patient_id}")
        if session.get(Clinician, new.clinician_id) is None:
            raise NotFound(f"no clinician {new.clinician_id}")
        visit = Visit(
            patient_id=new.patient_id,
            clinician_id=new.clinician_id,
            status=VisitStatus.IN_PROGRESS,
            started_at=at,
            complaint=text(new.complaint, "the complaint"),
            screening_result=ScreeningResult(new.screening_result),
            screening_answers=dict(new.screening_answers),
            screening_override=text(new.screening_override or "", "the override reason") or None,
            protocols=new.protocols,
            treated_seconds=0.0,
            billing_units=0,
            home_care_notes="",
        )
        session.add(visit)
        session.flush()
        for row in rows:
            row.visit_id = visit.id
            session.add(row)
        return visit

    def refer(self, new: NewVisit, referral: Referral, at: datetime) -> int:
        """A visit that ends in a referral, saved and signed at once (no treatment, no
        journal): who, why, the screen's answers, pain before, and the referral."""
        rows = self._checked(new)
        to = text(referral.to, "whom the patient is referred to", required=True, limit=300)
        if referral.urgency not in URGENCIES:
            raise InvalidInput(f"urgency is one of: {', '.join(URGENCIES)}")
        advice = text(referral.advice, "the advice given", limit=2000)
        with self._db.write() as session:
            visit = self._new_visit(session, new, rows, at)
            visit.ended_at = at
            visit.referral = Referral(to, referral.urgency, advice).to_dict()
            session.flush()
            visit.status = VisitStatus.SIGNED  # signed in the same transaction
            visit.signed_at = self._now()
            visit.signed_by_id = new.clinician_id
            return visit.id

    def append_event(
        self, visit_id: int, event: Event, totals: TreatmentTotals | None = None
    ) -> None:
        """Journal one runner event in its own transaction, committed before returning;
        ``totals`` (with the finish) keep the history's figures in step in the same commit."""
        with self._db.write() as session:
            # keep the visit referenced: the session's identity map holds it weakly, and the
            # signed-visit guard at flush would otherwise load it a second time
            visit = self._editable(session, visit_id)
            journal.append(session, visit.id, event)
            if totals is not None:
                self._apply_totals(visit, totals)

    def set_totals(self, visit_id: int, totals: TreatmentTotals) -> None:
        """Keep the history listing's figures in step with the journal (after the finish)."""
        with self._db.write() as session:
            self._apply_totals(self._editable(session, visit_id), totals)

    @staticmethod
    def _apply_totals(visit: Visit, totals: TreatmentTotals) -> None:
        visit.ended_at = totals.ended_at
        visit.treated_seconds = totals.treated_seconds
        visit.billing_units = totals.billing_units
        visit.protocols = totals.protocols

    def events(self, visit_id: int) -> list[Event]:
        with self._db.read() as session:
            return journal.read(session, visit_id)

    def _measurement(self, m: MeasurementData) -> Measurement:
        spec = INSTRUMENTS.get(m.instrument)
        if spec is None:
            raise InvalidInput(f"unknown instrument {m.instrument!r}")
        problem = spec.check(m.value)
        if problem:
            raise InvalidInput(problem)
        if m.timing not in Timing.__members__.values():
            raise InvalidInput("a measurement is taken 'before' or 'after' treatment")
        if m.side not in MeasureSide.__members__.values():
            raise InvalidInput("side is left, right or none")
        return Measurement(
            instrument=spec.code.value,
            side=MeasureSide(m.side),
            timing=Timing(m.timing),
            value=float(m.value),
            unit=spec.unit,
            recorded_at=self._now(),
        )

    @staticmethod
    def _home_care_items(items: Sequence[HomeCareData]) -> list[HomeCareItem]:
        return [
            HomeCareItem(
                position=n,
                exercise=text(i.exercise, "the exercise", required=True, limit=2000),
                sets=count(i.sets, "sets", 1, 50),
                reps=count(i.reps, "reps", 1, 500),
                hold_seconds=count(i.hold_seconds, "hold", 0, 3600),
                frequency=text(i.frequency, "how often", required=True, limit=200),
                notes=text(i.notes, "the exercise notes", limit=2000),
            )
            for n, i in enumerate(items)
        ]

    def wrap_up(
        self,
        visit_id: int,
        clinician_id: int,
        *,
        measurements: Sequence[MeasurementData],
        home_care: Sequence[HomeCareData],
        home_care_notes: str,
        next_visit: date | None,
        totals: TreatmentTotals,
    ) -> None:
        """Store the wrap-up (measures after, home care, next visit) and sign, all or nothing."""
        rows = [self._measurement(m) for m in measurements]
        items = self._home_care_items(home_care)
        notes = text(home_care_notes, "the home-care notes")
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            if session.get(Clinician, clinician_id) is None:
                raise NotFound(f"no clinician {clinician_id}")
            last = journal.last_kind(session, visit_id)
            if last is not None and last is not EventKind.FINISHED:
                raise InvalidInput("finish the treatment before signing the visit")
            for row in rows:
                row.visit_id = visit_id
                session.add(row)
            visit.home_care = items
            visit.home_care_notes = notes
            visit.next_visit = next_visit
            self._apply_totals(visit, totals)
            visit.status = VisitStatus.SIGNED
            visit.signed_at = self._now()
            visit.signed_by_id = clinician_id
            if visit.ended_at is None:
                visit.ended_at = visit.signed_at

    def add_amendment(self, visit_id: int, author_id: int, reason: str, body: str) -> int:
        reason = text(reason, "the reason for the amendment", required=True, limit=2000)
        body = text(body, "the amendment", required=True)
        with self._db.write() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            if visit.status != VisitStatus.SIGNED:
                raise InvalidInput("the visit is not signed yet: change it directly")
            if session.get(Clinician, author_id) is None:
                raise NotFound(f"no clinician {author_id}")
            amendment = Amendment(
                visit_id=visit_id,
                author_id=author_id,
                created_at=self._now(),
                reason=reason,
                text=body,
            )
            session.add(amendment)
            session.flush()
            return amendment.id

    # --- reading ---------------------------------------------------------------------------

    def get(self, visit_id: int) -> tuple[StoredVisit, list[Event]]:
        """The visit with its patient, clinicians and child records, and its journal, read in
        one transaction so the two agree; NotFound for an unknown visit."""
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
            return _stored(visit), journal.read(session, visit_id)

    def _rows(self, session: Session, where: Any, limit: int, offset: int) -> list[VisitListing]:
        stmt = (
            select(
                Visit.id,
                Visit.patient_id,
                Patient.full_name,
                Clinician.full_name,
                Visit.started_at,
                Visit.status,
                Visit.protocols,
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
        return [
            VisitListing(r[0], r[1], r[2], r[3], r[4], VisitStatus(r[5]), r[6], r[7], r[8])
            for r in session.execute(stmt)
        ]

    def for_patient(
        self, patient_id: int, *, limit: int = 100, offset: int = 0
    ) -> list[VisitListing]:
        """A patient's visits, newest first."""
        with self._db.read() as session:
            return self._rows(session, Visit.patient_id == patient_id, limit, offset)

    def recent(self, *, limit: int = 100, offset: int = 0) -> list[VisitListing]:
        with self._db.read() as session:
            return self._rows(session, Visit.id.is_not(None), limit, offset)

    def in_progress(self) -> list[VisitListing]:
        """Visits that were never signed: offered for resume at start-up."""
        with self._db.read() as session:
            return self._rows(session, Visit.status == VisitStatus.IN_PROGRESS, 1000, 0)

    def pain_readings(self, visit_ids: Sequence[int]) -> dict[int, list[tuple[Timing, float]]]:
        """Each visit's pain readings (timing, value) in the order they were recorded."""
        out: dict[int, list[tuple[Timing, float]]] = {v: [] for v in visit_ids}
        if not visit_ids:
            return out
        with self._db.read() as session:
            rows = session.execute(
                select(Measurement.visit_id, Measurement.timing, Measurement.value)
                .where(Measurement.visit_id.in_(list(visit_ids)), Measurement.instrument == PAIN)
                .order_by(Measurement.visit_id, Measurement.id)
            )
            for visit_id, timing, value in rows:
                out[visit_id].append((Timing(timing), value))
        return out


def _stored(visit: Visit) -> StoredVisit:
    return StoredVisit(
        id=visit.id,
        patient_id=visit.patient_id,
        patient_name=visit.patient.full_name,
        patient_birth=visit.patient.date_of_birth,
        patient_sport=visit.patient.sport,
        clinician_id=visit.clinician_id,
        clinician=visit.clinician.full_name,
        started_at=visit.started_at,
        ended_at=visit.ended_at,
        status=visit.status,
        complaint=visit.complaint,
        screening_result=visit.screening_result,
        screening_answers={
            str(k): v if isinstance(v, str) else bool(v)
            for k, v in (visit.screening_answers or {}).items()
        },
        screening_override=visit.screening_override,
        measurements=tuple(
            MeasurementRecord(m.instrument, m.side, m.timing, m.value, m.unit)
            for m in visit.measurements
        ),
        home_care=tuple(
            HomeCareRecord(h.exercise, h.sets, h.reps, h.hold_seconds, h.frequency, h.notes)
            for h in visit.home_care
        ),
        home_care_notes=visit.home_care_notes,
        next_visit=visit.next_visit,
        signed_by=visit.signed_by.full_name if visit.signed_by else None,
        signed_at=visit.signed_at,
        amendments=tuple(
            AmendmentRecord(a.id, a.author.full_name, a.created_at, a.reason, a.text)
            for a in visit.amendments
        ),
        referral=Referral(
            str(visit.referral.get("to", "")),
            str(visit.referral.get("urgency", "")),
            str(visit.referral.get("advice", "")),
        )
        if visit.referral
        else None,
    )
