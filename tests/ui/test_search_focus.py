"""The search box has the keys whenever the patient list is shown (issue 14 item 7): at the
start, back from a patient (Esc), after a dialog over the list closes, after a visit's set-up
is cancelled — a clinician types a name without reaching for the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import focused, wait_for_focus_in
from tests.ui.helpers import clinician_and_patient, finish_background
from ui.workspace import Workspace


def test_the_search_box_has_the_keys_whenever_the_list_is_shown(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    search = window.patients_page.search
    window.show_patients()
    wait_for_focus_in(qtbot, search)
    window.show_patient(patient)
    assert focused() is not search
    QTest.keyClick(focused(), Qt.Key.Key_Escape)  # back from the patient
    assert window.stack.currentWidget() is window.patients_page
    wait_for_focus_in(qtbot, search)
    QTest.keyClick(search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new patient
    dialog = window.dialogs.current
    assert dialog is not None
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # cancelled: the keys come back to the search
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_for_focus_in(qtbot, search)
    window.show_patient(patient)
    window.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    assert window.stack.currentWidget() is window.setup_page
    wait_for_focus_in(qtbot, window.setup_page)
    QTest.keyClick(focused(), Qt.Key.Key_Escape)  # the set-up left: back where it came from
    if window.stack.currentWidget() is window.patient_page:
        QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.patients_page
    wait_for_focus_in(qtbot, search)
    QTest.keyClicks(focused(), "1985-12")  # typed straight in: a date of birth
    assert search.text() == "1985-12"
