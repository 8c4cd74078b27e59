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
from sqlalchemy.orm import Session

from artdesk.protocols.marks import BodyMark
from artdesk.store import audit, journal, lease, sealing
from artdesk.store.engine import Database
from artdesk.store.episodes import episode_for
from artdesk.store.errors import InvalidInput, NotFound, VisitSigned
from artdesk.store.measurements import MeasurementData, measurement_row
from artdesk.store.models import (
    Amendment,
    Clinician,
    HomeCareItem,
    Measurement,
    Patient,
    Visit,
    VisitVoid,
)
from artdesk.store.protocol_versions import ProtocolText, keep_in
from artdesk.store.records import (
    URGENCIES,
    Referral,
)
from artdesk.store.validate import count, text
from artdesk.store.visit_care import VisitCare
from artdesk.store.visit_reads import VisitReads
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
    episode_id: int | None = None  # None: the active episode, or a new one for the complaint
    body_marks: tuple[BodyMark, ...] = ()  # where it hurts, from the body chart
    protocol_texts: tuple[ProtocolText, ...] = ()  # the exact versions the plan runs


@dataclass(frozen=True, slots=True)
class TreatmentTotals:
    """The figures the history listing shows without replaying the journal."""

    ended_at: datetime | None
    treated_seconds: float
    billing_units: int
    protocols: str


