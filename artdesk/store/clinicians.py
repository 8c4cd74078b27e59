"""The clinic's clinicians: who treats, signs and amends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from artdesk.store.engine import Database
from artdesk.store.models import Clinician
from artdesk.store.validate import text


@dataclass(frozen=True, slots=True)
class ClinicianRow:
    id: int
    full_name: str
    credentials: str


class ClinicianRepository:
    def __init__(self, database: Database, now: Callable[[], datetime] | None = None) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))

    def add(self, full_name: str, credentials: str = "") -> int:
        with self._db.write() as session:
            first = session.scalar(select(Clinician.id).limit(1)) is None
            clinician = Clinician(
                full_name=text(
                    full_name, "the clinician's name", required=True, limit=200, single_line=True
                ),
                credentials=text(credentials, "credentials", limit=100, single_line=True),
                active=True,
                created_at=self._now(),
                is_admin=first,  # the clinic's first clinician may reset the others' secrets
            )
            session.add(clinician)
            session.flush()
            return clinician.id

    def active(self) -> list[ClinicianRow]:
        """Clinicians who may treat, by name."""
        with self._db.read() as session:
            rows = session.execute(
                select(Clinician.id, Clinician.full_name, Clinician.credentials)
                .where(Clinician.active)
                .order_by(Clinician.full_name)
            )
            return [ClinicianRow(r[0], r[1], r[2]) for r in rows]
