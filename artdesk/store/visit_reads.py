"""Reading visits: one visit whole, and the history's listings (the writing half is
``artdesk.store.visits``). Voided visits are listed, labelled, and left out of the unfinished
list and of the pain history the charts draw."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import ScalarSelect, Select, Text, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from artdesk.measures import PAIN, Timing
from artdesk.protocols.marks import BodyMark, stored_marks
from artdesk.store import episodes, journal, sealing
from artdesk.store.engine import Database
from artdesk.store.errors import DamagedRecord, NotFound, StoreError
from artdesk.store.models import Amendment, Clinician, Measurement, Patient, Visit, VisitVoid
from artdesk.store.records import (
    AmendmentRecord,
    EpisodeVisit,
    HomeCareRecord,
    MeasurementRecord,
    Referral,
    StoredVisit,
    VoidRecord,
)
from artdesk.store.types import JSONList
from artdesk.treatment import Event
from artdesk.vocabulary import VisitStatus


@dataclass(frozen=True, slots=True)
class VisitListing:
    """One visit as the history lists it, with its pain before and after treatment (NPRS:
    taken twice, the last reading counts; none for a voided visit)."""

    id: int
    patient_id: int
    patient_name: str
    clinician_name: str
    started_at: datetime
    status: VisitStatus
    protocols: str
    treated_seconds: float
    billing_units: int
    voided: bool = False  # opened in error: kept and labelled, out of counts and charts
    clinician_id: int = 0  # whose visit it is (only they carry it on)
    body_marks: tuple[BodyMark, ...] = ()  # where it hurt (the body chart, schema 0008)
    pain_before: float | None = None
    pain_after: float | None = None
    # no NPRS at the visit (a course that scores pain another way): that scale's last reading
    # before and after treatment, e.g. ("VAS", 62.0, 40.0); None when the NPRS was taken
    other_pain: tuple[str, float | None, float | None] | None = None

    @property
    def signed(self) -> bool:
        return self.status is VisitStatus.SIGNED


class VisitReads:
    """The reading half of :class:`~artdesk.store.visits.VisitRepository`."""

    _db: Database

    def owner(self, visit_id: int) -> int:
        """Whose visit it is (one small read: the window asks before resuming)."""
        with self._db.read() as session:
            found = session.scalar(select(Visit.clinician_id).where(Visit.id == visit_id))
            if found is None:
                raise NotFound(f"no visit {visit_id}")
            return int(found)

    def check(self, visit_id: int) -> sealing.VisitCheck:
        """Recompute the visit's chains and seal (before printing it, and for ``verify``)."""
        with self._db.read() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            return sealing.check_visit(session, visit)

    def check_all(self) -> Iterator[sealing.VisitCheck]:
        """Every visit checked, in id order, a batch per read transaction; a visit whose row
        cannot even be read is reported as such and the others are checked all the same."""
        with self._db.read() as session:
            ids = list(session.scalars(select(Visit.id).order_by(Visit.id)))
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            try:
                with self._db.read() as session:
                    visits = list(
                        session.scalars(select(Visit).where(Visit.id.in_(batch)).order_by(Visit.id))
                    )
                    checks = [sealing.check_visit(session, v) for v in visits]
            except StoreError:  # one damaged row in the batch: visit by visit
                checks = [self._check_alone(visit_id) for visit_id in batch]
            yield from checks

    def _check_alone(self, visit_id: int) -> sealing.VisitCheck:
        try:
            return self.check(visit_id)
        except StoreError as exc:
            return sealing.VisitCheck(visit_id, (f"its record cannot be read: {exc}",))

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
                    selectinload(Visit.void).selectinload(VisitVoid.clinician),
                )
            )
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            episode, number = None, None
            if visit.episode_id is not None:
                episode = episodes.load(session, visit.episode_id)
                number = episodes.visit_numbers(session, visit.episode_id).get(visit.id)
            stored = replace(_stored(visit), episode=episode, visit_number=number)
            return stored, journal.read(session, visit_id)

    def opening(self, visit_id: int) -> tuple[str, list[Event]]:
        """A visit's complaint and its journal's first event alone (it holds the plan; none
        for a referral): what a returning patient's next visit is offered, without reading
        the whole journal."""
        with self._db.read() as session:
            complaint = session.scalar(select(Visit.complaint).where(Visit.id == visit_id))
            if complaint is None:
                raise NotFound(f"no visit {visit_id}")
            return complaint, journal.read(session, visit_id, limit=1)

    def episode_visits(self, episode_id: int) -> list[EpisodeVisit]:
        """The episode's visits in order, voided ones left out, with their measurements:
        two queries whatever the number of visits (a 500-visit episode opens fast)."""
        with self._db.read() as session:
            rows = session.execute(
                select(
                    Visit.id,
                    Visit.started_at,
                    Visit.ended_at,
                    Clinician.full_name,
                    Visit.status,
                    Visit.referral,
                    Visit.next_visit,
                    Visit.treated_seconds,
                    Visit.billing_units,
                )
                .join(Clinician, Clinician.id == Visit.clinician_id)
                .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
                .where(Visit.episode_id == episode_id, VisitVoid.visit_id.is_(None))
                .order_by(Visit.started_at, Visit.id)
            ).all()
            taken: dict[int, list[MeasurementRecord]] = {r[0]: [] for r in rows}
            if taken:
                for m in session.scalars(
                    select(Measurement)
                    .join(Visit, Visit.id == Measurement.visit_id)
                    .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
                    .where(Visit.episode_id == episode_id, VisitVoid.visit_id.is_(None))
                    .order_by(Measurement.id)
                ):
                    taken[m.visit_id].append(_measurement(m))
            return [
                EpisodeVisit(
                    id=r[0],
                    started_at=r[1],
                    ended_at=r[2],
                    clinician=r[3],
                    signed=r[4] == VisitStatus.SIGNED,
                    referral=r[5] is not None,
                    next_visit=r[6],
                    treated_seconds=r[7],
                    billing_units=r[8],
                    measurements=tuple(taken[r[0]]),
                )
                for r in rows
            ]

    def _rows(self, session: Session, where: Any, limit: int, offset: int) -> list[VisitListing]:
        """One statement for the page, its pain before/after included (issue 14: a page of 500
        visits read in ≈ 5–7 ms; two statements and a copy of each row took ≈ 13–14)."""
        stmt = _listing().where(where).limit(limit).offset(offset)
        rows = [
            VisitListing(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9] is not None,
                r[10],
                _marks(r[11]) if r[11] else (),
                # a voided visit's pain is kept, never charted or listed as a reading
                None if r[9] is not None else r[12],
                None if r[9] is not None else r[13],
            )
            for r in session.execute(stmt)
        ]
        return _with_other_pain(session, rows)

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
            unvoided = VisitVoid.visit_id.is_(None)  # _rows joins the voids
            return self._rows(
                session, (Visit.status == VisitStatus.IN_PROGRESS) & unvoided, 1000, 0
            )


