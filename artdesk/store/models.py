"""SQLAlchemy 2 typed models: the clinic's records.

No engine here and no commits: transactions live in the repositories.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from artdesk.measures import MeasureSide, Timing
from artdesk.store.types import JSONList, JSONText, StrEnumText, UTCDateTime
from artdesk.vocabulary import ScreeningResult, VisitStatus

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

VISIT_STATUSES = tuple(s.value for s in VisitStatus)
SCREENING_RESULTS = tuple(r.value for r in ScreeningResult)
_TIMINGS = tuple(t.value for t in Timing)
_SIDES = tuple(s.value for s in MeasureSide)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Clinician(Base):
    __tablename__ = "clinicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # sign-in (schema 0005): a PIN or a password, stored only as an Argon2id hash
    secret_kind: Mapped[str | None] = mapped_column(String(10))
    secret_hash: Mapped[str | None] = mapped_column(String(200))
    secret_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    # wrong sign-in tries in a row, and until when the next must wait (schema 0006)
    failed_tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the profile a payer-grade note prints with the signature (schema 0007)
    licence: Mapped[str] = mapped_column(String(60), default="", server_default="")
    npi: Mapped[str] = mapped_column(String(20), default="", server_default="")


class Patient(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)  # folded, for sorting
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_digits: Mapped[str] = mapped_column(String(40), default="", index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    sport: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    tokens: Mapped[list[PatientNameToken]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", passive_deletes=True
    )
    visits: Mapped[list[Visit]] = relationship(back_populates="patient")


class PatientNameToken(Base):
    """One searchable word of a patient's name, folded (see ``store.text``), with where the
    patient sorts in the list (``Patient.name_key``, kept with the words; schema 0009): the
    search reads the first page in name order from the words' index alone."""

    __tablename__ = "patient_name_tokens"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(100), primary_key=True)
    name_key: Mapped[str] = mapped_column(String(300), default="", server_default="")

    patient: Mapped[Patient] = relationship(back_populates="tokens")

    __table_args__ = (Index("ix_patient_name_tokens_order", "token", "name_key", "patient_id"),)


class Visit(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id", ondelete="RESTRICT"))
    status: Mapped[VisitStatus] = mapped_column(
        StrEnumText(VisitStatus, 20), default=VisitStatus.IN_PROGRESS
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    complaint: Mapped[str] = mapped_column(Text, default="")
    screening_result: Mapped[ScreeningResult | None] = mapped_column(
        StrEnumText(ScreeningResult, 20)
    )
    screening_answers: Mapped[dict[str, Any]] = mapped_column(JSONText(), default=dict)
    screening_override: Mapped[str | None] = mapped_column(Text)
    protocols: Mapped[str] = mapped_column(Text, default="")  # names, for history listings
    treated_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    billing_units: Mapped[int] = mapped_column(Integer, default=0)
    home_care_notes: Mapped[str] = mapped_column(Text, default="")
    next_visit: Mapped[date | None] = mapped_column(Date)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinicians.id", ondelete="RESTRICT")
    )
    # a visit that ended in a referral instead of treatment: to, urgency, advice
    referral: Mapped[dict[str, Any] | None] = mapped_column(JSONText())
    # tamper evidence (schema 0005): how the signer authenticated, and the seal over the
    # signed content and the heads of the visit's chains (artdesk.store.chain)
    signed_with: Mapped[str | None] = mapped_column(String(10))
    # the signer's name and credentials as they were at signing (schema 0006): sealed, so a
    # later rename of the clinician cannot change who a paper says signed
    signed_name: Mapped[str | None] = mapped_column(String(320))
    seal: Mapped[str | None] = mapped_column(String(64))
    # the room (PC) holding an unfinished visit, since when, and its last heartbeat
    room: Mapped[str | None] = mapped_column(String(100))
    room_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    room_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    room_holder: Mapped[str | None] = mapped_column(String(100))  # host:process (0006)
    # the wrap-up as typed, until it is signed (schema 0006; not sealed, cleared at signing)
    wrapup_draft: Mapped[dict[str, Any] | None] = mapped_column(JSONText())
    # the episode of care the visit belongs to, and the clinician's own assessment and plan
    # (schema 0007): sealed with the signature from this revision on, with the signer's
    # licence and NPI as they were at signing
    episode_id: Mapped[int | None] = mapped_column(
        ForeignKey("episodes.id", ondelete="RESTRICT"), index=True
    )
    assessment: Mapped[str | None] = mapped_column(Text)
    plan_note: Mapped[str | None] = mapped_column(Text)
    signer_ids: Mapped[str | None] = mapped_column(String(200))
    # where it hurt, marked on the body chart at set-up (schema 0008; sealed when there are any)
    body_marks: Mapped[list[Any] | None] = mapped_column(JSONList())

    patient: Mapped[Patient] = relationship(back_populates="visits")
    clinician: Mapped[Clinician] = relationship(foreign_keys=[clinician_id])
    signed_by: Mapped[Clinician | None] = relationship(foreign_keys=[signed_by_id])
    events: Mapped[list[VisitEvent]] = relationship(
        back_populates="visit",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="VisitEvent.seq",
    )
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="visit",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Measurement.id",
    )
    home_care: Mapped[list[HomeCareItem]] = relationship(
        back_populates="visit",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="HomeCareItem.position",
    )
    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="visit",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Amendment.id",
    )
    void: Mapped[VisitVoid | None] = relationship(back_populates="visit", passive_deletes=True)

    __table_args__ = (
        CheckConstraint(f"status IN {VISIT_STATUSES!r}", name="status"),
        CheckConstraint(
            f"screening_result IS NULL OR screening_result IN {SCREENING_RESULTS!r}",
            name="screening_result",
        ),
        CheckConstraint("status = 'in_progress' OR signed_at IS NOT NULL", name="signed_at"),
        Index("ix_visits_patient_started", "patient_id", "started_at"),
        Index("ix_visits_status", "status"),
    )


