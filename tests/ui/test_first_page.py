"""The window opens on the patient list with its rows before the store is imported, and the
workspace's list takes its place with the same rows (issue 14 item 1); with sign-in on, on the
lock screen itself, with its names and no patient's (tests/ui/test_first_lock.py: what is
typed there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from artdesk.settings import Settings
from artdesk.store import (
    ClinicianRepository,
    CredentialRepository,
    Database,
    PatientData,
    PatientRepository,
)
from ui.app import Application
from ui.main_window import MainWindow, first_page
from ui.models import row_table_model
from ui.sounds import SilentCues

ROOT = Path(__file__).resolve().parents[2]

# the end of each watching script below: the program started as `python main.py --db DB`, its
# application carrying the script's watcher
LAUNCH = """
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


# main.py as a clinician starts it; at the first paint of a list with rows, what is known then
WATCH = (
    """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6 import QtWidgets

class _Watch(QObject):
    def eventFilter(self, obj, event):
        view = obj.parentWidget() if obj.isWidgetType() else None
        if (event.type() == QEvent.Type.Paint and isinstance(view, QtWidgets.QAbstractItemView)
                and obj is view.viewport() and view.model().rowCount() > 0):
            model = view.model()
            print(json.dumps({
                "sqlalchemy": any(m.startswith("sqlalchemy") for m in sys.modules),
                "store": "artdesk.store" in sys.modules,
                "qt_namespace": "Qt" in sys.modules["PySide6.QtCore"].__dict__,
                "rows": model.rowCount(),
                "first": model.data(model.index(0, 0)),
                "header": model.headerData(1, view.horizontalHeader().orientation()),
            }), flush=True)
            os._exit(0)
        return False

"""
    + LAUNCH
)


# the same, at the first paint of a lock screen: what is imported, and every text in the window
WATCH_LOCK = (
    """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6 import QtWidgets

def texts(window):
    found = [window.windowTitle()]
    for w in [window, *window.findChildren(QtWidgets.QWidget)]:
        for name in ("text", "placeholderText", "toolTip", "windowTitle", "currentMessage"):
            value = getattr(w, name, None)
            if callable(value):
                found.append(value())
        if isinstance(w, QtWidgets.QAbstractItemView) and w.model() is not None:
            m = w.model()
            try:
                columns = m.columnCount()
            except TypeError:  # a list's model
                columns = 1
            found += [str(m.data(m.index(r, c))) for r in range(m.rowCount())
                      for c in range(columns)]
    return [t for t in found if t]

class _Watch(QObject):
    def eventFilter(self, obj, event):
        try:
            return self._look(obj, event)
        except BaseException:  # said, not swallowed by Qt (the test would wait for nothing)
            import traceback
            traceback.print_exc()
            os._exit(3)

    def _look(self, obj, event):
        if event.type() == QEvent.Type.Paint and type(obj).__name__ == "LockPage":
            window = obj.window()
            people = obj.people
            print(json.dumps({
                "sqlalchemy": any(m.startswith("sqlalchemy") for m in sys.modules),
                "store": any(m.startswith("artdesk.store") for m in sys.modules),
                # its first reading builds every enum of Qt: after the first paint
                "qt_namespace": "Qt" in sys.modules["PySide6.QtCore"].__dict__,
                "central": window.centralWidget() is obj,
                "names": [people.item(r).text() for r in range(people.count())],
                "caption": obj.secret_caption.text(),
                "texts": texts(window),
            }), flush=True)
            os._exit(0)
        return False

"""
    + LAUNCH
)


