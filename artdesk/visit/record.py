"""A visit as one readable record: the stored rows plus the state replayed from its journal.

The read-only visit view, the SOAP note, the take-home summary and the CLI all read this; the
meaning of what is in it (treated, pain before/after, time) is :mod:`artdesk.visit.definitions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from artdesk.measures import Timing
from artdesk.store.records import (
    AmendmentRecord,
    HomeCareRecord,
    MeasurementRecord,
    StoredVisit,
)
from artdesk.treatment import StructureRecord, VisitState
from artdesk.visit import definitions


@dataclass(frozen=True, slots=True)
class VisitRecord(StoredVisit):
    """The stored visit and the state its journal replays to."""

    state: VisitState = field(default_factory=VisitState)
    # what no longer matches the record's chains and seal, when it was checked (printing
    # checks; a signature over an altered record is not printed as one)
    altered: tuple[str, ...] = ()

    def pain(self, timing: Timing | str) -> float | None:
        """Pain before/after (the definition: :func:`definitions.pain`)."""
        readings = [(m.timing, m.value) for m in self.measurements if m.is_pain]
        return definitions.pain(readings, Timing(timing))

    @property
    def pain_before(self) -> float | None:
        return self.pain(Timing.BEFORE)

    @property
    def pain_after(self) -> float | None:
        return self.pain(Timing.AFTER)

    @property
    def retests(self) -> tuple[MeasurementRecord, ...]:
        """Every measurement other than the pain score."""
        return tuple(m for m in self.measurements if not m.is_pain)

    @property
    def treated(self) -> list[StructureRecord]:
        return definitions.treated(self.state)

    @property
    def palpated_only(self) -> list[StructureRecord]:
        return definitions.palpated_only(self.state)

    @property
    def skipped(self) -> list[StructureRecord]:
        return definitions.skipped(self.state)

    @property
    def treated_seconds(self) -> float:
        return definitions.treated_seconds(self.state)

    @property
    def assessment_seconds(self) -> float:
        return definitions.assessment_seconds(self.state)

    @property
    def billing_units(self) -> int:
        return definitions.billable_units(self.state)


__all__ = ["AmendmentRecord", "HomeCareRecord", "MeasurementRecord", "StoredVisit", "VisitRecord"]
