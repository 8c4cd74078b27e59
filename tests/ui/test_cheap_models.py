"""The list models are cheap: a row is formatted once when its page is read, painting asks only
for the rows on screen, the lock icon is drawn once (issue 14 item 2)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from artdesk.demo import build_demo
from artdesk.patient_list import PatientRow
from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import Database, guards
from artdesk.treatment import FakeClock
from tests.ui.conftest import shown_workspace
from ui.models import visit_history_model
from ui.models.patient_list_model import FirstPageModel, PatientListModel, patient_texts
from ui.models.visit_history_model import VisitHistoryModel
from ui.pages.patients_page import PatientsPage
from ui.workspace import Workspace

formatted: Counter[str] = Counter()


class CountedDate(date):
    """A date of birth that counts how often it is written out."""

    def isoformat(self) -> str:
        formatted["date of birth"] += 1
        return super().isoformat()


class Patients:
    """A patient source of 250 runners, in name order (the repository's search, in small)."""

    def __init__(self) -> None:
        self.rows = [
            PatientRow(n, f"Runner {n:03d}", CountedDate(1990, 1, 1), "", "", "", f"runner {n:03d}")
            for n in range(1, 251)
        ]

    def search(self, text: str = "", *, limit: int = 50, **page: Any) -> list[PatientRow]:
        after = page.get("after")
        rows = [r for r in self.rows if text.lower() in r.name_key]
        if after is not None:
            rows = [r for r in rows if (r.name_key, r.id) > (after.name_key, after.id)]
        return rows[page.get("offset", 0) :][:limit]


def asked_rows(model: type[Any], monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Count, by row, the calls to ``model.data()`` (patched before the first paint: the
    binding keeps the method it found then)."""
    calls: Counter[int] = Counter()
    real = model.data

    def counted(self: Any, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        calls[index.row()] += 1
        return real(self, index, role)

    monkeypatch.setattr(model, "data", counted)
    return calls


def painted(qtbot: QtBot, calls: Counter[int]) -> None:
    """Wait for the table to paint, then let every pending event run (a sizing pass too)."""
    qtbot.waitUntil(lambda: bool(calls))
    QApplication.processEvents()


def on_screen(table: QTableView) -> range:
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    return range(first, (last if last >= 0 else table.model().rowCount() - 1) + 1)


def test_a_keystroke_formats_each_row_once_and_paints_only_rows_on_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = asked_rows(PatientListModel, monkeypatch)
    model = PatientListModel(Patients())
    page = PatientsPage(model)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    formatted.clear()
    calls.clear()
    qtbot.keyClicks(page.search, "r")  # one keystroke: 100 runners match
    painted(qtbot, calls)
    assert model.rowCount() == 100
    assert formatted["date of birth"] == 100  # once per row read, not once per data() call
    assert set(calls) <= set(on_screen(page.table))  # no sizing pass over all 100 rows
    calls.clear()
    page.table.verticalScrollBar().setValue(30)
    painted(qtbot, calls)
    assert formatted["date of birth"] == 100  # painting again formats nothing

    while model.canFetchMore(QModelIndex()):  # scrolling to the end: the next pages, by key
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 250 and formatted["date of birth"] == 250
    assert [model.data(model.index(r, 0)) for r in (0, 249)] == ["Runner 001", "Runner 250"]


def test_the_first_page_read_before_the_store_is_shown_as_is(qtbot: QtBot) -> None:
    """Before the store opens, the first page is in Qt's own model: painting it runs no
    Python (nothing to count), and its cells read as the store's list will."""
    rows = Patients().rows[:100]
    formatted.clear()
    page = PatientsPage(FirstPageModel(rows))
    qtbot.addWidget(page)
    model = page.model
    assert model.rowCount() == 100 and formatted["date of birth"] == 100
    assert [model.data(model.index(0, c)) for c in range(4)] == list(patient_texts(rows[0]))
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Date of birth"
    assert page.count.text() == "100+ patients"
    qtbot.keyClicks(page.search, "runner 2")  # the store is not open yet: the rows stay
    assert model.rowCount() == 100 and model.patient_at(99) is rows[99]


@pytest.fixture
def history_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    return asked_rows(VisitHistoryModel, monkeypatch)


@pytest.fixture
def five_hundred_visits(
    history_calls: Counter[int],
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> Workspace:
    """The window over one patient with 500 signed visits or more (the demo's), sign-in off."""
    merge_into_one_patient(database, library)
    return shown_workspace(qtbot, database, clock, library, screen, settings)


def merge_into_one_patient(database: Database, library: Library) -> None:
    """Two demo patients' visits (≈ 510: the demo keeps the visits of 420 up to today) given
    to the first, and the demo's PINs off, so the window opens unlocked."""
    build_demo(database, library, patients=2, visits_per_patient=(420, 420), courses=False)
    assert database.path is not None
    con = sqlite3.connect(database.path)
    for sql in guards.drop_statements("sqlite"):
        con.execute(sql)
    first = con.execute("SELECT min(id) FROM patients").fetchone()[0]
    con.execute("UPDATE visits SET patient_id = ?", (first,))
    con.execute("UPDATE episodes SET patient_id = ?", (first,))
    con.execute("UPDATE clinicians SET secret_hash = NULL, secret_kind = NULL")
    for sql in guards.statements("sqlite"):
        con.execute(sql)
    con.commit()
    con.close()


def test_opening_a_patient_with_500_visits_formats_each_visit_once_and_draws_one_lock(
    qtbot: QtBot,
    five_hundred_visits: Workspace,
    history_calls: Counter[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = five_hundred_visits
    history = window.patient_page.history
    calls = history_calls
    pain = Counter[str]()
    locks = Counter[str]()
    real_pain, real_lock = visit_history_model.pain_text, visit_history_model.lock_icon

    def pain_text(before: float | None, after: float | None) -> str:
        pain["formatted"] += 1
        return real_pain(before, after)

    def lock_icon(size: int = 24) -> Any:
        locks["drawn"] += 1
        return real_lock(size)

    monkeypatch.setattr(visit_history_model, "pain_text", pain_text)
    monkeypatch.setattr(visit_history_model, "lock_icon", lock_icon)
    patient = window.patients.search("")[0]
    assert len(window.flow.history(patient.id, limit=1000)) > 500
    calls.clear()
    window.show_patient(patient.id)
    table = window.patient_page.table
    painted(qtbot, calls)
    assert history.rowCount() == 500  # the history's page
    assert pain["formatted"] == 500  # each visit once, when the history is read
    assert locks["drawn"] == 1  # one lock icon for every signed visit
    assert calls and set(calls) <= set(on_screen(table))  # only the rows on screen
    assert history.data(history.index(0, 4), Qt.ItemDataRole.DecorationRole) is not None
    calls.clear()
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    painted(qtbot, calls)
    assert pain["formatted"] == 500 and locks["drawn"] == 1
