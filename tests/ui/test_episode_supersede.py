"""A new episode of care beside an active one, through the window: the set-up's "New episode of
care" (and a course template) and the episode dialog both say first that the active episode
will be closed, and starting or saving closes it as superseded (kept, its progress read), so the
patient never has two active episodes. Reopening an old one says the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from artdesk.course import EpisodeData, EpisodeStatus
from artdesk.protocols import Library
from artdesk.visit import TreatmentSetup, WrapUp
from tests.builders import shipped_screen
from tests.ui.conftest import focused, type_into, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import clinician_and_patient, finish_background
from tests.ui.keys import press
from tests.ui.test_course_visit import choose_protocol, screen_and_start, to_setup, typed
from ui.pages.episode_dialog import EpisodeDialog
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def signed_visit_in_an_episode(window: Workspace, library: Library) -> tuple[int, int]:
    """A patient whose active episode (right hamstring strain) holds one signed visit."""
    from artdesk.treatment import plan_visit

    patient = clinician_and_patient(window)
    clinician = window.clinician_id()
    assert clinician is not None
    episode = window.flow.episodes.open(patient, clinician, EpisodeData("right hamstring strain"))
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("posterior-thigh"), "right")])
    setup = TreatmentSetup(patient, "hamstring", decision, {}, 4, plan, episode)
    treatment = window.flow.open_treatment(clinician, setup)
    window.flow.finish(treatment)
    window.flow.wrap_up(treatment, clinician, WrapUp((), ()))
    return patient, episode


def test_a_new_episode_at_the_set_up_says_it_closes_the_active_one_and_does(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    patient, hamstring = signed_visit_in_an_episode(window, library)
    to_setup(qtbot, window, patient)
    page = window.setup_page
    picker = page.course
    assert picker.combo.currentText().startswith("Continue: right hamstring strain")
    assert not picker.closes.isVisibleTo(picker)  # continuing closes nothing
    labels = [o.label for o in picker.options()]
    tak = next(n for n, label in enumerate(labels) if "Tak" in label)
    picker.choose(tak)  # a course template: a new episode too, and said so
    assert "“right hamstring strain” (opened 2026-01-05, 1 visit) will be closed as superseded" in (
        picker.closes.text()
    )
    picker.choose(labels.index("New episode of care"))
    assert picker.closes.isVisibleTo(picker)
    assert picker.closes.text().startswith("The active episode “right hamstring strain”")
    assert picker.closes.textFormat() == Qt.TextFormat.PlainText
    page.complaint.setFocus()
    typed("left calf tight after a race")
    press(focused(), Qt.Key.Key_P, ALT)
    press(focused(), Qt.Key.Key_4)
    choose_protocol("calf", Qt.Key.Key_L)
    screen_and_start(qtbot, window)  # opened on a worker, as the window does
    assert window.stack.currentWidget() is window.treatment_page

    episodes = window.flow.episodes.for_patient(patient)
    assert [e.id for e in episodes if e.active] == [episodes[0].id]  # one, the new one
    new, old = episodes[0], window.flow.episodes.get(hamstring)
    assert new.complaint == "left calf tight after a race"
    assert old.status is EpisodeStatus.DISCHARGED
    assert old.discharge_summary.startswith(f"Closed on 2026-01-05 as superseded: episode {new.id}")
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert record.episode is not None and record.episode.id == new.id
    assert window.flow.progress(patient, hamstring).attended == 1  # the old one still reads


def test_a_refused_start_says_why_and_keeps_what_was_typed(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    """The active episode has a visit not signed: the new episode (and the visit) are
    refused, said on the set-up, nothing closed."""
    from artdesk.treatment import plan_visit

    patient = clinician_and_patient(window)
    clinician = window.clinician_id()
    assert clinician is not None
    episode = window.flow.episodes.open(patient, clinician, EpisodeData("knee pain"))
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("posterior-thigh"), "right")])
    window.flow.open_treatment(
        clinician, TreatmentSetup(patient, "knee", decision, {}, 4, plan, episode)
    )  # left unfinished
    to_setup(qtbot, window, patient)
    page = window.setup_page
    page.course.choose([o.label for o in page.course.options()].index("New episode of care"))
    page.complaint.setFocus()
    typed("left calf strain")
    press(focused(), Qt.Key.Key_P, ALT)
    press(focused(), Qt.Key.Key_3)
    choose_protocol("calf", Qt.Key.Key_L)
    screen_and_start(qtbot, window)
    assert window.stack.currentWidget() is page
    said = page.screening.error
    assert said.isVisibleTo(page) and "has a visit not signed yet" in said.text()
    assert page.complaint.text() == "left calf strain"
    (only,) = window.flow.episodes.for_patient(patient)
    assert only.id == episode and only.active


def test_the_episode_dialog_says_it_closes_the_active_one_and_does(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    patient, hamstring = signed_visit_in_an_episode(window, library)
    window.show_patient(patient)
    page = window.patient_page
    qtbot.waitUntil(lambda: page.progress_panel is not None)
    wait_for_focus_in(qtbot, page)
    press(focused(), Qt.Key.Key_N, CTRL | SHIFT)
    dialog = wait_for_dialog(qtbot, window, EpisodeDialog)
    assert isinstance(dialog, EpisodeDialog)
    assert dialog.closing.isVisibleTo(dialog)
    assert dialog.closing.text().startswith(
        "The active episode “right hamstring strain” (opened 2026-01-05, 1 visit) will be "
        "closed as superseded when the new one opens"
    )
    assert QApplication.focusWidget() is dialog.complaint  # typing starts at once
    type_into(qtbot, dialog.complaint, "left calf strain")
    with qtbot.waitSignal(dialog.saved) as saved:
        press(focused(), Qt.Key.Key_S, CTRL)
    new = saved.args[0]
    assert [e.id for e in window.flow.episodes.for_patient(patient) if e.active] == [new]
    old = window.flow.episodes.get(hamstring)
    assert old.status is EpisodeStatus.DISCHARGED and "superseded" in old.discharge_summary
    # editing an episode closes nothing, and says nothing of it
    edit = EpisodeDialog(window.flow.episodes, patient, 1, window.flow.episodes.get(new))
    qtbot.addWidget(edit)
    assert not edit.closing.text()


def test_reopening_an_old_episode_says_it_closes_the_active_one(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    patient, hamstring = signed_visit_in_an_episode(window, library)
    clinician = window.clinician_id()
    assert clinician is not None
    window.flow.episodes.open(patient, clinician, EpisodeData("left calf strain"))
    window.show_patient(patient)
    finish_background()
    window.episodes.reopen(hamstring)
    box = wait_for_dialog(qtbot, window, QMessageBox)
    assert isinstance(box, QMessageBox)
    assert "The active episode “left calf strain”" in box.text()
    assert "closed as superseded when this one is reopened" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText
    press(box, Qt.Key.Key_Y, ALT)
    qtbot.waitUntil(lambda: window.flow.episodes.get(hamstring).active)
    assert [e.id for e in window.flow.episodes.for_patient(patient) if e.active] == [hamstring]