@cache
def _listing() -> Select[*tuple[Any, ...]]:
    """The history's columns, joins and order (built once; the page's filter is added)."""
    return (
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
            VisitVoid.visit_id,
            Visit.clinician_id,
            type_coerce(Visit.body_marks, Text),  # read by _marks: each text once
            _last_pain(Timing.BEFORE),
            _last_pain(Timing.AFTER),
        )
        .join(Patient, Patient.id == Visit.patient_id)
        .join(Clinician, Clinician.id == Visit.clinician_id)
        .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
        .order_by(Visit.started_at.desc(), Visit.id.desc())
    )


@lru_cache(maxsize=1024)
def _marks(text: str) -> tuple[BodyMark, ...]:
    """Where it hurt, from its stored text, as the record reads it. A patient's visits carry
    the same few marks again and again: each text is read once (a page of 500 visits with
    marks spent ≈ 5 ms in JSON and BodyMarks at every opening)."""
    return stored_marks(JSONList.decode(text))


OTHER_PAIN = ("VAS", "VRS")  # pain scored another way, in this order of preference


def _with_other_pain(session: Session, rows: list[VisitListing]) -> list[VisitListing]:
    """The visits with no NPRS before or after: their pain on the course's other scale (the
    last reading of each timing), read in one more statement only when there are any."""
    bare = [r.id for r in rows if r.pain_before is None and r.pain_after is None and not r.voided]
    if not bare:
        return rows
    found: dict[int, dict[str, dict[str, float]]] = {}
    for visit_id, instrument, timing, value in session.execute(
        select(Measurement.visit_id, Measurement.instrument, Measurement.timing, Measurement.value)
        .where(Measurement.visit_id.in_(bare), Measurement.instrument.in_(OTHER_PAIN))
        .order_by(Measurement.id)
    ):
        found.setdefault(visit_id, {}).setdefault(instrument, {})[str(timing)] = value
    out = []
    for row in rows:
        scales = found.get(row.id)
        if scales:
            scale = next(s for s in OTHER_PAIN if s in scales)
            taken = scales[scale]
            before, after = taken.get(Timing.BEFORE.value), taken.get(Timing.AFTER.value)
            row = replace(row, other_pain=(scale, before, after))
        out.append(row)
    return out


