"""The clinic's clinicians: who treats, signs and amends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from artdesk.store import audit
from artdesk.store.engine import Database
from artdesk.store.errors import InvalidInput, NotFound
from artdesk.store.models import Clinician
from artdesk.store.validate import text


@dataclass(frozen=True, slots=True)
class ClinicianRow:
    id: int
    full_name: str
    credentials: str
    licence: str = ""  # the state/board licence number a payer-grade note prints
    npi: str = ""  # US National Provider Identifier (10 digits), when the clinic bills in the US


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
                select(
                    Clinician.id,
                    Clinician.full_name,
                    Clinician.credentials,
                    Clinician.licence,
                    Clinician.npi,
                )
                .where(Clinician.active)
                .order_by(Clinician.full_name)
            )
            return [ClinicianRow(r[0], r[1], r[2], r[3] or "", r[4] or "") for r in rows]

    def profile(self, clinician_id: int) -> ClinicianRow:
        with self._db.read() as session:
            c = session.get(Clinician, clinician_id)
            if c is None:
                raise NotFound(f"no clinician {clinician_id}")
            return ClinicianRow(c.id, c.full_name, c.credentials, c.licence or "", c.npi or "")

    def update_profile(
        self,
        clinician_id: int,
        *,
        full_name: str,
        credentials: str,
        licence: str,
        npi: str,
        by: int | None = None,
        room: str = "",
    ) -> None:
        """Change a clinician's name, credentials, licence and NPI (audited). A visit already
        signed keeps the name and identifiers it was signed with."""
        name = text(full_name, "the clinician's name", required=True, limit=200, single_line=True)
        creds = text(credentials, "credentials", limit=100, single_line=True)
        lic = text(licence, "the licence number", limit=60, single_line=True)
        npi = text(npi, "the NPI", limit=20, single_line=True).replace(" ", "")
        if npi and not _npi_ok(npi):
            raise InvalidInput(f"{npi} is not an NPI (10 digits with a valid check digit)")
        with self._db.write() as session:
            c = session.get(Clinician, clinician_id)
            if c is None:
                raise NotFound(f"no clinician {clinician_id}")
            changed = [
                what
                for what, old, new in (
                    ("name", c.full_name, name),
                    ("credentials", c.credentials, creds),
                    ("licence", c.licence, lic),
                    ("NPI", c.npi, npi),
                )
                if old != new
            ]
            c.full_name, c.credentials, c.licence, c.npi = name, creds, lic, npi
            audit.append(
                session,
                self._now(),
                audit.Action.EDIT_CLINICIAN,
                by if by is not None else clinician_id,
                room=room,
                detail=f"clinician {clinician_id}: {', '.join(changed) or 'nothing'} changed",
            )


def _npi_ok(npi: str) -> bool:
    """The NPI's Luhn check digit, computed with the 80840 prefix (CMS NPI standard)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for n, d in enumerate(reversed(digits)):
        if n % 2 == 1:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return total % 10 == 0
