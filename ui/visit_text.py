"""Plain-text lines about a visit that the window's pages share (no widgets)."""

from __future__ import annotations

from artdesk.treatment import StructureRecord
from artdesk.visit import Outcome, definitions, outcome
from ui.treatment.treatment_text import clock_text


def structure_result(rec: StructureRecord) -> str:
    """One structure's result, by the one definition of treated / palpated / skipped."""
    kind = outcome(rec)
    if kind is Outcome.SKIPPED:
        return f"skipped — {rec.skipped_reason or ''}"
    if kind is Outcome.NOT_REACHED:
        return "not reached"
    if kind is Outcome.PALPATED:
        return f"palpated only, no pass completed, {clock_text(rec.treated_seconds)}"
    line = f"{rec.passes_done}/{rec.plan.target_passes} passes, {clock_text(rec.treated_seconds)}"
    early = definitions.stopped_early(rec)
    return line + (f"; stopped early — {early}" if early else "")


def structure_line(rec: StructureRecord) -> str:
    """'Hamstrings (right): 3/3 passes, 2:10'."""
    return f"{rec.plan.structure_name} ({rec.plan.side.value}): {structure_result(rec)}"
