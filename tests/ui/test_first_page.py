"""The window opens on the patient list with its rows before the store is imported, and the
workspace's list takes its place with the same rows (issue 14 item 1)."""

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
from artdesk.store import Database, PatientData, PatientRepository
from ui.app import Application
from ui.main_window import MainWindow, first_page
from ui.models import row_table_model
from ui.sounds import SilentCues

ROOT = Path(__file__).resolve().parents[2]

# main.py as a clinician starts it; at the first paint of a list with rows, what is known then
WATCH = """
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
                "rows": model.rowCount(),
                "first": model.data(model.index(0, 0)),
                "header": model.headerData(1, view.horizontalHeader().orientation()),
            }), flush=True)
            os._exit(0)
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


def add_runners(database: Database, n: int) -> PatientRepository:
    patients = PatientRepository(database)
    for k in range(n):
        patients.add(PatientData(f"Runner {k:03d}", date(1990, 1, 1), sport="parkrun"))
    return patients


def test_the_first_paint_shows_the_list_with_rows_before_sqlalchemy_is_imported(
    database: Database, db_path: Path
) -> None:
    patients = add_runners(database, 120)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", WATCH, str(db_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "sqlalchemy": False,
        "store": False,
        "rows": 100,  # the first page
        "first": patients.search("")[0].full_name,
        "header": "Date of birth",
    }, result.stderr


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
