"""Bad input in each form: an inline error, and what was typed is kept."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from artdesk.protocols import Side
from artdesk.treatment import Status
from tests.ui.helpers import clinician_and_patient, finish_background, into_treatment
from tests.ui.keys import finish_treatment
from ui.pages.first_run import FirstRunDialog
from ui.pages.patient_form import PatientForm
from ui.pages.settings_dialog import SettingsDialog
from ui.pages.visit_view_page import AmendDialog
from ui.treatment.treatment_dialogs import FindingDialog, NoteDialog, SkipDialog
from ui.workspace import Workspace


def shown(label: QLabel) -> str:
    return label.text() if label.isVisibleTo(label.window()) else ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "   ", "name is required"),
        ("date_of_birth", "31.02.1990", "not a date on the calendar"),
        ("date_of_birth", "04/03/1990", "1990-04-03 or 3.4.1990"),
        ("date_of_birth", "2099-01-01", "in the future"),
        ("phone", "call me maybe", "at least 6 digits"),
        ("email", "ana@", "name@example.org"),
        ("full_name", "x" * 301, "at most 300"),
    ],
)
def test_patient_form_shows_inline_errors_and_keeps_the_text(
    qtbot: QtBot, window: Workspace, field: str, value: str, message: str
) -> None:
    form = PatientForm(window.patients, parent=window)
    qtbot.addWidget(form)
    typed = {
        "full_name": "Анна Иванова 😀 <b>&",
        "date_of_birth": "1979-06-30",
        "phone": "+380 67 333 4444",
        "email": "anna@example.org",
        "sport": "trail",
    }
    typed[field] = value
    for name, text in typed.items():
        getattr(form, name).setText(text)
    form.notes.setPlainText("מטופלת חדשה — RTL note")
    form.save()
    assert message in shown(form.errors[field])
    for name, text in typed.items():
        assert getattr(form, name).text() == text  # nothing typed is lost
    assert form.notes.toPlainText() == "מטופלת חדשה — RTL note"
    assert window.patients.count() == 0
    getattr(form, field).setText(
        {
            "full_name": "Анна Иванова 😀 <b>&",
            "date_of_birth": "30.6.1979",
            "phone": "+380 67 333 4444",
            "email": "anna@example.org",
        }[field]
    )
    with qtbot.waitSignal(form.saved):
        form.save()
    assert [r.full_name for r in window.patients.search("анна")] == ["Анна Иванова 😀 <b>&"]


def test_first_run_needs_a_name(qtbot: QtBot, window: Workspace) -> None:
    dialog = FirstRunDialog(window.clinicians, window)
    qtbot.addWidget(dialog)
    dialog.credentials.setText("DC")
    dialog.create_profile()
    assert "required" in shown(dialog.error) and dialog.credentials.text() == "DC"
    assert window.clinicians.active() == []


def test_visit_setup_says_what_is_missing_and_keeps_the_rest(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    window.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    page = window.setup_page
    page.screening.boxes["pregnancy"].setChecked(True)
    with qtbot.assertNotEmitted(page.treatment_requested):
        page.start()
    assert "complaint" in shown(page.complaint_error)
    assert "pain before" in shown(page.pain_error)
    assert "at least one protocol" in shown(page.chosen_error)
    assert page.screening.boxes["pregnancy"].isChecked()
    page.complaint.setText("shin <b>pain</b> & swelling")
    page.pain.set_value(4)
    page.add_current(Side.BOTH)
    with qtbot.waitSignal(page.treatment_requested) as started:
        page.start()
    setup = started.args[0]
    assert setup.complaint == "shin <b>pain</b> & swelling" and setup.pain_before == 4
    assert setup.decision.result == "precaution"


def test_a_stop_answer_without_an_override_reason_cannot_start_treatment(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    window.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    page = window.setup_page
    page.complaint.setText("calf pain")
    page.pain.set_value(7)
    page.add_current(Side.LEFT)
    page.screening.boxes["fracture"].setChecked(True)
    assert page.screening.override.isVisibleTo(page)
    with qtbot.assertNotEmitted(page.treatment_requested):
        page.start()
    assert "Stop and refer" in shown(page.screening.error)
    page.screening.override.setPlainText("short")
    with qtbot.assertNotEmitted(page.treatment_requested):
        page.start()
    assert "too short" in shown(page.screening.error)
    assert window.stack.currentWidget() is page
    assert window.flow.unfinished() == []


def test_an_overridden_stop_is_stored_and_stays_on_screen(qtbot: QtBot, window: Workspace) -> None:
    into_treatment(
        qtbot,
        window,
        answers={"fracture": True, "pregnancy": True},
        override="Cleared by her GP this morning, X-ray negative",
    )
    banner = window.treatment_page.banner
    assert banner.isVisibleTo(window) and "OVERRIDDEN STOP" in banner.text()
    assert "Pregnancy" in banner.text()
    visit = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert visit.screening_result == "stop"
    assert visit.screening_override == "Cleared by her GP this morning, X-ray negative"


def test_treatment_dialogs_refuse_empty_input(qtbot: QtBot, window: Workspace) -> None:
    note = NoteDialog(["a phrase"], window)
    finding = FindingDialog(window)
    skip = SkipDialog(["Too tender"], "Hamstrings", window)
    saved: list[tuple[str, str]] = []
    amend = AmendDialog(lambda reason, text, _secret: saved.append((reason, text)), window)
    for dialog in (note, finding, skip, amend):
        qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(note.note_written):
        note.save()
    assert "empty" in shown(note.error)
    with qtbot.assertNotEmitted(finding.finding_made):
        finding.save()
    assert "at least one" in shown(finding.error)
    with qtbot.assertNotEmitted(skip.skip_reason):
        skip.save()
    assert "reason" in shown(skip.error)
    amend.text.setPlainText("pain after was 2")
    amend.save()
    assert saved == [] and amend.result() != amend.DialogCode.Accepted
    assert "reason" in shown(amend.error) and amend.text.toPlainText() == "pain after was 2"


def test_wrap_up_errors_keep_the_plan(qtbot: QtBot, window: Workspace, clock) -> None:  # type: ignore[no-untyped-def]
    into_treatment(qtbot, window, choices=(("foot", Side.LEFT),))
    clock.advance(20)  # the plantar fascia is palpated: home care is suggested for it
    question = finish_treatment(window.treatment_page)  # W, then Enter on the confirmation
    assert question == "Finish the treatment now and go to the wrap-up?"  # one structure
    page = window.wrapup_page
    assert window.stack.currentWidget() is page and page.home_care.rowCount() == 2
    retest = page.measures.add_row("KTW")
    retest.values[0].setText("ninety")
    page.home_care.item(0, 1).setText("three")
    page.next_visit.setText("31.13.2026")
    with qtbot.assertNotEmitted(page.sign_requested):
        page.sign()
    assert "Choose pain after" in shown(page.pain_error)
    assert "number" in shown(retest.error)
    assert "whole numbers" in shown(page.home_care_error)
    assert "not a date" in shown(page.next_error)
    assert page.home_care.item(0, 1).text() == "three" and retest.values[0].text() == "ninety"
    page.pain.set_value(2)
    retest.values[0].setText("40")  # knee-to-wall 40 cm is not plausible
    page.home_care.item(0, 1).setText("3")
    page.next_visit.setText("")
    page.sign()
    assert "-5–25" in shown(retest.error)
    retest.values[0].setText("9,5")
    page.sign()
    finish_background()  # signed on a worker, then read back to show it
    assert window.stack.currentWidget() is window.view_page
    record = window.view_page.record
    assert record is not None and record.signed and record.next_visit is None
    assert [(m.instrument, m.value) for m in record.measurements] == [
        ("NPRS", 5),
        ("NPRS", 2),
        ("KTW", 9.5),
    ]


def test_settings_refuse_bad_values_and_apply_good_ones(
    qtbot: QtBot, window: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_settings()  # the toolbar's Settings… (Ctrl+,)
    qtbot.waitUntil(lambda: isinstance(window.dialog, SettingsDialog))
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.editors["clinic_phone"].setText("9" * 41)  # type: ignore[attr-defined]
    dialog.save()
    assert "at most 40" in shown(dialog.errors["clinic_phone"])
    dialog.editors["clinic_phone"].setText("+44 20 7946 0018")  # type: ignore[attr-defined]
    dialog.editors["clinic_name"].setText("Riverside Sports Clinic & Rehab")  # type: ignore[attr-defined]
    from PySide6.QtGui import QKeySequence

    dialog.editors["advance_key"].setKeySequence(QKeySequence("PgDown"))  # type: ignore[attr-defined]
    from PySide6.QtWidgets import QFileDialog

    chosen = ("/srv/clinic/logo.png", "Images (*.png *.jpg *.jpeg)")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: chosen)
    dialog.editors["clinic_logo"].browse.click()  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.applied):
        dialog.save()
    assert window.settings["clinic_name"] == "Riverside Sports Clinic & Rehab"
    assert window.settings["clinic_logo"] == "/srv/clinic/logo.png"
    assert window.settings.path.exists()
    assert window.treatment_page.advance_key_name == "PgDown"


def test_a_foot_pedal_key_advances_and_autorepeat_does_not(qtbot: QtBot, window: Workspace) -> None:
    window.settings.set("advance_key", "F13")
    window.open_settings()
    qtbot.waitUntil(lambda: window.dialog is not None)
    with qtbot.waitSignal(window.dialog.applied):  # type: ignore[union-attr]
        window.dialog.save()  # type: ignore[union-attr]
    into_treatment(qtbot, window)
    runner = window.runner
    assert runner is not None
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    page = window.treatment_page
    QApplication.sendEvent(
        page, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F13, Qt.KeyboardModifier.NoModifier)
    )
    assert runner.state.pass_number == 1
    QApplication.sendEvent(
        page,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F13, Qt.KeyboardModifier.NoModifier, "", True),
    )
    assert runner.state.pass_number == 1 and runner.state.phase.value == "contact"
    qtbot.keyClick(page, Qt.Key.Key_Space)  # Space is no longer the advance key
    assert runner.state.phase.value == "contact" and runner.state.status is Status.RUNNING


def test_a_re_test_on_a_side_defaults_to_the_treated_side_and_can_be_none(
    qtbot: QtBot, window: Workspace, clock
) -> None:  # type: ignore[no-untyped-def]
    into_treatment(qtbot, window)  # the hamstrings on the right
    clock.advance(20)
    finish_treatment(window.treatment_page)
    page = window.wrapup_page
    page.pain.set_value(2)
    retest = page.measures.add_row()
    assert [retest.side.itemText(i) for i in range(3)] == ["left", "right", "none"]
    retest.set_instrument("PKE")
    assert retest.side_value == "right"  # a sided measure: the side treated today
    retest.values[0].setText("12,5")
    grip = page.measures.add_row("PKE", "none")  # no side, when that is what was taken
    grip.values[0].setText("20")
    with qtbot.waitSignal(page.sign_requested) as signed:
        page.sign()
    pain, right, unsided = signed.args[0].measurements
    assert (pain.instrument, pain.value, pain.timing) == ("NPRS", 2, "after")
    assert (right.instrument, right.value, right.side) == ("PKE", 12.5, "right")
    assert (unsided.side, unsided.value) == ("none", 20)
    finish_background()  # the visit signed on a worker, and shown
