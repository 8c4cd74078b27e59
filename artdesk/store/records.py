"""A stored visit as plain data: what the repository hands the visit flow (no ORM objects
leave the store, so nothing can lazy-load outside a transaction or past the error boundary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from artdesk.course.model import Episode
from artdesk.measures import PAIN, MeasureSide, Timing
from artdesk.protocols.marks import BodyMark
from artdesk.vocabulary import ScreeningResult, VisitStatus


@dataclass(frozen=True, slots=True)
class AmendmentRecord:
    id: int
    author: str
    created_at: datetime
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class MeasurementRecord:
    instrument: str
    side: MeasureSide
    timing: Timing
    value: float
    unit: str
    site: str = ""
    entries: tuple[float | None, ...] = ()  # the trials or ratings it was scored from
    labels: tuple[str, ...] = ()  # PSFS: the patient's activities, aligned with entries
    rule: str = ""  # how it was scored, missing entries included

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
class Referral:
    """A visit that ended in a referral instead of treatment (DOMAIN.md §5, §7 item 4)."""

    to: str  # whom: emergency department, GP, orthopaedics…
    urgency: str  # one of URGENCIES
    advice: str = ""  # what the patient was told

    def to_dict(self) -> dict[str, str]:
        return {"to": self.to, "urgency": self.urgency, "advice": self.advice}


@dataclass(frozen=True, slots=True)
class VoidRecord:
    """A visit opened in error: when, by whom, why (kept, labelled, out of the counts)."""

    at: datetime
    by: str
    reason: str


URGENCIES = ("emergency now", "same day", "within a week", "routine")


@dataclass(frozen=True, slots=True)
class StoredVisit:
    """Everything stored with a visit except its journal's meaning (the flow replays that)."""

    id: int
    patient_id: int
    patient_name: str
    patient_birth: date
    patient_sport: str
    clinician_id: int
    clinician: str
    started_at: datetime
    ended_at: datetime | None
    status: VisitStatus
    complaint: str
    screening_result: ScreeningResult | None
    screening_answers: dict[str, bool | str]  # yes/no, or the site of a not-at-site answer
    screening_override: str | None
    measurements: tuple[MeasurementRecord, ...]
    home_care: tuple[HomeCareRecord, ...]
    home_care_notes: str
    next_visit: date | None
    signed_by: str | None
    signed_at: datetime | None
    amendments: tuple[AmendmentRecord, ...]
    referral: Referral | None = None
    void: VoidRecord | None = None
    signed_with: str | None = None  # "pin", "password", or "none" (signed without sign-in)
    seal: str | None = None  # SHA-256 over the signed content and its chains (store.chain)
    # the course of care (schema 0007): the episode, this visit's number in it (voided visits
    # not counted), and the clinician's own assessment and plan as signed
    episode: Episode | None = None
    visit_number: int | None = None
    assessment: str = ""
    plan_note: str = ""
    signer_ids: str = ""  # the signer's licence and NPI as signed: "Licence PT12345 · NPI …"
    body_marks: tuple[BodyMark, ...] = ()  # where it hurt, from the body chart (schema 0008)

    @property
    def visit_of(self) -> str:
        """'visit 3 of 6' ('' outside an episode)."""
        return self.episode.visit_of(self.visit_number) if self.episode else ""

    @property
    def voided(self) -> bool:
        return self.void is not None

    @property
    def signed(self) -> bool:
        return self.status is VisitStatus.SIGNED


@dataclass(frozen=True, slots=True)
class EpisodeVisit:
    """One visit of an episode as progress reads it: dates, who, the stored totals and its
    measurements (no journal: the progress charts need no replay)."""

    id: int
    started_at: datetime
    ended_at: datetime | None
    clinician: str
    signed: bool
    referral: bool
    next_visit: date | None
    treated_seconds: float
    billing_units: int
    measurements: tuple[MeasurementRecord, ...]
