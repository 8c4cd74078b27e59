"""A visit as one readable record: the stored rows plus the state replayed from its journal.

The read-only visit view, the SOAP note, the take-home summary and the CLI all read this; the
meaning of what is in it (treated, pain before/after, time) is :mod:`artdesk.visit.definitions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from artdesk.measures import PAIN, Timing
from artdesk.treatment import StructureRecord, VisitState
from artdesk.visit import definitions
from artdesk.vocabulary import ScreeningResult, VisitStatus


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

    @property
    def is_pain(self) -> bool:
        return self.instrument == PAIN


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
    status: VisitStatus
    complaint: str
    screening_result: ScreeningResult | None
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
        return self.status is VisitStatus.SIGNED

    def pain(self, timing: Timing | str) -> float | None:
        """Pain before/after (the definition: :func:`definitions.pain`)."""
        readings = [(m.timing, m.value) for m in self.measurements if m.is_pain]
        return definitions.pain(readings, Timing(timing))

    @property
    def pain_before(self) -> float | None:
        return self.pain(Timing.BEFORE)

    @property
    def pain_after(self) -> float | None:
        return self.pain(Timing.AFTER)

    @property
    def retests(self) -> tuple[MeasurementRecord, ...]:
        """Every measurement other than the pain score."""
        return tuple(m for m in self.measurements if not m.is_pain)

    @property
    def treated(self) -> list[StructureRecord]:
        return definitions.treated(self.state)

    @property
    def palpated_only(self) -> list[StructureRecord]:
        return definitions.palpated_only(self.state)

    @property
    def skipped(self) -> list[StructureRecord]:
        return definitions.skipped(self.state)

    @property
    def treated_seconds(self) -> float:
        return definitions.treated_seconds(self.state)

    @property
    def billing_units(self) -> int:
        return definitions.billable_units(self.state)
