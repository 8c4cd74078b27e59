"""Issue 12 item 6: the SOAP note a payer reads — the clinic's header, the signer's credentials
and licence/NPI, the diagnosis and "visit n of N", the clinician's own Assessment and Plan as
written, scales on every number, instrument names (never codes), structures not treated said
so, timed minutes and units, and the change that matters judged over the course only."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from artdesk.course import CarePlan, EpisodeData, Goal, Term
from artdesk.measures import INSTRUMENTS
from artdesk.protocols import Library
from artdesk.reports import render_record, render_visit
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import Database, MeasurementData
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow
from tests.reports.conftest import VisitMaker
from tests.reports.courses import tak_progress

ACHILLES = EpisodeData(
    complaint="Right Achilles pain on hill running",
    diagnosis_code="M76.61",
    diagnosis_text="Achilles tendinitis, right leg",
    injury_date=date(2025, 12, 1),
    mechanism="hill repeats, new shoes",
    goals=(
        Goal("Pain at most 2/10 on a 5 km run", Term.SHORT, None, "NPRS", "none", 2.0),
        Goal("Back to hill sessions", Term.LONG, None),
    ),
    plan=CarePlan(visits_per_week=2, weeks=3),
    reeval_date=date(2026, 1, 30),
)
ASSESSMENT = "Mid-portion tendinopathy settling: <b>load</b> tolerance up & morning pain down."
PLAN = "Progress heel drops to 3×15 twice a day; review running load on visit 4."


def text_of(pdf: bytes) -> str:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    return re.sub(r"\s+", " ", " ".join(pages))


def note(database: Database, visit: int, library: Library, settings: Settings) -> str:
    screen, _ = load_screen()
    rendered = render_visit("note", VisitFlow(database, FakeClock()), visit, library, settings)
    assert rendered.missing == frozenset()
    del screen
    return text_of(rendered.pdf)


def test_the_note_carries_what_a_payer_asks_for(
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
    tmp_path: Path,
) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (31, 78, 121)).save(logo)
    settings.set("clinic_logo", str(logo))
    make_visit("Ana Núñez", episode=ACHILLES, pain=(7, 5))
    visit = make_visit(
        "Ana Núñez",
        days_later=3,
        pain=(5, 3),
        skip="too tender to touch today",
        assessment=ASSESSMENT,
        plan_note=PLAN,
        measures=(
            MeasurementData.scored("PPT", (3.0, 3.2, 3.4), "after", "right", "mid-calf"),
            MeasurementData.scored(
                "PSFS", (4, 6, 5), "before", labels=("hill running", "stairs", "hopping")
            ),
            MeasurementData("PKE", 12, "before", "right"),
        ),
    )
    text = note(database, visit, library, settings)
    head = text.split("S — Subjective")[0]
    assert "Riverside Sports Clinic & Rehab <Leeds>" in head
    assert "12 River St, Leeds LS1 4AB, +44 113 496 0000" in head
    assert "Diagnosis: M76.61 Achilles tendinitis, right leg" in head
    assert "Episode: Right Achilles pain on hill running, opened" in head
    assert "visit 2 of 6" in head
    assert "visit no." not in text  # visits are numbered in their episode, not by database id
    # the signer's name, credentials and identifiers as signed
    assert "Signed electronically by Dr Amelia Hart, DC (Licence CH 40219 · NPI 1234567893)" in (
        text
    )
    # the clinician's own Assessment and Plan, as written; no generated sentence beside them
    assessment = text.split("A — Assessment")[1].split("P — Plan")[0]
    assert ASSESSMENT in assessment
    assert "Generated from the record" not in assessment
    assert PLAN in text.split("P — Plan")[1]
    assert "Course of care: 2× a week for 3 weeks (6 visits); re-evaluation 30 Jan 2026" in text
    # scales with every number, names never codes
    assert "tension 2/3, texture 1/3, tenderness 6/10" in text
    assert "before treatment (numeric pain rating scale" in text and ": 5/10" in text
    assert (
        "Pressure pain threshold (0–20 kg/cm²; 20 = best, 0 = worst), right, at mid-calf, after "
        "treatment: 3.2 kg/cm² — trials 3, 3.2, 3.4 (mean of 3 trials)" in text
    )
    assert "hill running 4; stairs 6; hopping 5 (mean of 3 activities)" in text
    assert "Passive knee extension deficit (0–90" in text and "right, before treatment: 12°" in text
    for code in INSTRUMENTS:
        assert not re.search(rf"\b{re.escape(code)}\b", text), code
    # a structure skipped is not treated, with the reason; never "0/3 passes"
    assert (
        "Gastrocnemius — right (Calf and Achilles — gastrocnemius, soleus, Achilles tendon): "
        "not treated — too tender to touch today" in text
    )
    assert not re.search(r"\b0/\d+ passes", text)
    assert re.search(
        r"timed minutes? of manual therapy \(CPT 97140\): \d+ units? under the "
        r"8-minute rule",
        text,
    )
    # over the course (to this visit), judged against the change that matters; goals
    course = text.split("Progress over the course of care (to visit 2")[1].split("P — Plan")[0]
    assert "Numeric pain rating scale: 7/10 at baseline (visit 1) → 5/10 (visit 2)" in course
    assert "Improved by at least the change that matters" in course and "Farrar" in course
    # a goal is judged on the state the patient arrives in (5/10 before treatment: not met)
    assert "Goal open: Pain at most 2/10 on a 5 km run (short term; target Numeric pain" in course
    assert "latest before treatment 5/10" in course
    assert "Goal open: Back to hill sessions (long term)" in course


def test_an_older_visit_with_no_written_assessment_prints_the_generated_one_labelled(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit()
    text = note(database, visit, library, settings)
    assessment = text.split("A — Assessment")[1].split("P — Plan")[0]
    assert "Generated from the record (no assessment was written): Pain 6/10 → 3/10" in assessment


def test_within_one_visit_no_change_is_judged_without_the_course(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    """A big drop within one visit (8 → 2) is an immediate re-test, not a change that
    matters: that is judged only over the course, from the episode's progress."""
    visit = make_visit(pain=(8, 2))
    flow = VisitFlow(database, FakeClock())
    record = flow.record(visit)
    pdf = render_record("note", record, flow.pain_history(record), library, settings).pdf
    text = text_of(pdf)
    assert "8/10 → 2/10 immediately after treatment" in text
    for judged in ("change that matters", "clinically meaningful", "Improved", "MCID"):
        assert judged not in text, judged
    with_course = text_of(
        render_record("note", record, [], library, settings, progress=tak_progress()).pdf
    )
    assert "Improved by at least the change that matters: −38 mm (−61 %)" in with_course
    assert "MCID 15 mm or 30 %" in with_course