def first_paint(
    script: str, db_path: Path, platform: str = "offscreen"
) -> tuple[dict[str, object], str]:
    """main.py started on ``db_path`` in a fresh process: what ``script`` saw, and stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": platform}
    result = subprocess.run(
        [sys.executable, "-c", script, str(db_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def clinic_screen(db_path: Path) -> str:
    """Qt's offscreen platform with a screen as big as a clinic PC's (its own is 800×800, to
    which the window is fitted, reading the Qt namespace: ui.app.fit_to_screen)."""
    config = db_path.with_name("screen.json")
    config.write_text('{"screens": [{"name": "clinic", "width": 1920, "height": 1080}]}')
    return f"offscreen:configfile={config}"


def add_runners(database: Database, n: int) -> PatientRepository:
    patients = PatientRepository(database)
    for k in range(n):
        patients.add(PatientData(f"Runner {k:03d}", date(1990, 1, 1), sport="parkrun"))
    return patients


def test_the_first_paint_shows_the_list_with_rows_before_sqlalchemy_is_imported(
    database: Database, db_path: Path
) -> None:
    patients = add_runners(database, 120)
    ClinicianRepository(database).add("Dr Ana Ruiz", "DC")  # no PIN or password: sign-in off
    seen, stderr = first_paint(WATCH, db_path, clinic_screen(db_path))
    assert seen == {
        "sqlalchemy": False,
        "store": False,
        "qt_namespace": False,  # its first reading builds every enum of Qt (ui/icons.py)
        "rows": 100,  # the first page
        "first": patients.search("")[0].full_name,
        "header": "Date of birth",
    }, stderr


def test_with_sign_in_on_the_first_paint_is_the_lock_screen_before_sqlalchemy_is_imported(
    database: Database, db_path: Path
) -> None:
    """The lock screen itself, its names read with plain sqlite3: no loading line, and no
    patient's name anywhere in the window."""
    add_runners(database, 120)
    PatientRepository(database).add(PatientData("Γιώργος Παπαδόπουλος", date(1985, 12, 1)))
    clinicians = ClinicianRepository(database)
    tomas = clinicians.add("Tomás Ferreira", "PT")
    ana = clinicians.add("Dr Ana Ruiz", "DC")
    clinicians.add("Zoe Novak")  # no PIN or password yet
    credentials = CredentialRepository(database)
    credentials.set_secret(tomas, "password", "tendon-glide-42")
    credentials.set_secret(ana, "pin", "246810")
    seen, stderr = first_paint(WATCH_LOCK, db_path, clinic_screen(db_path))
    texts = seen.pop("texts")
    assert seen == {
        "sqlalchemy": False,
        "store": False,
        "qt_namespace": False,
        "central": True,  # the window's own page, not the workspace's
        "names": ["Dr Ana Ruiz, DC", "Tomás Ferreira, PT", "Zoe Novak  (no PIN or password yet)"],
        "caption": "&PIN",  # Ana's, the first
    }, stderr
    assert "ART Desk is locked" in texts and "Opening the clinic database…" not in str(texts)
    shown = " ".join(str(t) for t in texts)
    assert "Runner" not in shown and "Γιώργος" not in shown and "parkrun" not in shown


def test_the_workspace_takes_the_lists_place_with_the_same_rows(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path
) -> None:
    add_runners(database, 30)
    rows = first_page(str(db_path))
    assert rows is not None and len(rows) == 30
    window = MainWindow(rows=rows)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    early = window.centralWidget().model  # type: ignore[attr-defined]
    shown = [early.data(early.index(r, 0)) for r in range(early.rowCount())]
    assert early.rowCount() == 30 and window.workspace is None
    application = Application(Settings(tmp_path / "settings.json"), SilentCues())
    workspace = application.attach(window, database)
    model = workspace.patients_page.model
    assert window.centralWidget() is workspace
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == shown


def test_a_clinic_with_no_patient_opens_on_the_loading_line(db_path: Path) -> None:
    assert first_page(str(db_path)) is None  # no file yet
    assert first_page("postgresql://clinic/artdesk") is None  # only the store opens a server


def test_the_roles_the_list_answers_are_qts() -> None:
    from ui.pages.lock_page import ID_ROLE

    assert int(Qt.ItemDataRole.UserRole.value) == ID_ROLE  # the lock screen's clinician ids
    assert tuple(
        int(r.value)
        for r in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.UserRole,
        )
    ) == (
        row_table_model.DISPLAY_ROLE,
        row_table_model.DECORATION_ROLE,
        row_table_model.TOOLTIP_ROLE,
        row_table_model.USER_ROLE,
    )


def test_the_search_box_has_the_keys_when_the_workspace_takes_the_lists_place(
    qtbot: QtBot, database: Database, db_path: Path, tmp_path: Path
) -> None:
    """Seen on a real X server: the program opened with no widget holding the keys (the
    early list's search box went with the early list), so a name typed at once went nowhere."""
    from PySide6.QtWidgets import QApplication

    add_runners(database, 30)
    window = MainWindow(rows=first_page(str(db_path)))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClicks(window.centralWidget().search, "run")  # type: ignore[attr-defined]
    application = Application(Settings(tmp_path / "settings.json"), SilentCues())
    workspace = application.attach(window, database)
    search = workspace.patients_page.search
    assert search.text() == "run"  # typed into the early list: kept
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=2000)
    qtbot.keyClicks(QApplication.focusWidget(), "ner 1")
    assert search.text() == "runner 1"
