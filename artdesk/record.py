"""A visit as one readable record: the stored rows plus the state replayed from its journal.

The read-only visit view, the SOAP note and the take-home summary all read this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from artdesk.store import VisitRepository
from artdesk.store.models import Visit
from artdesk.treatment import Runner, VisitState


@dataclass(frozen=True, slots=True)
class AmendmentRecord:
    author: str
    created_at: datetime
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class MeasurementRecord:
    instrument: str
    side: str
    timing: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class HomeCareRecord:
    exercise: str
    sets: int
    reps: int
    hold_seconds: int
    frequency: str
    notes: str


@dataclass(frozen=True, slots=True)
class VisitRecord:
    id: int
    patient_id: int
    patient_name: str
    patient_birth: date
    patient_sport: str
    clinician: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    complaint: str
    screening_result: str | None
    screening_answers: dict[str, bool]
    screening_override: str | None
    measurements: tuple[MeasurementRecord, ...]
    home_care: tuple[HomeCareRecord, ...]
    home_care_notes: str
    next_visit: date | None
    signed_by: str | None
    signed_at: datetime | None
    amendments: tuple[AmendmentRecord, ...]
    state: VisitState

    @property
    def signed(self) -> bool:
        return self.status == "signed"

    def pain(self, timing: str) -> float | None:
        values = [
            m.value for m in self.measurements if m.instrument == "NPRS" and m.timing == timing
        ]
        return values[-1] if values else None


def _from(visit: Visit, state: VisitState) -> VisitRecord:
    return VisitRecord(
        id=visit.id,
        patient_id=visit.patient_id,
        patient_name=visit.patient.full_name,
        patient_birth=visit.patient.date_of_birth,
        patient_sport=visit.patient.sport,
        clinician=visit.clinician.full_name,
        started_at=visit.started_at,
        ended_at=visit.ended_at,
        status=visit.status,
        complaint=visit.complaint,
        screening_result=visit.screening_result,
        screening_answers=json.loads(visit.screening_answers or "{}"),
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
            AmendmentRecord(a.author.full_name, a.created_at, a.reason, a.text)
            for a in visit.amendments
        ),
        state=state,
    )


def load_visit_record(visits: VisitRepository, visit_id: int) -> VisitRecord:
    visit = visits.get(visit_id)
    state = Runner.replay(visits.events(visit_id)).state
    return _from(visit, state)
