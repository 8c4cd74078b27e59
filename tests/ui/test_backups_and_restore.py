"""Issue 11 items 1–3 through the real window: what opening found, the start-up check in the
background, the Backups dialog, a real restore with the PIN, and the daily backup."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from artdesk.settings import Settings
from artdesk.store import (
    AuditTrail,
    ClinicianRepository,
    CredentialRepository,
    PatientData,
    PatientRepository,
    open_database,
)
from artdesk.store.backup import list_backups
from artdesk.treatment import FakeClock
from tests.ui.conftest import focused, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import finish_background
from tests.ui.keys import press, type_text
from ui.app import Application
from ui.background import wait_for_background
from ui.pages.backups_dialog import BackupsDialog
from ui.pages.sign_dialog import SignDialog
from ui.sounds import SilentCues
from ui.workspace import Workspace

PIN = "246810"
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _clinic(path: Path, pin: bool = True) -> int:
    database = open_database(path)
    clinician = ClinicianRepository(database).add("Dr Ana Ruiz", "DC")
    if pin:
        CredentialRepository(database).set_secret(clinician, "pin", PIN)
    PatientRepository(database).add(PatientData("Ana Before", date(1980, 1, 1)))
    database.close()
    return clinician


@pytest.fixture
def program(qtbot: QtBot, tmp_path: Path) -> Iterator[Application]:
    """The real program (Application) over a clinic file; every window it opens is closed."""
    application = Application(Settings(tmp_path / "settings.json"), SilentCues())
    yield application
    wait_for_background()
    if application.window is not None:
        application.window.close()
    QApplication.processEvents()
    if application.database is not None:
        application.database.close()


def _open(qtbot: QtBot, application: Application, path: Path) -> Workspace:
    workspace = application.open(open_database(path))
    assert application.window is not None
    qtbot.addWidget(application.window)
    qtbot.waitExposed(application.window)
    return workspace


def _sign_in(qtbot: QtBot, window: Workspace) -> None:
    wait_for_focus_in(qtbot, window.session.lock_page)
    type_text(focused(), PIN)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.locked)
    if window.dialog is not None:  # a resume offer
        window.dialog.reject()


def _open_backups(qtbot: QtBot, window: Workspace) -> BackupsDialog:
    window.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.window())
    press(focused(), Qt.Key.Key_B, CTRL)  # the toolbar's Backups… (Ctrl+B)
    return wait_for_dialog(qtbot, window, BackupsDialog)  # type: ignore[return-value]


def test_what_opening_set_aside_is_shown_in_a_banner_until_dismissed(
    qtbot: QtBot, tmp_path: Path, program: Application
) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path, pin=False)
    other = sqlite3.connect(tmp_path / "other.sqlite", isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("CREATE TABLE stock (item TEXT)")
    other.executemany("INSERT INTO stock VALUES (?)", [("x" * 100,)] * 50)
    shutil.copyfile(tmp_path / "other.sqlite-wal", Path(str(path) + "-wal"))  # a careless copy
    other.close()
    window = _open(qtbot, program, path)
    banner = window.file_care.banner
    qtbot.waitUntil(banner.isVisible)
    text = banner.text.text()
    assert "write-ahead file that does not belong with" in text
    assert str(tmp_path / "backups") in text  # where the copies are
    qtbot.waitUntil(lambda: window.file_care.checked is not None, timeout=10000)
    assert not banner.is_problem()  # the clinic's own file checked out fine
    banner.dismiss_button.setFocus()
    press(banner.dismiss_button, Qt.Key.Key_Space)  # by the keyboard
    assert not banner.isVisible()


def test_the_start_up_check_runs_in_the_background_and_says_what_is_wrong_and_how_to_restore(
    qtbot: QtBot, tmp_path: Path, program: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path, pin=False)
    con = sqlite3.connect(path)
    (trigger,) = con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' LIMIT 1"
    ).fetchone()
    con.execute(f'DROP TRIGGER "{trigger}"')  # someone removed a guard
    con.commit()
    con.close()
    from artdesk.store import verify

    threads: list[str] = []
    real = verify.startup_check

    def recorded(database):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(database)

    monkeypatch.setattr(verify, "startup_check", recorded)
    window = _open(qtbot, program, path)
    banner = window.file_care.banner
    qtbot.waitUntil(banner.isVisible, timeout=10000)
    assert threads and threads[0] != threading.main_thread().name  # never on the UI thread
    assert banner.is_problem() and "has a problem" in banner.title.text()
    text = banner.text.text()
    assert "guards are missing" in text and trigger in text
    assert str(tmp_path / "backups") in text and "Restore…" in text
    assert "Traceback" not in text
    banner.backups_button.click()  # straight to the restore screen
    wait_for_dialog(qtbot, window, BackupsDialog)
    window.dialog.reject()


def test_back_up_now_then_a_real_restore_with_the_pin_through_the_window(
    qtbot: QtBot, tmp_path: Path, program: Application
) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    window = _open(qtbot, program, path)
    _sign_in(qtbot, window)
    dialog = _open_backups(qtbot, window)
    press(focused(), Qt.Key.Key_B, ALT)  # &Back up now
    qtbot.waitUntil(lambda: "Backed up to" in dialog.status.text(), timeout=10000)
    dialog.accept()
    window.patients.add(PatientData("Ben After", date(1990, 2, 2)))  # after the backup
    dialog = _open_backups(qtbot, window)
    kinds = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "backed up by hand" in kinds  # (and today's daily copy, taken at start-up)
    press(focused(), Qt.Key.Key_F, ALT)  # the list (Backups, newest &first)
    press(focused(), Qt.Key.Key_Home)
    for _ in range(kinds.index("backed up by hand")):
        press(focused(), Qt.Key.Key_Down)
    assert dialog.selected() is not None and dialog.selected().label == "manual"  # type: ignore[union-attr]
    press(focused(), Qt.Key.Key_R, ALT)  # &Restore…
    confirm = wait_for_dialog(qtbot, window, SignDialog)
    assert "replaces the clinic database" in confirm.summary.text()
    type_text(focused(), "135792")  # a wrong PIN restores nothing
    press(focused(), Qt.Key.Key_Return)
    finish_background()  # checked on a worker
    assert "Not restored" in confirm.error.text() and confirm.isVisible()
    first = program.window
    type_text(focused(), PIN)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: program.window is not first, timeout=15000)
    assert program.window is not None and program.database is not None
    qtbot.addWidget(program.window)
    restored = program.window.workspace
    assert restored is not None
    names = [p.full_name for p in PatientRepository(program.database).search("")]
    assert names == ["Ana Before"]  # Ben was added after the backup: gone
    kept = [b for b in list_backups(path) if b.label == "before-restore"]
    assert len(kept) == 1
    copy = open_database(kept[0].path, create=False)
    try:
        assert "Ben After" in [p.full_name for p in PatientRepository(copy).search("")]
    finally:
        copy.close()
    assert "Restored the backup taken" in restored.file_care.banner.text.text()
    assert str(kept[0].path) in restored.file_care.banner.text.text()
    actions = [(e.action, e.clinician) for e in AuditTrail(program.database).entries()]
    assert ("restore", "Dr Ana Ruiz") in actions
    assert restored.session.locked  # the restored file: whoever works signs in again


def test_a_backup_that_is_not_a_database_is_refused_in_one_line_and_nothing_changes(
    qtbot: QtBot, tmp_path: Path, program: Application
) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path, pin=False)
    (tmp_path / "backups").mkdir()
    junk = tmp_path / "backups" / "clinic-manual-20991231T090000Z.sqlite"  # the newest
    junk.write_bytes(b"junk" * 1000)
    window = _open(qtbot, program, path)
    window.toolbar.reload()
    dialog = _open_backups(qtbot, window)
    assert dialog.table.item(0, 1).text() == "backed up by hand"
    press(focused(), Qt.Key.Key_R, ALT)
    confirm = wait_for_dialog(qtbot, window, SignDialog)
    press(focused(), Qt.Key.Key_Return)  # no PIN to type: Enter alone restores nothing
    assert confirm.result() == SignDialog.DialogCode.Rejected and not confirm.isVisible()
    assert not window.file_care.restorer.running
    assert wait_for_dialog(qtbot, window, BackupsDialog) is dialog  # the keys are back in it
    press(focused(), Qt.Key.Key_R, ALT)
    confirm = wait_for_dialog(qtbot, window, SignDialog)
    confirm.sign_button.click()
    qtbot.waitUntil(lambda: "Not restored" in dialog.error.text(), timeout=10000)
    line = dialog.error.text()
    assert "is not a database" in line and "\n" not in line and "Traceback" not in line
    assert "before-restore" not in [b.label for b in list_backups(path)]  # nothing was touched
    assert [p.full_name for p in window.patients.search("")] == ["Ana Before"]  # still works


def test_a_daily_backup_is_taken_once_a_day_kept_n_days_and_audited(
    qtbot: QtBot, window: Workspace, clock: FakeClock, db_path: Path
) -> None:
    care = window.file_care
    window.settings.set("backup_days", 1)
    care.start()
    assert care.daily_timer.isActive() and care.daily_timer.interval() == 10 * 60_000
    qtbot.waitUntil(lambda: care.checked is not None, timeout=10000)  # then the day's copy
    qtbot.waitUntil(lambda: len(list_backups(db_path)) == 1, timeout=10000)
    wait_for_background()
    care.check_daily_backup()  # the timer again, the same day: nothing new
    wait_for_background()
    qtbot.waitUntil(lambda: not care._daily_running)
    assert [b.label for b in list_backups(db_path)] == ["daily"]
    for _ in range(2):
        clock.advance(24 * 3600)
        care.check_daily_backup()
        wait_for_background()
        qtbot.waitUntil(lambda: not care._daily_running)
    days = [b.taken_at.date().isoformat() for b in list_backups(db_path)]
    assert days == ["2026-01-07", "2026-01-06"]  # the first day's is past the 1 day kept
    details = [e.detail for e in window.flow.audit.entries() if e.action == "backup"]
    assert len(details) == 3 and all("daily copy" in d for d in details)


def test_a_daily_backup_that_fails_is_one_line_in_the_banner(
    qtbot: QtBot, window: Workspace, db_path: Path
) -> None:
    (db_path.parent / "backups").write_text("not a folder")  # a careless IT person
    window.file_care.check_daily_backup()
    banner = window.file_care.banner
    qtbot.waitUntil(banner.isVisible, timeout=10000)
    (line,) = banner.lines()
    assert line.startswith("Today's backup could not be taken: cannot back up into")
    assert "it is a file, not a folder" in line and "Traceback" not in line


def test_back_up_now_onto_a_file_named_backups_is_one_line_in_the_dialog(
    qtbot: QtBot, window: Workspace, db_path: Path
) -> None:
    (db_path.parent / "backups").write_text("not a folder")
    window.file_care.open_backups()
    dialog = wait_for_dialog(qtbot, window, BackupsDialog)
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: "Not backed up" in dialog.error.text(), timeout=10000)
    assert "it is a file, not a folder" in dialog.error.text()
    assert dialog.back_up_button.isEnabled()  # it may be tried again
    dialog.reject()


def test_settings_keep_daily_backups_for_whole_days(qtbot: QtBot, window: Workspace) -> None:
    from ui.pages.settings_dialog import SettingsDialog

    window.open_settings()
    dialog = wait_for_dialog(qtbot, window, SettingsDialog)
    spin = dialog.editors["backup_days"]
    assert spin.value() == 14 and spin.decimals() == 0  # type: ignore[attr-defined]
    spin.setValue(30)  # type: ignore[attr-defined]
    dialog.save()
    assert window.settings["backup_days"] == 30
