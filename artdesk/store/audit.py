"""The audit trail: who signed in, looked at, changed, printed or backed up what, and when.

Append-only (the database refuses UPDATE and DELETE, see ``guards``) and chained like a
visit's records (``chain``), clinic-wide in ``id`` order. Actions that change a record are
written in the same transaction as the change (:func:`append`); the rest — sign-in, viewing,
printing — through :class:`AuditTrail`, each in its own short transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from artdesk.store import chain
from artdesk.store.engine import Database
from artdesk.store.models import AuditEvent, Clinician, Visit


class Action(StrEnum):
    SIGN_IN = "sign-in"
    SIGN_IN_FAILED = "sign-in-failed"
    SIGN_OUT = "sign-out"
    LOCK = "lock"
    UNLOCK = "unlock"
    VIEW_PATIENT = "view-patient"
    VIEW_VISIT = "view-visit"
    ADD_PATIENT = "add-patient"
    EDIT_PATIENT = "edit-patient"
    START_VISIT = "start-visit"
    RESUME_VISIT = "resume-visit"
    FINISH_VISIT = "finish-visit"
    SIGN_VISIT = "sign-visit"
    REFER_VISIT = "refer-visit"
    AMEND_VISIT = "amend-visit"
    VOID_VISIT = "void-visit"
    TAKE_OVER_VISIT = "take-over-visit"
    PRINT = "print"
    SAVE_DOCUMENT = "save-document"
    EXPORT = "export"
    BACKUP = "backup"
    RESTORE = "restore"
    SETTINGS = "settings"
    CREDENTIAL_SET = "credential-set"
    CREDENTIAL_RESET = "credential-reset"
    ADD_CLINICIAN = "add-clinician"
    EDIT_CLINICIAN = "edit-clinician"
    OPEN_EPISODE = "open-episode"
    CHANGE_EPISODE = "change-episode"
    DISCHARGE_EPISODE = "discharge-episode"
    REOPEN_EPISODE = "reopen-episode"
    ADD_DIAGNOSIS = "add-diagnosis"
    SAVE_COURSE = "save-course"
    SAVE_PROTOCOL = "save-protocol"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    action: str
    clinician: str  # the name, or "" when nobody was signed in (a failed sign-in, the CLI)
    patient_id: int | None
    visit_id: int | None
    room: str
    detail: str


def _last_hash(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        # one chain for the clinic: rooms appending at once take turns
        session.execute(select(func.pg_advisory_xact_lock(0x4152_5444)))  # "ARTD"
    head = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return head or chain.GENESIS


def append(
    session: Session,
    at: datetime,
    action: Action,
    clinician_id: int | None,
    *,
    patient_id: int | None = None,
    visit_id: int | None = None,
    room: str = "",
    detail: str = "",
) -> None:
    """Add one entry in the caller's transaction (a visit's patient is looked up)."""
    if visit_id is not None and patient_id is None:
        patient_id = session.scalar(select(Visit.patient_id).where(Visit.id == visit_id))
    row = AuditEvent(
        at=at,
        action=action.value,
        clinician_id=clinician_id,
        patient_id=patient_id,
        visit_id=visit_id,
        room=room[:100],
        detail=detail[:2000],
    )
    row.hash = chain.link(_last_hash(session), chain.audit_content(row))
    session.add(row)
    session.flush()


class AuditTrail:
    def __init__(
        self, database: Database, now: Callable[[], datetime] | None = None, room: str = ""
    ) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))
        self.room = room

    def record(
        self,
        action: Action,
        clinician_id: int | None,
        *,
        patient_id: int | None = None,
        visit_id: int | None = None,
        detail: str = "",
    ) -> None:
        with self._db.write() as session:
            append(
                session,
                self._now(),
                action,
                clinician_id,
                patient_id=patient_id,
                visit_id=visit_id,
                room=self.room,
                detail=detail,
            )

    def entries(
        self,
        *,
        patient_id: int | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[AuditEntry]:
        stmt = select(AuditEvent, Clinician.full_name).outerjoin(
            Clinician, Clinician.id == AuditEvent.clinician_id
        )
        if patient_id is not None:
            stmt = stmt.where(AuditEvent.patient_id == patient_id)
        if since is not None:
            stmt = stmt.where(AuditEvent.at >= since)
        stmt = stmt.order_by(AuditEvent.id.desc() if newest_first else AuditEvent.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._db.read() as session:
            return [
                AuditEntry(
                    e.id, e.at, e.action, name or "", e.patient_id, e.visit_id, e.room, e.detail
                )
                for e, name in session.execute(stmt)
            ]

    def broken(self) -> tuple[int, list[str]]:
        """Walk the whole trail: (entries checked, what no longer matches)."""
        with self._db.read() as session:
            rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
            # a deleted entry shows as a mismatch at the next one (its "prev" is gone)
            problems, _ = chain.broken_links(rows, chain.audit_content, "audit entry")
        return len(rows), problems
