"""Open the real program on a database and go to one screen, for screenshots in a real window.

    ../shared/tools/xshot out.png -- python -m tests.ui.tour SCREEN DB

SCREEN: patients, patient-form, patient, where-it-hurt (its body chart marks by visit), setup,
setup-chart (the body chart marked), setup-site,
treatment, paused, note, findings, wrap-up, sign-dialog, signed, settings, preview, first-run,
lock, backups, restore; and a course of care: setup-course (a returning patient continuing an
episode, measures before typed),
setup-tak (a new episode on the Tak et al. course, right side), setup-new-episode (a new
episode for a patient whose active one it closes, said under the choice), wrap-up-course (its
wrap-up with measures after, today against baseline, the suggested assessment and plan); the
patient's episode of care: progress (its charts), progress-course (several measures), episode
(the episode dialog), new-episode, episode-errors, discharge, progress-report (its preview),
profile (licence and NPI); the protocol editor: protocol-editor (a structure with a problem),
protocol-editor-fields, protocol-editor-joints, protocol-editor-moved (quadratus lumborum's
joints, two it does not cross), protocol-editor-broken (a clinic file that does
not load, opened to fix: a joint misspelt, a contact left out), protocol-editor-text (one that
is not TOML, as its text, the line marked) — both write their files into the clinic folder
(``protocols`` beside DB). A clinic that signs in is signed in first as
its first clinician with the PIN in $ARTDESK_TOUR_PIN
(default: the demo clinic's 246810).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from artdesk.protocols import Side
from artdesk.protocols.marks import Feeling, MarkSide
from artdesk.settings import Settings
from artdesk.store import PatientData, open_database
from tests.ui.helpers import finish_background
from tests.ui.keys import finish_treatment, wait_until, write_note
from ui.app import Application
from ui.workspace import Workspace

EPISODE_SCREENS = (
    "progress",
    "progress-course",
    "episode",
    "new-episode",
    "episode-errors",
    "discharge",
    "progress-report",
    "profile",
)


def episode_screen(w: Any, screen: str) -> None:
    """The patient's episode of care: its progress charts, its dialogs, its report."""
    page = w.patient_page
    if screen == "progress":
        page.tabs.setCurrentIndex(1)
    elif screen == "progress-course":  # the demo's patient on the Ravichandran et al. course
        rows = w.patients.search("Abebe", limit=1)
        if rows:
            w.show_patient(rows[0].id)
        page.tabs.setCurrentIndex(1)
    elif screen == "episode":
        page.request_edit_episode()
    elif screen in ("new-episode", "episode-errors"):
        if screen == "new-episode":  # a patient whose active episode it says it closes
            w.show_patient(_with_active_episode(w))
        page.request_new_episode()
        dialog = w.dialog
        dialog.complaint.setPlainText("Right Achilles sore after hill repeats <b>&")
        dialog.diagnosis.search.setText("achil right")
        if screen == "episode-errors":  # every problem at once, each at its field
            dialog.complaint.setPlainText("")
            dialog.mechanism.setText("כאב בעקב 😀 <b>& " * 700)  # 10 000 characters
            dialog.injury_date.setText("2099-01-01")
            dialog.plan.per_week.setText("0")
            dialog.plan.weeks.setText("-3")
            dialog.plan.visits.setText("10000")
            dialog.reeval_date.setText("2001-01-01")  # before the episode opens
            goal = dialog.goals.add()
            goal.text.setText("Runs 5 km <b>pain-free</b> & 🏃")
            goal.instrument.setCurrentIndex(goal.instrument.findData("VAS"))
            goal.target.setText("500")
            dialog.save()
    elif screen == "discharge":  # a patient whose episode is still active
        patient = _with_active_episode(w)
        w.show_patient(patient)
        active = w.flow.episodes.active(patient)
        page.discharge_episode.emit(active.id)
        w.dialog.summary.setPlainText("Goals met; home programme <b>&; review if pain returns")
    elif screen == "progress-report":
        page.request_progress_report()
    elif screen == "profile":
        w.episodes.open_profile()


