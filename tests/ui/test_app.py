"""Start-up pieces: the painted-first main window, the demo clinic, background checkpoints."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from artdesk.settings import Settings
from artdesk.store import Database, PatientRepository, open_database
from ui.app import Application
from ui.background import run_in_background, wait_for_background
from ui.main_window import MainWindow
from ui.pages.first_run import FirstRunDialog
from ui.sounds import SilentCues


def test_the_main_window_paints_before_any_database_is_open(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    assert window.workspace is None and "Opening" in window.centralWidget().text()  # type: ignore[attr-defined]


def test_first_run_can_open_the_demo_clinic(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    application = Application(settings, SilentCues())
    workspace = application.open(open_database(tmp_path / "empty.sqlite"))
    first = application.window
    qtbot.addWidget(first)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: isinstance(workspace.dialog, FirstRunDialog))
    workspace.dialog.demo_button.click()  # type: ignore[union-attr]
    demo_window = application.window
    assert demo_window is not None and demo_window is not first
    qtbot.addWidget(demo_window)
    assert "DEMO CLINIC" in demo_window.windowTitle()
    assert demo_window.workspace is not None
    # 60 made up and the two on the studies' courses
    assert PatientRepository(application.database).count() == 62  # type: ignore[arg-type]
    assert demo_window.workspace.toolbar.clinician.count() == 3
    # beside the file the program was given (--db), not in the user's data folder (issue 11)
    assert (tmp_path / "empty-demo.sqlite").is_file()
    assert str(tmp_path / "empty-demo.sqlite") in demo_window.windowTitle()


def test_commits_leave_checkpoints_to_the_background(qtbot: QtBot, database: Database) -> None:
    database.defer_checkpoints()
    with database.write() as session:
        autocheckpoint = session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert autocheckpoint == 0
    patients = PatientRepository(database)
    from datetime import date

    from artdesk.store import PatientData

    for n in range(300):
        patients.add(PatientData(f"Runner {n}", date(1990, 1, 1), notes="x" * 2000))
    path = Path(database.engine.url.database)  # type: ignore[arg-type]
    wal = Path(str(path) + "-wal")
    assert wal.stat().st_size > 4 * 1024 * 1024  # nothing folded it in during the commits
    threads: list[str] = []
    results: list[object] = []

    def job() -> None:
        threads.append(threading.current_thread().name)
        database.checkpoint()

    run_in_background(job, done=results.append)
    assert wait_for_background()
    qtbot.waitUntil(lambda: results == [None])
    assert threads and threads[0] != threading.main_thread().name
    con = sqlite3.connect(path)
    busy, log, checkpointed = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    con.close()
    assert busy == 0 and checkpointed == log  # the worker had already folded everything in
    assert QApplication.instance() is not None


def test_a_failing_background_job_is_reported_on_the_ui_thread(qtbot: QtBot) -> None:
    failures: list[BaseException] = []

    def job() -> None:
        raise OSError(28, "No space left on device")

    run_in_background(job, failed=failures.append)
    assert wait_for_background()
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert isinstance(failures[0], OSError)


def toolbar_action(window, text: str):  # type: ignore[no-untyped-def]
    (action,) = [a for a in window.toolbar.actions() if a.text() == text]
    return action


def test_a_colleague_can_be_added_and_chosen(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    from ui.pages.first_run import FirstRunDialog

    window.first_run()
    qtbot.waitUntil(lambda: isinstance(window.dialog, FirstRunDialog))
    window.dialog.name.setText("Dr Kim Lee")
    window.dialog.create_profile()
    toolbar_action(window, "Add clinician…").trigger()
    dialog = window.dialog
    assert isinstance(dialog, FirstRunDialog) and not dialog.demo_button.isVisibleTo(dialog)
    dialog.name.setText("Tomás Ferreira")
    dialog.credentials.setText("PT, DPT")
    dialog.create_profile()
    chooser = window.toolbar.clinician
    assert [chooser.itemText(i) for i in range(chooser.count())] == [
        "Dr Kim Lee",
        "Tomás Ferreira",
    ]
    assert chooser.currentText() == "Tomás Ferreira"
    assert window.settings["clinician_id"] == window.clinician_id()


def test_back_up_from_the_window_copies_the_live_database(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from datetime import date

    from artdesk.store import PatientData

    window.patients.add(PatientData("Ana Núñez", date(1990, 1, 1)))
    target = tmp_path / "copy.sqlite"
    window.toolbar.choose_backup_path = lambda suggested: str(target)
    toolbar_action(window, "Backups…").trigger()
    from ui.pages.backups_dialog import BackupsDialog

    qtbot.waitUntil(lambda: isinstance(window.dialog, BackupsDialog))
    with qtbot.waitSignal(window.backed_up, timeout=10000):
        window.dialog.copy_button.click()
    copy = open_database(target, create=False)
    try:
        assert [r.full_name for r in PatientRepository(copy).search("")] == ["Ana Núñez"]
    finally:
        copy.close()


def test_cues_fall_back_to_a_beep_and_respect_mute(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui import sounds

    beeps: list[bool] = []
    monkeypatch.setattr(sounds.QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    cues = sounds.SoundCues(enabled=True)
    cues._effects = {}  # as when QtMultimedia or the audio device is missing
    cues.phase_changed()
    cues.pass_target()
    assert beeps == [True, True]
    cues.enabled = False  # muted in Settings
    cues.phase_changed()
    assert beeps == [True, True]


def test_an_uncaught_error_is_said_in_one_line_and_logged(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from artdesk.store import DatabaseCorrupt
    from ui.errors import ErrorReporter

    parent = QWidget()
    qtbot.addWidget(parent)
    reporter = ErrorReporter(parent, tmp_path / "logs" / "errors.log")
    damaged = DatabaseCorrupt("the database file is damaged — nothing was saved; restore it")
    try:
        raise damaged
    except DatabaseCorrupt as exc:
        reporter.report(type(exc), exc, exc.__traceback__)
    assert reporter.shown is not None
    assert reporter.shown.text() == "The database file is damaged — nothing was saved; restore it."
    reporter.shown.accept()
    try:
        {}["missing"]  # a bug, not a store error
    except KeyError as exc:
        reporter.report(type(exc), exc, exc.__traceback__)
    text = reporter.shown.text()
    assert text.startswith("Something went wrong (KeyError)") and "Traceback" not in text
    assert "\n" not in text
    log = (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    assert log.count("Traceback") == 2 and "DatabaseCorrupt" in log and "KeyError" in log
    reporter.shown.accept()


def test_the_first_run_asks_for_the_clinics_details_for_the_patients_paper(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    from ui.pages.first_run import FirstRunDialog

    window.first_run()
    qtbot.waitUntil(lambda: isinstance(window.dialog, FirstRunDialog))
    dialog = window.dialog
    assert set(dialog.clinic) == {"clinic_name", "clinic_phone", "clinic_address"}
    dialog.name.setText("Dr Kim Lee")
    dialog.clinic["clinic_name"].setText("Riverside Sports Clinic & Rehab")
    dialog.clinic["clinic_phone"].setText("+44 113 496 0000")
    dialog.clinic["clinic_address"].setPlainText("12 River St\nLeeds LS1 4AB")
    dialog.create_profile()
    assert window.settings["clinic_phone"] == "+44 113 496 0000"
    assert window.settings["clinic_address"] == "12 River St\nLeeds LS1 4AB"
    assert window.settings.path.exists()  # kept for the next start
    toolbar_action(window, "Add clinician…").trigger()  # a colleague: not asked again
    assert window.dialog.clinic == {}
    window.dialog.reject()


def test_clinic_details_that_do_not_fit_keep_the_dialog_open(
    qtbot: QtBot,
    window,  # type: ignore[no-untyped-def]
) -> None:
    from ui.pages.first_run import FirstRunDialog

    window.first_run()
    qtbot.waitUntil(lambda: isinstance(window.dialog, FirstRunDialog))
    dialog = window.dialog
    dialog.name.setText("Dr Kim Lee")
    dialog.clinic["clinic_phone"].setText("9" * 41)
    dialog.create_profile()
    assert dialog.isVisible() and "Clinic phone" in dialog.error.text()
    assert window.clinicians.active() == []  # nothing half-done: no profile yet
    assert dialog.name.text() == "Dr Kim Lee"
    dialog.reject()