def test_the_note_of_a_visit_outside_an_episode_says_so(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    flow = VisitFlow(database, FakeClock())
    record = replace(flow.record(make_visit()), episode=None, visit_number=None)
    text = text_of(render_record("note", record, [], library, settings).pdf)
    assert "Episode: none recorded for this visit" in text
    assert "Diagnosis" not in text


def test_any_text_in_the_assessment_plan_and_diagnosis_prints_as_written(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    hostile = "<b>&amp; AT&T <img src='http://127.0.0.1:9/x.png'/> 🦵🏽 שלום ]]> "
    long = ("Ω " + hostile) * 170
    assert len(long) >= 10_000
    flow = VisitFlow(database, FakeClock())
    record = flow.record(make_visit("Ana Núñez", episode=ACHILLES))
    assert record.episode is not None
    record = replace(
        record,
        assessment=long,
        plan_note=hostile,
        episode=replace(record.episode, diagnosis_text=hostile, complaint=hostile),
        signer_ids=hostile,
    )
    rendered = render_record("note", record, [], library, settings, progress=tak_progress())
    assert rendered.missing <= {"🦵", "🏽"}  # no emoji font on this machine: reported

    def plain(value: str) -> str:  # Latin and markup: extracted the same in any order
        return re.sub(r"[^A-Za-z0-9<>&;:/.'=\[\]Ω]", "", value)

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages]
    body = plain(" ".join(re.sub(r"Ana Núñez · visit .*|page \d+ of \d+", "", p) for p in pages))
    assert len(pages) >= 3
    assert plain(f"Diagnosis: M76.61 {hostile}") in body
    assert plain(long) in body and plain(hostile) in body


def test_a_course_scoring_pain_on_the_vas_prints_no_empty_0_to_10_lines(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    from artdesk.visit import MeasurementRecord

    flow = VisitFlow(database, FakeClock())
    record = flow.record(make_visit("Ana Núñez"))
    vas_only = replace(
        record,
        measurements=(
            MeasurementRecord("VAS", "none", "before", 62.0, "mm"),  # type: ignore[arg-type]
            MeasurementRecord("VAS", "none", "after", 50.0, "mm"),  # type: ignore[arg-type]
        ),
    )
    for shown, numeric in ((vas_only, False), (record, True)):
        pdf = render_record("note", shown, [], library, settings).pdf
        pages = PdfReader(io.BytesIO(pdf)).pages
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))
        assert ("Pain before treatment (numeric" in text) is numeric
        assert ("re-test — pain after treatment" in text) is numeric
        if not numeric:  # the pain the course scores is there, on its own scale
            assert "Visual analogue scale for pain (0–100 mm; 0 = best, 100 = worst)" in text
