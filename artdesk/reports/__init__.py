"""PDF documents (reportlab; no Qt): of a visit, the patient's summary and the SOAP note; of
an episode of care, the progress report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from artdesk.atomic import write_atomically
from artdesk.course import Progress
from artdesk.protocols import Library
from artdesk.reports.charts import PainChart, TrendChart
from artdesk.reports.common import Clinic, Rendered
from artdesk.reports.fonts import FontSet
from artdesk.reports.progress import ProgressReport
from artdesk.reports.soap import SoapNote
from artdesk.reports.summary import PatientSummary
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store.text import one_line
from artdesk.visit import PainPoint, VisitFlow, VisitRecord

DOCUMENTS = ("summary", "note")  # of a visit; "progress" is of an episode


ADDRESS_LINES = 4  # the header keeps its height whatever was pasted into Settings


def clinic_from(settings: Settings) -> Clinic:
    """The clinic's details as the papers print them: one line each (the address: a few)."""
    address = [one_line(line) for line in str(settings["clinic_address"]).splitlines()]
    address = [line for line in address if line]
    if len(address) > ADDRESS_LINES:
        address = [*address[: ADDRESS_LINES - 1], ", ".join(address[ADDRESS_LINES - 1 :])]
    return Clinic(
        one_line(settings["clinic_name"]),
        "\n".join(address),
        one_line(settings["clinic_phone"]),
        settings["clinic_logo"],
        one_line(settings["emergency_number"]),
    )


def _one_line_names(record: VisitRecord) -> VisitRecord:
    """Names are one line on paper, whatever an older file or another program stored."""
    return replace(
        record,
        patient_name=one_line(record.patient_name),
        clinician=one_line(record.clinician),
        signed_by=one_line(record.signed_by) if record.signed_by is not None else None,
    )


def render_record(
    document: str,
    record: VisitRecord,
    history: list[PainPoint],
    library: Library,
    settings: Settings,
    screen: Screen | None = None,
    progress: Progress | None = None,
) -> Rendered:
    """Render ``summary`` or ``note`` from a loaded record: no database, so any thread may.
    ``progress``: the episode's progress up to this visit (:func:`progress_at`), for the
    note's goals and change over the course."""
    clinic = clinic_from(settings)
    record = _one_line_names(record)
    if document == "summary":
        return PatientSummary(clinic, settings["paper"], settings["extra_font"]).render(
            record, library, history
        )
    if document == "note":
        return SoapNote(clinic, settings["paper"], settings["extra_font"]).render(
            record, library, screen, history, progress
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
    """Load one visit and render it with the protocol versions it ran; NotFound for an
    unknown visit."""
    record = flow.record(visit_id, checked=True)
    library = flow.ran(record.state, library)
    progress = progress_at(flow, record) if document == "note" else None
    return render_record(
        document, record, flow.pain_history(record), library, settings, screen, progress
    )


def progress_at(flow: VisitFlow, record: VisitRecord) -> Progress | None:
    """The episode's progress as it stood at this visit (its visits up to this one), so a
    note printed later says what was known then; None outside an episode or for a voided
    visit."""
    episode = record.episode
    if episode is None or not record.visit_number or record.voided:
        return None
    return flow.progress(record.patient_id, episode.id, upto=record.id)


def render_progress(
    flow: VisitFlow,
    patient_id: int,
    settings: Settings,
    episode_id: int | None = None,
    today: date | None = None,
    clinician_id: int | None = None,
) -> Rendered:
    """The progress report of a patient's episode (the active one, else the newest);
    NotFound for an unknown patient or episode, or a patient with no episode. The signature
    lines carry ``clinician_id``'s name, credentials, licence and NPI (the one issuing it;
    by default the clinician of the episode's last visit)."""
    progress = flow.progress(patient_id, episode_id)
    progress = replace(progress, patient_name=one_line(progress.patient_name))
    if clinician_id is None and progress.visits:
        clinician_id = flow.owner(progress.visits[-1].visit_id)
    signer = None
    if clinician_id is not None:
        who = flow.clinicians.profile(clinician_id)
        ids = [f"Licence {who.licence}" if who.licence else "", f"NPI {who.npi}" if who.npi else ""]
        name = ", ".join(p for p in (who.full_name, who.credentials) if p)
        signer = (one_line(name), " · ".join(i for i in ids if i))
    return ProgressReport(clinic_from(settings), settings["paper"], settings["extra_font"]).render(
        progress, today=today, signer=signer
    )


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
    "Progress",
    "ProgressReport",
    "Rendered",
    "SoapNote",
    "TrendChart",
    "clinic_from",
    "missing_glyphs_warning",
    "progress_at",
    "render_progress",
    "render_record",
    "render_visit",
    "write_atomically",
]
