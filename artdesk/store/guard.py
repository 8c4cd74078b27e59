"""A last line of defence: no session may change a signed visit or its records.

The repositories already refuse such changes with a clear message; this catches code that goes
around them. Adding an amendment is the one change a signed visit accepts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from artdesk.store.errors import VisitSigned
from artdesk.store.models import HomeCareItem, Measurement, Visit, VisitEvent
from artdesk.vocabulary import VisitStatus

_CHILDREN = (VisitEvent, Measurement, HomeCareItem)


def _was_signed(visit: Visit) -> bool:
    history = inspect(visit).attrs.status.history
    committed = history.deleted[0] if history.deleted else visit.status
    return committed == VisitStatus.SIGNED


def refuse_changes_to_signed_visits(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Visit) and _was_signed(obj) and session.is_modified(obj):
            raise VisitSigned(f"visit {obj.id} is signed and cannot be changed; add an amendment")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, _CHILDREN):
            visit = obj.visit if obj.visit is not None else session.get(Visit, obj.visit_id)
            if visit is not None and _was_signed(visit):
                raise VisitSigned(
                    f"visit {visit.id} is signed: its {obj.__tablename__.replace('_', ' ')} "
                    "cannot be changed; add an amendment"
                )
