"""The care of a live or wrongly opened visit: the room's hold on it (take over, heartbeat),
the wrap-up as typed (drafts), and voiding one opened in error. Part of
:class:`~artdesk.store.visits.VisitRepository` (kept apart to keep each module readable)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from artdesk.store import audit, lease, sealing
from artdesk.store.engine import Database
from artdesk.store.errors import InvalidInput, NotFound
from artdesk.store.models import Clinician, Visit, VisitVoid
from artdesk.store.text import broken_text
from artdesk.store.validate import text
from artdesk.vocabulary import VisitStatus


class VisitCare:
    _db: Database
    _now: Callable[[], datetime]
    room: str
    program: str

    def _editable(self, session: Session, visit_id: int) -> Visit:  # VisitRepository's
        raise NotImplementedError

    def _audit(
        self, session: Session, action: audit.Action, who: int | None, visit: int, detail: str = ""
    ) -> None:
        raise NotImplementedError

    def void(self, visit_id: int, clinician_id: int, reason: str) -> None:
        """Void a visit opened in error: kept, labelled, out of counts, charts and billing."""
        reason = text(reason, "the reason for voiding", required=True, limit=2000)
        if len(reason) < 5:
            raise InvalidInput("say why the visit is voided (a few words)")
        with self._db.write() as session:
            visit = session.get(Visit, visit_id, with_for_update=True)
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            if session.get(VisitVoid, visit_id) is not None:
                raise InvalidInput(f"visit {visit_id} is already voided")
            who = session.get(Clinician, clinician_id)
            if who is None:
                raise NotFound(f"no clinician {clinician_id}")
            if clinician_id != visit.clinician_id and not who.is_admin:
                raise InvalidInput(
                    "only the visit's own clinician or a clinician with the admin role may void it"
                )
            if visit.status != VisitStatus.SIGNED:
                lease.check(visit, self.room, self._now(), self.program)  # never a live visit
                # in another room or window
            void = VisitVoid(
                visit_id=visit_id, clinician_id=clinician_id, at=self._now(), reason=reason
            )
            void.hash = sealing.void_hash(void)
            session.add(void)
            if visit.status != VisitStatus.SIGNED:
                lease.release(visit)  # nobody holds a voided visit
            self._audit(
                session, audit.Action.VOID_VISIT, clinician_id, visit_id, f"void {void.hash}"
            )

    def holder(self, visit_id: int) -> lease.Holder | None:
        with self._db.read() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            return lease.holder(visit)

    def take_over(self, visit_id: int, clinician_id: int, *, confirmed: bool) -> None:
        """Move a live visit to this room (audited); before the lease expires only when the
        clinician confirmed that the other room is done with it."""
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            held = lease.holder(visit)
            now = self._now()
            elsewhere = held is not None and not held.held_by(self.room, self.program)
            if held is not None and elsewhere and not (confirmed or held.expired(now)):
                raise lease.VisitElsewhere(
                    f"visit {visit_id} is {held.text()} and was active "
                    f"{int(held.quiet_for(now).total_seconds())} s ago: confirm the take-over"
                )
            lease.claim(visit, self.room, now, self.program)
            detail = f"from “{held.room}”" if held is not None else "from no room"
            audit.append(
                session,
                now,
                audit.Action.TAKE_OVER_VISIT,
                clinician_id,
                visit_id=visit_id,
                room=self.room,
                detail=detail,
            )

    def save_draft(self, visit_id: int, draft: dict[str, Any]) -> None:
        """Keep the wrap-up as typed (the window calls this as the clinician types): plain
        JSON — text, numbers, lists — with no broken characters, at most 200 000 characters."""
        size = len(json.dumps(draft, ensure_ascii=False, default=str))
        if size > 200_000:
            raise InvalidInput(f"the wrap-up is {size:,} characters; at most 200,000")
        for value in _strings(draft):
            problem = broken_text(value)
            if problem:
                raise InvalidInput(f"the wrap-up {problem}")
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            lease.check(visit, self.room, self._now(), self.program)
            visit.wrapup_draft = dict(draft)

    def draft(self, visit_id: int) -> dict[str, Any] | None:
        with self._db.read() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFound(f"no visit {visit_id}")
            return dict(visit.wrapup_draft) if visit.wrapup_draft else None

    def heartbeat(self, visit_id: int) -> None:
        """The window's 'still here' for a live visit with nothing happening."""
        with self._db.write() as session:
            visit = self._editable(session, visit_id)
            lease.check(visit, self.room, self._now(), self.program)


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON-like value (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []
