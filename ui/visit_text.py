"""Plain-text lines about a visit that the window's pages share (no widgets)."""

from __future__ import annotations

from artdesk.treatment import StructureRecord
from artdesk.visit import definitions
from ui.treatment.treatment_text import clock_text


def structure_result(rec: StructureRecord) -> str:
    """One structure's result, by the one definition of treated / palpated / skipped."""
    return definitions.outcome_text(rec, clock_text)


def structure_line(rec: StructureRecord) -> str:
    """'Hamstrings (right): 3/3 passes, 2:10'."""
    return f"{rec.plan.structure_name} ({rec.plan.side.value}): {structure_result(rec)}"
