"""Events: what the runner emits and the journal stores. The visit's state is a fold over them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    STARTED = "started"
    NEXT = "next"
    BACK = "back"
    PASS_DONE = "pass_done"
    EXTRA_PASS = "extra_pass"
    PAUSED = "paused"
    RESUMED = "resumed"
    NOTE = "note"
    FINDING = "finding"
    SKIPPED = "skipped"
    FINISHED = "finished"
    RECOVERED = "recovered"


@dataclass(frozen=True, slots=True)
class Event:
    """One journal entry.

    ``t`` is seconds since the visit started on the runner's monotonic clock (a gap while the
    program was not running is left out); ``at`` is the wall-clock UTC time it happened.
    """

    seq: int
    kind: EventKind
    t: float
    at: datetime
    data: Mapping[str, Any] = field(default_factory=dict)
