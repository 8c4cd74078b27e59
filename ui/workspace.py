"""The workspace: pages in a stack, and the controller that moves a visit between them.

Pages lay out and emit what the clinician asked for; this class decides what happens next and
talks to the repositories. Collaborators are passed in (database, clock, library, screen,
settings, cues), so tests give it a temporary database and a fake clock.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols import Library
from artdesk.protocols.homecare import suggest_home_care
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.treatment import Clock, EventKind, Runner, plan_visit
from ui.sounds import Cues

if TYPE_CHECKING:
    from artdesk.store import Database
    from ui.visit_setup_page import VisitSetup

# SQLAlchemy, the store and the pages are imported when a database is attached (``attach``).


class Workspace(QWidget):
    """The whole program inside the main window (or on its own in tests).

    Signals: ``demo_requested()`` (first run chose the demo clinic), ``visit_signed(int)``,
    ``message(str, int)`` (a status line and how long to show it, in ms).
    """

    demo_requested = Signal()
    visit_signed = Signal(int)
    message = Signal(str, int)
    backed_up = Signal(str)

    def __init__(
        self,
        database: Database | None = None,
        clock: Clock | None = None,
        library: Library | None = None,
        screen: Screen | None = None,
        settings: Settings | None = None,
        cues: Cues | None = None,
        today: Any = date.today,
        title: str = "ART Desk",
    ) -> None:
        """With no database the pages are built later by ``attach``; tests pass everything."""
        super().__init__()
        self.setWindowTitle(title)
        self.dialog: QWidget | None = None
        self.visit_id: int | None = None
        self.patient_id: int | None = None
        self.patient_name = ""
        self.runner: Runner | None = None
        if database is not None:
            assert clock and library and screen and settings and cues
            self.attach(database, clock, library, screen, settings, cues, today)

    def attach(
        self,
        database: Database,
        clock: Clock,
        library: Library,
        screen: Screen,
        settings: Settings,
        cues: Cues,
        today: Any = date.today,
    ) -> None:
        """Build the pages over an open database."""
        from artdesk.store import PatientRepository, VisitRepository
        from ui.patient_list_model import PatientListModel
        from ui.patient_page import PatientPage
        from ui.patients_page import PatientsPage
        from ui.treatment_page import TreatmentPage
        from ui.visit_history_model import VisitHistoryModel
        from ui.visit_setup_page import VisitSetupPage
        from ui.visit_view_page import VisitViewPage
        from ui.wrapup_page import WrapUpPage

        self._clock = clock
        self._library = library
        self._screen = screen
        self.settings = settings
        self._today = today
        self.database = database
        self.patients = PatientRepository(database, today=today, now=clock.now)
        self.visits = VisitRepository(database, now=clock.now)

        self.patients_page = PatientsPage(PatientListModel(self.patients))
        self.patient_page = PatientPage(self.patients, VisitHistoryModel(self.visits))
        self.setup_page = VisitSetupPage(library, screen)
        self.treatment_page = TreatmentPage(
            library, cues, settings["advance_key"], settings["font_scale"]
        )
        self.wrapup_page = WrapUpPage()
        self.view_page = VisitViewPage()
        self.stack = QStackedWidget()
        self.toolbar = QToolBar("Clinician")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        for page in (
            self.patients_page,
            self.patient_page,
            self.setup_page,
            self.treatment_page,
            self.wrapup_page,
            self.view_page,
        ):
            self.stack.addWidget(page)
        toolbar = self.toolbar
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Clinician: "))
        self.clinician = QComboBox()
        self.clinician.setMinimumContentsLength(18)
        toolbar.addWidget(self.clinician)
        toolbar.addAction("Add clinician…").triggered.connect(self.add_clinician)
        toolbar.addSeparator()
        toolbar.addAction("Back up…").triggered.connect(self.back_up)
        settings_action = toolbar.addAction("Settings…")
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(self.open_settings)
        self.reload_clinicians()

        self.patients_page.patient_opened.connect(self._on_patient_opened)
        self.patients_page.new_patient_requested.connect(self.new_patient)
        self.patient_page.start_visit.connect(self._on_start_visit)
        self.patient_page.edit_patient.connect(self._on_edit_patient)
        self.patient_page.visit_opened.connect(self._on_visit_opened)
        self.patient_page.back.connect(self.show_patients)
        self.setup_page.treatment_requested.connect(self._on_treatment_requested)
        self.setup_page.cancelled.connect(self._on_setup_cancelled)
        self.treatment_page.treatment_finished.connect(self._on_treatment_finished)
        self.wrapup_page.sign_requested.connect(self._on_sign_requested)
        self.view_page.back.connect(self._on_view_back)
        self.view_page.amend_requested.connect(self._on_amend_requested)
        from ui.document_actions import DocumentActions

        self.documents = DocumentActions(
            self, self.view_page, self.visits, library, settings, screen, self._open
        )
        self.view_page.document_requested.connect(self.documents.request)
        self.clinician.currentIndexChanged.connect(self._on_clinician_changed)

        def shortcut(keys: str, page: QWidget, slot: Any) -> None:
            item = QShortcut(QKeySequence(keys), page, slot)
            item.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        shortcut("Ctrl+N", self.patients_page, self.new_patient)
        shortcut("Ctrl+F", self.patients_page, self.patients_page.search.setFocus)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut(keys, self.patient_page, self.patient_page._on_start_clicked)
            shortcut(keys, self.setup_page, self.setup_page.start)
        shortcut("Esc", self.patient_page, self.show_patients)
        shortcut("Esc", self.setup_page, self._on_setup_cancelled)
        shortcut("Esc", self.view_page, self._on_view_back)
        shortcut("Ctrl+M", self.view_page, self._on_amend_requested)
        shortcut("Ctrl+P", self.view_page, lambda: self.documents.request("summary", "preview"))
        shortcut("Ctrl+Shift+P", self.view_page, lambda: self.documents.request("note", "preview"))
        shortcut("Ctrl+E", self.patient_page, self.patient_page._on_edit_clicked)
        self.show_patients()

    # --- clinicians, first run, resume -----------------------------------------------------

    def reload_clinicians(self) -> None:
        self.clinician.blockSignals(True)
        self.clinician.clear()
        for clinician_id, name in self.visits.clinicians():
            self.clinician.addItem(name, clinician_id)
        wanted = self.clinician.findData(self.settings["clinician_id"])
        self.clinician.setCurrentIndex(max(wanted, 0))
        self.clinician.blockSignals(False)

    def clinician_id(self) -> int | None:
        data = self.clinician.currentData()
        return int(data) if data is not None else None

    @Slot(int)
    def _on_clinician_changed(self, _index: int) -> None:
        clinician = self.clinician_id()
        if clinician is not None:
            self.settings.set("clinician_id", clinician)
            self._save_settings()

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.message.emit(f"Settings not saved: {exc.strerror or exc}", 8000)

    def first_run(self) -> None:
        """An empty database: create the first clinician, or ask for the demo clinic."""
        from ui.first_run import FirstRunDialog

        if self.clinician.count():
            return
        dialog = FirstRunDialog(self.visits, self)
        dialog.clinician_created.connect(self._on_first_clinician_created)
        dialog.demo_requested.connect(self.demo_requested)
        self._open(dialog)

    @Slot()
    def add_clinician(self) -> None:
        from ui.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.visits, self, first_run=False)
        dialog.clinician_created.connect(self._on_first_clinician_created)
        self._open(dialog)

    @Slot()
    def back_up(self) -> None:
        """A consistent copy of the live database (SQLite online backup) on a worker thread."""
        from datetime import datetime

        from artdesk.store.backup import backup_sqlite
        from artdesk.store.engine import sqlite_path
        from ui.background import run_in_background

        source = sqlite_path(self.database.engine.url)
        if source is None:
            self.message.emit(
                "This database is on a server: back it up with the server's tools.", 10000
            )
            return
        suggested = source.with_name(f"{source.stem}-backup-{datetime.now():%Y-%m-%d}.sqlite")
        target = self.choose_backup_path(str(suggested))
        if not target:
            return
        from pathlib import Path

        def done(_: object) -> None:
            self.message.emit(f"Backed up to {target}", 10000)
            self.backed_up.emit(target)

        run_in_background(
            lambda: backup_sqlite(source, Path(target)),
            done=done,
            failed=lambda exc: self.message.emit(f"Backup failed: {exc}", 15000),
        )

    def choose_backup_path(self, suggested: str) -> str:
        """The save dialog for a backup; '' when cancelled. (Tests replace this.)"""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, "Back up the clinic database", suggested, "SQLite database (*.sqlite)"
        )
        return path

    @Slot(int)
    def _on_first_clinician_created(self, clinician_id: int) -> None:
        self.settings.set("clinician_id", clinician_id)
        self._save_settings()
        self.reload_clinicians()
        self.patients_page.setFocus()

    def offer_resume(self) -> None:
        """After a crash or a power cut: offer the unfinished visit."""
        waiting = self.visits.in_progress()
        if not waiting:
            return
        row = waiting[0]
        when = row.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Resume the visit?",
            f"The visit with {row.patient_name} started {when} was not finished.\n"
            "Resume it where it stopped?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.accepted.connect(lambda: self.resume_visit(row.id))
        self._open(box)

    def resume_visit(self, visit_id: int) -> None:
        visit = self.visits.get(visit_id)
        self.visit_id = visit_id
        self.patient_id = visit.patient_id
        self.patient_name = visit.patient.full_name
        events = self.visits.events(visit_id)
        if not events:  # opened but never started (not through this window): nothing to resume
            self.show_visit(visit_id)
            self.view_page.status.setText(
                "This visit was opened but its treatment never started; start a new visit "
                "from the patient's page."
            )
            return
        if events[-1].kind is EventKind.FINISHED:
            self.runner = Runner.replay(events, self._clock)
            self._on_treatment_finished()
            return
        self.runner = self.visits.resume_treatment(visit_id, self._clock)
        decision = self._screen.decide(
            {
                k: bool(v)
                for k, v in json.loads(visit.screening_answers or "{}").items()
                if k in {i.id for i in self._screen.items}
            },
            visit.screening_override or "",
        )
        self.treatment_page.begin(
            self.runner, self.patient_name, decision.banner(), bool(decision.stops)
        )
        self.stack.setCurrentWidget(self.treatment_page)
        self.treatment_page.setFocus()

    # --- patients --------------------------------------------------------------------------

    def show_patients(self) -> None:
        self.patients_page.refresh()
        self.stack.setCurrentWidget(self.patients_page)
        self.patients_page.search.setFocus()

    @Slot()
    def new_patient(self) -> None:
        from ui.patient_form import PatientForm

        form = PatientForm(self.patients, parent=self)
        form.saved.connect(self._on_patient_saved)
        self._open(form)

    @Slot(int)
    def _on_edit_patient(self, patient_id: int) -> None:
        from ui.patient_form import PatientForm

        form = PatientForm(self.patients, patient_id, parent=self)
        form.saved.connect(self._on_patient_saved)
        self._open(form)

    @Slot(int)
    def _on_patient_saved(self, patient_id: int) -> None:
        self.patients_page.refresh()
        self._on_patient_opened(patient_id)

    @Slot(int)
    def _on_patient_opened(self, patient_id: int) -> None:
        self.patient_id = patient_id
        self.patient_page.show_patient(patient_id)
        self.stack.setCurrentWidget(self.patient_page)
        self.patient_page.start_button.setFocus()

    # --- a visit ---------------------------------------------------------------------------

    @Slot(int)
    def _on_start_visit(self, patient_id: int) -> None:
        if self.clinician_id() is None:
            self.first_run()
            return
        patient = self.patients.get(patient_id)
        self.patient_id = patient_id
        self.patient_name = patient.full_name
        self.setup_page.begin(patient_id, patient.full_name)
        self.stack.setCurrentWidget(self.setup_page)
        self.setup_page.complaint.setFocus()

    @Slot()
    def _on_setup_cancelled(self) -> None:
        if self.patient_id is not None:
            self._on_patient_opened(self.patient_id)
        else:
            self.show_patients()

    @Slot(object)
    def _on_treatment_requested(self, setup: VisitSetup) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from artdesk.store import StoreError

        clinician = self.clinician_id()
        if clinician is None:
            self.first_run()
            return
        plan = plan_visit((self._library.get(pid), side) for pid, side in setup.choices)
        try:
            self.visit_id, self.runner = self.visits.open_treatment(
                setup.patient_id,
                clinician,
                complaint=setup.complaint,
                screening_result=setup.decision.result,
                screening_answers=setup.answers,
                screening_override=setup.decision.override or None,
                pain_before=setup.pain_before,
                plan=plan,
                clock=self._clock,
            )
        except (StoreError, SQLAlchemyError, OSError) as exc:
            self.setup_page.screening.show_problem(
                f"The visit could not be saved: {exc}. Nothing typed was lost; try again."
            )
            return
        self.treatment_page.begin(
            self.runner, self.patient_name, setup.decision.banner(), bool(setup.decision.stops)
        )
        self.stack.setCurrentWidget(self.treatment_page)
        self.treatment_page.setFocus()

    @Slot()
    def _on_treatment_finished(self) -> None:
        assert self.runner is not None
        state = self.runner.state
        treated = [
            (r.plan.protocol_id, r.plan.structure_key)
            for r in state.records
            if not r.skipped_reason
        ]
        self.treatment_page.stop()
        self.wrapup_page.begin(
            self.patient_name, state, suggest_home_care(self._library, treated), self._today()
        )
        self.stack.setCurrentWidget(self.wrapup_page)
        self.wrapup_page.pain.setFocus()

    @Slot(object)
    def _on_sign_requested(self, values: dict[str, Any]) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from artdesk.store import InvalidInput, StoreError

        assert self.visit_id is not None
        clinician = self.clinician_id()
        if clinician is None:
            return
        try:
            self.visits.wrap_up(self.visit_id, clinician, **values)
        except (InvalidInput, StoreError) as exc:
            self.wrapup_page.show_problem(exc)
            return
        except (SQLAlchemyError, OSError) as exc:
            self.wrapup_page.show_problem(StoreError(str(exc)))
            return
        signed = self.visit_id
        self.runner = None
        self.visit_signed.emit(signed)
        self.show_visit(signed)

    @Slot(int)
    def _on_visit_opened(self, visit_id: int) -> None:
        visit = self.visits.get(visit_id)
        if visit.status != "signed" and self.runner is None:
            self.resume_visit(visit_id)
            return
        self.show_visit(visit_id)

    def show_visit(self, visit_id: int) -> None:
        from artdesk.record import load_visit_record

        self.visit_id = visit_id
        self.view_page.show_record(load_visit_record(self.visits, visit_id))
        self.stack.setCurrentWidget(self.view_page)

    @Slot()
    def _on_view_back(self) -> None:
        record = self.view_page.record
        if record is not None:
            self._on_patient_opened(record.patient_id)
        else:
            self.show_patients()

    @Slot()
    def _on_amend_requested(self) -> None:
        from ui.visit_view_page import AmendDialog

        record = self.view_page.record
        if record is None or not record.signed:
            return
        dialog = AmendDialog(self)
        dialog.amendment_written.connect(self._on_amendment_written)
        self._open(dialog)

    @Slot(str, str)
    def _on_amendment_written(self, reason: str, text: str) -> None:
        from artdesk.store import InvalidInput, StoreError

        record = self.view_page.record
        clinician = self.clinician_id()
        if record is None or clinician is None:
            return
        try:
            self.visits.add_amendment(record.id, clinician, reason, text)
        except (InvalidInput, StoreError) as exc:
            self.message.emit(f"Amendment not saved: {exc}", 10000)
            return
        self.show_visit(record.id)

    # --- settings, dialogs -----------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.applied.connect(self._on_settings_applied)
        self._open(dialog)

    @Slot()
    def _on_settings_applied(self) -> None:
        self.treatment_page.set_advance_key(self.settings["advance_key"])
        self.treatment_page.apply_scale(self.settings["font_scale"])
        self.treatment_page.cues.enabled = self.settings["sounds"]

    def _open(self, dialog: QWidget) -> None:
        """Open a dialog without blocking (window-modal); tests find it in ``self.dialog``."""
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]
        dialog.raise_()
        dialog.activateWindow()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
        self.window().activateWindow()  # give the keys back to the page underneath

    def shutdown(self) -> None:
        """Everything is already saved; an unfinished visit is offered again at the next start."""
        if hasattr(self, "treatment_page"):
            self.treatment_page.stop()
