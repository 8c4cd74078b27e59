"""Episodes of care in the window: the patient page's episode buttons and keys open the episode
and discharge dialogs, reopen, and make the progress report (preview, print, save — audited
with the patient); "Your profile…" in the toolbar edits the clinician's licence and NPI.

The episode changes themselves are audited by the store (:class:`EpisodeRepository`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from artdesk.course.model import closing_notice
from artdesk.store import Action, StoreError
from ui.documents.progress_actions import ProgressReportActions

if TYPE_CHECKING:
    from ui.workspace import Workspace


class EpisodeActions(QObject):
    """What the patient page's episode intents do. No signals."""

    def __init__(self, w: Workspace, today: Callable[[], date]) -> None:
        super().__init__(w)
        self._w = w
        self._today = today
        page = w.patient_page
        self.reports = ProgressReportActions(
            w, w.flow, w.settings, w.dialogs.open, page.show_status, today
        )

    def _clinician(self) -> int | None:
        clinician = self._w.clinician_id()
        if clinician is None:
            self._w.first_run()
        return clinician

    @Slot(int)
    def new(self, patient_id: int) -> None:
        self._episode_dialog(patient_id, None)

    @Slot(int)
    def edit(self, episode_id: int) -> None:
        episode = self._episode(episode_id)
        if episode is not None:
            self._episode_dialog(episode.patient_id, episode)

    def _episode(self, episode_id: int) -> Any:
        """The episode, or None with the problem said on the patient page."""
        try:
            return self._w.flow.episodes.get(episode_id)
        except StoreError as exc:
            self._w.patient_page.show_problem(f"The episode could not be opened: {exc}.")
            return None

    def _episode_dialog(self, patient_id: int, episode: Any) -> None:
        """The episode dialog: a new episode (``episode`` None) or the one to change."""
        from ui.pages.episode_dialog import EpisodeDialog

        clinician = self._clinician()
        if clinician is None:
            return
        superseding = None
        if episode is None:  # a new episode closes the active one: the dialog says so first
            try:
                superseding = self._w.flow.episodes.active(patient_id)
            except StoreError as exc:
                self._w.patient_page.show_problem(f"The episodes could not be read: {exc}.")
                return
        dialog = EpisodeDialog(
            self._w.flow.episodes,
            patient_id,
            clinician,
            episode,
            self._today,
            parent=self._w,
            templates=self._w.course.templates(),
            superseding=superseding,
        )
        how = "opened" if episode is None else "changed"
        dialog.saved.connect(lambda saved: self._changed(saved, how))
        box = self._w.patient_page.episode_box
        self._w.dialogs.open(dialog, refocus=box.new_button if episode is None else box.edit_button)

    @Slot(int)
    def discharge(self, episode_id: int) -> None:
        from ui.pages.discharge_dialog import DischargeDialog

        clinician = self._clinician()
        if clinician is None:
            return
        episode = self._episode(episode_id)
        if episode is None:
            return
        if not episode.active:
            self._w.patient_page.show_problem(f"Episode {episode_id} is already discharged.")
            return
        dialog = DischargeDialog(self._w.flow.episodes, episode, clinician, self._w)
        dialog.discharged.connect(lambda episode: self._changed(episode, "discharged"))
        self._w.dialogs.open(dialog, refocus=self._w.patient_page.episode_box.new_button)

    @Slot(int)
    def reopen(self, episode_id: int) -> None:
        clinician = self._clinician()
        if clinician is None:
            return
        episode = self._episode(episode_id)
        if episode is None:
            return
        try:
            active = self._w.flow.episodes.active(episode.patient_id)
        except StoreError as exc:
            self._w.patient_page.show_problem(f"The episodes could not be read: {exc}.")
            return
        closing = f"\n\n{closing_notice(active, reopening=True)}" if active is not None else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Reopen the episode?",
            f"Reopen episode {episode_id}? New visits will count in it again; the discharge "
            f"summary is kept in the audit trail.{closing}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._w,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # the complaint as typed, markup and all
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._reopen(episode_id, clinician))
        self._w.dialogs.open(box, refocus=self._w.patient_page.episode_box.edit_button)

    def _reopen(self, episode_id: int, clinician: int) -> None:
        try:
            self._w.flow.episodes.reopen(episode_id, clinician)
        except StoreError as exc:
            self._w.patient_page.show_problem(f"The episode could not be reopened: {exc}.")
            return
        self._changed(episode_id, "reopened")

    def _changed(self, episode_id: int, what: str) -> None:
        page = self._w.patient_page
        page.show_episodes(episode_id)
        page.show_status(f"Episode {episode_id} {what}.")
        self._w.message.emit(f"Episode {episode_id} {what}.", 8000)

    @Slot(int, int)
    def report(self, patient_id: int, episode_id: int) -> None:
        """Preview the progress report (print and save from the preview)."""
        try:
            name = self._w.patients.get(patient_id).full_name
        except StoreError:
            name = ""
        self.reports.request(patient_id, episode_id, "preview", name)

    # --- the clinician's profile ------------------------------------------------------------
    @Slot()
    def open_profile(self) -> None:
        from artdesk.settings import room_name
        from ui.pages.clinician_profile import ClinicianProfileDialog

        clinician = self._clinician()
        if clinician is None:
            return
        try:
            dialog = ClinicianProfileDialog(
                self._w.clinicians,
                clinician,
                by=clinician,
                room=room_name(self._w.settings["room"]),
                parent=self._w,
            )
        except StoreError as exc:
            self._w.message.emit(f"The profile could not be read: {exc}", 10000)
            return
        dialog.saved.connect(lambda _id: self._w.reload_clinicians())
        dialog.saved.connect(lambda _id: self._w.message.emit("Profile saved.", 6000))
        self._w.dialogs.open(dialog)


def wire_episodes(w: Workspace, today: Callable[[], date]) -> EpisodeActions:
    """Connect the patient page's episode intents; returns what carries them out."""
    page, actions, record = w.patient_page, EpisodeActions(w, today), w.session.record

    def charts(patient: int, episode: int) -> Any:
        # the charts need no replay of every visit's journal (the report asks for that)
        return w.flow.progress(patient, episode, treatment=False)

    page.set_course(w.flow.episodes.for_patient, charts, today)
    page.new_episode.connect(actions.new)
    page.edit_episode.connect(actions.edit)
    page.discharge_episode.connect(actions.discharge)
    page.reopen_episode.connect(actions.reopen)
    page.progress_report.connect(actions.report)
    reports = actions.reports

    def what() -> str:
        return f"progress report, episode {reports.episode_id}"

    reports.printed.connect(
        lambda pages: record(
            Action.PRINT, patient_id=reports.patient_id, detail=f"{what()}, {pages} page(s)"
        )
    )
    reports.saved.connect(
        lambda path: record(
            Action.SAVE_DOCUMENT, patient_id=reports.patient_id, detail=f"{what()}: {path}"
        )
    )
    profile = w.toolbar.addAction("Your profile…")  # licence and NPI, beside the PIN
    profile.setShortcut(QKeySequence("Ctrl+Shift+,"))
    profile.setToolTip("Your name, credentials, licence number and NPI as the papers print them")
    profile.triggered.connect(actions.open_profile)
    secret = next((a for a in w.toolbar.actions() if a.text().startswith("Your PIN")), None)
    if secret is not None:  # beside "Your PIN/password…"
        after = w.toolbar.actions()
        following = after[after.index(secret) + 1] if after.index(secret) + 1 < len(after) else None
        if following is not None and following is not profile:
            w.toolbar.removeAction(profile)
            w.toolbar.insertAction(following, profile)
    return actions