def _with_active_episode(w: Any) -> int:
    return next(
        p.id for p in w.patients.search("", limit=60) if w.flow.episodes.active(p.id) is not None
    )


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
            w.session.lock_page.request_sign_in()  # checked on a worker
            wait_until(lambda: not w.session.locked, "the sign-in", 10000)
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
        if screen == "settings":
            w.open_settings()
            return
        if screen.startswith("protocol-editor"):  # the clinic's protocol editor
            protocol_editor_tour(w, screen)
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
        if screen in ("setup-course", "setup-tak", "setup-new-episode", "wrap-up-course"):
            course_tour(w, screen, patient)
            return
        w.show_patient(patient)
        if screen == "patient":
            return
        if screen == "where-it-hurt":  # the body chart's marks, visit by visit
            with w.database.engine.connect() as con:  # the demo's course patients have marks
                marked = con.exec_driver_sql(
                    "SELECT patient_id FROM visits WHERE body_marks IS NOT NULL"
                    " AND body_marks <> '[]' ORDER BY id DESC LIMIT 1"
                ).scalar()
            if marked is not None:
                w.show_patient(marked)
            w.patient_page.tabs.setCurrentWidget(w.patient_page.where)
            return
        if screen in EPISODE_SCREENS:
            episode_screen(w, screen)
            return
        w.patient_page.start_visit.emit(patient)
        finish_background()  # the set-up is read on a worker, then shown
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
        if screen == "setup-chart":  # where it hurts, marked: its protocols offered first
            chart = page.body.view
            for region, feeling in (
                ("calf", "pain"),
                ("achilles", "pain"),
                ("plantar-foot", "numbness"),
            ):
                chart.toggle(region, MarkSide.LEFT, Feeling(feeling))
            chart.setFocus()
            page.scroll_to(page.body, 8)
            return
        if screen == "setup-site":  # a not-at-site answer asks where
            page.screening.boxes["skin"].setChecked(True)
            page.scroll_to(page.screening.sites["skin"], 120)
            return
        page.filter.setText("plantar")
        page.add_current(Side.RIGHT)
        page.start()
        finish_background()  # the visit is opened on a worker
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
        if w.session.enabled:  # the dialog opens once its reading is back from the worker
            wait_until(lambda: w.dialog is not None, "the sign dialog")
        if screen == "sign-dialog":
            return
        if w.session.enabled:
            w.dialog.secret.setText(pin)
            w.dialog.save()
            wait_until(lambda: w.stack.currentWidget() is w.view_page, "the signed visit", 10000)
        if screen == "signed":
            w.flow.amend(
                w.visit_id,
                w.clinician_id(),
                "late entry",
                "Patient also reported morning stiffness of 20 minutes.",
                pin if w.session.enabled else None,
            )
            w.show_visit(w.visit_id)
            return
        if screen == "preview":
            w.documents.request("summary", "preview")

    QTimer.singleShot(400, go)
    return app.exec()


def course_tour(w: Workspace, screen: str, patient: int) -> None:
    """The course-of-care screens: a demo patient on an episode, or a new Tak et al. course."""
    if screen != "setup-tak":  # a demo course: Ravichandran et al.; ARTDESK_TOUR_PATIENT=Park: Tak
        rows = w.patients.search(os.environ.get("ARTDESK_TOUR_PATIENT", "Abebe"), limit=1)
        patient = rows[0].id if rows else patient
    w.show_patient(patient)
    w.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    page = w.setup_page
    page.pain.set_value(5)
    if screen == "setup-new-episode":  # the demo patient's active episode closes: said
        labels = [o.label for o in page.course.options()]
        page.course.choose(labels.index("New episode of care"))
        page.complaint.setText("Left calf tight after a race <b>&")
        page.screening.none_apply.setChecked(True)
        return
    if screen == "setup-tak":
        labels = [o.label for o in page.course.options()]
        page.course.choose(next(n for n, label in enumerate(labels) if "Tak" in label))
        page.course.side.setCurrentIndex(page.course.side.findData("right"))
        page.complaint.setText("Chronic low back pain, right buttock")
        values = {"VAS": ["58"], "PPT": ["2.8", "3.1", "3,0"]}
    else:
        values = {"PKE": ["24"], "VRS": ["2"], "PPT": ["3.1"], "VAS": ["40"]}
    for row in page.measures.rows:
        row.set_texts(values.get(row.code, []))
    page.screening.none_apply.setChecked(True)
    if screen != "wrap-up-course":
        return
    page.start()
    finish_background()  # the visit is opened on a worker
    t = w.treatment_page
    for _ in range(5):
        QTest.keyClick(t, Qt.Key.Key_Space)
    finish_treatment(t)
    wrap = w.wrapup_page
    wrap.pain.set_value(3)
    after = {"PKE": ["18"], "VRS": ["1"], "PPT": ["3.6"], "VAS": ["30"]}
    for row in wrap.measures.rows:
        row.set_texts(after.get(row.code, []))


