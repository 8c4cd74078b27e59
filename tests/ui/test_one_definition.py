"""One definition each, read the same everywhere: the window's history and visit view, the
wrap-up, the patient's summary, the SOAP note and the CLI agree on which structures were
treated, only palpated or skipped, on pain before/after when a score was taken twice, and on
treated time and billing units."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library, Side
from artdesk.reports import render_visit
from artdesk.store import MeasurementData
from artdesk.treatment import FakeClock
from artdesk.visit import Outcome, WrapUp, definitions, outcome
from tests.builders import setup_for
from tests.cli.test_cli import run
from tests.ui.helpers import clinician_and_patient, finish_background
from ui.workspace import Workspace


def pdf(window: Workspace, document: str, visit: int, library: Library) -> str:
    rendered = render_visit(document, window.flow, visit, library, window.settings)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_treated_palpated_skipped_and_pain_taken_twice_agree_everywhere(
    qtbot: QtBot, window: Workspace, clock: FakeClock, library: Library, db_path
) -> None:  # type: ignore[no-untyped-def]
    patient = clinician_and_patient(window, "Ana Núñez")
    clinician = window.clinician_id()
    assert clinician is not None
    setup = setup_for(
        library,
        patient,
        [("posterior-thigh", Side.RIGHT), ("foot", Side.LEFT), ("sciatic-nerve", Side.LEFT)],
        pain_before=6,
    )
    treatment = window.flow.open_treatment(clinician, setup, "Ana Núñez")
    runner = treatment.runner
    while runner.state.index == 0:  # hamstrings: every pass
        clock.advance(7)
        runner.next()
    clock.advance(4)
    runner.skip("too tender today")  # plantar fascia: skipped before any pass
    clock.advance(25)  # sciatic nerve: located, then the visit ends before a glide
    window.flow.finish(treatment)
    hamstrings, plantar, sciatic = treatment.state.records
    assert [outcome(r) for r in treatment.state.records] == [
        Outcome.TREATED,
        Outcome.SKIPPED,
        Outcome.PALPATED,
    ]
    window.open_visit(treatment.visit_id)  # the window resumes it at the wrap-up
    finish_background()
    wrap_text = window.wrapup_page.summary.text()
    assert f"{hamstrings.plan.structure_name} (right): 4/4 passes" in wrap_text
    assert "skipped — too tender today" in wrap_text and "palpated only" in wrap_text
    window.flow.wrap_up(  # pain taken twice after (and again before): the last counts
        window.treatment,  # type: ignore[arg-type]
        clinician,
        WrapUp(
            (
                MeasurementData("NPRS", 5, "before"),
                MeasurementData("NPRS", 4, "after"),
                MeasurementData("NPRS", 3, "after"),
            ),
            (),
        ),
    )
    visit = treatment.visit_id
    record = window.flow.record(visit)
    assert (record.pain_before, record.pain_after) == (5, 3)
    units = definitions.billable_units(record.state)
    minutes = int(record.treated_seconds // 60)

    # the window: the patient's history and the signed visit
    window.show_patient(patient)
    history = window.patient_page.history
    assert history.data(history.index(0, 2)) == "5 → 3"
    assert history.data(history.index(0, 3)) == f"{minutes} min"
    window.show_visit(visit)
    finish_background()  # read on a worker
    view = re.sub(r"\s+", " ", window.view_page.body.toPlainText())
    assert "Pain 5 → 3" in view
    assert f"{units} billing unit(s)" in view
    assert "skipped — too tender today" in view and "palpated only" in view

    # the papers
    summary = pdf(window, "summary", visit, library)
    assert "before treatment 5 out of 10" in summary and "after treatment 3 out of 10" in summary
    thigh = library.get("posterior-thigh").structure("hamstrings").plain_name
    foot = library.get("foot").structures[0].plain_name
    nerve = library.get("sciatic-nerve").structures[0].plain_name
    assert thigh in summary  # treated: on the patient's paper
    assert foot not in summary and nerve not in summary  # skipped, palpated only: not "worked on"
    note = pdf(window, "note", visit, library)
    assert "5/10 (taken 2 times: 6, then 5; the last counts)" in note
    assert "pain after treatment: 3/10 (taken 2 times: 4, then 3; the last counts)" in note
    assert "not treated — too tender today" in note and "palpated only" in note
    # one visit: the change 5 → 3 is an immediate re-test, never judged as a course's change
    assert "change that matters: −2" not in note
    assert f"{units} units under the 8-minute rule" in note
    assert "Not treated today: " + plantar.plan.structure_name in note
    assert f"{hamstrings.passes_done}/{hamstrings.plan.target_passes} passes" in note
    assert sciatic.plan.structure_name in note

    # the command line
    code, out, _ = run("visits", "--db", str(db_path), "--patient", str(patient))
    (line,) = out.splitlines()
    cells = line.split("\t")
    assert code == 0 and cells[0] == str(visit)
    assert (cells[7], cells[8]) == ("5", "3")
    assert (cells[9], cells[10]) == (str(minutes), str(units))
