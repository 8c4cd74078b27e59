"""With sign-in on the window opens on the lock screen itself, before the store is open
(issue 14 item 1): the clinician chooses their name and types their PIN at once, and the
session's lock page takes over what was chosen and typed — and the sign-in asked for, which
only the session checks. tests/ui/test_first_page.py: what is imported at its first paint."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from artdesk.settings import Settings
from artdesk.store import Database
from tests.ui.conftest import focused, wait_for_focus_in
from tests.ui.helpers import finish_background
from tests.ui.keys import press, type_text
from tests.ui.test_first_page import ROOT, add_runners
from tests.ui.test_who_did_what import ANA_PIN, TOMAS_PASSWORD, actions, clinic
from ui.app import Application
from ui.main_window import MainWindow, first_lock, first_page
from ui.pages.lock_page import LockPage
from ui.sounds import SilentCues
from ui.workspace import Workspace

__all__ = ["clinic"]  # a fixture, used by name

# main.py as a clinician starts it: at the lock screen's first paint (before the store is even
# opened) ↓ to the second name, its secret typed and Enter; then what the window came to
TYPE_EARLY = """
import json, os, sys, traceback
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6 import QtWidgets
from PySide6.QtTest import QTest

seen = {}
SECRET = sys.argv[2]

def type_early(page):
    from PySide6.QtCore import Qt
    seen["early"] = page.window().centralWidget() is page
    QTest.keyClick(page.secret, Qt.Key.Key_Down)
    QTest.keyClicks(page.secret, SECRET)
    QTest.keyClick(page.secret, Qt.Key.Key_Return)
    seen["said"] = page.error.text()
    seen["workspace"] = page.window().workspace is not None
    poll(page.window(), 0)

def poll(window, waited):
    workspace = window.workspace
    session = workspace.session if workspace is not None else None
    refused = session is not None and session.lock_page.error.text() not in ("", "Checking…")
    if (session is not None and not session.locked) or refused or waited > 60_000:
        seen["signed_in"] = session.name(session.clinician_id()) if session else None
        seen["refused"] = session.lock_page.error.text() if session else None
        seen["audit"] = [(e.action, e.clinician) for e in workspace.flow.audit.entries()
                         if e.action.startswith("sign-in")] if workspace else None
        print(json.dumps(seen), flush=True)
        os._exit(0)
    QTimer.singleShot(20, lambda: poll(window, waited + 20))

class _Watch(QObject):
    def eventFilter(self, obj, event):
        try:
            if event.type() == QEvent.Type.Paint and type(obj).__name__ == "LockPage":
                if not seen:
                    seen["painted"] = True
                    QTimer.singleShot(0, lambda: type_early(obj))
        except BaseException:
            traceback.print_exc()
            os._exit(3)
        return False

_Base = QtWidgets.QApplication
class _App(_Base):
    def __init__(self, *a):
        super().__init__(*a)
        self._watch = _Watch()
        self.installEventFilter(self._watch)
QtWidgets.QApplication = _App
import runpy
sys.argv = ["main.py", "--db", sys.argv[1]]
runpy.run_path("main.py", run_name="__main__")
"""


def early_window(qtbot: QtBot, db_path: Path) -> tuple[MainWindow, LockPage]:
    """The window as ``run_gui`` opens it on a clinic with sign-in on, shown and active, the
    keys in its PIN field."""
    people = first_lock(str(db_path))
    assert people is not None
    window = MainWindow(people=people)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.early_lock
    assert page is not None and window.centralWidget() is page
    wait_for_focus_in(qtbot, page.secret)
    return window, page


def attach(window: MainWindow, database: Database, tmp_path: Path) -> Workspace:
    """The store is open: the workspace takes the early page's place (as ``load`` does)."""
    application = Application(Settings(tmp_path / "settings.json"), SilentCues())
    return application.attach(window, database)


def sign_ins(workspace: Workspace) -> list[tuple[str, str]]:
    return [a for a in actions(workspace) if a[0].startswith("sign-in")]


def test_a_name_chosen_and_a_password_typed_early_sign_in_once_the_workspace_is_there(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path, clinic: dict[str, int]
) -> None:
    window, early = early_window(qtbot, db_path)
    assert early.chosen() == clinic["ana"]  # the first by name, as on the session's page
    press(focused(), Qt.Key.Key_Down)  # Tomás, from the PIN field
    assert early.chosen() == clinic["tomas"] and early.secret_caption.text() == "&Password"
    type_text(focused(), TOMAS_PASSWORD)
    press(focused(), Qt.Key.Key_Return)
    # said as the session's page says it, and held: nobody is signed in by this page
    assert early.error.text() == "Checking…" and early.error.isVisible()
    assert not early.secret.isEnabled() and not early.people.isEnabled()
    assert window.workspace is None and window.centralWidget() is early
    workspace = attach(window, database, tmp_path)
    session, page = workspace.session, workspace.session.lock_page
    assert window.centralWidget() is workspace and window.early_lock is None
    assert session.locked and page.chosen() == clinic["tomas"]
    assert page.error.text() == "Checking…"  # checked at once, on a worker
    finish_background()
    assert not session.locked and workspace.clinician_id() == clinic["tomas"]
    qtbot.waitUntil(workspace.stack.isVisible)  # the patient list, behind the lock no more
    assert sign_ins(workspace) == [("sign-in", "Tomás Ferreira")]  # once
    assert page.secret.text() == ""  # nothing typed stays behind the unlocked window


