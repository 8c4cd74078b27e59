"""Episodes of care in the window: opened, changed, discharged and reopened by keyboard; the
ICD-10 picker; bad input said at the field with nothing typed lost; progress charts on the
patient's page; the progress report from the window; the clinician's licence and NPI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from artdesk.course import EpisodeData, GoalStatus
from artdesk.measures import Timing
from artdesk.protocols import Library
from artdesk.store import Database, PatientData
from artdesk.treatment import FakeClock
from tests.course.test_course_flow import run_tak_course
from tests.ui.conftest import TODAY, type_into, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import clinician_and_patient, finish_background
from tests.ui.keys import paste_text
from ui.background import wait_for_background
from ui.documents.printing import PreviewDialog
from ui.pages.clinician_profile import ClinicianProfileDialog
from ui.pages.diagnosis_picker import DiagnosisPicker
from ui.pages.discharge_dialog import DischargeDialog
from ui.pages.episode_dialog import EpisodeDialog
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NO = Qt.KeyboardModifier.NoModifier


def shown(label: QLabel) -> str:
    return label.text() if label.isVisibleTo(label.window()) else ""


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key pressed where the keyboard focus is."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def patient_shown(qtbot: QtBot, window: Workspace) -> int:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    qtbot.waitUntil(lambda: window.patient_page.progress_panel is not None)
    wait_for_focus_in(qtbot, window.patient_page)
    return patient


def new_episode_dialog(qtbot: QtBot, window: Workspace) -> EpisodeDialog:
    wait_for_focus_in(qtbot, window.patient_page)
    key(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = wait_for_dialog(qtbot, window, EpisodeDialog)
    assert QApplication.focusWidget() is dialog.complaint  # typing starts at once
    return dialog  # type: ignore[return-value]


def test_open_edit_discharge_and_reopen_an_episode_by_keyboard(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = patient_shown(qtbot, window)
    box = window.patient_page.episode_box
    assert "No episode of care yet" in box.diagnosis.text()
    assert not box.edit_button.isEnabled()

    dialog = new_episode_dialog(qtbot, window)
    type_into(qtbot, dialog.complaint, "Left hamstring pulled sprinting <b>& 😀")
    key(qtbot, Qt.Key.Key_Tab)  # to the diagnosis search
    assert QApplication.focusWidget() is dialog.diagnosis.search
    type_into(qtbot, dialog.diagnosis.search, "hamstring")
    listed = dialog.diagnosis.shown_codes()
    assert listed[:2] == ["S76.311A", "S76.312A"]
    key(qtbot, Qt.Key.Key_Down)  # the second: the left leg
    key(qtbot, Qt.Key.Key_Return)
    assert (dialog.diagnosis.code, dialog.isVisible()) == ("S76.312A", True)  # Enter picked
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # &Plan
    assert QApplication.focusWidget() is dialog.plan.per_week
    type_into(qtbot, dialog.plan.per_week, "2")
    key(qtbot, Qt.Key.Key_Tab)
    type_into(qtbot, QApplication.focusWidget(), "3")
    assert dialog.plan.planned.text() == "= 6 visits"
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # &Injury date
    type_into(qtbot, dialog.injury_date, "2.1.2026")
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.dialog is None)

    (episode,) = window.flow.episodes.for_patient(patient)
    assert episode.complaint == "Left hamstring pulled sprinting <b>& 😀"
    assert episode.diagnosis_code == "S76.312A" and episode.injury_date == date(2026, 1, 2)
    assert episode.planned == 6
    assert box.diagnosis.text().startswith("S76.312A Strain of")
    assert box.complaint.text() == "Complaint: Left hamstring pulled sprinting <b>& 😀"
    assert box.complaint.textFormat() == Qt.TextFormat.PlainText  # shown as typed
    assert "next: visit 1 of 6" in box.plan.text()

    # change it: the re-evaluation is due today, and says so
    wait_for_focus_in(qtbot, window.patient_page)  # the keys are back on the page
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = wait_for_dialog(qtbot, window, EpisodeDialog)  # type: ignore[assignment]
    assert dialog.complaint.toPlainText() == episode.complaint
    assert (dialog.diagnosis.code, dialog.plan.typed()) == ("S76.312A", ("2", "3", ""))
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # &Re-evaluation
    type_into(qtbot, dialog.reeval_date, TODAY.isoformat())
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.dialog is None)
    assert "DUE TODAY" in box.reeval.text() and box.urgency == "due"

    # discharge: the summary is required
    wait_for_focus_in(qtbot, window.patient_page)
    key(qtbot, Qt.Key.Key_C, ALT)  # Dis&charge…
    discharge = wait_for_dialog(qtbot, window, DischargeDialog)
    qtbot.keyClick(discharge.summary, Qt.Key.Key_Return, CTRL)
    assert "summary is required" in shown(discharge.error)  # type: ignore[attr-defined]
    type_into(qtbot, discharge.summary, "Back to sprinting; home programme given")  # type: ignore[attr-defined]
    qtbot.keyClick(discharge.summary, Qt.Key.Key_Return, CTRL)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.dialog is None)
    assert "DISCHARGED" in box.heading.text()
    assert box.reopen_button.isVisibleTo(box) and not box.discharge_button.isVisibleTo(box)
    assert "Back to sprinting" in box.reeval.text()

    # reopen, after a question
    wait_for_focus_in(qtbot, window.patient_page)
    key(qtbot, Qt.Key.Key_O, ALT)  # Re&open
    question = wait_for_dialog(qtbot, window, QMessageBox)
    qtbot.keyClick(question, Qt.Key.Key_Y, ALT)
    qtbot.waitUntil(lambda: window.flow.episodes.get(episode.id).active)
    qtbot.waitUntil(lambda: "active since" in box.heading.text())
    actions = [e.action for e in window.flow.audit.entries(patient_id=patient)]
    for done in ("open-episode", "change-episode", "discharge-episode", "reopen-episode"):
        assert done in actions
    window.show_patient(patient)  # the record's access list says the episode changes in words
    access = window.patient_page.access
    words = [access.item(i).text() for i in range(access.count())]
    assert any("reopened the episode of care" in w for w in words)


def test_the_icd_picker_finds_by_code_start_and_by_words(qtbot: QtBot, window: Workspace) -> None:
    clinician = window.clinicians.add("Dr Ana Ruiz")
    episodes = window.flow.episodes
    picker = DiagnosisPicker(
        episodes.clinic_codes, lambda code, text: episodes.add_code(code, text, clinician)
    )
    qtbot.addWidget(picker)
    picker.show()
    type_into(qtbot, picker.search, "m76.6")
    assert picker.shown_codes() == ["M76.61", "M76.62"]
    picker.search.clear()
    type_into(qtbot, picker.search, "achil left")
    found = picker.shown_codes()
    assert "S86.012A" in found and "M76.62" in found  # every word starts a word: left only
    assert "M76.61" not in found and "S86.011A" not in found
    with qtbot.waitSignal(picker.picked) as picked:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picked.args[0] == found[0] == picker.code
    assert picker.search.text() == "" and not picker.results.isVisible()  # done: out of the way
    assert picker.chosen.text() == f"Diagnosis: {found[0]} {picker.text}"
    # a code the list does not ship: added as a clinic code (bad shape refused, text kept)
    picker.search.clear()
    type_into(qtbot, picker.search, "M70.60")
    assert picker.shown_codes() == []
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert picker.new_code.text() == "M70.60"
    picker.new_code.setText("70.60")
    type_into(qtbot, picker.new_text, "Trochanteric bursitis, unspecified hip")
    qtbot.keyClick(picker.new_text, Qt.Key.Key_Return)
    assert "is not an ICD-10" in shown(picker.error)
    assert picker.new_text.text() == "Trochanteric bursitis, unspecified hip"
    picker.new_code.setText("M70.60")
    with qtbot.waitSignal(picker.picked) as picked:
        qtbot.keyClick(picker.new_text, Qt.Key.Key_Return)
    assert picked.args == ["M70.60", "Trochanteric bursitis, unspecified hip"]
    assert episodes.clinic_codes() == [("M70.60", "Trochanteric bursitis, unspecified hip")]
    assert picker.code == "M70.60" and picker.search.text() == ""
    type_into(qtbot, picker.search, "trochanteric")  # found from now on, marked as the clinic's
    found = picker.shown_codes()
    assert "M70.60" in found  # beside the shipped right and left codes
    assert "clinic code" in picker.results.item(found.index("M70.60")).text()


TYPED = {
    "complaint": "Боль в ахилле — כאב בעקב 😀 <b>&amp;",
    "mechanism": "hill repeats <i>x</i> & more",
    "injury_date": "2025-12-20",
    "reeval_date": "2026-01-26",
    "per_week": "2",
    "weeks": "3",
}


@pytest.mark.parametrize(
    ("field", "value", "where", "message"),
    [
        ("injury_date", "2026-02-01", "injury_date", "is in the future"),
        ("injury_date", "31.02.2025", "injury_date", "not a date on the calendar"),
        ("per_week", "50", "plan", "visits per week must be a whole number 1–7"),
        ("weeks", "lots", "plan", "weeks: type a whole number"),
        ("complaint", "x" * 10_000, "complaint", "10,000 characters; at most 2,000"),
        ("reeval_date", "1850-01-01", "reeval_date", "not a plausible date"),
    ],
)
def test_bad_input_is_said_at_the_field_and_nothing_typed_is_lost(
    qtbot: QtBot, window: Workspace, field: str, value: str, where: str, message: str
) -> None:
    patient = patient_shown(qtbot, window)
    dialog = new_episode_dialog(qtbot, window)
    typed = dict(TYPED, **{field: value})
    widgets = {
        "complaint": dialog.complaint,
        "mechanism": dialog.mechanism,
        "injury_date": dialog.injury_date,
        "reeval_date": dialog.reeval_date,
        "per_week": dialog.plan.per_week,
        "weeks": dialog.plan.weeks,
    }
    for name, text in typed.items():
        widget = widgets[name]
        widget.setFocus()
        if len(text) > 100:
            paste_text(widget, text)
        elif name == "complaint":
            widget.setPlainText(text)  # type: ignore[attr-defined]
        else:
            widget.setText(text)  # type: ignore[attr-defined]
    goal = dialog.goals.add()
    goal.text.setText("Runs 5 km <b>pain-free</b> & ready")
    dialog.save()
    assert message.lower() in shown(dialog.errors[where]).lower()
    assert dialog.isVisible() and window.flow.episodes.for_patient(patient) == []
    for name, text in typed.items():  # nothing typed is lost
        widget = widgets[name]
        got = widget.toPlainText() if name == "complaint" else widget.text()  # type: ignore[attr-defined]
        assert got == text
    assert goal.text.text() == "Runs 5 km <b>pain-free</b> & ready"
    # put right, it saves exactly what was typed
    fixed = TYPED.get(field, "")
    widget = widgets[field]
    if field == "complaint":
        widget.setPlainText(fixed)  # type: ignore[attr-defined]
    else:
        widget.setText(fixed)  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    (episode,) = window.flow.episodes.for_patient(patient)
    assert episode.complaint == TYPED["complaint"] and episode.mechanism == TYPED["mechanism"]
    assert episode.goals[0].text == "Runs 5 km <b>pain-free</b> & ready"


def test_a_goal_problem_is_said_under_its_row(qtbot: QtBot, window: Workspace) -> None:
    patient_shown(qtbot, window)
    dialog = new_episode_dialog(qtbot, window)
    dialog.complaint.setPlainText("calf pain")
    first = dialog.goals.add()
    first.text.setText("Walk without a limp")
    second = dialog.goals.add()
    second.text.setText("Pain at most 20 mm")
    second.instrument.setCurrentIndex(second.instrument.findData("VAS"))
    second.target.setText("500")
    dialog.save()
    assert "must be 0–100" in shown(second.error) and not shown(first.error)
    second.target.setText("abc")
    dialog.save()
    assert "not a number" in shown(second.error)
    second.target.setText("20")
    second.target_date.setText("2026-02-02")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()


def test_esc_asks_before_throwing_typing_away(qtbot: QtBot, window: Workspace) -> None:
    patient = patient_shown(qtbot, window)
    dialog = new_episode_dialog(qtbot, window)
    key(qtbot, Qt.Key.Key_Escape)  # nothing typed: closes at once
    qtbot.waitUntil(lambda: window.dialog is None)
    dialog = new_episode_dialog(qtbot, window)
    type_into(qtbot, dialog.complaint, "shin pain")
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is not None)
    box = dialog.discard_question
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default keeps typing
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible() and dialog.complaint.toPlainText() == "shin pain"
    dialog.reject()
    box = dialog.discard_question
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_D)  # &Discard
    qtbot.waitUntil(lambda: window.dialog is None)
    assert window.flow.episodes.for_patient(patient) == []


def test_the_dialogs_fit_a_small_screen_with_their_buttons_in_view(
    qtbot: QtBot, window: Workspace
) -> None:
    patient_shown(qtbot, window)
    dialog = new_episode_dialog(qtbot, window)
    for _ in range(4):
        dialog.goals.add()
    QApplication.processEvents()
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    # a 1024×600 screen, less a title bar and a panel: the form scrolls, the buttons stay
    assert dialog.minimumSizeHint().height() <= 540 and dialog.minimumSizeHint().width() <= 1000
    dialog.resize(1000, 540)
    QApplication.processEvents()
    for button in dialog.buttons.buttons():
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert button.isVisible() and dialog.rect().contains(corner)
    discharge = DischargeDialog(
        window.flow.episodes,
        window.flow.episodes.get(
            window.flow.episodes.open(
                window.patient_page.patient_id or 0,
                window.clinician_id() or 0,
                EpisodeData("knee"),
            )
        ),
        window.clinician_id() or 0,
        window,
    )
    qtbot.addWidget(discharge)
    assert discharge.minimumSizeHint().height() <= 540


def course(window: Workspace, database: Database, library: Library) -> tuple[int, int]:
    """The Tak et al. course, six visits through the core (VAS; PPT on the right)."""
    _, patient, episode = run_tak_course(database, library, FakeClock())
    window.reload_clinicians()
    return patient, episode


def test_the_patient_page_charts_each_measure_on_a_dated_axis(
    qtbot: QtBot, window: Workspace, database: Database, library: Library
) -> None:
    patient, episode = course(window, database, library)
    page = window.patient_page
    with qtbot.waitSignal(page.progress_loaded, timeout=10000) as loaded:
        window.show_patient(patient)
    progress = loaded.args[0]
    assert progress is not None and progress.episode.id == episode
    wait_for_focus_in(qtbot, page)
    key(qtbot, Qt.Key.Key_G, ALT)  # Pro&gress
    assert page.tabs.currentIndex() == 1
    panel = page.progress_panel
    assert panel is not None
    labels = [c.series.label for c in panel.charts]
    assert labels[0].startswith("Visual analogue scale")
    assert labels[1].startswith("Pressure pain threshold — right")
    vas, ppt = panel.charts
    points = vas.points(Timing.BEFORE)
    days = [(p.day - points[0].day).days for p in points]
    assert days == [0, 3, 7, 10, 14, 17]  # Mondays and Thursdays, as dated
    unit = (points[1].x - points[0].x) / 3
    for p, d in zip(points, days, strict=True):
        assert p.x - points[0].x == pytest.approx(d * unit, rel=1e-6)
    assert [p.value for p in vas.points(Timing.AFTER)] == [50, 45, 40, 35, 30, 24]
    assert next(p for p in vas.points() if p.baseline).value == 62
    assert vas.band is not None and vas.goal_lines()[0][0] == 30
    assert ppt.band is None and "no published threshold" in ppt.threshold
    # the box: where the course stands, goals judged from the readings
    box = page.episode_box
    assert "the plan is complete" in box.plan.text()
    assert box.goals.text().splitlines()[1].startswith("✔ met — Pain VAS at most 30 mm")
    assert [g.status for g in progress.goals] == [GoalStatus.MET, GoalStatus.OPEN]
    # a 1024×600 screen: while the charts show, the box makes room for them
    assert not box.compact
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: box.compact)
    assert not box.goals.isVisible() and box.plan.isVisible()
    assert (
        box.diagnosis.text().endswith("…")
        or box.fontMetrics().horizontalAdvance(box.diagnosis.text()) <= box.width()
    )
    assert vas.height() <= panel.viewport().height()  # a whole chart in view
    page.tabs.setCurrentIndex(0)
    assert not box.compact and box.goals.isVisible()


def test_the_progress_report_is_previewed_and_saved_from_the_patient_page(
    qtbot: QtBot,
    window: Workspace,
    database: Database,
    library: Library,
    tmp_path: Path,
) -> None:
    patient, episode = course(window, database, library)
    window.show_patient(patient)
    target = tmp_path / "progress.pdf"
    reports = window.episodes.reports
    reports.choose_save_path = lambda suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(reports.report_ready, timeout=20000):
        qtbot.keyClick(window.patient_page, Qt.Key.Key_R, CTRL)
    preview = wait_for_dialog(qtbot, window, PreviewDialog)
    assert f"episode {episode}" in preview.windowTitle()
    with qtbot.waitSignal(reports.saved, timeout=20000):
        qtbot.keyClick(preview, Qt.Key.Key_S, CTRL)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Progress report" in text and "6 of 6" in text
    (entry,) = [e for e in window.flow.audit.entries() if e.action == "save-document"]
    assert entry.patient_id == patient and f"progress report, episode {episode}" in entry.detail
    assert "Saved" in window.patient_page.status.text()


def test_the_clinicians_licence_and_npi_are_saved_and_a_wrong_npi_refused(
    qtbot: QtBot, window: Workspace
) -> None:
    clinician_and_patient(window)
    (action,) = [a for a in window.toolbar.actions() if a.text() == "Your profile…"]
    action.trigger()
    dialog = wait_for_dialog(qtbot, window, ClinicianProfileDialog)
    type_into(qtbot, dialog.credentials, "DC")  # type: ignore[attr-defined]
    dialog.licence.setText("CA DC 12345 — ليسانس")  # type: ignore[attr-defined]
    dialog.npi.setText("1234567890")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert "is not an NPI" in shown(dialog.errors["npi"])  # type: ignore[attr-defined]
    assert dialog.licence.text() == "CA DC 12345 — ليسانس"  # type: ignore[attr-defined]
    clinician = window.clinician_id()
    assert clinician is not None and window.clinicians.profile(clinician).npi == ""
    dialog.npi.setText("1234567893")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.dialog is None)
    saved = window.clinicians.profile(clinician)
    assert (saved.credentials, saved.licence, saved.npi) == (
        "DC",
        "CA DC 12345 — ليسانس",
        "1234567893",
    )
    assert any(e.action == "edit-clinician" for e in window.flow.audit.entries())


def test_progress_is_read_off_the_ui_thread_and_a_late_answer_is_dropped(
    qtbot: QtBot, window: Workspace, database: Database, library: Library
) -> None:
    patient, _ = course(window, database, library)
    other = window.patients.add(PatientData("Ana Other", date(1990, 1, 1)))
    page = window.patient_page
    window.show_patient(patient)
    with qtbot.waitSignal(page.progress_loaded, timeout=10000) as loaded:
        window.show_patient(other)  # before the first answer arrives
    assert loaded.args[0] is None and page.progress is None
    assert wait_for_background()
    QApplication.processEvents()
    assert page.progress is None  # the first patient's progress never lands on the second
    assert "No episode" in page.episode_box.diagnosis.text()


def test_an_episode_opened_through_the_core_shows_at_once(qtbot: QtBot, window: Workspace) -> None:
    patient = clinician_and_patient(window)
    clinician = window.clinician_id()
    assert clinician is not None
    window.flow.episodes.open(patient, clinician, EpisodeData("knee pain"))
    window.show_patient(patient)
    assert window.patient_page.episode_box.diagnosis.text() == "No diagnosis set yet"
    assert window.patient_page.tabs.tabText(2) == "Episo&des (1)"


def test_a_course_template_fills_what_is_empty_on_the_treated_side(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = patient_shown(qtbot, window)
    dialog = new_episode_dialog(qtbot, window)
    type_into(qtbot, dialog.complaint, "chronic low back pain, right buttock")
    dialog.plan.visits.setText("8")  # typed first: the course does not overwrite it
    dialog.course.side.setCurrentIndex(dialog.course.side.findData("right"))
    combo = dialog.course.template
    combo.setFocus()
    index = next(i for i in range(combo.count()) if "Tak" in combo.itemText(i))
    while combo.currentIndex() != index:  # chosen by keyboard, as a clinician does
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert "Tak" in dialog.template_note.text()
    assert dialog.plan.typed() == ("", "", "8")
    assert "Pressure pain threshold" in dialog.measures.text()
    assert "right side" in dialog.measures.text()
    assert dialog.goals.rows  # the course's goals, dated from today
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    (episode,) = window.flow.episodes.for_patient(patient)
    assert episode.course == "tak-2014-gluteus-medius" and episode.plan.visits == 8
    assert any(m.instrument == "PPT" and m.sides == ("right",) for m in episode.measures)
    assert episode.protocols and episode.protocols[0][1] == "right"


def test_a_diagnosis_searched_but_not_picked_is_said_not_dropped(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = patient_shown(qtbot, window)
    dialog = new_episode_dialog(qtbot, window)
    type_into(qtbot, dialog.complaint, "heel pain")
    dialog.diagnosis.search.setFocus()
    type_into(qtbot, dialog.diagnosis.search, "plantar")
    qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)  # saved without picking
    assert "Pick a diagnosis for 'plantar'" in shown(dialog.diagnosis.error)
    assert dialog.diagnosis.search.text() == "plantar" and dialog.isVisible()
    assert QApplication.focusWidget() is dialog.diagnosis.search
    qtbot.keyClick(dialog.diagnosis.search, Qt.Key.Key_Return)  # the first found
    assert dialog.diagnosis.code and not shown(dialog.diagnosis.error)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert window.flow.episodes.for_patient(patient)[0].diagnosis_code == dialog.diagnosis.code


def test_the_soap_note_from_the_window_says_the_progress_over_the_course(
    qtbot: QtBot,
    window: Workspace,
    database: Database,
    library: Library,
    tmp_path: Path,
) -> None:
    patient, _ = course(window, database, library)
    third = window.flow.progress(patient).visits[2].visit_id
    window.show_visit(third)
    finish_background()  # read on a worker
    assert window.stack.currentWidget() is window.view_page
    assert window.view_page.record is not None and window.view_page.record.id == third
    target = tmp_path / "note.pdf"
    window.documents.choose_save_path = lambda suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(window.documents.saved, timeout=20000):
        window.documents.request("note", "save")
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Progress over the course of care (to visit 3" in " ".join(text.split())


def test_another_episode_of_the_patient_is_shown_from_the_list(
    qtbot: QtBot, window: Workspace, database: Database, library: Library
) -> None:
    patient, tak = course(window, database, library)
    clinician = window.clinicians.active()[0].id
    episodes = window.flow.episodes
    episodes.discharge(tak, clinician, "Pain VAS 24 mm; discharged to home exercise")
    newer = episodes.open(patient, clinician, EpisodeData("left calf tight after a race"))
    page = window.patient_page
    with qtbot.waitSignal(page.progress_loaded, timeout=10000):
        window.show_patient(patient)
    assert page.episode is not None and page.episode.id == newer  # the active one first
    assert page.episodes.count() == 2
    wait_for_focus_in(qtbot, page)
    key(qtbot, Qt.Key.Key_D, ALT)  # Episo&des
    assert page.tabs.currentIndex() == 2
    page.episodes.setFocus()
    row = next(
        i
        for i in range(page.episodes.count())
        if page.episodes.item(i).data(Qt.ItemDataRole.UserRole) == tak
    )
    page.episodes.setCurrentRow(row)
    assert "discharged" in page.episodes.item(row).text()
    with qtbot.waitSignal(page.progress_loaded, timeout=10000) as loaded:
        qtbot.keyClick(page.episodes, Qt.Key.Key_Return)
    assert page.episode is not None and page.episode.id == tak
    assert loaded.args[0].episode.id == tak and page.tabs.currentIndex() == 1
    box = page.episode_box
    assert box.reopen_button.isVisibleTo(box) and "DISCHARGED" in box.heading.text()
    assert [c.series.instrument.code for c in page.progress_panel.charts] == ["VAS", "PPT"]  # type: ignore[union-attr]


def test_the_charts_are_not_imported_until_a_patient_is_shown(tmp_path: Path) -> None:
    """The patient list must appear fast: the progress charts come with the patient page."""
    import os
    import subprocess
    import sys

    script = f"""
import sys
from datetime import date
from PySide6.QtWidgets import QApplication
app = QApplication([])
from artdesk.protocols import load_shipped_library
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import PatientData, open_database
from artdesk.treatment import FakeClock
from ui.sounds import SilentCues
from ui.workspace import Workspace
db = open_database({str(tmp_path / "c.sqlite")!r})
w = Workspace(db, FakeClock(), load_shipped_library(), load_screen()[0],
              Settings({str(tmp_path / "s.json")!r}), SilentCues())
w.show()
app.processEvents()
assert "ui.pages.trend_chart" not in sys.modules, "charts imported at start-up"
assert not any(m.startswith("reportlab") for m in sys.modules), "reportlab at start-up"
w.show_patient(w.patients.add(PatientData("Ana", date(1990, 1, 1))))
assert "ui.pages.trend_chart" in sys.modules
from ui.background import wait_for_background
assert wait_for_background()  # the progress read on a worker, done before leaving
print("ok", flush=True)
import os
os._exit(0)  # what is checked is above; not PySide's order of tearing down at exit
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
