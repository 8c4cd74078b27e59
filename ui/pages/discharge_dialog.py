"""Discharge an episode of care with a summary (required); Esc asks before the summary typed
is thrown away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.course import Episode
from artdesk.store import InvalidInput, StoreError
from artdesk.store.episodes import EpisodeRepository
from ui.fitting import fitted
from ui.pages.episode_fields import ask_before_discarding, said
from ui.style import error_label, show_error, sized


class DischargeDialog(QDialog):
    """Discharge an episode with a summary (required). Signals: ``discharged(int)``."""

    discharged = Signal(int)

    def __init__(
        self,
        episodes: EpisodeRepository,
        episode: Episode,
        clinician_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._episodes = episodes
        self._episode = episode
        self._clinician_id = clinician_id
        self.discard_question: QMessageBox | None = None
        self.setWindowTitle(f"Discharge episode {episode.id}")
        sized(self, 11)  # read at arm's length at a treatment table
        heading = QLabel(
            f"{episode.diagnosis or episode.complaint[:80]} — "
            f"{episode.visits_attended} visit(s) attended"
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(
            "Discharge summary (required): outcome against the goals, advice, follow-up"
        )
        caption = QLabel("Discharge &summary")
        caption.setBuddy(self.summary)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.discharge_button = buttons.addButton(
            "&Discharge  (Ctrl+Enter)", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(caption)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fitted(self, 640, 380)
        self.summary.setFocus()

    @Slot()
    def save(self) -> None:
        try:
            self._episodes.discharge(
                self._episode.id, self._clinician_id, self.summary.toPlainText()
            )
        except InvalidInput as exc:
            show_error(self.error, said(str(exc)))
            self.summary.setFocus()
            return
        except StoreError as exc:
            show_error(self.error, f"Could not discharge: {exc}. What you typed is still here.")
            return
        self.discharged.emit(self._episode.id)
        self.accept()

    def reject(self) -> None:
        if not self.summary.toPlainText().strip():
            super().reject()
            return
        self.discard_question = ask_before_discarding(
            self,
            "Discard the summary?",
            "Close without discharging? The summary you typed will be lost.",
        )