class VisitEvent(Base):
    """The visit's append-only journal: one row per runner event, committed as it happens."""

    __tablename__ = "visit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    t: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    data: Mapped[dict[str, Any]] = mapped_column(JSONText(), default=dict)
    hash: Mapped[str | None] = mapped_column(String(64))  # chained (artdesk.store.chain)

    visit: Mapped[Visit] = relationship(back_populates="events")

    __table_args__ = (UniqueConstraint("visit_id", "seq"),)


class Measurement(Base):
    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(40))
    side: Mapped[MeasureSide] = mapped_column(
        StrEnumText(MeasureSide, 10), default=MeasureSide.NONE
    )
    timing: Mapped[Timing] = mapped_column(StrEnumText(Timing, 10))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    hash: Mapped[str | None] = mapped_column(String(64))
    # where it was taken, the entries it was scored from (trials, or the patient's named
    # activities and their ratings) and the rule used, missing items included (schema 0007)
    site: Mapped[str] = mapped_column(String(100), default="", server_default="")
    entries: Mapped[list[Any] | None] = mapped_column(JSONList())
    rule: Mapped[str] = mapped_column(String(100), default="", server_default="")

    visit: Mapped[Visit] = relationship(back_populates="measurements")

    __table_args__ = (
        CheckConstraint(f"timing IN {_TIMINGS!r}", name="timing"),
        CheckConstraint(f"side IN {_SIDES!r}", name="side"),
    )


class HomeCareItem(Base):
    __tablename__ = "home_care_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    exercise: Mapped[str] = mapped_column(Text)
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    hold_seconds: Mapped[int] = mapped_column(Integer, default=0)
    frequency: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    hash: Mapped[str | None] = mapped_column(String(64))

    visit: Mapped[Visit] = relationship(back_populates="home_care")


class Amendment(Base):
    """A labelled, dated, attributed correction of a signed visit; the original stays."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    hash: Mapped[str | None] = mapped_column(String(64))

    visit: Mapped[Visit] = relationship(back_populates="amendments")
    author: Mapped[Clinician] = relationship()


class VisitVoid(Base):
    """A visit opened in error, voided with a reason: kept and labelled, never deleted; left
    out of history counts, charts and billing (schema 0005)."""

    __tablename__ = "visit_voids"

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visits.id", ondelete="RESTRICT"), primary_key=True
    )
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id", ondelete="RESTRICT"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))

    visit: Mapped[Visit] = relationship(back_populates="void")
    clinician: Mapped[Clinician] = relationship()


class AuditEvent(Base):
    """Append-only, chained: who did what to which record, when, from which room."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(40))
    clinician_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinicians.id", ondelete="RESTRICT")
    )
    patient_id: Mapped[int | None] = mapped_column(Integer)
    visit_id: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_patient_id", "patient_id", "id"),
        Index("ix_audit_events_at", "at"),
    )


class Episode(Base):
    """An episode of care: one complaint treated over a course of visits (schema 0007).

    Not sealed: goals, plan and status change as the course goes (each change is audited);
    the visits it holds are sealed one by one."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id", ondelete="RESTRICT"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    complaint: Mapped[str] = mapped_column(Text, default="")
    diagnosis_code: Mapped[str] = mapped_column(String(10), default="")
    diagnosis_text: Mapped[str] = mapped_column(String(300), default="")
    injury_date: Mapped[date | None] = mapped_column(Date)
    mechanism: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[list[Any]] = mapped_column(JSONList(), default=list)
    plan_visits_per_week: Mapped[int | None] = mapped_column(Integer)
    plan_weeks: Mapped[int | None] = mapped_column(Integer)
    plan_visits: Mapped[int | None] = mapped_column(Integer)
    reeval_date: Mapped[date | None] = mapped_column(Date)
    course: Mapped[str] = mapped_column(String(100), default="")
    measures: Mapped[list[Any]] = mapped_column(JSONList(), default=list)
    protocols: Mapped[list[Any]] = mapped_column(JSONList(), default=list)
    psfs_activities: Mapped[list[Any]] = mapped_column(JSONList(), default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    discharged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    discharge_summary: Mapped[str] = mapped_column(Text, default="")

    clinician: Mapped[Clinician] = relationship()

    __table_args__ = (
        CheckConstraint("status IN ('active', 'discharged')", name="status"),
        Index("ix_episodes_patient_opened", "patient_id", "opened_at"),
    )


class DiagnosisCode(Base):
    """A diagnosis code the clinic added to the shipped list (schema 0007)."""

    __tablename__ = "diagnosis_codes"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinicians.id", ondelete="RESTRICT")
    )


class CourseTemplate(Base):
    """A course template the clinic saved (the shipped ones are resources/courses, 0007)."""

    __tablename__ = "course_templates"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any]] = mapped_column(JSONText(), default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinicians.id", ondelete="RESTRICT")
    )


class ProtocolVersion(Base):
    """One exact protocol text a visit ran or the clinic saved, by its SHA-256 (schema 0008).
    Append-only (guard triggers): a visit's plan names the digest, so its papers read this."""

    __tablename__ = "protocol_versions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    protocol_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(40), default="shipped")
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kept_by_id: Mapped[int | None] = mapped_column(ForeignKey("clinicians.id", ondelete="RESTRICT"))

    __table_args__ = (Index("ix_protocol_versions_protocol", "protocol_id", "version"),)
