"""Where it hurt, printed small (issue 13 item 6): the summary and the SOAP note carry the body
chart's marks as a drawing and in words; the summary stays one page for a long visit; only the
embedded DejaVu fonts are used."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from artdesk.protocols import Library, Side
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.reports import render_record
from artdesk.reports.body_marks import BodyMarksChart, marks_block
from artdesk.reports.fonts import FontSet
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, VisitRecord
from tests.reports.conftest import VisitMaker
from tests.reports.test_layout_doors import _fonts

MARKS = (
    BodyMark("calf", MarkSide.LEFT, Feeling.PAIN),
    BodyMark("achilles", MarkSide.LEFT, Feeling.PAIN),
    BodyMark("plantar-foot", MarkSide.LEFT, Feeling.NUMBNESS),
    BodyMark("lateral-thigh", MarkSide.RIGHT, Feeling.STIFFNESS),
)
WORDS = (
    "pain, left calf",
    "pain, left Achilles tendon and heel cord",
    "numbness, left sole of the foot and heel",
    "stiffness, right outer thigh",
)


def _text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _record(make_visit: VisitMaker, database: Database, **kwargs: object) -> VisitRecord:
    visit = make_visit(**kwargs)
    return VisitFlow(database, FakeClock()).record(visit, checked=True)


@pytest.mark.parametrize(
    ("document", "heading"),
    [("summary", "Where you felt it"), ("note", "Where it hurts (body chart):")],
)
def test_the_papers_print_the_marks_as_a_drawing_and_in_words(
    document: str,
    heading: str,
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
) -> None:
    record = replace(_record(make_visit, database), body_marks=MARKS)
    rendered = render_record(document, record, (), library, settings)
    text = " ".join(_text(rendered.pdf))
    assert heading in text
    for words in WORDS:
        assert words in text
    assert text.index(WORDS[0]) < text.index(WORDS[-1])  # in the order marked
    fonts = _fonts(rendered.pdf)
    assert fonts and all(embedded for _, embedded in fonts)
    assert all(name.split("+")[-1].startswith("DejaVuSans") for name, _ in fonts), fonts
    plain = replace(record, body_marks=())
    again = " ".join(_text(render_record(document, plain, (), library, settings).pdf))
    assert heading not in again and "left calf" not in again  # no marks: no section


def test_the_drawing_shows_the_views_the_marks_need() -> None:
    chart = BodyMarksChart(MARKS, height=100)
    captions = [s.text for s in chart.contents[0].contents if hasattr(s, "text")]
    assert "Back" in captions and "Right side" in captions and "Front" not in captions
    assert chart.height == 100 and 40 < chart.width < 120  # two small panels
    front = BodyMarksChart([BodyMark("groin", MarkSide.RIGHT, Feeling.PAIN)], height=100)
    assert [s.text for s in front.contents[0].contents if hasattr(s, "text")][-1] == "Front"


def test_a_retired_region_still_prints_in_words_without_a_drawing() -> None:
    from reportlab.lib.styles import ParagraphStyle

    old = (BodyMark("kneecap", MarkSide.LEFT, Feeling.PAIN),)  # a region no longer drawn
    (only,) = marks_block(old, FontSet(), ParagraphStyle("x", fontName="DejaVuSans"), 400)
    assert "pain, left kneecap" in only.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(("exercises", "count"), [(3, 4), (6, 4), (8, 12)])
def test_a_long_visit_with_marks_keeps_the_summary_on_one_page(
    exercises: int,
    count: int,
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
) -> None:
    """Three protocols on both sides, the pain chart, more and more exercises, four marks then
    twelve: always one page with every warning sign; where it hurt said while there is room
    (beside the pain chart, in its short form), left to the SOAP note only for the longest
    visit (test_documents' own long visit, eight exercises, which just fits without marks)."""
    both = (("calf-achilles", Side.BOTH), ("shin", Side.BOTH), ("posterior-thigh", Side.BOTH))
    make_visit(protocols=both)
    flow = VisitFlow(database, FakeClock())
    record = _record(make_visit, database, protocols=both, days_later=3, exercises=exercises)
    many = MARKS + tuple(
        BodyMark(region, side, Feeling.NUMBNESS)
        for region in ("medial-shin", "anterior-shin", "ankle", "posterior-knee")
        for side in (MarkSide.LEFT, MarkSide.RIGHT)
    )
    record = replace(record, body_marks=many[:count])
    rendered = render_record("summary", record, flow.pain_history(record), library, settings)
    (page,) = _text(rendered.pdf)
    assert rendered.pages == 1 and "page 1 of 1" in page
    assert "tightness in the shin that rest does not ease" in page  # the signs never dropped
    assert f"Exercise {exercises} with a description" in page
    places = ("left calf", "left Achilles tendon and heel cord", "left sole of the foot and heel")
    if exercises < 8:
        assert "Where you felt it" in page and all(p in page for p in places)
    if exercises == 3:  # room enough: the drawing beside the pain chart
        assert "Your pain at each visit" in page
        assert "✕ pain: left calf, left Achilles tendon and heel cord; ● numbness: left" in page
    note = render_record("note", record, flow.pain_history(record), library, settings)
    assert "numbness, right back of the knee" in " ".join(_text(note.pdf)) or count == 4
