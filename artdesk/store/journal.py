"""The visit's journal: one row per runner event, appended and read here and nowhere else.

The repository appends through :func:`append` inside its transactions and the demo clinic
bulk-inserts :func:`event_row` dictionaries, so both store an event the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from artdesk.store import chain
from artdesk.store.models import VisitEvent
from artdesk.treatment import Event, EventKind, JournalCorrupt


def event_row(visit_id: int, event: Event) -> dict[str, Any]:
    """The ``visit_events`` columns for ``event`` (without ``id``)."""
    return {
        "visit_id": visit_id,
        "seq": event.seq,
        "kind": event.kind.value,
        "t": event.t,
        "at": event.at,
        "data": dict(event.data),
    }


def append(session: Session, visit_id: int, event: Event) -> None:
    """Add ``event`` to the visit's journal in the caller's transaction, chained to the event
    before it (``artdesk.store.chain``)."""
    row = VisitEvent(**event_row(visit_id, event))
    row.hash = chain.link(head(session, visit_id), chain.event_content(row))
    session.add(row)


def head(session: Session, visit_id: int) -> str:
    """The hash of the visit's last journal event (the chain's start for a new journal)."""
    # Core on the session's connection: this runs at every key press (see the benchmark)
    last = session.connection().execute(_HEAD, {"visit": visit_id}).scalar()
    return last or chain.GENESIS


_EVENTS = VisitEvent.__table__.c
_HEAD = (
    select(_EVENTS.hash)
    .where(_EVENTS.visit_id == bindparam("visit"))
    .order_by(_EVENTS.seq.desc())
    .limit(1)
)


def _event(row: VisitEvent) -> Event:
    try:
        kind = EventKind(row.kind)
    except ValueError:
        raise JournalCorrupt(
            f"journal entry {row.seq} of visit {row.visit_id} has an unknown kind {row.kind!r}"
        ) from None
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=UTC)
    return Event(seq=row.seq, kind=kind, t=row.t, at=at, data=row.data or {})


def read(session: Session, visit_id: int) -> list[Event]:
    """The visit's events in order."""
    rows = session.scalars(
        select(VisitEvent).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
    )
    return events_from(rows)


def events_from(rows: Iterable[VisitEvent]) -> list[Event]:
    return [_event(r) for r in rows]


def last_kind(session: Session, visit_id: int) -> EventKind | None:
    kind = session.scalar(
        select(VisitEvent.kind)
        .where(VisitEvent.visit_id == visit_id)
        .order_by(VisitEvent.seq.desc())
        .limit(1)
    )
    return None if kind is None else EventKind(kind)
