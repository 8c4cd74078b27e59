"""A last line of defence in this program: no session may change a signed visit or its records.

The repositories already refuse such changes with a clear message; this catches code that goes
around them — a flush that changes or deletes a signed visit, its journal, measures or home
care; any change to or delete of an amendment, a void or an audit entry; and bulk
``update()``/``delete()`` statements on those tables, which skip the flush entirely. Adding an
amendment is the one change a signed visit accepts. The database's triggers
(``artdesk.store.guards``) refuse the same for everything that does not come through here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import ORMExecuteState, Session

from artdesk.store.errors import VisitSigned
from artdesk.store.models import (
    Amendment,
    AuditEvent,
    HomeCareItem,
    Measurement,
    Visit,
    VisitEvent,
    VisitVoid,
)
from artdesk.vocabulary import VisitStatus

_CHILDREN = (VisitEvent, Measurement, HomeCareItem)
_PERMANENT = (Amendment, VisitVoid, AuditEvent)
_PROTECTED_TABLES = frozenset(
    m.__tablename__ for m in (Visit, VisitEvent, Measurement, HomeCareItem, *_PERMANENT)
)


def _was_signed(visit: Visit) -> bool:
    history = inspect(visit).attrs.status.history
    committed = history.deleted[0] if history.deleted else visit.status
    return committed == VisitStatus.SIGNED


def refuse_changes_to_signed_visits(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        changed = obj in session.deleted or session.is_modified(obj)
        if isinstance(obj, Visit) and _was_signed(obj) and changed:
            raise VisitSigned(f"visit {obj.id} is signed and cannot be changed; add an amendment")
        if isinstance(obj, _PERMANENT) and changed:
            raise VisitSigned(f"{obj.__tablename__.replace('_', ' ')} are permanent")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, _CHILDREN):
            visit = obj.visit if obj.visit is not None else session.get(Visit, obj.visit_id)
            if visit is not None and _was_signed(visit):
                raise VisitSigned(
                    f"visit {visit.id} is signed: its {obj.__tablename__.replace('_', ' ')} "
                    "cannot be changed; add an amendment"
                )


def refuse_bulk_statements(state: ORMExecuteState) -> None:
    """Bulk UPDATE/DELETE skip the flush (and this guard's check of each row): none is allowed
    on a visit's records; this program never issues one."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    table = getattr(mapper, "local_table", None) if mapper is not None else None
    if table is not None and table.name in _PROTECTED_TABLES:
        raise VisitSigned(
            f"bulk {'update' if state.is_update else 'delete'} of {table.name} is refused: "
            "a visit's records change one by one, and a signed visit's not at all"
        )
