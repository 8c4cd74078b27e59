"""Events: what the runner emits and the journal stores. The visit's state is a fold over them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
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

    def data_json(self) -> str:
        return json.dumps(dict(self.data), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_stored(cls, seq: int, kind: str, t: float, at: datetime, data_json: str) -> Event:
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        return cls(seq=seq, kind=EventKind(kind), t=t, at=at, data=json.loads(data_json))
