"""One patient: details, the episode of care (with the patient's other episodes), visit
history, progress over the episode, Start visit, and who saw or changed the record.

The progress charts are imported the first time a patient is shown and the progress is read
on a worker: the page (and the patient list before it) never waits for them. What waits for
the first paint (issue 14: a patient with 500 visits opened ≤ 2× a bare model): the audit
entry for the opening (then written on the worker) and the progress read; the record's access
list, on a tab of its own, is read when that tab is shown (or the list is asked for).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeySequence, QPaintEvent, QResizeEvent, QShortcut
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
from ui.pages.record_access import RecordAccess
from ui.pages.table_columns import size_columns
from ui.style import error_label, show_error, sized

if TYPE_CHECKING:
    from artdesk.course import Episode, Progress
    from ui.pages.progress_panel import ProgressPanel
    from ui.view_audit import PendingEntry

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
        self._access_lines = access
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
        self._records = RecordAccess()  # read when its tab is shown: see ``access``
        self._access_of: int | None = None  # the patient whose access list it holds
        self._viewed: PendingEntry | None = None  # this opening's audit entry, until written
        self._watched: QWidget | None = None  # the window whose closing writes it first
        self.episode_box = EpisodeBox()
        self.episodes = QListWidget()  # all the patient's episodes, newest first
        sized(self.episodes, 12)
        self.progress_panel: ProgressPanel | None = None  # made when first shown
        self.progress: Progress | None = None
        self._episodes_of: EpisodesOf | None = None
        self._progress_of: ProgressOf | None = None
        self._day: Callable[[], date] = date.today
        self._reading = 0  # the progress read now; an older one arriving late is dropped
        self._painted_then: list[Callable[[], None]] = []  # once the page is painted
        self.tabs = QTabWidget()
        sized(self.tabs.tabBar(), 12)
        self.tabs.addTab(self.table, "&Visits")
        self.tabs.addTab(QLabel(), "Pro&gress")
        self.tabs.addTab(self.episodes, "Episo&des")
        self._where = WhereItHurt()  # the body chart's marks, visit by visit: see ``where``
        self._where_of: int | None = None  # the patient whose marks it shows
        self.tabs.addTab(self._where, "Where it &hurt")
        self.tabs.addTab(self._records, "Record &access")
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
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
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

    def show_patient(self, patient_id: int, viewed: PendingEntry | None = None) -> None:
        """Show the patient and their visits; StoreError if they cannot be read. ``viewed``:
        the audit entry for this opening, written once the page is painted — or at once if
        the record's access list is read, the page left or the window closed before."""
        self.write_viewed()  # the patient shown before: their entry first
        patient = self._patients.get(patient_id)
        self.history.load(patient_id)
        self.show_problem(None)
        self.show_status("")
        self.patient_id = patient_id
        self.name.setText(patient.full_name)
        parts = [f"Born {patient.date_of_birth.isoformat()}"]
        parts += [p for p in (patient.sex, patient.phone, patient.email, patient.sport) if p]
        self.details.setText("  ·  ".join(parts) + (f"\n{patient.notes}" if patient.notes else ""))
        self._viewed = viewed
        self._watch_closing()
        if viewed is not None:
            self._when_painted(viewed.start)
        self._records.lines.clear()  # another patient's lines never show
        self._access_of = self._where_of = None
        self._on_tabs_current_changed(self.tabs.currentIndex())  # the tab shown: filled now
        self.show_episodes()
        self.start_button.setFocus()

    @property
    def access(self) -> QListWidget:
        """Who saw or changed the record, newest first (read first if it was not since the
        patient was shown: the tab shows it, or it is asked for)."""
        if self._access_of != self.patient_id:
            self._show_access()
        return self._records.lines

    def _show_access(self) -> None:
        self.write_viewed()  # this opening is in the list
        self._access_of = patient_id = self.patient_id
        if self._access_lines is None or patient_id is None:
            self._records.lines.clear()
            return
        try:
            self._records.show_entries(self._access_lines(patient_id))
        except StoreError as exc:
            self._records.show_problem(exc)

    @property
    def where(self) -> WhereItHurt:
        """Where it hurt at the last visits with marks (drawn when its tab is shown, or it is
        asked for: 8 small body charts, ≈ 6 ms, the first paint does not wait for)."""
        if self._where_of != self.patient_id:
            self._show_where()
        return self._where

    def _show_where(self) -> None:
        self._where_of = self.patient_id
        self._where.show_visits([self.history.visit_at(n) for n in range(self.history.rowCount())])

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        shown = self.tabs.currentWidget()
        if shown is self._records:
            self._show_access()  # read again each time it is shown: the trail grows
        elif shown is self._where and self._where_of != self.patient_id:
            self._show_where()

    def write_viewed(self) -> None:
        """Write the audit entry for the patient shown now, if it is not written yet."""
        viewed, self._viewed = self._viewed, None
        if viewed is not None:
            viewed.flush()

    def _watch_closing(self) -> None:
        window = self.window()
        if window is not self._watched and window is not self:
            if self._watched is not None and shiboken6.isValid(self._watched):
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the window closing: the entry goes in before the close signs the clinician out
        if event.type() == _CLOSE and self._viewed is not None:
            self.write_viewed()
        return False

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.write_viewed()  # left at once: another page, the lock screen, the window closed

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

        self._when_painted(start)

    def _when_painted(self, job: Callable[[], None]) -> None:
        """Run ``job`` once the page is painted (paintEvent), when the window is on screen:
        a worker's read holds the GIL while it runs, and a paint waiting for it to call the
        history's data() took 3-5× as long (benchmarks/patient_page.py)."""
        if self.window().isVisible():
            self._painted_then.append(job)
        else:
            job()

    @Slot()
    def _on_painted(self) -> None:
        jobs, self._painted_then = self._painted_then, []
        for job in jobs:
            job()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._painted_then:  # after this paint has reached the screen
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
        charts = self.tabs.currentIndex() == 1 or self.tabs.currentWidget() is self._where
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


_CLOSE = QEvent.Type.Close
