"""Preview, print and save a visit's PDFs: the workspace's document actions.

The PDF is rendered from the loaded record on a worker thread (``artdesk.reports`` needs no
database); printing rasterizes the pages on a worker at the printer's resolution and paints them
on the UI thread; saving writes atomically on a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.visit import VisitFlow
from ui.pages.visit_view_page import VisitViewPage


class DocumentActions(QObject):
    """Signals: ``document_ready(str, str, object)`` (document, action, Rendered),
    ``printed(int)`` (pages sent), ``saved(str)`` (path)."""

    document_ready = Signal(str, str, object)
    printed = Signal(int)
    saved = Signal(str)

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
        super().__init__(parent)
        self._parent = parent
        self._view = view
        self._flow = flow
        self._library = library
        self._settings = settings
        self._screen = screen
        self._open = open_dialog

    DOCUMENT_NAMES: ClassVar[dict[str, str]] = {"summary": "patient summary", "note": "SOAP note"}

    @Slot(str, str)
    def request(self, document: str, action: str) -> None:
        from artdesk.reports import render_record
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

        library, settings, screen = self._library, self._settings, self._screen
        name = self.DOCUMENT_NAMES[document]
        self._view.show_status(f"Preparing the {name}…")
        run_in_background(
            lambda: render_record(document, record, history, library, settings, screen),
            done=lambda rendered: self._on_document_rendered(document, action, rendered),
            failed=lambda exc: self._view.show_status(
                f"The {name} could not be made: {render_failure(exc, settings)}."
            ),
        )

    def _on_document_rendered(self, document: str, action: str, rendered: Any) -> None:
        from artdesk.reports import missing_glyphs_warning
        from ui.documents.clinic_files import clinic_file_problems
        from ui.documents.printing import PreviewDialog

        files = clinic_file_problems(self._settings)  # a stat and a few bytes each
        self._view.show_status(" ".join(files))
        glyphs = missing_glyphs_warning(rendered.missing)
        warning = "\n".join(filter(None, [*files, glyphs])) or None
        self.document_ready.emit(document, action, rendered)
        name = self.DOCUMENT_NAMES[document]
        if action == "preview":
            record = self._view.record
            title = f"{name.capitalize()} — {record.patient_name if record else ''}"
            dialog = PreviewDialog(title, rendered, warning, self._parent)
            dialog.print_requested.connect(lambda: self.print_document(rendered, glyphs))
            dialog.save_requested.connect(lambda: self.save_document(document, rendered))
            self._open(dialog)
        elif action == "print":
            self.print_document(rendered, glyphs)
        else:
            self.save_document(document, rendered)

    def print_document(self, rendered: Any, warning: str | None) -> None:
        """Warn first if some characters cannot print; then choose a printer and print."""
        if warning:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Some characters cannot print",
                warning + "\n\nPrint anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self._parent,
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.accepted.connect(lambda: self.print_document(rendered, None))
            self._open(box)
            return
        from ui.background import run_in_background
        from ui.documents.printing import paint_pages, rasterize

        printer = self.choose_printer()
        if printer is None:
            return
        dpi = printer.resolution()
        self._view.show_status("Preparing the pages for the printer…")

        def paint(images: Any) -> None:
            try:
                pages = paint_pages(images, printer)
            except OSError as exc:
                self._view.show_status(f"Not printed: {exc}")
                return
            from ui.documents.clinic_files import clinic_file_problems

            files = " ".join(clinic_file_problems(self._settings))
            self._view.show_status(f"Sent {pages} page(s) to the printer. {files}".strip())
            self.printed.emit(pages)

        run_in_background(
            lambda: rasterize(rendered.pdf, dpi),
            done=paint,
            failed=lambda exc: self._view.show_status(f"Not printed: {exc}"),
        )

    def choose_printer(self) -> Any:
        """The print dialog; None when cancelled. (Tests replace this with a PDF printer.)"""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._parent)
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def save_document(self, document: str, rendered: Any) -> None:
        from artdesk.reports import write_atomically
        from ui.background import run_in_background

        path = self.choose_save_path(self._suggested_name(document))
        if not path:
            return

        def saved(_: object) -> None:
            self._view.show_status(f"Saved {path}")
            self.saved.emit(path)

        run_in_background(
            lambda: write_atomically(path, rendered.pdf),
            done=saved,
            failed=lambda exc: self._view.show_status(
                f"Not saved: {getattr(exc, 'strerror', None) or exc}"
            ),
        )

    def _suggested_name(self, document: str) -> str:
        import re

        import platformdirs

        record = self._view.record
        name = record.patient_name if record else "visit"
        when = record.started_at.astimezone().date().isoformat() if record else ""
        safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", f"{name} {when} {document}").strip()
        return str(platformdirs.user_documents_path() / f"{safe[:120]}.pdf")

    def choose_save_path(self, suggested: str) -> str:
        """The save dialog; '' when cancelled. (Tests replace this.)"""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self._parent, "Save as PDF", suggested, "PDF (*.pdf)")
        return path
