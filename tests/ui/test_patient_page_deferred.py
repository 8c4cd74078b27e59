"""Opening a patient waits for nothing the first paint does not show (issue 14 item 2: a
patient with 500 visits opened ≤ 2× a bare model): the audit entry for the opening is written
once the page is painted — on a worker — and at once when the page is left or the window
closes first, always exactly once and before the sign-out; the record's access list is read
when its tab is shown (or the list is asked for), and it then holds this opening."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import (
    Action,
    AuditTrail,
    ClinicianRepository,
    CredentialRepository,
    Database,
    DatabaseBusy,
    PatientData,
    PatientRepository,
)
from artdesk.treatment import FakeClock
from tests.ui.helpers import clinician_and_patient, finish_background
from ui.main_window import MainWindow
from ui.sounds import SilentCues
from ui.workspace import Workspace

PIN = "246810"


def views(database: Database) -> list[tuple[str, int | None]]:
    """The "viewed the patient" entries: (clinician, patient)."""
    return [
        (e.clinician, e.patient_id)
        for e in AuditTrail(database).entries()
        if e.action == "view-patient"
    ]


def access_tab(window: Workspace) -> int:
    tabs = window.patient_page.tabs
    (index,) = [i for i in range(tabs.count()) if tabs.tabText(i).startswith("Record")]
    return index


def test_the_opening_is_audited_once_the_page_is_painted_and_only_once(
    qtbot: QtBot, window: Workspace, database: Database
) -> None:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    assert window.stack.currentWidget() is window.patient_page
    assert views(database) == []  # not before the page is painted: nothing waits for it
    qtbot.waitUntil(lambda: bool(views(database)), timeout=3000)  # painted, then the worker
    finish_background()
    assert views(database) == [("Dr Ana Ruiz", patient)]
    window.show_patients()  # leaving, reading the access list: nothing written twice
    window.show_patient(patient)
    window.patient_page.tabs.setCurrentIndex(access_tab(window))
    QApplication.processEvents()
    finish_background()
    assert views(database) == [("Dr Ana Ruiz", patient)] * 2  # two openings, two entries


def test_a_page_left_at_once_is_audited_all_the_same(
    qtbot: QtBot, window: Workspace, database: Database
) -> None:
    patient = clinician_and_patient(window)
    other = window.patients.add(PatientData("Ana Silva", date(1990, 1, 2)))
    window.show_patient(patient)
    window.show_patient(other)  # another patient before the first was painted
    assert views(database) == [("Dr Ana Ruiz", patient)]
    window.show_patients()  # and back to the list before that one was painted either
    assert views(database) == [("Dr Ana Ruiz", patient), ("Dr Ana Ruiz", other)]
    QApplication.processEvents()
    finish_background()
    assert len(views(database)) == 2


@pytest.fixture
def signed_in_program(
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> tuple[MainWindow, Workspace, int]:
    """The program's own window (closing it signs out), a clinician with a PIN signed in."""
    ana = ClinicianRepository(database).add("Dr Ana Ruiz", "DC")
    CredentialRepository(database).set_secret(ana, "pin", PIN)
    patient = PatientRepository(database).add(
        PatientData("Γιώργος Παπαδόπουλος", date(1985, 12, 1))
    )
    workspace = Workspace(database, clock, library, screen, settings, SilentCues())
    program = MainWindow()
    qtbot.addWidget(program)
    program.set_workspace(workspace)
    program.resize(1366, 768)
    program.show()
    qtbot.waitExposed(program)
    workspace.session.lock_page.sign_in_requested.emit(ana, PIN)
    finish_background()
    qtbot.waitUntil(lambda: workspace.clinician_id() == ana, timeout=3000)
    return program, workspace, patient


def test_a_window_closed_at_once_audits_the_opening_before_the_sign_out(
    qtbot: QtBot, signed_in_program: tuple[MainWindow, Workspace, int], database: Database
) -> None:
    program, workspace, patient = signed_in_program
    workspace.show_patient(patient)
    program.close()  # before the page was ever painted
    finish_background()
    trail = [(e.action, e.clinician) for e in AuditTrail(database).entries()]
    assert trail[-2:] == [("view-patient", "Dr Ana Ruiz"), ("sign-out", "Dr Ana Ruiz")]
    assert views(database) == [("Dr Ana Ruiz", patient)]


