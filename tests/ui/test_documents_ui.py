"""Preview, print (to a PDF printer, offscreen) and save from a signed visit; warn first when
some characters cannot print."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from artdesk.protocols import Side
from artdesk.reports import fonts as fonts_module
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import finish_treatment
from ui.background import wait_for_background
from ui.documents.printing import PreviewDialog, paint_pages, rasterize
from ui.workspace import Workspace


def signed_visit(qtbot: QtBot, window: Workspace, note: str = "tender <b>&amp;") -> None:
    into_treatment(qtbot, window, (("calf-achilles", Side.RIGHT),))
    window.runner.note(note)  # type: ignore[union-attr]
    finish_treatment(window.treatment_page)
    window.wrapup_page.pain.set_value(2)
    window.wrapup_page.sign()
    finish_background()
    assert window.stack.currentWidget() is window.view_page


def pdf_printer(path: Path, dpi: int = 150) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def test_printing_sends_every_page_to_the_printer(
    qtbot: QtBot, window: Workspace, tmp_path: Path
) -> None:
    signed_visit(qtbot, window, note="a long note <i>x</i> & more. " * 400)
    out = tmp_path / "printed.pdf"
    window.documents.choose_printer = lambda: pdf_printer(out)  # type: ignore[method-assign]
    with qtbot.waitSignal(window.documents.document_ready, timeout=20000) as ready:
        window.documents.request("note", "print")
    rendered = ready.args[2]
    assert rendered.pages >= 2
    with qtbot.waitSignal(window.documents.printed, timeout=30000) as printed:
        pass
    assert printed.args == [rendered.pages]
    assert len(PdfReader(out).pages) == rendered.pages
    assert "Sent" in window.view_page.status.text()
    (entry,) = [e for e in window.flow.audit.entries() if e.action == "print"]  # audited
    assert entry.visit_id == window.view_page.record.id and entry.clinician == "Dr Ana Ruiz"  # type: ignore[union-attr]


def test_pages_are_rasterized_at_the_printers_resolution(
    qtbot: QtBot, window: Workspace, tmp_path: Path
) -> None:
    from artdesk.reports import render_visit

    signed_visit(qtbot, window)
    rendered = render_visit(
        "summary",
        window.flow,
        window.visit_id,
        window._library,  # type: ignore[arg-type]
        window.settings,
    )
    images = rasterize(rendered.pdf, 300)
    assert len(images) == rendered.pages == 1
    assert abs(images[0].width() - round(595.27 * 300 / 72)) <= 2  # A4 width at 300 dpi
    printer = pdf_printer(tmp_path / "one.pdf", 300)
    assert paint_pages(images, printer) == 1
    assert len(PdfReader(tmp_path / "one.pdf").pages) == 1


def test_preview_shows_the_pdf_and_save_writes_it(
    qtbot: QtBot, window: Workspace, tmp_path: Path
) -> None:
    signed_visit(qtbot, window)
    window.settings.set("clinic_name", "Riverside Sports Clinic")  # a header: no warning
    target = tmp_path / "summary.pdf"
    window.documents.choose_save_path = lambda suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(window.documents.document_ready, timeout=20000):
        window.documents.request("summary", "preview")
    dialog = window.dialog
    assert isinstance(dialog, PreviewDialog)
    assert dialog.document.pageCount() == 1 and not dialog.warning.isVisibleTo(dialog)
    with qtbot.waitSignal(window.documents.saved, timeout=20000) as saved:
        dialog.save_requested.emit()
    assert saved.args == [str(target)]
    assert [e.detail for e in window.flow.audit.entries() if e.action == "save-document"] == [
        str(target)
    ]
    text = PdfReader(target).pages[0].extract_text()
    assert "Γιώργος Παπαδόπουλος" in text and "Your visit summary" in text
    assert wait_for_background()


def test_a_name_no_font_can_print_warns_before_printing(
    qtbot: QtBot, window: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts_module, "SYSTEM_FALLBACKS", ())
    signed_visit(qtbot, window, note="患者说好多了")
    chosen: list[bool] = []

    def choose() -> QPrinter:
        chosen.append(True)
        return pdf_printer(tmp_path / "x.pdf")

    window.documents.choose_printer = choose  # type: ignore[method-assign]
    with qtbot.waitSignal(window.documents.document_ready, timeout=20000):
        window.documents.request("note", "print")
    box = window.dialog
    assert isinstance(box, QMessageBox) and "患" in box.text()
    assert chosen == []  # nothing printed before the clinician decides
    with qtbot.waitSignal(window.documents.printed, timeout=30000):
        box.accept()
    assert chosen == [True]


def test_a_failing_save_says_so(qtbot: QtBot, window: Workspace, tmp_path: Path) -> None:
    signed_visit(qtbot, window)
    window.documents.choose_save_path = lambda s: str(tmp_path / "no" / "x.pdf")  # type: ignore[method-assign]
    with qtbot.waitSignal(window.documents.document_ready, timeout=20000):
        window.documents.request("summary", "save")
    assert wait_for_background()
    qtbot.waitUntil(lambda: "Not saved" in window.view_page.status.text(), timeout=5000)
    assert "does not exist" in window.view_page.status.text()
