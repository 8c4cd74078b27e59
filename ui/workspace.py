"""The workspace: pages in a stack, the routes between them, and the shortcuts.

What a visit does is :class:`artdesk.visit.VisitFlow`'s, what a page shows the page's: this only
routes. Collaborators are passed in, so tests give it a temporary database and a fake clock.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings, room_name
from artdesk.store import StoreError
from artdesk.treatment import Clock, Runner
from ui.sounds import Cues

if TYPE_CHECKING:
    from artdesk.store import Database
    from artdesk.visit import Treatment, VisitRecord
    from ui.pages.visit_setup_page import VisitSetupPage

# This module is imported when a database is attached (ui/app.py), after the main window has
# painted; the pages and the visit flow are imported in ``attach``.


class Workspace(QWidget):
    """The whole program inside the main window (or on its own in tests).

    Signals: ``demo_requested()`` (first run chose the demo clinic), ``visit_signed(int)``,
    ``message(str, int)`` (a status line and how long to show it, in ms), ``backed_up(str)``.
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
        self.treatment: Treatment | None = None
        self.patient_id: int | None = None
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
        from artdesk.store import ClinicianRepository, PatientRepository
        from artdesk.visit import VisitFlow
        from ui.clinic_toolbar import ClinicToolbar
        from ui.course_wiring import CourseWiring
        from ui.dialogs import DialogOpener
        from ui.documents.document_actions import DocumentActions
        from ui.episode_wiring import wire_episodes
        from ui.file_care import FileCare
        from ui.library_wiring import LibraryWiring
        from ui.models.patient_list_model import PatientListModel
        from ui.models.visit_history_model import VisitHistoryModel
        from ui.pages.patient_page import PatientPage
        from ui.pages.patients_page import PatientsPage
        from ui.pages.visit_view_page import VisitViewPage
        from ui.pages.wrapup_page import WrapUpPage
        from ui.session import Session
        from ui.session_wiring import wire_session
        from ui.treatment.treatment_page import TreatmentPage
        from ui.visit_actions import VisitActions
        from ui.wrapup_draft import DraftKeeper

        self._library = library
        self._today = today
        self.settings = settings
        self.database = database
        self.patients = PatientRepository(database, today=today, now=clock.now)
        self.clinicians = ClinicianRepository(database, now=clock.now)
        self.flow = VisitFlow(
            database, clock, screen, room=room_name(settings["room"]), library=library
        )
        self.dialogs = DialogOpener(self)

        self.patients_page = PatientsPage(PatientListModel(self.patients))
        access = lambda p: self.flow.audit.entries(patient_id=p, newest_first=True, limit=50)  # noqa: E731
        self.patient_page = PatientPage(self.patients, VisitHistoryModel(self.flow), None, access)
        self._screen = screen  # for the set-up page, built on first use
        self.treatment_page = TreatmentPage(
            library, cues, settings["advance_key"], settings["font_scale"], dialogs=self.dialogs
        )
        self.treatment_page.visual_cue = settings["visual_cue"]
        self.wrapup_page = WrapUpPage()
        self.view_page = VisitViewPage()
        self.toolbar = ClinicToolbar(
            self.clinicians, database, settings, self.dialogs, None, self.flow.credentials
        )
        # the toolbar's: first run (an empty database), settings, the clinician list
        self.first_run, self.open_settings = self.toolbar.first_run, self.toolbar.open_settings
        self.reload_clinicians = self.toolbar.reload
        self.stack = QStackedWidget()
        content = QWidget()  # behind the lock screen when locked (ui.session)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        inner.addWidget(self.toolbar)
        inner.addWidget(self.stack, 1)
        self.visit_actions = VisitActions(self)
        self.course = CourseWiring(self, library, today)  # set-up and wrap-up of a course
        self.session = Session(self.flow, clock, settings, content, self.visit_actions, self)
        self.file_care = FileCare(self, clock)  # the file: notices, check, backups, restore
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_care.banner)
        layout.addWidget(self.session.screens)
        for page in (
            self.patients_page,
            self.patient_page,
            self.treatment_page,
            self.wrapup_page,
            self.view_page,
        ):
            self.stack.addWidget(page)
        self.documents = DocumentActions(
            self, self.view_page, self.flow, library, settings, screen, self.dialogs.open
        )

        # the clinic's protocols: the folder, reloading after a save, broken files said
        self.protocols = LibraryWiring(self, library)
        self.protocol_folder, self.reload_protocols = self.protocols.folder, self.protocols.reload
        wire_session(self)
        self.episodes = wire_episodes(self, today)  # the patient page's episodes and papers
        self.drafts = DraftKeeper(self)  # the wrap-up as typed, kept against a crash
        self.toolbar.settings_applied.connect(self._on_toolbar_settings_applied)
        self.toolbar.clinician_added.connect(lambda _id: self.patients_page.focus_first_field())
        self.toolbar.demo_requested.connect(self.demo_requested)
        self.toolbar.message.connect(self.message)
        self.toolbar.backed_up.connect(self.backed_up)
        self.patients_page.patient_opened.connect(self.show_patient)
        self.patients_page.new_patient_requested.connect(self.new_patient)
        self.patient_page.start_visit.connect(self.start_visit)
        self.patient_page.edit_patient.connect(self.edit_patient)
        self.patient_page.visit_opened.connect(self.open_visit)
        self.patient_page.back.connect(self.show_patients)
        self.treatment_page.treatment_finished.connect(self.course.wrap_up)
        self.wrapup_page.sign_requested.connect(self.visit_actions.sign)
        self.view_page.back.connect(self._on_view_page_back)
        self.view_page.amend_requested.connect(self.visit_actions.amend)
        self.view_page.void_requested.connect(self.visit_actions.void)
        self.view_page.take_over_requested.connect(self.visit_actions.take_over)
        self.view_page.document_requested.connect(self.documents.request)
        self._shortcuts()
        self.show_patients()
        self.session.start()

    def _shortcuts(self) -> None:
        def shortcut(keys: str, page: QWidget, slot: Any) -> None:
            item = QShortcut(QKeySequence(keys), page, slot)
            item.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        shortcut("Ctrl+N", self.patients_page, self.new_patient)
        shortcut("Ctrl+F", self.patients_page, self.patients_page.focus_first_field)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut(keys, self.patient_page, self.patient_page.request_start)
        shortcut("Esc", self.patient_page, self.show_patients)
        shortcut("Esc", self.view_page, self._on_view_page_back)
        shortcut("Ctrl+M", self.view_page, self.visit_actions.amend)
        shortcut("Ctrl+P", self.view_page, lambda: self.documents.request("summary", "preview"))
        shortcut("Ctrl+Shift+P", self.view_page, lambda: self.documents.request("note", "preview"))
        shortcut("Ctrl+E", self.patient_page, self.patient_page.request_edit)

    @cached_property
    def setup_page(self) -> VisitSetupPage:
        """The visit set-up, built the first time it is read (ui/setup_wiring.py)."""
        from ui.setup_wiring import build_setup_page

        return build_setup_page(self)

    # --- what tests and the main window read -----------------------------------------------

    @property
    def dialog(self) -> QWidget | None:
        """The dialog open now, if any."""
        return self.dialogs.current

    @property
    def runner(self) -> Runner | None:
        return self.treatment.runner if self.treatment else None

    @property
    def visit_id(self) -> int | None:
        if self.treatment is not None:
            return self.treatment.visit_id
        record = self.view_page.record
        return record.id if record is not None else None

    def clinician_id(self) -> int | None:
        return self.session.clinician_id()

    # --- clinicians, settings, first run, resume -------------------------------------------

    @Slot()
    def _on_toolbar_settings_applied(self) -> None:
        if self.protocols.folder() != self.protocols.loaded_from:  # another clinic folder
            self.reload_protocols()
        self.treatment_page.set_advance_key(self.settings["advance_key"])
        self.treatment_page.apply_scale(self.settings["font_scale"])
        self.treatment_page.set_sounds(self.settings["sounds"])
        cannot_play = bool(self.treatment_page.cues.unavailable) and self.settings["sounds"]
        self.treatment_page.visual_cue = self.settings["visual_cue"] or cannot_play

    def offer_resume(self) -> None:
        """After a crash or a power cut (once signed in): offer the unfinished visit."""
        if self.session.locked:
            return
        try:
            waiting = self.flow.unfinished()
            if self.session.enabled:  # only the signed-in clinician's own
                mine = self.clinician_id()
                waiting = [row for row in waiting if row.clinician_id == mine]
        except StoreError as exc:
            self._cannot("Unfinished visits could not be looked up", exc)
            return
        if not waiting:
            return
        from ui.dialogs import resume_question

        row = waiting[0]
        box = resume_question(self, row.patient_name, row.started_at)
        box.accepted.connect(lambda: self.open_visit(row.id))
        self.dialogs.open(box)

    # --- patients --------------------------------------------------------------------------

    @Slot()
    def show_patients(self) -> None:
        self.patients_page.refresh()
        self.stack.setCurrentWidget(self.patients_page)
        self.patients_page.focus_first_field()

    @Slot()
    def new_patient(self) -> None:
        self._patient_form(None)

    @Slot(int)
    def edit_patient(self, patient_id: int) -> None:
        self._patient_form(patient_id)

    def _patient_form(self, patient_id: int | None) -> None:
        from artdesk.store import Action
        from ui.pages.patient_form import PatientForm

        form = PatientForm(self.patients, patient_id, parent=self)
        changed = Action.ADD_PATIENT if patient_id is None else Action.EDIT_PATIENT
        form.saved.connect(lambda saved: self.session.record(changed, patient_id=saved))
        form.saved.connect(self._on_patient_form_saved)
        self.dialogs.open(form)

    @Slot(int)
    def _on_patient_form_saved(self, patient_id: int) -> None:
        self.patients_page.refresh()
        self.show_patient(patient_id)

    @Slot(int)
    def show_patient(self, patient_id: int) -> None:
        from ui.view_audit import patient_viewed

        viewed = patient_viewed(self.flow.audit, self.clinician_id(), patient_id, self.message.emit)
        try:  # the entry is written once the page is painted (ui/view_audit.py)
            self.patient_page.show_patient(patient_id, viewed)
        except StoreError as exc:
            viewed.flush()
            self._cannot("The patient could not be opened", exc)
            return
        self.patient_id = patient_id
        self.stack.setCurrentWidget(self.patient_page)
        self.patient_page.focus_first_field()

    def _cannot(self, what: str, problem: Exception) -> None:
        """Say why something asked for could not be done, on the page where it was asked."""
        text = f"{what}: {problem}."
        page = self.stack.currentWidget()
        if page is self.patients_page:
            self.patients_page.show_problem(text)
        elif page is self.patient_page:
            self.patient_page.show_problem(text)
        elif page is self.view_page:
            self.view_page.show_status(text)
        self.message.emit(text, 15000)

    # --- a visit ---------------------------------------------------------------------------

    @Slot(int)
    def start_visit(self, patient_id: int) -> None:
        if self.clinician_id() is None:
            self.first_run()
            return
        self.patient_id = patient_id
        self.course.begin_setup(patient_id)  # read on a worker, then shown

    @Slot()
    def _on_setup_page_cancelled(self) -> None:
        if self.patient_id is not None:
            self.show_patient(self.patient_id)
        else:
            self.show_patients()

    def treat(self, treatment: Treatment, protocols: Library | None = None) -> None:
        """Treatment mode for the visit under way (started, or resumed mid-treatment), with
        the protocol versions it runs (read here unless given)."""
        decision = treatment.decision
        if protocols is None:
            protocols = self.course.protocols_of(treatment)
        self.treatment_page.begin(
            treatment.runner,
            treatment.patient_name,
            decision.banner(),
            bool(decision.stops),
            decision.applies,
            decision.not_here,
            protocols=protocols,
        )
        self.stack.setCurrentWidget(self.treatment_page)
        self.treatment_page.setFocus()

    def signed(self, visit_id: int) -> None:
        self.treatment = None
        self.visit_signed.emit(visit_id)
        self.show_visit(visit_id, done="The visit is signed. ")

    @Slot(int)
    def open_visit(self, visit_id: int) -> None:
        """A visit from the history or the resume offer: carried on where it stands."""
        from artdesk.visit import Stage

        if self.treatment is not None:  # one visit at a time is under way in this window
            if self.treatment.visit_id != visit_id:
                self.show_visit(visit_id)
            elif self.treatment.finished:
                self.stack.setCurrentWidget(self.wrapup_page)
            else:
                self.stack.setCurrentWidget(self.treatment_page)
                self.treatment_page.setFocus()
            return
        try:
            theirs = self.session.enabled and self.flow.owner(visit_id) != self.clinician_id()
            if theirs and self.visit_actions.owned_elsewhere(self.flow.record(visit_id)):
                return  # another clinician's unfinished visit: shown, never resumed as theirs
            resumed = self.flow.resume(visit_id)
        except StoreError as exc:
            self._cannot("The visit could not be opened", exc)
            return
        if resumed.stage is Stage.TREATING and resumed.treatment is not None:
            self.treatment = resumed.treatment
            self.patient_id = resumed.treatment.patient_id
            self.treat(resumed.treatment)
        elif resumed.stage is Stage.WRAP_UP and resumed.treatment is not None:
            self.treatment = resumed.treatment
            self.patient_id = resumed.treatment.patient_id
            self.course.wrap_up()
            self.drafts.restore(resumed.draft)
        else:
            self.show_visit(visit_id, elsewhere=resumed.holder.text() if resumed.holder else "")
            if resumed.stage is Stage.NOT_STARTED:
                self.view_page.show_status(
                    "This visit was opened but its treatment never started; start a new visit "
                    "from the patient's page."
                )

    def show_visit(
        self, visit_id: int, done: str = "", elsewhere: str = "", status: str = ""
    ) -> None:
        """Show the visit read-only (``elsewhere``: live in that room; ``status``: a line under
        it); if it cannot be read, say so (after ``done``, what was already saved) where the
        clinician is. The record is read on a worker (a long journal's replay never pauses
        the window); the latest visit asked for is the one shown."""
        import shiboken6

        from artdesk.store import Action
        from ui.background import run_in_background

        self.session.record(Action.VIEW_VISIT, visit_id=visit_id)
        asked = self._showing = getattr(self, "_showing", 0) + 1

        def read(record: VisitRecord) -> None:
            if not shiboken6.isValid(self) or asked != self._showing:
                return
            self.view_page.show_record(record, elsewhere)
            self.stack.setCurrentWidget(self.view_page)
            if status:
                self.view_page.show_status(status)

        def unreadable(exc: BaseException) -> None:
            if not isinstance(exc, StoreError):
                raise exc
            if not shiboken6.isValid(self) or asked != self._showing:
                return
            if done:  # saved: leave the page it was saved on, for the patient's or the list
                if self.patient_id is not None:
                    self.show_patient(self.patient_id)
                if self.stack.currentWidget() is not self.patient_page:
                    self.show_patients()
            self._cannot(f"{done}The visit could not be shown", exc)

        run_in_background(lambda: self.flow.record(visit_id), read, unreadable)

    @Slot()
    def _on_view_page_back(self) -> None:
        record = self.view_page.record
        if record is not None:
            self.show_patient(record.patient_id)
        else:
            self.show_patients()

    def shutdown(self) -> None:
        """Everything is already saved; an unfinished visit is offered again at the next start.
        Work still on a worker (a signature, a backup) is finished first, before signing out."""
        from ui.background import wait_for_background

        if not wait_for_background(15_000):
            self.message.emit("Some work was still running when ART Desk closed.", 0)
        if hasattr(self, "treatment_page"):
            self.drafts.flush()
            self.treatment_page.stop()
            self.session.end()
