"""Outcome instruments that can be recorded with a visit (DOMAIN.md §4), with their ranges.

Only free instruments are described here; copyrighted questionnaires (ODI, NDI, QuickDASH) are
never shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    """Instrument codes, as stored with each measurement."""

    NPRS = "NPRS"  # numeric pain rating 0–10: "pain before/after" everywhere
    VAS = "VAS"
    PPT = "PPT"
    AKE = "AKE"
    PKE = "PKE"
    SLR = "SLR"
    KTW = "KTW"
    HIPIR = "HIPIR"


class Timing(StrEnum):
    """When a measure was taken, relative to the treatment."""

    BEFORE = "before"
    AFTER = "after"


class MeasureSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


PAIN = Code.NPRS  # the instrument whose before/after the history, charts and papers show


@dataclass(frozen=True, slots=True)
class Instrument:
    code: Code
    name: str
    unit: str
    low: float
    high: float
    whole_numbers: bool
    higher_is_worse: bool
    sided: bool
    change_that_matters: str

    def check(self, value: float) -> str | None:
        """A clear problem with ``value``, or None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.name} must be a number"
        if value != value or value in (float("inf"), float("-inf")):
            return f"{self.name} must be a number"
        if self.whole_numbers and value != int(value):
            return f"{self.name} is a whole number {self.low:g}–{self.high:g}"
        if not self.low <= value <= self.high:
            return f"{self.name} must be {self.low:g}–{self.high:g} {self.unit}".rstrip()
        return None


INSTRUMENTS: dict[str, Instrument] = {
    i.code: i
    for i in (
        Instrument(
            Code.NPRS,
            "Pain (0–10)",
            "",
            0,
            10,
            True,
            True,
            False,
            "≈2 points or ≈30 % (Farrar 2001)",
        ),
        Instrument(Code.VAS, "Pain VAS", "mm", 0, 100, False, True, False, "context-dependent"),
        Instrument(Code.PPT, "Pressure pain threshold", "kg/cm²", 0, 20, False, False, True, ""),
        Instrument(Code.AKE, "Active knee extension deficit", "°", 0, 90, False, True, True, ""),
        Instrument(Code.PKE, "Passive knee extension deficit", "°", 0, 90, False, True, True, ""),
        Instrument(Code.SLR, "Straight leg raise", "°", 0, 130, False, False, True, ""),
        Instrument(
            Code.KTW, "Knee-to-wall", "cm", -5, 25, False, False, True, "MDC 1.0 cm (Chisholm 2012)"
        ),
        Instrument(Code.HIPIR, "Hip internal rotation", "°", 0, 90, False, False, True, ""),
    )
}
