"""Issue 11 item 3: a missing, wrong or damaged logo or font file in Settings is one clear line
when the papers are made, never a silent gap or a reportlab message."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.test_documents_ui import pdf_printer, signed_visit
from ui.background import wait_for_background
from ui.documents.printing import PreviewDialog
from ui.workspace import Workspace


def _png(path: Path) -> bytes:
    """A real PNG logo of noise (so it does not compress to a few bytes)."""
    import random

    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    pick = random.Random(1).randrange
    for x in range(64):
        for y in range(64):
            image.setPixelColor(x, y, QColor(pick(256), pick(256), pick(256)))
    assert image.save(str(path), "PNG")
    return path.read_bytes()


def test_a_missing_logo_and_a_font_that_is_no_font_are_said_in_the_preview(
    qtbot: QtBot, window: Workspace, tmp_path: Path
) -> None:
    signed_visit(qtbot, window)
    (tmp_path / "font.ttf").write_text("not a font")
    window.settings.set("clinic_logo", str(tmp_path / "logo.png"))  # never copied there
    window.settings.set("extra_font", str(tmp_path / "font.ttf"))
    with qtbot.waitSignal(window.documents.document_ready, timeout=20000):
        window.documents.request("summary", "preview")
    qtbot.waitUntil(lambda: isinstance(window.dialog, PreviewDialog))
    warning = window.dialog.warning.text()  # type: ignore[union-attr]
    assert f"The clinic logo ({tmp_path / 'logo.png'}) is not there" in warning
    assert "printed without it" in warning
    assert f"The extra font ({tmp_path / 'font.ttf'}) is not a TrueType font file" in warning
    assert "Settings" in window.view_page.status.text()
    window.dialog.reject()  # type: ignore[union-attr]


def test_a_cut_off_logo_is_left_out_of_the_summary_and_said_in_one_line(
    qtbot: QtBot, window: Workspace, tmp_path: Path
) -> None:
    signed_visit(qtbot, window)
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(tmp_path / "whole.png")[:100])  # cut off: a PNG until it is read
    window.settings.set("clinic_logo", str(logo))
    out = tmp_path / "out.pdf"
    window.documents.choose_printer = lambda: pdf_printer(out)  # type: ignore[method-assign]
    window.documents.request("summary", "print")
    wait_for_background()
    qtbot.waitUntil(
        lambda: "cannot be read as an image" in window.view_page.status.text(), timeout=20000
    )
    line = window.view_page.status.text()
    assert f"The clinic logo ({logo}) cannot be read as an image" in line
    assert "printed without it" in line and "Settings → Clinic logo" in line
    assert "\n" not in line and "ImageReader" not in line and "identity=" not in line
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 0, timeout=20000)  # printed