def _last_pain(timing: Timing) -> ScalarSelect[float]:
    """The visit's last pain (NPRS) reading of ``timing``, in the order recorded: taken
    twice, the last counts — :func:`artdesk.visit.definitions.pain`'s rule, read in the
    listing's one statement (tests/store/test_history_read.py holds the two equal)."""
    return (
        select(Measurement.value)
        .where(
            Measurement.visit_id == Visit.id,
            Measurement.instrument == PAIN,
            Measurement.timing == timing,
        )
        .order_by(Measurement.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _damaged(visit: Visit) -> str | None:
    """What about a visit's rows no paper can be printed from, or None."""
    # the ORM types say these are never None; a row deleted around the foreign keys says so
    patient: object = visit.patient
    clinician: object = visit.clinician
    if patient is None:
        return f"its patient (id {visit.patient_id}) is gone"
    if clinician is None:
        return f"its clinician (id {visit.clinician_id}) is gone"
    if any(getattr(a, "author", None) is None for a in visit.amendments):
        return "an amendment's author is gone"
    for m in visit.measurements:
        if isinstance(m.value, bool) or not isinstance(m.value, int | float):
            return f"a measurement holds {m.value!r}, not a number"
    return None


def _stored(visit: Visit) -> StoredVisit:
    problem = _damaged(visit)
    if problem:
        raise DamagedRecord(
            f"visit {visit.id} is damaged: {problem} — ask clinic IT; the other records are "
            "not affected"
        )
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
        measurements=tuple(_measurement(m) for m in visit.measurements),
        home_care=tuple(
            HomeCareRecord(h.exercise, h.sets, h.reps, h.hold_seconds, h.frequency, h.notes)
            for h in visit.home_care
        ),
        home_care_notes=visit.home_care_notes,
        next_visit=visit.next_visit,
        signed_by=visit.signed_name  # as signed; before 0006, the clinician's name today
        or (visit.signed_by.full_name if visit.signed_by else None),
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
        void=VoidRecord(visit.void.at, visit.void.clinician.full_name, visit.void.reason)
        if visit.void is not None
        else None,
        signed_with=visit.signed_with,
        seal=visit.seal,
        assessment=visit.assessment or "",
        plan_note=visit.plan_note or "",
        signer_ids=visit.signer_ids or "",
        body_marks=stored_marks(visit.body_marks or []),
    )


def _measurement(m: Measurement) -> MeasurementRecord:
    entries = m.entries or []
    return MeasurementRecord(
        m.instrument,
        m.side,
        m.timing,
        m.value,
        m.unit,
        site=m.site or "",
        entries=tuple(_number(e.get("value")) for e in entries if isinstance(e, dict)),
        labels=tuple(str(e.get("label", "")) for e in entries if isinstance(e, dict))
        if any(isinstance(e, dict) and e.get("label") for e in entries)
        else (),
        rule=m.rule or "",
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
