"""The exact protocol texts visits ran and the clinic saved (``protocol_versions``, 0008).

Content-addressed by SHA-256: a text is kept once, and never changed or removed (guard
triggers). A visit's plan names each protocol's digest in its sealed journal; the papers and
the visit view read that text back, so an edit to the library later changes no old visit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from artdesk.protocols.loader import digest as text_digest
from artdesk.protocols.model import Protocol
from artdesk.store import audit
from artdesk.store.engine import Database
from artdesk.store.errors import DamagedRecord
from artdesk.store.models import ProtocolVersion


@dataclass(frozen=True, slots=True)
class ProtocolText:
    """One protocol version as kept: its text and where it came from."""

    digest: str
    protocol_id: str
    version: int
    content: str
    origin: str = "shipped"

    @classmethod
    def of(cls, protocol: Protocol, origin: str = "shipped") -> ProtocolText:
        return cls(protocol.digest, protocol.id, protocol.version, protocol.text, origin)


@dataclass(frozen=True, slots=True)
class KeptVersion:
    digest: str
    protocol_id: str
    version: int
    origin: str
    kept_at: datetime


def keep_in(
    session: Session, texts: Iterable[ProtocolText], at: datetime, by: int | None
) -> list[ProtocolText]:
    """Add the texts not kept yet (inside the caller's transaction); the ones added."""
    added = []
    for t in {t.digest: t for t in texts}.values():
        if t.digest != text_digest(t.content):
            raise DamagedRecord(f"protocol {t.protocol_id!r}: its text does not match its digest")
        if session.get(ProtocolVersion, t.digest) is not None:
            continue
        session.add(
            ProtocolVersion(
                digest=t.digest,
                protocol_id=t.protocol_id,
                version=t.version,
                content=t.content,
                origin=t.origin,
                kept_at=at,
                kept_by_id=by,
            )
        )
        added.append(t)
    session.flush()
    return added


class ProtocolVersionRepository:
    def __init__(
        self, database: Database, now: Callable[[], datetime] | None = None, room: str = ""
    ) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))
        self.room = room

    def keep(self, texts: Iterable[ProtocolText], clinician_id: int | None = None) -> int:
        """Keep every text not kept yet; a saved one is audited. How many were new."""
        with self._db.write() as session:
            added = keep_in(session, texts, self._now(), clinician_id)
            for t in added:
                if t.origin != "shipped":
                    audit.append(
                        session,
                        self._now(),
                        audit.Action.SAVE_PROTOCOL,
                        clinician_id,
                        room=self.room,
                        detail=f"{t.protocol_id} version {t.version} ({t.digest[:12]})",
                    )
            return len(added)

    def texts(self, digests: Iterable[str]) -> dict[str, str]:
        """The kept texts of these digests (those never kept are absent), each checked."""
        wanted = sorted(set(digests) - {""})
        if not wanted:
            return {}
        with self._db.read() as session:
            rows = session.execute(
                select(ProtocolVersion.digest, ProtocolVersion.content).where(
                    ProtocolVersion.digest.in_(wanted)
                )
            ).all()
        out = {}
        for digest, content in rows:
            if text_digest(content) != digest:
                raise DamagedRecord(f"the kept protocol {digest[:12]} changed after it was kept")
            out[digest] = content
        return out

    def versions(self, protocol_id: str) -> list[KeptVersion]:
        """Every kept version of one protocol, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(ProtocolVersion)
                .where(ProtocolVersion.protocol_id == protocol_id)
                .order_by(ProtocolVersion.kept_at, ProtocolVersion.version)
            ).all()
            return [
                KeptVersion(r.digest, r.protocol_id, r.version, r.origin, r.kept_at) for r in rows
            ]
