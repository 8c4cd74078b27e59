"""Outcome instruments that can be recorded with a visit (DOMAIN.md §4), described as data:
items, ranges, the scoring rule and the rule for missing items, which way is better, the
change that matters (MCID/MDC) with its source, and the licence.

Only free instruments are described here; copyrighted questionnaires (ODI, NDI, QuickDASH) are
never shipped.
"""

from __future__ import annotations

from artdesk.measures.instruments import INSTRUMENTS, PAIN, Code
from artdesk.measures.model import (
    Assessment,
    Change,
    ChangeKind,
    Instrument,
    Item,
    MeasureSide,
    Score,
    Scoring,
    ScoringError,
    Timing,
    Verdict,
)


def instrument(code: str) -> Instrument:
    """The instrument stored as ``code``; KeyError with its name for an unknown one."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise KeyError(f"no instrument {code!r}") from None


__all__ = [
    "INSTRUMENTS",
    "PAIN",
    "Assessment",
    "Change",
    "ChangeKind",
    "Code",
    "Instrument",
    "Item",
    "MeasureSide",
    "Score",
    "Scoring",
    "ScoringError",
    "Timing",
    "Verdict",
    "instrument",
]
