"""One room per live visit: an unfinished visit records which PC (room) holds it.

The room that opens a visit holds it; each journal append renews the heartbeat
(``room_seen_at``), at most every :data:`HEARTBEAT` — the window also renews it while a visit
sits open with nothing happening. Another room that opens the visit sees "in progress in room X
since …" and can only read it; it writes again only after taking it over explicitly
(:func:`take`), which is audited. A take-over before the lease has gone quiet for
:data:`EXPIRY` needs the clinician's confirmation. The room that lost the visit is refused its
next write (never a silent collision in the journal).

The check runs inside the write transaction: SQLite serialises writers, and PostgreSQL locks
the visit's row (``SELECT … FOR UPDATE``) so two rooms cannot both pass it.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from artdesk.store.errors import StoreError
from artdesk.store.models import Visit

HEARTBEAT = timedelta(seconds=15)
EXPIRY = timedelta(seconds=90)


class VisitElsewhere(StoreError):
    """The visit is held by another room; nothing was written."""


# this program, as the lease names it: two windows in one room are two holders (schema 0006)
THIS_PROGRAM = f"{socket.gethostname()}:{os.getpid()}"


def _gone(program: str) -> bool:
    """The holder was a program on this computer that is no longer running (it crashed, or the
    power went): its visit may be carried on here without asking. Unknown elsewhere."""
    host, _, pid = program.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or os.name != "posix":
        return False  # another computer, or Windows (os.kill(pid, 0) is not a probe there)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, someone else's
        return False
    return False


@dataclass(frozen=True, slots=True)
class Holder:
    room: str
    since: datetime
    seen_at: datetime
    program: str | None = None

    def quiet_for(self, now: datetime) -> timedelta:
        return now - self.seen_at

    def expired(self, now: datetime) -> bool:
        return self.quiet_for(now) >= EXPIRY

    def held_by(self, room: str, program: str) -> bool:
        """Is this (room, program) the holder — or its successor after a crash here?"""
        if self.room != room:
            return False
        return self.program in (None, program) or _gone(self.program)

    def text(self) -> str:
        since = self.since.astimezone().strftime("%H:%M")
        return f"in progress in “{self.room}” since {since}"


def holder(visit: Visit) -> Holder | None:
    if visit.room is None or visit.room_since is None:
        return None
    return Holder(
        visit.room, visit.room_since, visit.room_seen_at or visit.room_since, visit.room_holder
    )


def claim(visit: Visit, room: str, now: datetime, program: str = THIS_PROGRAM) -> None:
    visit.room = room
    visit.room_since = now
    visit.room_seen_at = now
    visit.room_holder = program


def check(visit: Visit, room: str, now: datetime, program: str = THIS_PROGRAM) -> None:
    """Refuse a write from a room (or a second program in the room) that does not hold the
    visit; renew the holder's heartbeat."""
    held = holder(visit)
    if held is None:
        claim(visit, room, now, program)
        return
    if not held.held_by(room, program):
        where = "another window" if held.room == room else "another room"
        raise VisitElsewhere(
            f"visit {visit.id} is {held.text()} ({where}): nothing was saved here; it can be "
            "read here, or taken over (Take over) once that one has finished with it"
        )
    if held.program != program:  # the crashed holder's successor on this computer
        visit.room_holder = program
    if now - held.seen_at >= HEARTBEAT:
        visit.room_seen_at = now


def release(visit: Visit) -> None:
    visit.room = None
    visit.room_since = None
    visit.room_seen_at = None
    visit.room_holder = None
