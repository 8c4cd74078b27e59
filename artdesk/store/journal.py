"""The visit's journal: one row per runner event, appended and read here and nowhere else.

The repository appends through :func:`append` inside its transactions and the demo clinic
bulk-inserts :func:`event_row` dictionaries, so both store an event the same way.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, select, text
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


# the columns as the database holds them, no column types applied: one damaged row is named
# (visit, event, what) instead of failing the whole read somewhere inside the driver layer
_RAW = text(
    "SELECT seq, kind, t, at, data, hash FROM visit_events WHERE visit_id = :visit ORDER BY seq"
)
WALL_CLOCK_SLACK = timedelta(days=1)  # the wall clock may be stepped; not by more than this


def _damaged(visit_id: int, seq: object, what: str) -> JournalCorrupt:
    return JournalCorrupt(f"journal entry {seq} of visit {visit_id} {what}")


def _when(visit_id: int, seq: object, value: object) -> datetime:
    if isinstance(value, datetime):
        at = value
    elif isinstance(value, str):
        try:
            at = datetime.fromisoformat(value)
        except ValueError:
            raise _damaged(visit_id, seq, f"has an unreadable time {value[:40]!r}") from None
    else:
        raise _damaged(visit_id, seq, f"has a time that is not a time ({type(value).__name__})")
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _data(visit_id: int, seq: object, value: object) -> dict[str, Any]:
    try:
        decoded = json.loads(value) if isinstance(value, str | bytes) else value
    except ValueError as exc:
        raise _damaged(visit_id, seq, f"has data that does not parse ({exc})") from None
    if not isinstance(decoded, dict):
        raise _damaged(visit_id, seq, f"has data that is {type(decoded).__name__}, not an object")
    return decoded


def rows(session: Session, visit_id: int, limit: int | None = None) -> list[SimpleNamespace]:
    """The visit's journal rows, each checked as read (kind, clock, wall time, data), as
    attributes the chain can hash; JournalCorrupt names the first damaged one. ``limit``:
    only the first rows (the first event holds the plan)."""
    out: list[SimpleNamespace] = []
    first: SimpleNamespace | None = None
    for seq, kind, t, at, data, hashed in session.execute(_RAW, {"visit": visit_id}):
        if limit is not None and len(out) >= limit:
            break
        try:
            EventKind(kind)
        except ValueError:
            raise _damaged(visit_id, seq, f"has an unknown kind {kind!r}") from None
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t) or t < 0:
            raise _damaged(visit_id, seq, f"has an impossible clock reading {t!r}")
        row = SimpleNamespace(
            visit_id=visit_id,
            seq=seq,
            kind=kind,
            t=float(t),
            at=_when(visit_id, seq, at),
            data=_data(visit_id, seq, data),
            hash=hashed,
        )
        if first is None:
            first = row
        else:  # the wall time runs with the visit's clock (a stepped clock aside)
            expected = first.at + timedelta(seconds=row.t - first.t)
            if abs(row.at - expected) > WALL_CLOCK_SLACK:
                raise _damaged(
                    visit_id, seq, f"has an impossible time {row.at:%Y-%m-%d %H:%M} for its visit"
                )
        out.append(row)
    return out


def read(session: Session, visit_id: int, limit: int | None = None) -> list[Event]:
    """The visit's events in order (JournalCorrupt names a damaged entry)."""
    return [
        Event(seq=r.seq, kind=EventKind(r.kind), t=r.t, at=r.at, data=r.data)
        for r in rows(session, visit_id, limit)
    ]


def last_kind(session: Session, visit_id: int) -> EventKind | None:
    kind = session.scalar(
        select(VisitEvent.kind)
        .where(VisitEvent.visit_id == visit_id)
        .order_by(VisitEvent.seq.desc())
        .limit(1)
    )
    return None if kind is None else EventKind(kind)
