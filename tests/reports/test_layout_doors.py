"""Issue 11 item 4 on paper: every font embedded (no Helvetica reference), names with line
breaks printed on one line in both documents, a long footer kept below the body."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from artdesk.protocols import Library
from artdesk.reports import render_record
from artdesk.reports.common import MARGIN
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow
from tests.reports.conftest import VisitMaker

DOCUMENTS = ("summary", "note")


def _fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """Every font a page uses: (name, embedded)."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font["/BaseFont"]), embedded))
    return out


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_font_in_the_papers_is_embedded(
    document: str, make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit()
    flow = VisitFlow(database, FakeClock())
    record = flow.record(visit, checked=True)
    pdf = render_record(document, record, flow.pain_history(record), library, settings).pdf
    fonts = _fonts(pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)


def _texts_with_heights(pdf: bytes) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        if text.strip():
            found.append((text, tm[5] * cm[3] + cm[5]))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_names_and_clinic_details_with_line_breaks_print_on_one_line(
    document: str,
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    visit = make_visit()
    flow = VisitFlow(database, FakeClock())
    record = flow.record(visit, checked=True)
    # an older file, a hand-edited settings file or another program stored line breaks
    record = replace(record, clinician="Dr Amelia\nHart\r\nDC", signed_by="Dr Amelia\nHart")
    settings._values["clinic_name"] = "Riverside\nSports\u2028Clinic"
    settings._values["clinic_address"] = "\n".join(f"line {n}" for n in range(12))
    rendered = render_record(document, record, flow.pain_history(record), library, settings)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages).split()
    )
    assert "Riverside Sports Clinic" in text
    assert "Dr Amelia Hart" in text
    if document == "summary":
        assert rendered.pages == 1  # the patient's one page, whatever was pasted
    (tmp_path / f"{document}.pdf").write_bytes(rendered.pdf)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_long_footer_stays_below_the_body(
    document: str, make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit()
    flow = VisitFlow(database, FakeClock())
    record = flow.record(visit, checked=True)
    long = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF MMW SPORTS & REHABILITATION " * 5  # wide letters
    record = replace(record, patient_name=long[:300])
    settings.set("clinic_name", long[:300])
    rendered = render_record(document, record, flow.pain_history(record), library, settings)
    bottom_of_body = MARGIN + 4 * 2.834645669  # the frame's bottom edge (points)
    for text, y in _texts_with_heights(rendered.pdf):
        if y < bottom_of_body:  # the footer band: one line, below the body's frame
            assert y < 10 * 2.834645669 + 10, (text, y)
    footer_lines = {round(y) for t, y in _texts_with_heights(rendered.pdf) if y < bottom_of_body}
    assert len(footer_lines) <= 2  # the footer and "page X of Y" on one baseline each
