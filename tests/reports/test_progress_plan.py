"""The progress report carries the clinician's plan: under "Plan going forward", the visits
planned and left and the Plan the clinician wrote at the last signed visit that has one — which
visit, when and who, in their words (any text, printed as typed), an amendment since pointed
to; a voided or unsigned visit's never; kept with the signature lines."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from artdesk.protocols import Library
from artdesk.reports import render_progress
from artdesk.settings import Settings
from artdesk.store import Database, MeasurementData
from artdesk.treatment import FakeClock, plan_visit
from artdesk.visit import TreatmentSetup, VisitFlow, WrapUp
from tests.builders import shipped_screen
from tests.course.test_course_flow import SITE, TAK, _treat, run_tak_course
from tests.store.test_postgres import pg  # noqa: F401  (the fixture: a fresh PG database)

ANY = "כאב בעקב — Боль 🏃 <b>&amp; AT&T <img src='http://127.0.0.1:9/x.png'/> "


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def another_visit(
    flow: VisitFlow, library: Library, clock: FakeClock, pid: int, **wrap: str
) -> int:
    """One more Tak et al. visit in the patient's episode, signed with ``wrap``'s words."""
    clinician = flow.clinicians.active()[0].id
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("lateral-hip"), "right", ["gluteus-medius"])])
    before = (MeasurementData("VAS", 28, "before"),)
    setup = TreatmentSetup(pid, TAK.complaint, decision, {}, None, plan, None, before)
    treatment = flow.open_treatment(clinician, setup)
    _treat(clock, treatment.runner)
    flow.finish(treatment)
    flow.wrap_up(treatment, clinician, WrapUp((), (), **wrap))
    clock.advance(3 * 86400)
    return treatment.visit_id


def plan_section(flow: VisitFlow, pid: int, tmp_path: Path) -> tuple[str, list[str]]:
    rendered = render_progress(flow, pid, Settings(tmp_path / "settings.json"))
    pages = pages_of(rendered.pdf)
    assert rendered.pages == len(pages)
    return " ".join(pages).split("Plan going forward")[1], pages


def test_the_report_says_the_plan_the_clinician_last_signed_with_the_visit_and_who(
    database: Database, library: Library, clock: FakeClock, tmp_path: Path
) -> None:
    flow, pid, _ = run_tak_course(database, library, clock)  # each visit's plan: "go on"
    last = another_visit(
        flow, library, clock, pid, plan_note="Discharge to the home programme if VAS < 30."
    )
    plan, _pages = plan_section(flow, pid, tmp_path)
    assert "Plan: 2× a week for 3 weeks (6 visits) — 0 of 6 planned visits left" in plan
    assert (
        "The clinician's plan (visit 7 (plan of 6 complete), 26 Jan 2026, Dr Kim): "
        "Discharge to the home programme if VAS < 30." in plan
    )
    assert plan.index("The clinician's plan") < plan.index("Re-evaluation:")
    assert "Clinician (name, credentials)" in plan  # the signature under it
    # amended since: said, and where to read the amendment
    flow.amend(last, flow.clinicians.active()[0].id, "late entry", "VAS target is 25 mm")
    plan, _ = plan_section(flow, pid, tmp_path)
    assert "(amended since it was signed: see that visit's note)" in plan
    # voided: its plan is no longer the clinician's plan; the one before it is
    flow.void(last, flow.clinicians.active()[0].id, "opened for the wrong patient")
    plan, _ = plan_section(flow, pid, tmp_path)
    assert "The clinician's plan (visit 6 of 6, 22 Jan 2026, Dr Kim): go on" in plan
    assert "Discharge to the home programme" not in plan


def test_a_visit_not_signed_gives_no_plan_and_none_written_is_said(
    database: Database, library: Library, clock: FakeClock, tmp_path: Path
) -> None:
    flow = VisitFlow(database, clock, shipped_screen())
    from artdesk.store import ClinicianRepository
    from tests.store.helpers import patient

    clinician = ClinicianRepository(database).add("Dr Kim", "DPT")
    pid = patient(database)
    episode = flow.episodes.open(pid, clinician, TAK)
    decision = shipped_screen().decide({}, "", none_apply=True)
    plan = plan_visit([(library.get("lateral-hip"), "right", ["gluteus-medius"])])
    before = (MeasurementData.scored("PPT", (3.0, 3.1), "before", "right", SITE),)
    setup = TreatmentSetup(pid, TAK.complaint, decision, {}, 4, plan, episode, before)
    flow.open_treatment(clinician, setup)  # under way, not signed
    text, _ = plan_section(flow, pid, tmp_path)
    assert "The clinician's plan: none written at a signed visit" in text


def test_any_plan_text_prints_as_written_and_stays_with_the_signature(
    database: Database, library: Library, clock: FakeClock, tmp_path: Path
) -> None:
    flow, pid, _ = run_tak_course(database, library, clock)
    long = (ANY * 150)[:10_000]
    assert len(long) == 10_000
    another_visit(flow, library, clock, pid, plan_note=long)
    plan, pages = plan_section(flow, pid, tmp_path)

    def plain(value: str) -> str:  # what extracts the same in any order: Latin and markup
        return re.sub(r"[^A-Za-z0-9<>&;:/.'=]", "", value)

    # each page's footer ("Ana Núñez · progress report, episode 1 · <day>", "page n of m") out
    footer = r"AnaNezprogressreportepisode\d+\d{1,2}[A-Z][a-z]{2}\d{4}|page\d+of\d+"
    squeezed = re.sub(footer, "", plain(plan))
    assert plain(long) in squeezed  # every character, in order, across pages
    assert "בעקב" in plan or "בקעב" in plan  # right-to-left printed (in either order)
    assert "Боль" in plan and "<b>&amp; AT&T <img" in plan  # markup printed, never applied
    # the signature lines follow the plan's last words, on the last page
    assert "Clinician (name, credentials)" in pages[-1]
    tail = pages[-1].split("Clinician (name, credentials)")[0]
    assert "Next visit:" in tail and "Re-evaluation:" in tail


@pytest.mark.skipif(
    not os.environ.get("ARTDESK_TEST_POSTGRES"), reason="ARTDESK_TEST_POSTGRES is not set"
)
def test_on_postgresql_the_report_reads_the_clinicians_plan(
    pg: Database,  # noqa: F811
    library: Library,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    flow, pid, _ = run_tak_course(pg, library, clock)
    last = another_visit(flow, library, clock, pid, plan_note="Home programme; review in 4 weeks")
    flow.amend(last, flow.clinicians.active()[0].id, "late entry", "review in 3 weeks")
    plan, _ = plan_section(flow, pid, tmp_path)
    assert "Home programme; review in 4 weeks" in plan and "amended since it was signed" in plan
