"""What every paper does once rendered: preview it, print it, save it as PDF.

Printing rasterizes the pages on a worker at the printer's resolution and paints them on the UI
thread; saving writes atomically on a worker. A visit's papers (:mod:`document_actions`) and an
episode's progress report (:mod:`progress_actions`) both go through this, so they warn, print
and save the same way. Signals: ``printed(int)`` (pages sent), ``saved(str)`` (path).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from artdesk.settings import Settings


class PaperActions(QObject):
    """Subclasses render the paper and name the file it is saved as (``suggested_name``)."""

    printed = Signal(int)
    saved = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        settings: Settings,
        open_dialog: Callable[[Any], None],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._open = open_dialog
        self._status = status

    def deliver(self, document: str, action: str, rendered: Any, title: str) -> None:
        """Preview (``title`` on the dialog), print or save what was rendered, after saying
        which clinic files are missing and which characters cannot print."""
        from artdesk.reports import missing_glyphs_warning
        from ui.documents.clinic_files import clinic_file_problems
        from ui.documents.printing import PreviewDialog

        files = clinic_file_problems(self._settings)  # a stat and a few bytes each
        self._status(" ".join(files))
        glyphs = missing_glyphs_warning(rendered.missing)
        warning = "\n".join(filter(None, [*files, glyphs])) or None
        if action == "preview":
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
        self._status("Preparing the pages for the printer…")

        def paint(images: Any) -> None:
            try:
                pages = paint_pages(images, printer)
            except OSError as exc:
                self._status(f"Not printed: {exc}")
                return
            from ui.documents.clinic_files import clinic_file_problems

            files = " ".join(clinic_file_problems(self._settings))
            self._status(f"Sent {pages} page(s) to the printer. {files}".strip())
            self.printed.emit(pages)

        run_in_background(
            lambda: rasterize(rendered.pdf, dpi),
            done=paint,
            failed=lambda exc: self._status(f"Not printed: {exc}"),
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

        path = self.choose_save_path(self.suggested_name(document))
        if not path:
            return

        def saved(_: object) -> None:
            self._status(f"Saved {path}")
            self.saved.emit(path)

        run_in_background(
            lambda: write_atomically(path, rendered.pdf),
            done=saved,
            failed=lambda exc: self._status(f"Not saved: {getattr(exc, 'strerror', None) or exc}"),
        )

    def suggested_name(self, document: str) -> str:
        """The file a save offers first (in the user's documents folder)."""
        return file_name("paper", "", document)

    def choose_save_path(self, suggested: str) -> str:
        """The save dialog; '' when cancelled. (Tests replace this.)"""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self._parent, "Save as PDF", suggested, "PDF (*.pdf)")
        return path


def file_name(name: str, when: str, document: str) -> str:
    """'<documents>/Zoë Ægir 2026-01-05 summary.pdf': no character a file system refuses."""
    import re

    import platformdirs

    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", f"{name} {when} {document}")
    safe = " ".join(safe.split())
    return str(platformdirs.user_documents_path() / f"{safe[:120]}.pdf")
