"""One patient: details, the episode of care (with the patient's other episodes), visit
history, progress over the episode, Start visit, and who saw or changed the record.

The progress charts are imported the first time a patient is shown and the progress is read
on a worker: the page (and the patient list before it) never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import AuditEntry, PatientRepository, StoreError
from ui.models.visit_history_model import VisitHistoryModel
from ui.pages.body_marks_strip import WhereItHurt
from ui.pages.episode_box import EpisodeBox, episode_line
from ui.pages.table_columns import size_columns
from ui.style import error_label, show_error, sized

if TYPE_CHECKING:
    from artdesk.course import Episode, Progress
    from ui.pages.progress_panel import ProgressPanel

EpisodesOf = Callable[[int], "list[Episode]"]
ProgressOf = Callable[[int, int], "Progress"]


class PatientPage(QWidget):
    """Signals: ``start_visit(int)``, ``edit_patient(int)``, ``visit_opened(int)``, ``back()``;
    the episode's (intents): ``new_episode(int)`` (patient), ``edit_episode(int)``,
    ``discharge_episode(int)``, ``reopen_episode(int)`` (episode),
    ``progress_report(int, int)`` (patient, episode); ``progress_loaded(object)`` (Progress,
    or None when there is none to show)."""

    start_visit = Signal(int)
    edit_patient = Signal(int)
    visit_opened = Signal(int)
    back = Signal()
    new_episode = Signal(int)
    edit_episode = Signal(int)
    discharge_episode = Signal(int)
    reopen_episode = Signal(int)
    progress_report = Signal(int, int)
    progress_loaded = Signal(object)

    def __init__(
        self,
        patients: PatientRepository,
        history: VisitHistoryModel,
        parent: QWidget | None = None,
        access: Callable[[int], list[AuditEntry]] | None = None,
    ) -> None:
        """``access(patient_id)``: the record's audit lines, newest first."""
        super().__init__(parent)
        self._patients = patients
        self._access = access
        self.history = history
        self.patient_id: int | None = None
        self.name = sized(QLabel(), 22, bold=True)
        self.name.setWordWrap(True)
        self.details = QLabel()
        self.problem = error_label()
        self.details.setWordWrap(True)
        sized(self.details, 12)
        self.start_button = QPushButton("&Start visit  (Ctrl+Enter)")
        sized(self.start_button, 14, bold=True)
        self.edit_button = QPushButton("&Edit patient")
        self.back_button = QPushButton("← &Patients  (Esc)")
        self.table = QTableView()
        self.table.setModel(history)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        sized(self.table, 12)
        size_columns(
            self.table, history.COLUMNS, history.WIDEST, stretch=1, icon_column=history.STATUS
        )
        self.access = QListWidget()
        sized(self.access, 11)
        self.episode_box = EpisodeBox()
        self.episodes = QListWidget()  # all the patient's episodes, newest first
        sized(self.episodes, 12)
        self.progress_panel: ProgressPanel | None = None  # made when first shown
        self.progress: Progress | None = None
        self._episodes_of: EpisodesOf | None = None
        self._progress_of: ProgressOf | None = None
        self._day: Callable[[], date] = date.today
        self._reading = 0  # the progress read now; an older one arriving late is dropped
        self._start_reading: Callable[[], None] | None = None  # once the page is painted
        self.tabs = QTabWidget()
        sized(self.tabs.tabBar(), 12)
        self.tabs.addTab(self.table, "&Visits")
        self.tabs.addTab(QLabel(), "Pro&gress")
        self.tabs.addTab(self.episodes, "Episo&des")
        self.where = WhereItHurt()  # the body chart's marks, visit by visit
        self.tabs.addTab(self.where, "Where it &hurt")
        records = QWidget()
        column = QVBoxLayout(records)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(QLabel("Who saw or changed this record, newest first"))
        column.addWidget(self.access, 1)
        self.tabs.addTab(records, "Record &access")
        self.tabs.setTabVisible(4, access is not None)

        self.status = QLabel()  # what the page's papers and episode changes did
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.status, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.problem)
        layout.addWidget(self.episode_box)
        layout.addWidget(self.tabs, 1)

        self.start_button.clicked.connect(self.request_start)
        self.edit_button.clicked.connect(self.request_edit)
        self.back_button.clicked.connect(self.back)
        self.table.activated.connect(self._on_table_activated)
        self.episodes.itemActivated.connect(self._on_episodes_item_activated)
        self.tabs.currentChanged.connect(self._fit_episode_box)
        box = self.episode_box
        box.new_requested.connect(self.request_new_episode)
        box.edit_requested.connect(self.request_edit_episode)
        box.discharge_requested.connect(self._on_episode_box_discharge_requested)
        box.reopen_requested.connect(self._on_episode_box_reopen_requested)
        box.report_requested.connect(self.request_progress_report)
        for keys, slot in (
            ("Ctrl+Shift+N", self.request_new_episode),
            ("Ctrl+Shift+E", self.request_edit_episode),
            ("Ctrl+R", self.request_progress_report),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def show_patient(self, patient_id: int) -> None:
        """Show the patient and their visits; StoreError if they cannot be read."""
        patient = self._patients.get(patient_id)
        self.history.load(patient_id)
        self.where.show_visits([self.history.visit_at(n) for n in range(self.history.rowCount())])
        self.show_problem(None)
        self.show_status("")
        self.patient_id = patient_id
        self.name.setText(patient.full_name)
        parts = [f"Born {patient.date_of_birth.isoformat()}"]
        parts += [p for p in (patient.sex, patient.phone, patient.email, patient.sport) if p]
        self.details.setText("  ·  ".join(parts) + (f"\n{patient.notes}" if patient.notes else ""))
        self._show_access(patient_id)
        self.show_episodes()
        self.start_button.setFocus()

    def _show_access(self, patient_id: int) -> None:
        self.access.clear()
        if self._access is None:
            return
        try:
            entries = self._access(patient_id)
        except StoreError as exc:
            self.access.addItem(f"The record access could not be read: {exc}.")
            return
        for entry in entries:
            when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
            words = [when, entry.clinician or "(nobody signed in)", access_text(entry)]
            if entry.room:
                words.append(entry.room)
            self.access.addItem("  ·  ".join(words))

    # --- the episode of care ---------------------------------------------------------------
    def set_course(
        self, episodes: EpisodesOf, progress: ProgressOf, today: Callable[[], date]
    ) -> None:
        """Where the page reads the patient's episodes and the progress over one."""
        self._episodes_of, self._progress_of, self._day = episodes, progress, today

    @property
    def episode(self) -> Episode | None:
        """The episode shown at the top (the active one, else the newest, else one chosen)."""
        return self.episode_box.episode

    def show_episodes(self, chosen: int | None = None) -> None:
        """Read the patient's episodes again and show ``chosen`` (by default the active one,
        else the newest), then read its progress on a worker."""
        if self._episodes_of is None or self.patient_id is None:
            return
        self.episodes.clear()
        try:
            found = self._episodes_of(self.patient_id)
        except StoreError as exc:
            self.episode_box.show_episode(None, self._day())
            self.episode_box.show_problem(f"The episodes could not be read: {exc}.")
            return
        for episode in found:
            item = QListWidgetItem(episode_line(episode))
            item.setData(Qt.ItemDataRole.UserRole, episode.id)
            self.episodes.addItem(item)
        shown = next((e for e in found if e.id == chosen), None)
        shown = shown or next((e for e in found if e.active), found[0] if found else None)
        self.tabs.setTabText(2, f"Episo&des ({len(found)})")
        self.episode_box.show_episode(shown, self._day())
        self._read_progress()

    @Slot(QListWidgetItem)
    def _on_episodes_item_activated(self, item: QListWidgetItem) -> None:
        self.show_episodes(int(item.data(Qt.ItemDataRole.UserRole)))
        self.tabs.setCurrentIndex(1)

    def _panel(self) -> ProgressPanel:
        if self.progress_panel is None:
            from ui.pages.progress_panel import ProgressPanel  # the charts: not at start-up

            self.progress_panel = ProgressPanel()
            current = self.tabs.currentIndex()
            placeholder = self.tabs.widget(1)
            self.tabs.removeTab(1)
            if placeholder is not None:
                placeholder.deleteLater()
            self.tabs.insertTab(1, self.progress_panel, "Pro&gress")
            self.tabs.setCurrentIndex(current)
        return self.progress_panel

    def _read_progress(self) -> None:
        from ui.background import run_in_background

        panel = self._panel()
        self.progress = None
        self._reading += 1
        reading, episode, patient = self._reading, self.episode, self.patient_id
        if episode is None or patient is None or self._progress_of is None:
            panel.show_message("No episode of care yet: open one to follow the progress.")
            self.progress_loaded.emit(None)
            return
        panel.show_message("Reading the progress over the episode…")
        progress_of = self._progress_of

        def start() -> None:
            if reading == self._reading:  # still the patient and episode shown
                run_in_background(
                    lambda: progress_of(patient, episode.id),
                    done=lambda progress: self._on_progress_read(reading, progress),
                    failed=lambda exc: self._on_progress_failed(reading, exc),
                )

        # once the page is painted (paintEvent), when the window is on screen: the read holds
        # the GIL while it runs, and a paint waiting for it to call the history's data()
        # took 3-5× as long (benchmarks/patient_page.py)
        if self.window().isVisible():
            self._start_reading = start
        else:
            start()

    @Slot()
    def _on_painted(self) -> None:
        start, self._start_reading = self._start_reading, None
        if start is not None:
            start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._start_reading is not None:  # after this paint has reached the screen
            QTimer.singleShot(0, self, self._on_painted)

    def _on_progress_read(self, reading: int, progress: Any) -> None:
        if not shiboken6.isValid(self) or reading != self._reading:
            return  # the page is gone, or another patient or episode is shown now
        self.progress = progress
        self._panel().show_progress(progress)
        self.episode_box.show_goals(progress.goals)
        self.progress_loaded.emit(progress)

    def _on_progress_failed(self, reading: int, problem: BaseException) -> None:
        if not shiboken6.isValid(self) or reading != self._reading:
            return
        words = str(problem) if isinstance(problem, StoreError) else "an unexpected problem"
        self._panel().show_message(f"The progress could not be read: {words}.")
        self.progress_loaded.emit(None)

    @Slot()
    def request_new_episode(self) -> None:
        if self.patient_id is not None:
            self.new_episode.emit(self.patient_id)

    @Slot()
    def request_edit_episode(self) -> None:
        if self.episode is not None:
            self.edit_episode.emit(self.episode.id)

    @Slot()
    def _on_episode_box_discharge_requested(self) -> None:
        if self.episode is not None and self.episode.active:
            self.discharge_episode.emit(self.episode.id)

    @Slot()
    def _on_episode_box_reopen_requested(self) -> None:
        if self.episode is not None and not self.episode.active:
            self.reopen_episode.emit(self.episode.id)

    @Slot()
    def request_progress_report(self) -> None:
        if self.episode is not None and self.patient_id is not None:
            self.progress_report.emit(self.patient_id, self.episode.id)

    COMPACT_BELOW = 640  # page height (px) under which the charts need the box's room

    @Slot()
    def _fit_episode_box(self) -> None:
        """On a short screen the charts (progress, where it hurt) get the room: the episode
        box is compact while they are shown."""
        short = self.height() < self.COMPACT_BELOW
        charts = self.tabs.currentIndex() == 1 or self.tabs.currentWidget() is self.where
        self.episode_box.set_compact(short and charts)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_episode_box()

    def focus_first_field(self) -> None:
        self.start_button.setFocus()

    def show_problem(self, message: str | None) -> None:
        """Something asked from this page could not be done (None: clear it)."""
        show_error(self.problem, message)

    def show_status(self, text: str) -> None:
        """What a paper or an episode change did ('Saved …', 'Episode 3 opened.')."""
        self.status.setText(text)

    @Slot()
    def request_start(self) -> None:
        """Start a visit for the patient shown (the button, Ctrl+Enter)."""
        if self.patient_id is not None:
            self.start_visit.emit(self.patient_id)

    @Slot()
    def request_edit(self) -> None:
        if self.patient_id is not None:
            self.edit_patient.emit(self.patient_id)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.visit_opened.emit(self.history.visit_at(index.row()).id)


ACCESS_WORDS = {
    "view-patient": "viewed the patient",
    "add-patient": "added the patient",
    "edit-patient": "changed the patient's details",
    "view-visit": "viewed visit",
    "start-visit": "started visit",
    "resume-visit": "resumed visit",
    "finish-visit": "finished visit",
    "sign-visit": "signed visit",
    "refer-visit": "referred, visit",
    "amend-visit": "amended visit",
    "void-visit": "voided visit",
    "take-over-visit": "took over visit",
    "print": "printed visit",
    "save-document": "saved as PDF: visit",
    "export": "exported",
    "open-episode": "opened an episode of care",
    "change-episode": "changed the episode of care",
    "discharge-episode": "discharged the episode of care",
    "reopen-episode": "reopened the episode of care",
}


def access_text(entry: AuditEntry) -> str:
    """'viewed the patient', 'signed visit 12'…: one audit line in words."""
    words = ACCESS_WORDS.get(entry.action, entry.action.replace("-", " "))
    if entry.visit_id is not None:
        words += f" {entry.visit_id}"
    elif entry.action in PAPER_WORDS:  # a paper of the patient's, not of one visit
        words = PAPER_WORDS[entry.action]
    patients_paper = entry.visit_id is None and entry.action in PAPER_WORDS
    if entry.detail and (entry.action in ("print", "export") or patients_paper):
        words += f" ({entry.detail})"
    return words


PAPER_WORDS = {"print": "printed", "save-document": "saved as PDF"}
