"""The PDFs read back with pypdf: every section, every script, markup as text, page numbers."""

from __future__ import annotations

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from artdesk.protocols import Library, Side
from artdesk.reports import render_visit
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow
from tests.reports.conftest import VisitMaker


def flow_of(database: Database) -> VisitFlow:
    return VisitFlow(database, FakeClock())


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def render(
    document: str, database: Database, visit: int, library: Library, settings: Settings
) -> list[str]:
    screen, _ = load_screen()
    rendered = render_visit(document, flow_of(database), visit, library, settings, screen)
    pages = pdf_text(rendered.pdf)
    assert rendered.pages == len(pages)
    assert rendered.missing == frozenset()
    return pages


def test_the_summary_has_every_section_in_plain_words_on_one_page(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    make_visit(pain=(7, 5))
    visit = make_visit(days_later=4)  # the second visit: the chart appears
    (page,) = render("summary", database, visit, library, settings)
    text = flat(page)
    assert "Riverside Sports Clinic & Rehab <Leeds>" in text
    assert "12 River St, Leeds LS1 4AB, +44 113 496 0000" in text
    assert "Zoë Ægir-Łukasiewicz <b>&amp;" in text
    assert "with Dr Amelia Hart" in text
    assert "What we worked on today" in text
    assert (
        "Your calf and Achilles tendon, right side: the large calf muscle (gastrocnemius), the "
        "deep calf muscle (soleus) and your Achilles tendon (the cord above the heel)" in text
    )
    assert "gastrocnemius, soleus, Achilles tendon" not in text  # no protocol jargon
    assert "before treatment 6 out of 10, after treatment 3 out of 10" in text
    assert "Your pain at each visit" in text and "before treatment" in text
    assert "Heel raises on a step, slow lowering — 3 sets of 15, once a day" in text
    assert "Wall calf stretch — hold 30 seconds, 3 times, twice a day" in text  # not "3 sets of 1"
    assert "Run every other day, flat routes, no hills for a week." in text
    assert "sore or tender for 24–48 hours" in text
    assert "up to 3 out of 10" in text and "settled by the next morning" in text
    emergency, _, call_us = text.partition("Call us on +44 113 496 0000 if you notice")
    assert call_us, "the 'call us' signs come with the clinic's phone"
    emergency = emergency.split("Go to the emergency department now, or call your local")[1]
    for sign in ("bladder or bowel", "one calf that becomes swollen, warm or red", "chest pain"):
        assert sign in emergency  # emergency care, not a call to the clinic
        assert sign not in call_us
    for sign in ("much worse", "new numbness", "a fever"):
        assert sign in call_us.split("Your next visit")[0]
    assert "Your next visit" in text and "call us on +44 113 496 0000" in text
    assert "page 1 of 1" in text and "DRAFT" not in text


def test_the_summary_never_says_call_us_without_a_number(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    settings.set("clinic_phone", "")
    settings.set("emergency_number", "112")
    text = flat(" ".join(render("summary", database, make_visit(), library, settings)))
    assert "call us" not in text.lower()
    assert "Contact Riverside Sports Clinic & Rehab <Leeds> if you notice" in text
    assert "Go to the emergency department now, or call 112, if you have" in text
    settings.set("clinic_name", "")
    text = flat(" ".join(render("summary", database, make_visit(), library, settings)))
    assert "call us" not in text.lower() and "contact the clinic that treated you" in text


def test_a_shin_visit_names_the_compartment_warning(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    shin = flat(
        " ".join(
            render(
                "summary", database, make_visit(protocols=(("shin", Side.LEFT),)), library, settings
            )
        )
    )
    assert "tightness in the shin that rest does not ease" in shin
    calf = flat(" ".join(render("summary", database, make_visit(), library, settings)))
    assert "tightness in the shin" not in calf
    neck = flat(
        " ".join(
            render(
                "summary", database, make_visit(protocols=(("neck", Side.LEFT),)), library, settings
            )
        )
    )
    emergency = neck.split("if you have")[1].split("if you notice")[0]
    assert "double vision, or trouble speaking or swallowing" in emergency
    assert "double vision" not in calf


@pytest.mark.parametrize(
    ("sets", "reps", "hold", "line"),
    [
        (3, 1, 30, "Stretch — hold 30 seconds, 3 times, daily"),
        (1, 1, 90, "Stretch — hold 90 seconds, daily"),
        (1, 1, 120, "Stretch — hold 2 minutes, daily"),
        (3, 15, 0, "Stretch — 3 sets of 15, daily"),
        (2, 10, 5, "Stretch — 2 sets of 10, hold 5 seconds each, daily"),
        (1, 10, 10, "Stretch — hold 10 seconds, 10 times, daily"),
        (1, 1, 0, "Stretch — once, daily"),
    ],
)
def test_exercise_doses_read_naturally(sets: int, reps: int, hold: int, line: str) -> None:
    from artdesk.reports.summary import exercise_line

    assert exercise_line("Stretch", sets, reps, hold, "daily") == line


def test_a_first_visit_has_no_chart(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit("Ana Núñez")
    (page,) = render("summary", database, visit, library, settings)
    assert "Your pain at each visit" not in page


@pytest.mark.parametrize(
    "name",
    ["Γιώργος Παπαδόπουλος", "Анна Иванова-Петрова", "Nguyễn Thị Thu Hằng", "Søren Ødegård-Çelik"],
)
def test_names_in_other_scripts_print_as_written(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings, name: str
) -> None:
    visit = make_visit(name, notes=(f"{name} said it eased",))
    for document in ("summary", "note"):
        text = flat(" ".join(render(document, database, visit, library, settings)))
        assert name in text, document
        assert f"{name} said it eased" in text or document == "summary"


def test_the_soap_note_has_s_o_a_p_screening_amendments_and_the_signature(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    first = make_visit(pain=(8, 6))
    visit = make_visit(
        days_later=4,
        notes=("Thickening at the mid-portion, AT&T <i>x</i>",),
        override="Cleared by GP today; X-ray negative",
    )
    flow = flow_of(database)
    clinician = flow.visits.get(visit)[0].clinician_id
    flow.amend(visit, clinician, "late entry", "Morning stiffness 20 min <b>&</b>.")
    text = flat(" ".join(render("note", database, visit, library, settings)))
    for heading in ("S — Subjective", "O — Objective", "A — Assessment", "P — Plan"):
        assert heading in text
    assert "Complaint: Right Achilles sore after hill repeats" in text
    assert (
        "Pain before treatment (numeric pain rating scale, 0 = no pain, 10 = worst pain "
        "imaginable): 6/10" in text
    )
    assert "Sport / running: marathon" in text
    assert "Response to last visit" in text and "pain 8/10 → 6/10 then; 6/10 today" in text
    assert "Safety screen: stop and refer — Suspected fracture" in text
    assert "Anticoagulants or a bleeding disorder" in text
    assert "Override of a stop answer, reason: Cleared by GP today; X-ray negative" in text
    assert "Gastrocnemius — right" in text and "4/4 passes" in text
    assert "Achilles tendon — right" in text and "3/3 passes" in text
    assert "pass contact lengthen total target" in text
    assert "Position: Prone, foot off the end of the table" in text
    assert "patient-active, level 4" in text
    assert (
        "Findings" in text
        and "tension 2/3, texture 1/3, tenderness 6/10; response: eased a little" in text
    )
    assert "Thickening at the mid-portion, AT&T <i>x</i>" in text
    assert (  # the name and the scale, never "KTW"
        "Knee-to-wall (-5–25 cm; 25 = best, -5 = worst), right, after treatment: 9.5 cm" in text
    )
    assert "KTW" not in text and "NPRS" not in text
    assert "8-minute rule" in text
    assert "Pain 6/10 → 3/10 immediately after treatment (an immediate re-test" in text
    assert "went 8/10 → 6/10 over 2 visits." in text  # reported, not judged, within a visit
    within, _, course = text.partition("Progress over the course of care (to visit 2")
    assert course and "change that matters" not in within  # judged over the course only
    assert "8/10 at baseline (visit 1) → 6/10 (visit 2): Improved by at least the change" in course
    assert "Heel raises on a step, slow lowering — 3 sets of 15, once a day" in text
    assert "Next visit:" in text and "Stop-and-refer answer overridden" in text
    signed = text.index("Signed electronically by Dr Amelia Hart")
    amendment = text.index("Amendment 1")
    assert signed < amendment  # the original note, signed, then the amendment under it
    assert "Reason: late entry. The note above is unchanged." in text
    assert "Morning stiffness 20 min <b>&</b>." in text
    assert "DRAFT" not in text
    assert first != visit


def test_an_unsigned_visit_prints_draft(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit(sign=False)
    note = flat(" ".join(render("note", database, visit, library, settings)))
    assert "DRAFT — not signed" in note
    summary = flat(" ".join(render("summary", database, visit, library, settings)))
    assert "DRAFT" in summary  # the watermark on every page


def test_a_ten_thousand_character_note_full_of_markup_prints_in_full_across_pages(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    unit = "<b>&amp; AT&T <font size=40>x</font> ]]> </para> "
    long_note = (unit * (10_000 // len(unit) + 1))[:10_000].strip()
    assert len(long_note) >= 9_990
    visit = make_visit(notes=(long_note,))
    pages = render("note", database, visit, library, settings)
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert f"page {n} of {len(pages)}" in page
    footer = re.compile(
        r"Zoë Ægir-Łukasiewicz <b>&amp; · visit [\d a-z]+, [\d-]+ [\d:]+ · record \d+|"
        r"page \d+ of \d+"
    )
    body = re.sub(r"\s+", "", footer.sub("", "".join(pages)))
    assert re.sub(r"\s+", "", long_note) in body  # every character, in order, as text


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def test_an_img_tag_in_a_note_is_text_and_nothing_is_fetched(
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
    tmp_path: Path,
) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        tag = f"<img src='http://127.0.0.1:{port}/x.png' width='40' height='40'/>"
        visit = make_visit(f"Zoë {tag}", notes=(f"see {tag} here",))
        settings.set("clinic_logo", f"http://127.0.0.1:{port}/logo.png")
        settings.set("clinic_name", f"Clinic {tag}")
        texts = [
            flat(" ".join(render(d, database, visit, library, settings)))
            for d in ("summary", "note")
        ]
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.requests == []
    assert f"see {tag} here" in texts[1]
    assert f"Zoë {tag}" in texts[0] and f"Clinic {tag}" in texts[0]


def test_the_shipped_fonts_are_embedded(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit("Γιώργος Παπαδόπουλος")
    screen, _ = load_screen()
    rendered = render_visit("summary", flow_of(database), visit, library, settings, screen)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if descriptor is not None:
                descriptor = descriptor.get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]  # embedded TrueType
                fonts.add(str(font["/BaseFont"]))
    assert any("DejaVuSans" in f for f in fonts)
    assert not any("Helvetica" in f for f in fonts)


def test_two_protocols_on_different_sides_are_named_per_side(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit(protocols=(("posterior-thigh", Side.BOTH), ("foot", Side.LEFT)))
    text = flat(render("summary", database, visit, library, settings)[0])
    assert "The back of your thigh, both sides: the hamstring muscles" in text
    assert "The sole of your foot, left side: the tissue under your foot" in text


def test_letter_paper_and_the_clinic_logo_come_from_settings(
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
    tmp_path: Path,
) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (31, 78, 121)).save(logo)
    settings.set("clinic_logo", str(logo))
    settings.set("paper", "Letter")
    visit = make_visit()
    screen, _ = load_screen()
    rendered = render_visit("summary", flow_of(database), visit, library, settings, screen)
    page = PdfReader(io.BytesIO(rendered.pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    images = [
        x
        for x in page["/Resources"].get("/XObject", {}).values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1
    settings.set("clinic_logo", str(tmp_path / "missing.png"))  # a missing logo is left out
    again = render_visit("summary", flow_of(database), visit, library, settings, screen)
    assert "/XObject" not in PdfReader(io.BytesIO(again.pdf)).pages[0]["/Resources"]


def test_a_long_visit_still_fits_the_summary_on_one_page(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    both = (("calf-achilles", Side.BOTH), ("shin", Side.BOTH), ("posterior-thigh", Side.BOTH))
    make_visit(protocols=both)
    visit = make_visit(protocols=both, days_later=3, exercises=9)  # a long plan and the chart
    (page,) = render("summary", database, visit, library, settings)
    text = flat(page)
    assert "Your shin and ankle, both sides:" in text and "page 1 of 1" in text
    assert "Any one of these: numbness between your legs or around your bottom" in text  # compact
    assert "; or severe, growing pain and tightness in the shin" in text  # "or", never "and"
    assert "tightness in the shin that rest does not ease" in text  # the signs are never dropped


JARGON = ("supine", "prone", "isometric", "eccentric", "concentric", "contralateral", "ipsilateral")


def test_no_shipped_home_exercise_reads_like_a_textbook(library: Library) -> None:
    """Every home exercise the library suggests goes on the patient's paper as written."""
    from artdesk.reports.summary import exercise_line

    for protocol in library.sorted():
        for structure in protocol.structures:
            for item in structure.home_care:
                line = exercise_line(
                    item.exercise, item.sets, item.reps, item.hold_seconds, item.frequency
                ).lower()
                assert not [w for w in JARGON if w in line], (protocol.id, line)
                assert not re.search(r"\bsets? of 1\b", line), line  # "3 sets of 1" is a hold


def test_the_summary_of_a_visit_scored_on_the_100_mm_line_says_so_and_never_an_empty_heading(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    from dataclasses import replace

    from artdesk.measures import MeasureSide, Timing
    from artdesk.reports import render_record
    from artdesk.visit import MeasurementRecord

    flow = flow_of(database)
    record = flow.record(make_visit())
    vas = tuple(
        MeasurementRecord("VAS", MeasureSide.NONE, timing, value, "mm")
        for timing, value in ((Timing.BEFORE, 62), (Timing.AFTER, 48))
    )
    text = flat(
        pdf_text(
            render_record("summary", replace(record, measurements=vas), [], library, settings).pdf
        )[0]
    )
    assert "Your pain Today: before treatment 62 out of 100, after treatment 48 out of 100." in text
    text = flat(
        pdf_text(
            render_record("summary", replace(record, measurements=()), [], library, settings).pdf
        )[0]
    )
    assert "Your pain" not in text  # nothing to say: no heading over nothing


def test_the_summary_of_a_visit_scored_on_the_verbal_rating_says_it_in_its_words(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    """The Ravichandran et al. course scores pain on the four-word verbal rating: the summary
    had no "Your pain" at all for its visits. It says the words the patient chose."""
    from dataclasses import replace

    from artdesk.measures import MeasureSide, Timing
    from artdesk.reports import render_record
    from artdesk.visit import MeasurementRecord

    record = flow_of(database).record(make_visit())
    vrs = tuple(
        MeasurementRecord("VRS", MeasureSide.NONE, timing, value, "")
        for timing, value in ((Timing.BEFORE, 2), (Timing.AFTER, 1))
    )
    text = flat(
        pdf_text(
            render_record("summary", replace(record, measurements=vrs), [], library, settings).pdf
        )[0]
    )
    assert "Your pain Today: before treatment moderate pain, after treatment mild pain." in text
