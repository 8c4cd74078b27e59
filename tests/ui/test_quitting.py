"""Ctrl+Q quits (issue 14 item 7), asking first while a visit is under way — kept anyway."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from artdesk.settings import Settings
from artdesk.store import ClinicianRepository, PatientData, PatientRepository, open_database
from tests.builders import setup_for
from ui.app import Application
from ui.sounds import SilentCues


def opened(qtbot: QtBot, tmp_path: Path) -> tuple[Application, int]:
    database = open_database(tmp_path / "clinic.sqlite")
    ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    application = Application(Settings(tmp_path / "settings.json"), SilentCues())
    application.open(database)
    assert application.window is not None
    qtbot.addWidget(application.window)
    qtbot.waitExposed(application.window)
    application.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return application, patient


def ctrl_q() -> None:
    """Ctrl+Q where the keys go (whatever has the focus)."""
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_q_quits_at_once_with_no_visit_under_way(qtbot: QtBot, tmp_path: Path) -> None:
    application, _ = opened(qtbot, tmp_path)
    window = application.window
    assert window is not None
    ctrl_q()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_ctrl_q_asks_during_a_visit_and_no_is_the_default(qtbot: QtBot, tmp_path: Path) -> None:
    application, patient = opened(qtbot, tmp_path)
    window = application.window
    assert window is not None and window.workspace is not None
    workspace = window.workspace
    library = workspace._library
    treatment = workspace.flow.open_treatment(1, setup_for(library, patient), "Ana Silva")
    workspace.treatment = treatment  # as the set-up's start does
    workspace.treat(treatment)
    ctrl_q()
    box = workspace.dialogs.current
    assert isinstance(box, QMessageBox) and "Ana Silva is under way" in box.text()
    assert "offered again" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: No — the visit goes on
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible() and workspace.treatment is treatment
    ctrl_q()
    box = workspace.dialogs.current
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    # kept: the visit is there to resume
    assert [v.id for v in workspace.flow.unfinished()] == [treatment.visit_id]
