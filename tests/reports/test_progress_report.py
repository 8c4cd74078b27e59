"""Issue 12 item 4: the progress report of an episode of care, read back from the PDF — baseline
→ latest per measure with the change judged as the instrument's source defines (over the
course), visits attended against planned, one dated chart per measure, goals, treatment, plan,
the signature line; fonts embedded; a 40-visit episode; any text; and the command."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.shapes import Path as Shape
from reportlab.lib import colors

from artdesk.cli import main
from artdesk.course import EpisodeStatus, Goal, Term
from artdesk.protocols import Library
from artdesk.reports import PainChart, PainPoint, ProgressReport, Rendered, TrendChart
from artdesk.reports.chart_scales import thinned_days
from artdesk.reports.charts import BEFORE
from artdesk.reports.common import Clinic
from artdesk.store import AuditTrail, Database
from artdesk.treatment import FakeClock
from tests.reports.courses import START, episode, long_progress, series, tak_progress
from tests.reports.test_layout_doors import _fonts

CLINIC = Clinic("Riverside Sports Clinic & Rehab <Leeds>", "12 River St\nLeeds", "0113 496 0000")
TODAY = date(2025, 3, 24)


def render(progress: object, clinic: Clinic = CLINIC) -> Rendered:
    rendered = ProgressReport(clinic).render(progress, today=TODAY)  # type: ignore[arg-type]
    assert rendered.missing == frozenset()
    return rendered


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_the_tak_course_reads_baseline_to_end_judged_as_each_source_defines() -> None:
    rendered = render(tak_progress())
    pages = pages_of(rendered.pdf)
    text = " ".join(pages)
    assert rendered.pages == len(pages)
    assert "Riverside Sports Clinic & Rehab <Leeds>" in text and "0113 496 0000" in text
    assert "Progress report (re-evaluation)" in text
    assert "Min-jun Park, born 2 Jun 1979 · episode 7" in text
    assert "Diagnosis: M54.50 Low back pain, unspecified" in text
    assert "Complaint: Chronic low back pain, worse sitting" in text
    assert "Injury: 20 Nov 2024 — insidious; long hours of sitting at work" in text
    assert "Opened: 3 Mar 2025 by Dr Amelia Hart" in text and "Status: active" in text
    assert "Visits attended: 6 of 6 planned visits, 3 Mar 2025 to 20 Mar 2025" in text
    # each measure: its name and scale, baseline → latest with dates, change, verdict
    assert "Visual analogue scale for pain" in text and "VAS" not in text
    assert "Scale 0–100 mm; 0 = best, 100 = worst." in text
    assert "62 mm visit 1, 3 Mar 2025, before treatment" in text
    assert "24 mm visit 6, 20 Mar 2025, after treatment" in text
    assert "−38 mm (−61 %), better" in text
    # VAS has a published MCID (15 mm or 30 %, Ostelo 2008): the drop is judged and named
    assert re.search(
        r"Improved by at least the change that matters: −38 mm \(−61 %\), better, against "
        r"MCID 15 mm or 30 % \(Ostelo",
        text,
    )
    # PPT has none: the change is shown, never judged
    assert "Pressure pain threshold — left, gluteus medius trigger point" in text
    assert "3.1 kg/cm² visit 1, 3 Mar 2025, before treatment; mean of 3 trials" in text
    assert "4.7 kg/cm² visit 6, 20 Mar 2025, after treatment; mean of 3 trials" in text
    assert "Not judged: +1.6 kg/cm² (+52 %), better. No published threshold" in text
    assert "PPT" not in text
    # one chart per measure, each saying which way is better
    assert text.count("lower = better (0–100 mm)") == 1
    assert text.count("higher = better (0–20 kg/cm²)") == 1
    assert text.count("before treatment after treatment") == 2  # each chart's legend
    # goals, treatment, plan, signature
    assert "MET — Pain on the visual analogue scale at or below 30 mm" in text
    assert (
        "OPEN — Sit through a two-hour drive without stopping (long term; by 28 Apr 2025)" in text
    )
    assert "Timed manual therapy: 57 min over 6 visits; 6 units of 97140" in text
    assert "Gluteus medius left 6 24" in text
    assert "Plan: 2× a week for 3 weeks (6 visits) — 0 of 6 planned visits left" in text
    assert "Re-evaluation: 24 Mar 2025" in text and "Next visit: 27 Mar 2025" in text
    assert "Dr Amelia Hart, DC Clinician (name, credentials) Licence / NPI Signature Date" in text
    for n, page in enumerate(pages, start=1):
        assert f"page {n} of {len(pages)}" in page
        assert "Min-jun Park · progress report, episode 7 · 24 Mar 2025" in page


def test_fonts_are_embedded_and_helvetica_never_appears() -> None:
    for progress in (tak_progress(), long_progress()):
        fonts = _fonts(render(progress).pdf)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert not any("Helvetica" in name for name, _ in fonts)


def test_a_forty_visit_episode_stays_readable_across_pages() -> None:
    rendered = render(long_progress(40))
    pages = pages_of(rendered.pdf)
    text = " ".join(pages)
    assert "40 of 36 planned visits" in text
    # the visits table breaks between rows, its heading repeated on every page it spans
    table_pages = [p for p in pages if re.search(r"\b\d+ \d+ \w{3} 2025 Dr Amelia Hart", p)]
    assert len(table_pages) >= 2
    assert all("No. Date Clinician Treated Pain 0–10 Time Units" in p for p in table_pages)
    for n in range(1, 41):
        assert re.search(rf"\b{n} \d+ \w{{3}} 2025 Dr Amelia Hart", text), n
    # four measures (pain, knee extension right and left, PSFS): four charts, none crowded
    assert len(re.findall(r"(lower|higher) = better \(", text)) == 4
    assert "Passive knee extension deficit — right" in text
    assert "Passive knee extension deficit — left" in text
    assert "Activities (0–10): sprinting 2.8 → 8.8" in text
    assert "Dr Amelia Hart, DC Clinician (name, credentials)" in pages[-1]


HOSTILE = "<b>&amp; AT&T <img src='http://127.0.0.1:9/x.png'/> 🦵🏽 שלום עולם ]]>"


def test_any_text_in_the_episode_prints_as_written() -> None:
    long = ("Ω " + HOSTILE + " ") * 150
    assert len(long) >= 10_000
    goals = (
        Goal(HOSTILE, Term.SHORT, START + timedelta(days=20), "VAS", "none", 30.0),
        Goal(long, Term.LONG, None),
    )
    ep = episode(
        diagnosis_text=HOSTILE,
        complaint=long,
        mechanism=HOSTILE,
        goals=goals,
        status=EpisodeStatus.DISCHARGED,
        discharge_summary=long,
    )
    progress = tak_progress(goals=goals, ep=ep, name=f"Zoë {HOSTILE}")
    rendered = ProgressReport(CLINIC).render(progress, today=TODAY)
    assert rendered.missing <= {"🦵", "🏽"}  # no emoji font here: reported, never a crash
    text = " ".join(pages_of(rendered.pdf))
    assert "Progress report (discharge)" in text
    assert "שלום" in text or "םולש" in text  # right-to-left text printed (in either order)

    def plain(value: str) -> str:  # what extracts the same in any order: Latin and markup
        return re.sub(r"[^A-Za-z0-9<>&;:/.'=\[\]Ω]", "", value)

    footer = plain(f"Zoë {HOSTILE}"[:60] + " · progress report, episode 7 · 24 Mar 2025")
    squeezed = re.sub(r"page\d+of\d+", "", plain(text).replace(footer, ""))
    assert plain(f"Diagnosis: M54.50 {HOSTILE}") in squeezed  # markup printed as typed
    assert plain(long) in squeezed  # 10 000 characters, every one in order, across pages
    assert plain(f"Discharge summary: {long}") in squeezed
    assert plain(f"MET — {HOSTILE}") in squeezed or plain(f"OPEN — {HOSTILE}") in squeezed


def _markers(drawing: Drawing, color: colors.Color) -> list[float]:
    """The x of every data point of one colour, from the path the chart draws them with."""
    xs: list[float] = []
    for node in drawing.chart.contents:
        if not isinstance(node, Shape) or node.fillColor != color:
            continue
        shapes: list[list[float]] = []
        k = 0
        for op in node.operators:  # moveTo 0, lineTo 1, curveTo 2, closePath 3
            taken = {0: 2, 1: 2, 2: 6, 3: 0}[op]
            if op == 0:
                shapes.append([])
            shapes[-1] += node.points[k : k + taken : 2]
            k += taken
        xs += [(min(x) + max(x)) / 2 for x in shapes]
    return sorted(xs)


def test_the_time_axis_places_readings_by_date() -> None:
    """Visits a day apart sit close; one a fortnight later sits 14 times as far."""
    days = [START, START + timedelta(days=1), START + timedelta(days=15)]
    chart = TrendChart(series("VAS", days, before=(60, 50, 30), after=(40, 35, 20)))
    xs = _markers(chart, BEFORE)  # the points of the before-treatment line
    assert len(xs) == 3
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(14, rel=1e-6)
    assert [chart.x_of(d) for d in days] == pytest.approx(xs)
    pain = PainChart([PainPoint(d, 6 - n, 3) for n, d in enumerate(days)])  # the summary's
    xs = _markers(pain, BEFORE)
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(14, rel=1e-6)


def test_tick_labels_are_thinned_by_date_and_never_overlap() -> None:
    days = [START + timedelta(days=n * 2 + (n % 3)) for n in range(40)]
    chart = TrendChart(series("NPRS", days, before=[5.0] * 40))
    kept = thinned_days(days, chart.x_of, lambda _d: 40.0)
    assert kept[0] == days[0] and kept[-1] == days[-1]
    xs = [chart.x_of(d) for d in kept]
    assert all(b - a >= 40 for a, b in itertools.pairwise(xs))
    assert 4 <= len(kept) < 40


def test_the_band_and_goal_lines_follow_the_instrument() -> None:
    days = [START, START + timedelta(days=7)]
    goal = Goal("VAS at most 30", Term.SHORT, None, "VAS", "none", 30.0)
    vas = TrendChart(series("VAS", days, before=(60, 40), goals=(goal,)))
    assert vas.has_threshold
    svg = renderSVG.drawToString(vas)
    assert "goal 30" in svg and "baseline 60" in svg and "lower = better" in svg
    ppt = TrendChart(series("PPT", days, before=(3.0, 4.0), side="left"))
    assert not ppt.has_threshold
    svg = renderSVG.drawToString(ppt)
    assert "higher = better" in svg and "no published threshold" in svg
    assert "within the MCID of baseline" in renderSVG.drawToString(vas)


# --- the command --------------------------------------------------------------------------


def test_the_progress_command_writes_the_report_of_a_real_course(
    database: Database, library: Library, clock: FakeClock, db_path: Path, tmp_path: Path
) -> None:
    from tests.course.test_course_flow import run_tak_course

    _flow, pid, episode_id = run_tak_course(database, library, clock)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "progress.pdf"
    args = ["progress", "--db", str(db_path), "--patient", str(pid), "-o", str(target)]
    assert main(args, out, err) == 0, err.getvalue()
    assert out.getvalue().startswith(f"wrote {target} (")
    text = " ".join(pages_of(target.read_bytes()))
    assert "6 of 6 planned visits" in text
    # like with like: before treatment at visit 1 → before treatment at visit 6
    assert "62 mm visit 1" in text and "30 mm visit 6" in text
    assert "Improved by at least the change that matters: −32 mm (−52 %)" in text
    assert "Not judged: +1.2 kg/cm²" in text  # PPT 3.0 → 4.2: no published threshold
    assert "Gluteus medius right 6" in text
    # the visits' pain on the course's own scale (it had "—" for every visit: no NPRS taken)
    assert "62 → 50 VAS mm" in text and "30 → 24 VAS mm" in text
    entries = AuditTrail(database).entries(patient_id=pid)
    assert any(e.action == "export" and "progress report" in e.detail for e in entries)
    # the episode named, and errors said in one line
    assert main([*args[:-2], "--episode", str(episode_id), "-o", str(target)], out, err) == 0
    err = io.StringIO()
    assert main([*args[:4], "999", "-o", str(target)], out, err) == 1
    assert "no patient 999" in err.getvalue()
    err = io.StringIO()
    assert main([*args[:-2], "--episode", "999", "-o", str(target)], out, err) == 1
    assert "episode 999" in err.getvalue() and "Traceback" not in err.getvalue()


def test_the_progress_command_never_writes_over_what_is_not_a_pdf(
    database: Database, library: Library, clock: FakeClock, db_path: Path, tmp_path: Path
) -> None:
    from tests.course.test_course_flow import run_tak_course

    _flow, pid, _ = run_tak_course(database, library, clock)
    papers = tmp_path / "papers"
    papers.mkdir()
    notes = papers / "notes.txt"
    notes.write_text("my notes")
    err = io.StringIO()
    base = ["progress", "--db", str(db_path), "--patient", str(pid), "-o"]
    assert main([*base, str(notes)], io.StringIO(), err) == 1
    assert "exists and is not a PDF" in err.getvalue() and notes.read_text() == "my notes"
    err = io.StringIO()
    assert main([*base, str(papers / "nowhere" / "p.pdf")], io.StringIO(), err) == 1
    assert "does not exist" in err.getvalue()
    assert sorted(p.name for p in papers.iterdir()) == ["notes.txt"]  # nothing half-written


def test_a_patient_without_an_episode_is_told_so(
    make_visit: object, database: Database, db_path: Path, tmp_path: Path
) -> None:
    from artdesk.store import PatientData, PatientRepository

    pid = PatientRepository(database).add(PatientData("No Course", date(1990, 1, 1)))
    err = io.StringIO()
    args = ["progress", "--db", str(db_path), "--patient", str(pid), "-o", str(tmp_path / "p.pdf")]
    assert main(args, io.StringIO(), err) == 1
    assert "has no episode of care" in err.getvalue()


def test_the_report_of_a_discharged_episode_has_its_summary() -> None:
    ep = replace(
        episode(), status=EpisodeStatus.DISCHARGED, discharge_summary="Goals met; home program."
    )
    text = " ".join(pages_of(render(tak_progress(ep=ep)).pdf))
    assert "Progress report (discharge)" in text and "Status: discharged" in text
    assert "Discharge summary: Goals met; home program." in text
    assert "planned visits left" not in text


def test_the_signature_lines_carry_the_clinicians_credentials_licence_and_npi(
    database: Database, library: Library, clock: FakeClock, tmp_path: Path
) -> None:
    from artdesk.reports import render_progress
    from artdesk.settings import Settings
    from artdesk.store import ClinicianRepository
    from tests.course.test_course_flow import run_tak_course

    flow, pid, _ = run_tak_course(database, library, clock)
    ClinicianRepository(database).update_profile(
        1, full_name="Dr Kim", credentials="DPT", licence="PT 4411", npi="1234567893"
    )
    settings = Settings(tmp_path / "settings.json")
    text = " ".join(pages_of(render_progress(flow, pid, settings).pdf))
    signature = text.split("Plan going forward")[1]
    assert "Dr Kim, DPT" in signature and "Licence PT 4411 · NPI 1234567893" in signature


def test_a_re_evaluation_past_its_date_is_said_overdue() -> None:
    progress = tak_progress()  # re-evaluation due 24 Mar 2025
    report = ProgressReport(Clinic("Riverside Sports Clinic"))
    late = " ".join(pages_of(report.render(progress, today=date(2025, 3, 27)).pdf))
    assert "Re-evaluation: 24 Mar 2025 — overdue by 3 days: re-evaluate now" in late
    early = " ".join(pages_of(report.render(progress, today=date(2025, 3, 20)).pdf))
    assert "Re-evaluation: 24 Mar 2025 Next visit" in early
