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
    """The screen's highest grade for a visit (issue 9): emergency above stop above not at
    the site above precaution. Files written before schema 0004 know only the first three."""

    CLEAR = "clear"
    PRECAUTION = "precaution"
    NOT_AT_SITE = "not_at_site"  # a local contraindication: treat elsewhere, not there
    STOP = "stop"  # stop and refer (a reason may override it)
    EMERGENCY = "emergency"  # send now; never overridden, so never treated

    @property
    def label(self) -> str:
        return _RESULT_LABELS[self]


_RESULT_LABELS = {
    ScreeningResult.CLEAR: "clear (none of the items applies)",
    ScreeningResult.PRECAUTION: "precaution",
    ScreeningResult.NOT_AT_SITE: "not at the site",
    ScreeningResult.STOP: "stop and refer",
    ScreeningResult.EMERGENCY: "emergency: sent for urgent care",
}
