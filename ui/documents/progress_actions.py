"""The progress report of an episode from the window: preview, print, save as PDF.

The progress is read and the report rendered on a worker (an episode of forty visits takes a
moment to read), then previewed, printed or saved like a visit's papers
(:class:`ui.documents.paper_actions.PaperActions`); printing and saving are audited by the
wiring with the patient and the episode.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from artdesk.settings import Settings
from artdesk.visit import VisitFlow
from ui.documents.paper_actions import PaperActions, file_name

NAME = "progress report"


class ProgressReportActions(PaperActions):
    """Signals: ``report_ready(str, object)`` (action, Rendered), ``printed(int)``,
    ``saved(str)``; ``patient_id`` and ``episode_id`` say whose report was made last."""

    report_ready = Signal(str, object)

    def __init__(
        self,
        parent: QWidget,
        flow: VisitFlow,
        settings: Settings,
        open_dialog: Callable[[Any], None],
        status: Callable[[str], None],
        today: Callable[[], date],
    ) -> None:
        super().__init__(parent, settings, open_dialog, status)
        self._flow = flow
        self._today = today
        self.patient_id: int | None = None
        self.episode_id: int | None = None
        self._name = ""
        self._asked = 0  # the request answered; an older one finishing late is dropped

    def request(
        self, patient_id: int, episode_id: int, action: str = "preview", patient_name: str = ""
    ) -> None:
        """Make the report of the episode, then ``action`` it: preview, print or save
        (``patient_name``: for the preview's title and the file's name)."""
        from artdesk.reports import render_progress
        from ui.background import run_in_background
        from ui.documents.clinic_files import render_failure

        self._asked += 1
        asked = self._asked
        flow, settings, today = self._flow, self._settings, self._today()
        self._status(f"Preparing the {NAME}…")

        def failed(exc: BaseException) -> None:
            if asked == self._asked:
                self._status(f"The {NAME} could not be made: {render_failure(exc, settings)}.")

        run_in_background(
            lambda: render_progress(flow, patient_id, settings, episode_id, today),
            done=lambda rendered: self._on_report_rendered(
                asked, (patient_id, episode_id, patient_name), action, rendered
            ),
            failed=failed,
        )

    def _on_report_rendered(
        self, asked: int, whose: tuple[int, int, str], action: str, rendered: Any
    ) -> None:
        if asked != self._asked:
            return
        self.patient_id, self.episode_id, name = whose
        self._name = name
        self.report_ready.emit(action, rendered)
        title = f"Progress report — episode {self.episode_id}" + (f" — {name}" if name else "")
        self.deliver(NAME, action, rendered, title)

    def suggested_name(self, document: str) -> str:
        return file_name(self._name or "patient", self._today().isoformat(), document)
