"""The clinic's words that the store, the visit flow, the papers and the window share.

Each is a ``StrEnum``: its values are what the database stores, so an old file reads the same.
"""

from __future__ import annotations

from enum import StrEnum


class VisitStatus(StrEnum):
    IN_PROGRESS = "in_progress"  # opened; treatment running, interrupted or finished, not signed
    SIGNED = "signed"  # read-only from now on; corrections are amendments

    @property
    def label(self) -> str:
        return "signed" if self is VisitStatus.SIGNED else "in progress"


class ScreeningResult(StrEnum):
    CLEAR = "clear"
    PRECAUTION = "precaution"
    STOP = "stop"