class VisitRepository(VisitReads, VisitCare):
    def __init__(
        self,
        database: Database,
        now: Callable[[], datetime] | None = None,
        room: str = "",
        program: str = lease.THIS_PROGRAM,
    ) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))
        self.room = room  # this PC: the lease on a live visit (artdesk.store.lease)
        self.program = program  # this program in the room (two windows: two programs)

    def _audit(
        self,
        session: Session,
        action: audit.Action,
        who: int | None,
        visit: int,
        detail: str = "",
    ) -> None:
        audit.append(
            session, self._now(), action, who, visit_id=visit, room=self.room, detail=detail
        )

    @staticmethod
    def _editable(session: Session, visit_id: int) -> Visit:
        # one SELECT for the visit and whether it was voided; FOR UPDATE (PostgreSQL): two
        # rooms take turns on the visit's row (SQLite has one writer anyway)
        found = session.execute(
            select(Visit, VisitVoid.visit_id)
            .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
            .where(Visit.id == visit_id)
            .with_for_update(of=Visit)
        ).first()
        if found is None:
            raise NotFound(f"no visit {visit_id}")
        visit: Visit = found[0]
        voided: int | None = found[1]  # the outer join's side: None when not voided
        if visit.status == VisitStatus.SIGNED:
            signed = visit.signed_at.strftime("%Y-%m-%d %H:%M UTC") if visit.signed_at else ""
            raise VisitSigned(
                f"visit {visit_id} was signed {signed} and cannot be changed; add an amendment"
            )
        if voided is not None:
            raise VisitSigned(f"visit {visit_id} was voided and cannot be changed")
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
            lease.claim(visit, self.room, self._now(), self.program)
            journal.append(session, visit.id, first)
            self._audit(session, audit.Action.START_VISIT, new.clinician_id, visit.id)
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
            episode_id=episode_for(
                session, new.patient_id, new.clinician_id, new.episode_id, new.complaint, at
            ),
            body_marks=[m.to_dict() for m in new.body_marks] or None,
        )
        session.add(visit)
        keep_in(session, new.protocol_texts, at, new.clinician_id)
        session.flush()
        sealing.add_measurements(session, visit.id, rows)
        session.flush()
        return visit

    def refer(
        self, new: NewVisit, referral: Referral, at: datetime, signed_with: str = "none"
    ) -> int:
        """A visit that ends in a referral, saved and signed at once (no treatment, no
        journal): who, why, the screen's answers, pain before, and the referral."""
        rows = self._checked(new)
        to = text(
            referral.to,
            "whom the patient is referred to",
            required=True,
            limit=300,
            single_line=True,
        )
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
            visit.signed_name = _signer(session, new.clinician_id)
            visit.signer_ids = _signer_ids(session, new.clinician_id)
            visit.signed_with = signed_with
            visit.assessment = ""  # a referral: the reason is the screen's and the referral's
            visit.plan_note = ""
            sealing.seal(session, visit)
            self._audit(
                session, audit.Action.REFER_VISIT, new.clinician_id, visit.id, f"seal {visit.seal}"
            )
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
            lease.check(visit, self.room, self._now(), self.program)
            journal.append(session, visit.id, event)
            if totals is not None:
                self._apply_totals(visit, totals)
            if event.kind is EventKind.FINISHED:
                self._audit(session, audit.Action.FINISH_VISIT, visit.clinician_id, visit.id)

    def set_totals(self, visit_id: int, totals: TreatmentTotals) -> None:
        """Keep the history listing's figures in step with the journal (after the finish)."""
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            lease.check(visit, self.room, self._now(), self.program)
            self._apply_totals(visit, totals)

    @staticmethod
    def _apply_totals(visit: Visit, totals: TreatmentTotals) -> None:
        visit.ended_at = totals.ended_at
        visit.treated_seconds = totals.treated_seconds
        visit.billing_units = totals.billing_units
        visit.protocols = totals.protocols

    def events(self, visit_id: int) -> list[Event]:
        with self._db.read() as session:
            return journal.read(session, visit_id)

    def last_plan(self, visit_ids: Sequence[int]) -> tuple[int, str, bool] | None:
        """Of these visits, the last signed one whose clinician wrote a Plan: its id, the plan
        as signed, and whether the visit was amended since (None when none wrote one)."""
        if not visit_ids:
            return None
        amended = select(Amendment.id).where(Amendment.visit_id == Visit.id).exists()
        with self._db.read() as session:
            found = session.execute(
                select(Visit.id, Visit.plan_note, amended)
                .where(
                    Visit.id.in_(list(visit_ids)),
                    Visit.status == VisitStatus.SIGNED.value,
                    Visit.plan_note.is_not(None),
                    Visit.plan_note != "",
                )
                .order_by(Visit.started_at.desc(), Visit.id.desc())
                .limit(1)
            ).first()
        return None if found is None else (found[0], found[1] or "", bool(found[2]))

    def _measurement(self, m: MeasurementData) -> Measurement:
        return measurement_row(m, self._now())

    @staticmethod
    def _home_care_items(items: Sequence[HomeCareData]) -> list[HomeCareItem]:
        return [
            HomeCareItem(
                position=n,
                exercise=text(i.exercise, "the exercise", required=True, limit=2000),
                sets=count(i.sets, "sets", 1, 50),
                reps=count(i.reps, "reps", 1, 500),
                hold_seconds=count(i.hold_seconds, "hold", 0, 3600),
                frequency=text(
                    i.frequency, "how often", required=True, limit=200, single_line=True
                ),
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
        signed_with: str = "none",
        assessment: str = "",
        plan_note: str = "",
    ) -> None:
        """Store the wrap-up (measures after, home care, next visit, the clinician's own
        assessment and plan) and sign, all or nothing."""
        rows = [self._measurement(m) for m in measurements]
        items = self._home_care_items(home_care)
        notes = text(home_care_notes, "the home-care notes")
        assessment = text(assessment, "the assessment")
        plan_note = text(plan_note, "the plan")
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            lease.check(visit, self.room, self._now(), self.program)
            if session.get(Clinician, clinician_id) is None:
                raise NotFound(f"no clinician {clinician_id}")
            last = journal.last_kind(session, visit_id)
            if last is not None and last is not EventKind.FINISHED:
                raise InvalidInput("finish the treatment before signing the visit")
            sealing.add_measurements(session, visit_id, rows)
            sealing.set_home_care(session, visit, items)
            session.flush()  # the records go in while the visit is open, then it is signed
            visit.home_care_notes = notes
            visit.next_visit = next_visit
            self._apply_totals(visit, totals)
            visit.status = VisitStatus.SIGNED
            visit.signed_at = self._now()
            visit.signed_by_id = clinician_id
            visit.signed_name = _signer(session, clinician_id)
            visit.signer_ids = _signer_ids(session, clinician_id)
            visit.signed_with = signed_with
            visit.assessment = assessment
            visit.plan_note = plan_note
            if visit.ended_at is None:
                visit.ended_at = visit.signed_at
            lease.release(visit)
            visit.wrapup_draft = None  # what was typed is now in the signed records
            sealing.seal(session, visit)
            self._audit(
                session, audit.Action.SIGN_VISIT, clinician_id, visit_id, f"seal {visit.seal}"
            )

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
            sealing.add_amendment(session, visit, amendment)
            session.flush()
            self._audit(
                session,
                audit.Action.AMEND_VISIT,
                author_id,
                visit_id,
                f"amendment {amendment.hash}; reason: {reason[:200]}",
            )
            return amendment.id


def _signer(session: Session, clinician_id: int) -> str:
    """The name a signature shows: the clinician's name and credentials at this moment."""
    with session.no_autoflush:  # called mid-signing: nothing may be flushed before the seal
        clinician = session.get(Clinician, clinician_id)
    if clinician is None:
        raise NotFound(f"no clinician {clinician_id}")
    return ", ".join(p for p in (clinician.full_name, clinician.credentials) if p)


def _signer_ids(session: Session, clinician_id: int) -> str:
    """The signer's licence and NPI as they are at signing (sealed with the signature)."""
    with session.no_autoflush:
        clinician = session.get(Clinician, clinician_id)
    if clinician is None:
        raise NotFound(f"no clinician {clinician_id}")
    parts = []
    if clinician.licence:
        parts.append(f"Licence {clinician.licence}")
    if clinician.npi:
        parts.append(f"NPI {clinician.npi}")
    return " · ".join(parts)
