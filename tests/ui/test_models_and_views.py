"""The Qt models (with qtmodeltester) and the read-only signed visit with its amendments."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from artdesk.protocols import Side
from artdesk.store import Database, PatientData, PatientRepository
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import finish_treatment
from ui.models.patient_list_model import PatientListModel
from ui.models.visit_history_model import VisitHistoryModel
from ui.pages.visit_view_page import AmendDialog
from ui.workspace import Workspace


def test_patient_list_model_pages_as_the_view_scrolls(qtmodeltester, database: Database) -> None:  # type: ignore[no-untyped-def]
    patients = PatientRepository(database)
    for n in range(250):
        patients.add(PatientData(f"Runner {n:03d}", date(1990, 1, 1)))
    model = PatientListModel(patients)
    model.set_query("")
    assert model.rowCount() == 100
    qtmodeltester.check(model)
    while model.canFetchMore(model.index(-1, -1).parent()):
        model.fetchMore(model.index(-1, -1).parent())
    assert model.rowCount() == 250
    model.set_query("runner 24")
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [
        f"Runner {n}" for n in range(240, 250)
    ]
    qtmodeltester.check(model)


def test_visit_history_model(qtmodeltester, qtbot: QtBot, window: Workspace) -> None:  # type: ignore[no-untyped-def]
    into_treatment(qtbot, window)
    model = VisitHistoryModel(window.flow)
    model.load(window.patient_id)  # type: ignore[arg-type]
    assert model.rowCount() == 1
    assert model.data(model.index(0, 2)) == "5 → –"
    assert model.data(model.index(0, 4)) == "in progress"
    qtmodeltester.check(model)


def test_a_signed_visit_is_read_only_and_an_amendment_keeps_the_original(
    qtbot: QtBot, window: Workspace
) -> None:
    into_treatment(qtbot, window, (("neck", Side.LEFT),))
    runner = window.runner
    assert runner is not None
    runner.note("Zoë said <img src='http://127.0.0.1:9/x.png'> & felt better")
    finish_treatment(window.treatment_page)
    window.wrapup_page.pain.set_value(2)
    window.wrapup_page.sign()
    finish_background()  # signed on a worker, then read back to show it
    page = window.view_page
    assert window.stack.currentWidget() is page
    assert page.lock.text().startswith("Signed") and page.amend_button.isVisibleTo(page)
    assert page.lock_mark.isVisibleTo(page) and not page.lock_mark.pixmap().isNull()
    html = page.body.toHtml()
    assert "&lt;img src=" in html and "Zoë said" in html  # user text is text, not markup
    visit_id = window.visit_id
    assert visit_id is not None
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.dialog, AmendDialog)
    window.dialog.reason.setText("late entry")
    window.dialog.text.setPlainText("Pain after was 3, not 2.")
    window.dialog.save()
    finish_background()
    text = page.body.toPlainText()
    assert "Pain 5 → 2" in text  # the original stays
    assert "Amendment 1" in text and "late entry" in text and "Pain after was 3, not 2." in text
    assert "Dr Ana Ruiz" in text

    # from the patient's history, a signed visit opens read-only again
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # back to the patient
    assert window.stack.currentWidget() is window.patient_page
    history = window.patient_page.history
    assert history.data(history.index(0, 4)) == "signed"
    assert history.data(history.index(0, 4), Qt.ItemDataRole.DecorationRole) is not None
    with qtbot.waitSignal(window.patient_page.visit_opened):
        window.patient_page.table.setCurrentIndex(history.index(0, 0))
        qtbot.keyClick(window.patient_page.table, Qt.Key.Key_Return)
    finish_background()
    assert window.stack.currentWidget() is page and page.lock.text().startswith("Signed")


def test_the_count_under_the_search_says_one_patient_or_none(
    qtbot: QtBot, window: Workspace
) -> None:
    window.patients.add(PatientData("Zoë Ægir-Łukasiewicz", date(1990, 4, 3)))
    window.patients.add(PatientData("Zola Brandt", date(1988, 2, 1)))
    page = window.patients_page
    page.search.setText("zoë")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.count.text() == "1 patient"
    page.search.setText("zo")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.count.text() == "2 patients"
    page.search.setText("nobody at all")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count.text() == "No patient matches."
