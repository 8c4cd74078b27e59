"""A whole visit driven with the keyboard only, on a fake clock; then what the database holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from artdesk.treatment import EventKind, Phase, Status
from tests.ui.conftest import focused, type_into, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import finish_background
from ui.pages.first_run import FirstRunDialog
from ui.pages.patient_form import PatientForm
from ui.treatment.treatment_dialogs import FindingDialog, NoteDialog
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def key(
    qtbot: QtBot,
    k: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(focused(), k, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    type_into(qtbot, focused(), text)


def test_a_whole_visit_with_the_keyboard_only(qtbot: QtBot, window: Workspace, clock) -> None:  # type: ignore[no-untyped-def]
    # first run: create the clinician profile
    window.first_run()
    wait_for_dialog(qtbot, window, FirstRunDialog)
    type_text(qtbot, "Dr Kim Lee")
    key(qtbot, Qt.Key.Key_Return)
    assert window.toolbar.clinician.currentText() == "Dr Kim Lee"

    # new patient
    window.patients_page.search.setFocus()
    wait_for_focus_in(qtbot, window.patients_page)
    key(qtbot, Qt.Key.Key_N, CTRL)
    wait_for_dialog(qtbot, window, PatientForm)
    type_text(qtbot, "Zoë Ægir-Łukasiewicz")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1990-04-03")
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert window.stack.currentWidget() is window.patient_page
    wait_for_focus_in(qtbot, window.patient_page)

    # start a visit: complaint, pain before, two protocols on different sides
    key(qtbot, Qt.Key.Key_Return, CTRL)  # the set-up is read on a worker, then shown
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.setup_page, timeout=3000)
    type_text(qtbot, "Right hamstring tight after intervals")
    key(qtbot, Qt.Key.Key_P, ALT)
    key(qtbot, Qt.Key.Key_6)
    assert window.setup_page.pain.value() == 6
    key(qtbot, Qt.Key.Key_F, ALT)
    type_text(qtbot, "hamstr")
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_R)
    key(qtbot, Qt.Key.Key_F, ALT)
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "plantar")
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_L)
    assert window.setup_page.chosen.count() == 2
    key(qtbot, Qt.Key.Key_Return, CTRL)  # the safety screen is a deliberate step
    assert window.stack.currentWidget() is window.setup_page
    assert "None of these apply" in window.setup_page.screening.error.text()
    assert focused() is window.setup_page.screening.none_apply
    key(qtbot, Qt.Key.Key_N, ALT)  # None of these apply (a mnemonic clicks after a moment)
    qtbot.waitUntil(window.setup_page.screening.none_apply.isChecked, timeout=2000)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)
    runner = window.runner
    assert runner is not None

    def press(k: Qt.Key, seconds: float = 0.0) -> None:
        clock.advance(seconds)
        key(qtbot, k)

    # hamstrings, right: locate, then 4 passes with a note, a finding and a pause
    press(Qt.Key.Key_Space, 30)  # locate → contact 1
    assert runner.state.phase is Phase.CONTACT
    press(Qt.Key.Key_Space, 4)  # → lengthen 1
    press(Qt.Key.Key_N, 3)
    wait_for_dialog(qtbot, window.treatment_page, NoteDialog)
    assert runner.state.status is Status.PAUSED  # writing during a pass holds the pass
    key(qtbot, Qt.Key.Key_1)  # quick phrase 1 for the lengthen phase
    type_text(qtbot, " — patient said <b>&amp; better")
    clock.advance(7)  # seven seconds of typing, hands off the tissue
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert runner.state.status is Status.RUNNING  # saved: the pass goes on
    assert window.treatment_page.dialog is None
    wait_for_focus_in(qtbot, window.treatment_page)
    press(Qt.Key.Key_Space, 5)  # pass 1 done
    press(Qt.Key.Key_P, 2)  # pause
    assert runner.state.status is Status.PAUSED
    press(Qt.Key.Key_Space, 120)  # advancing while paused is refused, changes nothing
    assert runner.state.pass_number == 2 and "resume" in window.treatment_page.status.text()
    press(Qt.Key.Key_P)  # resume
    for _ in range(3):
        press(Qt.Key.Key_Space, 4)
        press(Qt.Key.Key_Space, 8)
    assert runner.state.phase is Phase.COMPLETE and runner.state.current.passes_done == 4
    press(Qt.Key.Key_F, 5)
    wait_for_dialog(qtbot, window.treatment_page, FindingDialog)
    type_text(qtbot, "2")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "5")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "eased")
    key(qtbot, Qt.Key.Key_Return)
    assert window.treatment_page.dialog is None
    wait_for_focus_in(qtbot, window.treatment_page)
    press(Qt.Key.Key_Space, 2)  # → plantar fascia, left
    assert runner.state.index == 1 and runner.state.current.plan.side.value == "left"
    press(Qt.Key.Key_Space, 20)
    for _ in range(4):
        press(Qt.Key.Key_Space, 3)
        press(Qt.Key.Key_Space, 6)
    assert runner.state.phase is Phase.COMPLETE
    press(Qt.Key.Key_Space, 2)  # last structure done: advance finishes the treatment
    finish_background()
    assert window.stack.currentWidget() is window.wrapup_page

    # wrap-up: pain after, sign
    assert window.wrapup_page.home_care.rowCount() >= 2  # suggestions from both protocols
    key(qtbot, Qt.Key.Key_3)
    key(qtbot, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter starts visits and treatments: not signing
    assert window.stack.currentWidget() is window.wrapup_page
    key(qtbot, Qt.Key.Key_S, CTRL | SHIFT)  # the sign key
    finish_background()
    assert window.stack.currentWidget() is window.view_page
    assert "Signed" in window.view_page.lock.text()

    # what the database holds
    visit_id = window.visit_id
    assert visit_id is not None
    record = window.flow.record(visit_id)
    events = window.flow.visits.events(visit_id)
    kinds = [e.kind for e in events]
    assert kinds[0] is EventKind.STARTED and kinds[-1] is EventKind.FINISHED
    assert kinds.count(EventKind.PAUSED) == 2 and kinds.count(EventKind.RESUMED) == 2
    note_at = kinds.index(EventKind.NOTE)
    assert kinds[note_at - 1 : note_at + 2] == [EventKind.PAUSED, EventKind.NOTE, EventKind.RESUMED]
    assert record.signed and record.signed_by == "Dr Kim Lee"
    assert record.complaint == "Right hamstring tight after intervals"
    assert record.pain("before") == 6 and record.pain("after") == 3
    assert record.screening_result == "clear"
    hamstrings, plantar = record.state.records
    assert (hamstrings.plan.structure_key, hamstrings.plan.side.value) == ("hamstrings", "right")
    assert (plantar.plan.structure_key, plantar.plan.side.value) == ("plantar-fascia", "left")
    assert hamstrings.passes_done == 4 and plantar.passes_done == 4
    assert hamstrings.notes[0].text == (
        "Release felt during lengthening — patient said <b>&amp; better"
    )
    finding = hamstrings.findings[0]
    assert (finding.tension, finding.texture, finding.tenderness, finding.response) == (
        2,
        1,
        5,
        "eased",
    )
    assert hamstrings.locate_seconds == 30
    assert hamstrings.passes[0].contact_seconds == 4
    assert hamstrings.passes[0].lengthen_seconds == 3 + 5  # the typing is not tissue time
    assert record.state.paused_seconds == 120 + 7
    assert record.state.treated_seconds == 30 + 4 + 8 + 2 + 3 * 12 + 5 + 2 + 20 + 4 * 9 + 2
    assert record.home_care and record.next_visit is not None
