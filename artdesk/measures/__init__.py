"""Outcome instruments that can be recorded with a visit (DOMAIN.md §4), with their ranges.

Only free instruments are described here; copyrighted questionnaires (ODI, NDI, QuickDASH) are
never shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
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
            "NPRS", "Pain (0–10)", "", 0, 10, True, True, False, "≈2 points or ≈30 % (Farrar 2001)"
        ),
        Instrument("VAS", "Pain VAS", "mm", 0, 100, False, True, False, "context-dependent"),
        Instrument("PPT", "Pressure pain threshold", "kg/cm²", 0, 20, False, False, True, ""),
        Instrument("AKE", "Active knee extension deficit", "°", 0, 90, False, True, True, ""),
        Instrument("PKE", "Passive knee extension deficit", "°", 0, 90, False, True, True, ""),
        Instrument("SLR", "Straight leg raise", "°", 0, 130, False, False, True, ""),
        Instrument(
            "KTW", "Knee-to-wall", "cm", -5, 25, False, False, True, "MDC 1.0 cm (Chisholm 2012)"
        ),
        Instrument("HIPIR", "Hip internal rotation", "°", 0, 90, False, False, True, ""),
    )
}