def test_a_refused_entry_is_said_in_the_status_line(
    qtbot: QtBot, window: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinician_and_patient(window)

    def busy(*_args: Any, **_kwargs: Any) -> None:
        raise DatabaseBusy("the database is busy in another program — nothing was saved")

    monkeypatch.setattr(window.flow.audit, "record", busy)
    said: list[str] = []
    window.message.connect(lambda text, _ms: said.append(text))
    window.show_patient(patient)
    qtbot.waitUntil(lambda: bool(said), timeout=3000)  # from the worker, on the UI thread
    finish_background()
    window.show_patients()  # not tried again, not said again
    assert said == [
        "The audit trail could not be written: the database is busy in another program — "
        "nothing was saved"
    ]
    assert window.stack.currentWidget() is window.patients_page


def test_the_access_list_is_read_when_its_tab_is_shown_and_holds_this_opening(
    qtbot: QtBot, window: Workspace, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinician_and_patient(window)
    other = window.patients.add(PatientData("Ana Silva", date(1990, 1, 2)))
    AuditTrail(database).record(Action.EDIT_PATIENT, None, patient_id=patient)  # not a view
    reads: list[int] = []
    real = window.flow.audit.entries

    def entries(**asked: Any) -> Any:
        reads.append(asked.get("patient_id"))
        return real(**asked)

    monkeypatch.setattr(window.flow.audit, "entries", entries)
    page = window.patient_page
    window.show_patient(patient)
    QApplication.processEvents()
    finish_background()
    assert reads == []  # its tab is not shown: not read with the page

    page.tabs.setCurrentIndex(access_tab(window))  # shown: read now, this opening first
    lines = [page.access.item(i).text() for i in range(page.access.count())]
    assert reads == [patient]
    assert "Dr Ana Ruiz" in lines[0] and "viewed the patient" in lines[0]
    assert "changed the patient's details" in lines[1] and len(lines) == 2

    window.show_patient(other)  # the tab still shown: read at once, the other's lines alone
    lines = [page.access.item(i).text() for i in range(page.access.count())]
    assert reads == [patient, other]
    assert len(lines) == 1 and "viewed the patient" in lines[0]

    page.tabs.setCurrentIndex(0)
    window.show_patient(patient)  # asked for without the tab: read then, with this opening
    assert reads == [patient, other]
    lines = [page.access.item(i).text() for i in range(page.access.count())]
    assert reads == [patient, other, patient]
    assert [("viewed the patient" in line) for line in lines] == [True, True, False]


def test_where_it_hurt_is_drawn_when_its_tab_is_shown(
    qtbot: QtBot,
    window: Workspace,
    database: Database,
    library: Library,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.store.test_body_marks import MARKS, signed_with_marks
    from ui.pages.body_marks_strip import WhereItHurt

    visit = signed_with_marks(database, library, clock)
    patient = window.flow.record(visit).patient_id
    drawn: list[list[int]] = []
    real = WhereItHurt.show_visits

    def show_visits(self: WhereItHurt, rows: Any) -> None:
        drawn.append([r.id for r in rows])
        real(self, rows)

    monkeypatch.setattr(WhereItHurt, "show_visits", show_visits)
    page = window.patient_page
    window.show_patient(patient)
    QApplication.processEvents()
    finish_background()
    assert drawn == []  # its tab is not shown: the page is painted without it

    tabs = page.tabs
    (index,) = [i for i in range(tabs.count()) if tabs.tabText(i).startswith("Where")]
    tabs.setCurrentIndex(index)  # shown: drawn before it paints, never blank
    assert drawn == [[visit]]
    assert [v.body_marks for v in page.where.visits] == [MARKS]
    charts = [w.accessibleName() for w in page.where.strip.findChildren(QWidget)]
    assert any(n.startswith("Visit of") for n in charts)
    assert drawn == [[visit]]  # asked for again: drawn once

    window.show_patients()
    window.show_patient(patient)  # the tab still shown: drawn at once with the page
    assert drawn == [[visit], [visit]]
