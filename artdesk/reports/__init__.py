"""PDF documents of a visit (reportlab; no Qt): the patient's summary and the SOAP note."""

from __future__ import annotations

from artdesk.protocols import Library
from artdesk.reports.charts import PainChart
from artdesk.reports.common import Clinic, Rendered, write_atomically
from artdesk.reports.fonts import FontSet
from artdesk.reports.soap import SoapNote
from artdesk.reports.summary import PatientSummary
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.visit import PainPoint, VisitFlow, VisitRecord

DOCUMENTS = ("summary", "note")


def clinic_from(settings: Settings) -> Clinic:
    return Clinic(
        settings["clinic_name"],
        settings["clinic_address"],
        settings["clinic_phone"],
        settings["clinic_logo"],
        settings["emergency_number"],
    )


def render_record(
    document: str,
    record: VisitRecord,
    history: list[PainPoint],
    library: Library,
    settings: Settings,
    screen: Screen | None = None,
) -> Rendered:
    """Render ``summary`` or ``note`` from a loaded record: no database, so any thread may."""
    clinic = clinic_from(settings)
    if document == "summary":
        return PatientSummary(clinic, settings["paper"], settings["extra_font"]).render(
            record, library, history
        )
    if document == "note":
        return SoapNote(clinic, settings["paper"], settings["extra_font"]).render(
            record, library, screen, history
        )
    raise ValueError(f"unknown document {document!r}; one of {', '.join(DOCUMENTS)}")


def render_visit(
    document: str,
    flow: VisitFlow,
    visit_id: int,
    library: Library,
    settings: Settings,
    screen: Screen | None = None,
) -> Rendered:
    """Load one visit and render it; NotFound for an unknown visit."""
    record = flow.record(visit_id, checked=True)
    return render_record(document, record, flow.pain_history(record), library, settings, screen)


def missing_glyphs_warning(missing: frozenset[str]) -> str | None:
    if not missing:
        return None
    shown = " ".join(sorted(missing)[:12])
    return (
        f"no font on this computer has these characters, they would print as empty "
        f"boxes: {shown}. Set an extra font in Settings (e.g. a Noto or Droid Sans "
        "Fallback TTF) before printing."
    )


__all__ = [
    "Clinic",
    "FontSet",
    "PainChart",
    "PainPoint",
    "PatientSummary",
    "Rendered",
    "SoapNote",
    "clinic_from",
    "missing_glyphs_warning",
    "render_record",
    "render_visit",
    "write_atomically",
]