def test_what_was_typed_early_goes_on_in_the_sessions_pin_field_the_keys_at_its_end(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path, clinic: dict[str, int]
) -> None:
    window, _early = early_window(qtbot, db_path)
    type_text(focused(), ANA_PIN[:4])
    workspace = attach(window, database, tmp_path)
    page = workspace.session.lock_page
    assert page.chosen() == clinic["ana"] and page.secret.text() == ANA_PIN[:4]
    wait_for_focus_in(qtbot, page.secret)
    assert page.secret.cursorPosition() == 4
    type_text(focused(), ANA_PIN[4:])  # the rest, typed once the store is open
    assert page.secret.text() == ANA_PIN
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert not workspace.session.locked and workspace.clinician_id() == clinic["ana"]
    assert sign_ins(workspace) == [("sign-in", "Dr Ana Ruiz")]


def test_a_wrong_pin_typed_early_is_refused_as_on_the_sessions_page(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path, clinic: dict[str, int]
) -> None:
    window, _early = early_window(qtbot, db_path)
    type_text(focused(), "135792")  # not Ana's
    press(focused(), Qt.Key.Key_Return)
    workspace = attach(window, database, tmp_path)
    finish_background()
    session, page = workspace.session, workspace.session.lock_page
    assert session.locked and workspace.clinician_id() is None
    assert "not right" in page.error.text() and page.secret.text() == ""
    assert session.screens.currentWidget() is page
    wait_for_focus_in(qtbot, page.secret)  # for the next try
    assert sign_ins(workspace) == [("sign-in-failed", "")]
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert workspace.clinician_id() == clinic["ana"]


def test_the_early_lock_screen_is_where_the_sessions_is(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path, clinic: dict[str, int]
) -> None:
    """Nothing moves when the session's page takes the early one's place (the window's
    status line is there from the start)."""

    def where(page: LockPage) -> list[object]:
        parts: list[QWidget] = [page.title, page.detail, page.people, page.secret]
        parts.append(page.sign_in_button)
        return [
            (p.mapTo(window, QPoint(0, 0)), p.size(), getattr(p, "text", lambda: "")())
            for p in parts
        ] + [[page.people.item(r).text() for r in range(page.people.count())]]

    window, early = early_window(qtbot, db_path)
    before = where(early)
    workspace = attach(window, database, tmp_path)
    page = workspace.session.lock_page
    qtbot.waitUntil(lambda: page.isVisible())
    QApplication.processEvents()  # the layout settled
    assert where(page) == before


def test_sign_in_turned_off_before_the_store_opened_drops_what_was_typed(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path, clinic: dict[str, int]
) -> None:
    """The session decides: nobody has a secret any more (reset meanwhile), so the window
    opens on the patient list — and the PIN typed early goes nowhere, not into the search."""
    window, _early = early_window(qtbot, db_path)
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE clinicians SET secret_hash = NULL, secret_kind = NULL")
    con.close()
    workspace = attach(window, database, tmp_path)
    finish_background()
    assert not workspace.session.enabled and not workspace.session.locked
    assert workspace.stack.currentWidget() is workspace.patients_page
    assert workspace.patients_page.search.text() == ""
    assert workspace.session.lock_page.secret.text() == ""
    assert sign_ins(workspace) == []


def test_main_py_signs_in_with_the_name_and_password_given_before_the_store_was_opened(
    database: Database, db_path: Path, clinic: dict[str, int]
) -> None:
    """The program as started (``run_gui``): the store opens on a worker while the early lock
    screen takes the keys, which say "Checking…"; the session checks them once it is there."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", TYPE_EARLY, str(db_path), TOMAS_PASSWORD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip(), result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "painted": True,
        "early": True,  # typed on the window's own lock screen
        "said": "Checking…",
        "workspace": False,  # before the store was open
        "signed_in": "Tomás Ferreira",
        "refused": "",
        "audit": [["sign-in", "Tomás Ferreira"]],
    }, result.stderr


def test_with_sign_in_off_the_window_still_opens_on_the_patient_list(
    database: Database, db_path: Path
) -> None:
    from artdesk.store import ClinicianRepository

    ClinicianRepository(database).add("Dr Ana Ruiz", "DC")  # no PIN or password
    add_runners(database, 5)
    assert first_lock(str(db_path)) is None
    rows = first_page(str(db_path))
    assert rows is not None and len(rows) == 5
    assert first_lock("postgresql://clinic/artdesk") is None  # a server: the loading line
    assert first_lock(str(tmp_missing := db_path.with_name("none.sqlite"))) is None
    assert not tmp_missing.exists()