def broken_clinic_files(w: Workspace) -> None:
    """Two clinic files that do not load, in the clinic folder: a calf protocol typed by hand
    (a joint misspelt, the soleus's contact left out) and a neck one with a quote left open."""
    import re

    from artdesk.resources import protocols_dir

    folder = w.protocol_folder()
    assert folder is not None, "the tour's broken files need a clinic folder"
    folder.mkdir(parents=True, exist_ok=True)
    calf = (protocols_dir() / "calf-achilles.toml").read_text(encoding="utf-8")
    calf = calf.replace('id = "calf-achilles"', 'id = "our-calf"')
    calf = calf.replace('joint = "ankle"', 'joint = "ankel"', 1)
    calf = re.sub(r'(?m)^contact = "Thumb beside the Achilles.*\n', "", calf)
    (folder / "our calf.toml").write_text(calf, encoding="utf-8")
    neck = (protocols_dir() / "neck.toml").read_text(encoding="utf-8")
    neck = neck.replace('id = "neck"', 'id = "our-neck"')
    neck = neck.replace('key = "upper-trapezius"', 'key = "upper-trapezius', 1)
    (folder / "our-neck.toml").write_text(neck, encoding="utf-8")
    w.reload_protocols()


def protocol_editor_tour(w: Workspace, screen: str) -> None:
    """protocol-editor: a copy of the shipped calf protocol, its first structure's contact
    emptied (the problem at the field, Save off); protocol-editor-fields: its own fields;
    protocol-editor-joints: the structure's home care and joints tables, a joint wrong;
    protocol-editor-moved: quadratus lumborum's joints, the hip and shoulder not crossed;
    protocol-editor-broken / -text: a clinic file that does not load, opened to fix."""
    if screen in ("protocol-editor-broken", "protocol-editor-text"):
        broken_clinic_files(w)
        w.toolbar.open_protocols()
        dialog = w.dialog
        names = [b.name for b in w.flow.library.broken]
        dialog.library.broken.setCurrentRow(names.index("our calf.toml"))
        if screen == "protocol-editor-text":
            dialog.library.broken.setCurrentRow(names.index("our-neck.toml"))
        dialog.open_chosen_broken()
        if screen == "protocol-editor-broken":
            dialog.tabs.setCurrentIndex(1)
            dialog.structures.forms[0].focus("joints")
        return
    w.toolbar.open_protocols()
    dialog = w.dialog
    ids = [dialog.library.list.item(n).data(256) for n in range(dialog.library.list.count())]
    moved = screen == "protocol-editor-moved"  # quadratus lumborum: joints it does not cross
    dialog.library.list.setCurrentRow(ids.index("low-back" if moved else "calf-achilles"))
    dialog.copy_chosen()
    if screen == "protocol-editor-fields":
        dialog.form.fields["name"].setText("Calf and Achilles — our clinic's way <b>&")
        return
    dialog.tabs.setCurrentIndex(1)
    form = dialog.structures.forms[0]
    if moved:
        form.focus("joints")
        form.fields["joints"].setCurrentCell(1, 1)
        return
    if screen == "protocol-editor-joints":
        joints = form.fields["joints"]
        joints.item(1, 3).setText("plantarflexion")  # the ankle's lengthened
        dialog.check()
        form.focus("joints")
        return
    form.fields["contact"].setPlainText("")
    dialog.check()
    form.focus("contact")


if __name__ == "__main__":
    sys.exit(main())
