"""The real program, offscreen, in a child process: for the crash-and-resume test.

``drive DB``: start the program on DB, take a visit to the middle of a pass, print READY with
where it is, then keep running (repainting its timers) until it is killed.
``resume DB``: start the program on DB as after a crash, accept the resume offer with Enter,
print where the visit stands, and quit.
"""

from __future__ import annotations

import os
import sys
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from artdesk.protocols import Side
from artdesk.settings import Settings
from artdesk.store import PatientData, open_database
from tests.ui.helpers import finish_background
from tests.ui.keys import wait_until, write_note
from ui.app import Application


def where(window: object) -> str:
    s = window.runner.state  # type: ignore[attr-defined]
    notes = "|".join(n.text for n in s.current.notes)
    return f"{s.index}\t{s.phase.value}\t{s.pass_number}\t{s.status.value}\t{notes}"


def drive(window: object) -> None:
    w = window  # type: ignore[assignment]
    clinician = w.clinicians.add("Dr Crash")  # type: ignore[attr-defined]
    w.settings.set("clinician_id", clinician)  # type: ignore[attr-defined]
    w.reload_clinicians()  # type: ignore[attr-defined]
    patient = w.patients.add(PatientData("Zoë Crash", date(1990, 1, 1)))  # type: ignore[attr-defined]
    w.show_patient(patient)  # type: ignore[attr-defined]
    w.patient_page.start_visit.emit(patient)  # type: ignore[attr-defined]
    finish_background()  # the set-up is read on a worker, then shown
    page = w.setup_page  # type: ignore[attr-defined]
    page.complaint.setText("calf strain")
    page.pain.set_value(6)
    page.filter.setText("calf")
    page.add_current(Side.LEFT)
    page.screening.none_apply.setChecked(True)
    page.start()
    finish_background()  # the visit is opened on a worker
    treatment = w.treatment_page  # type: ignore[attr-defined]
    for _ in range(3):  # locate → contact 1 → lengthen 1 → contact 2: mid-pass
        QTest.keyClick(treatment, Qt.Key.Key_Space)
    write_note(treatment, "pass 1 eased <b>&amp;")  # N, type, Ctrl+Enter
    wait_until(lambda: treatment.dialog is None, "the note to be saved")
    QTest.keyClick(treatment, Qt.Key.Key_Space)  # lengthen 2
    print("READY\t" + where(w), flush=True)


def main() -> int:
    mode, db_path = sys.argv[1], sys.argv[2]
    app = QApplication([sys.argv[0]])
    application = Application(Settings.load())
    window = application.open(open_database(db_path))
    if mode == "drive":
        QTimer.singleShot(50, lambda: drive(window))
        return app.exec()

    def accept_resume() -> None:
        dialog = window.dialog
        if dialog is None:
            print("NO-OFFER", flush=True)
            app.quit()
            return
        QTest.keyClick(dialog, Qt.Key.Key_Return)
        print("RESUMED\t" + where(window), flush=True)
        app.quit()

    QTimer.singleShot(300, accept_resume)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
