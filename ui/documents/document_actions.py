"""Preview, print and save a visit's PDFs: the workspace's document actions.

The PDF is rendered from the loaded record on a worker thread (``artdesk.reports`` needs no
database); previewing, printing and saving are :class:`ui.documents.paper_actions.PaperActions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.visit import VisitFlow
from ui.documents.paper_actions import PaperActions, file_name
from ui.pages.visit_view_page import VisitViewPage


class DocumentActions(PaperActions):
    """Signals: ``document_ready(str, str, object)`` (document, action, Rendered),
    ``printed(int)`` (pages sent), ``saved(str)`` (path)."""

    document_ready = Signal(str, str, object)

    def __init__(
        self,
        parent: QWidget,
        view: VisitViewPage,
        flow: VisitFlow,
        library: Library,
        settings: Settings,
        screen: Screen,
        open_dialog: Callable[[Any], None],
    ) -> None:
        super().__init__(parent, settings, open_dialog, view.show_status)
        self._view = view
        self._flow = flow
        self._library = library
        self._screen = screen

    DOCUMENT_NAMES: ClassVar[dict[str, str]] = {"summary": "patient summary", "note": "SOAP note"}

    @Slot(str, str)
    def request(self, document: str, action: str) -> None:
        from artdesk.reports import progress_at, render_record
        from ui.background import run_in_background

        record = self._view.record
        if record is None:
            return
        from artdesk.store import StoreError

        try:
            history = self._flow.pain_history(record)  # a quick read, here on the UI thread
        except StoreError as exc:
            self._view.show_status(f"The {self.DOCUMENT_NAMES[document]} could not be made: {exc}.")
            return
        from ui.documents.clinic_files import render_failure

        flow, library, settings, screen = self._flow, self._library, self._settings, self._screen
        name = self.DOCUMENT_NAMES[document]
        self._view.show_status(f"Preparing the {name}…")

        def render() -> Any:
            # the note says the progress over the course as it stood at this visit: read on
            # the worker, an episode of many visits takes a moment
            progress = progress_at(flow, record) if document == "note" else None
            ran = flow.ran(record.state, library)  # the protocol versions the visit ran
            return render_record(document, record, history, ran, settings, screen, progress)

        run_in_background(
            render,
            done=lambda rendered: self._on_document_rendered(document, action, rendered),
            failed=lambda exc: self._view.show_status(
                f"The {name} could not be made: {render_failure(exc, settings)}."
            ),
        )

    def _on_document_rendered(self, document: str, action: str, rendered: Any) -> None:
        self.document_ready.emit(document, action, rendered)
        record = self._view.record
        title = f"{self.DOCUMENT_NAMES[document].capitalize()} — "
        self.deliver(document, action, rendered, title + (record.patient_name if record else ""))

    def suggested_name(self, document: str) -> str:
        record = self._view.record
        name = record.patient_name if record else "visit"
        when = record.started_at.astimezone().date().isoformat() if record else ""
        return file_name(name, when, document)
