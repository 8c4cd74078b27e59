"""Open the real program on a database and go to one screen, for screenshots in a real window.

    ../shared/tools/xshot out.png -- python -m tests.ui.tour SCREEN DB

SCREEN: patients, patient-form, patient, setup, setup-site, treatment, paused, note, findings,
wrap-up, sign-dialog, signed, settings, preview, first-run, lock, backups, restore. A clinic
that signs in is signed in first as its first clinician with the PIN in $ARTDESK_TOUR_PIN
(default: the demo clinic's 246810).
"""

from __future__ import annotations

import os
import sys
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from artdesk.protocols import Side
from artdesk.settings import Settings
from artdesk.store import PatientData, open_database
from tests.ui.keys import finish_treatment, write_note
from ui.app import Application


def main() -> int:
    screen, db_path = sys.argv[1], sys.argv[2]
    app = QApplication([sys.argv[0]])
    application = Application(Settings.load())
    window = application.open(open_database(db_path))

    def go() -> None:
        w = window
        if w.dialog is not None:  # a resume offer from an earlier tour
            w.dialog.reject()
        if screen in ("first-run", "lock"):
            return
        pin = os.environ.get("ARTDESK_TOUR_PIN", "246810")
        if w.session.locked:
            w.session.lock_page.secret.setText(pin)
            w.session.lock_page.request_sign_in()
            if w.dialog is not None:  # the signed-in clinician's resume offer
                w.dialog.reject()
        if not w.clinicians.active():
            w.clinicians.add("Dr Amelia Hart", "DC")
        w.reload_clinicians()
        rows = w.patients.search("Zoë", limit=1)
        patient = (
            rows[0].id
            if rows
            else w.patients.add(
                PatientData(
                    "Zoë Ægir-Łukasiewicz",
                    date(1990, 4, 3),
                    phone="+48 601 222 333",
                    sport="trail running",
                )
            )
        )
        if screen == "patients":
            w.patients_page.search.setText("zo")
            return
        if screen in ("backups", "restore"):
            w.file_care.open_backups()
            chosen = w.file_care.selected_backup()
            if screen == "restore" and chosen is not None:
                w.file_care.restorer.ask(chosen)
            return
        if screen == "patient-form":
            w.new_patient()
            form = w.dialog
            form.full_name.setText("Γιώργος Παπαδόπουλος")
            form.date_of_birth.setText("31.02.1985")
            form.email.setText("giorgos@")
            form.save()
            return
        w.show_patient(patient)
        if screen == "patient":
            return
        w.patient_page.start_visit.emit(patient)
        page = w.setup_page
        page.complaint.setText("Right Achilles sore after hill repeats")
        page.screening.boxes["anticoagulants"].setChecked(True)  # a precaution: screened
        page.pain.set_value(6)
        page.filter.setText("achilles")
        page.add_current(Side.RIGHT)
        page.filter.setText("")
        page.protocols.setCurrentRow(page.protocols.count() - 4)
        if screen == "setup":
            return
        if screen == "setup-site":  # a not-at-site answer asks where
            page.screening.boxes["skin"].setChecked(True)
            page.scroll_to(page.screening.sites["skin"], 120)
            return
        page.filter.setText("plantar")
        page.add_current(Side.RIGHT)
        page.start()
        t = w.treatment_page
        for _ in range(2):
            QTest.keyClick(t, Qt.Key.Key_Space)
        if screen == "treatment":
            return
        if screen == "paused":
            QTest.keyClick(t, Qt.Key.Key_P)
            return
        if screen == "note":
            QTest.keyClick(t, Qt.Key.Key_N)
            return
        if screen == "findings":
            QTest.keyClick(t, Qt.Key.Key_F)
            return
        write_note(t, "Familiar ache reproduced at the mid-portion <b>&amp;")
        finish_treatment(t)
        if screen == "wrap-up":
            return
        w.wrapup_page.pain.set_value(3)
        w.wrapup_page.sign()
        if screen == "sign-dialog":
            return
        if w.session.enabled:
            w.dialog.secret.setText(pin)
            w.dialog.save()
        if screen == "signed":
            w.flow.amend(
                w.visit_id,
                w.clinician_id(),
                "late entry",
                "Patient also reported morning stiffness of 20 minutes.",
            )
            w.show_visit(w.visit_id)
            return
        if screen == "settings":
            w.open_settings()
        if screen == "preview":
            w.documents.request("summary", "preview")

    QTimer.singleShot(400, go)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
