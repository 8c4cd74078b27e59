"""Builders for window tests: a clinician, a patient, and a visit taken to treatment mode."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from artdesk.protocols import Side
from artdesk.store import PatientData
from artdesk.visit import TreatmentSetup
from ui.workspace import Workspace


def clinician_and_patient(window: Workspace, name: str = "Γιώργος Παπαδόπουλος") -> int:
    clinician = window.clinicians.add("Dr Ana Ruiz")
    window.settings.set("clinician_id", clinician)
    window.reload_clinicians()
    return window.patients.add(PatientData(name, date(1985, 12, 1), phone="+30 694 111 2222"))


def finish_background() -> None:
    """Let the window's work on workers run to the end and hand its results back, the work
    those results start too (signing, then reading the signed visit to show it)."""
    from ui.background import pending, wait_for_background

    for _ in range(20):
        if not pending():
            return
        assert wait_for_background(10_000), "work on a worker was still running after 10 s"
    raise AssertionError("work on workers kept starting more work")


def into_treatment(
    qtbot: QtBot,
    window: Workspace,
    choices: tuple[tuple[str, Side], ...] = (("posterior-thigh", Side.RIGHT),),
    answers: dict[str, bool] | None = None,
    override: str = "",
    sites: dict[str, str] | None = None,
    patient: int | None = None,
) -> None:
    """Through the set-up page into treatment mode; ``patient``: an existing patient, with
    whoever is signed in (otherwise a clinician and a patient are made and chosen)."""
    if patient is None:
        patient = clinician_and_patient(window)
    window.show_patient(patient)
    window.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    page = window.setup_page
    for key, value in (answers or {}).items():
        page.screening.boxes[key].setChecked(value)
    for key, region in (sites or {}).items():  # where a not-at-site answer is
        combo = page.screening.sites[key]
        combo.setCurrentIndex(combo.findData(region))
    if not any((answers or {}).values()):
        page.screening.none_apply.setChecked(True)  # the screen was asked: nothing applies
    page.screening.override.setPlainText(override)
    page.complaint.setText("calf tight")
    page.pain.set_value(5)
    for protocol, side in choices:
        for row in range(page.protocols.count()):
            if page.protocols.item(row).data(256) == protocol:
                page.protocols.setCurrentRow(row)
        page.add_current(side)
    page.start()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)


__all__ = ["TreatmentSetup", "clinician_and_patient", "finish_background", "into_treatment"]
