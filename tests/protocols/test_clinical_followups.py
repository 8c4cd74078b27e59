"""The last clinical review's follow-ups in the shipped content: the patellar tendon's loading
cites its evidence as it is (and what later work found), gluteus medius home care has an
isometric alternative for a sore outside of the hip that still fits the patient's one page, and
every protocol gives the demo clinic's episodes a real ICD-10-CM diagnosis from the shipped list.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from artdesk.course.diagnoses import shipped
from artdesk.demo import build_demo
from artdesk.demo_episodes import diagnosis_for
from artdesk.protocols import Library, Side
from artdesk.protocols.homecare import ruled_out_by, suggest_home_care
from artdesk.protocols.model import HomeCare
from artdesk.reports import render_record
from artdesk.reports.summary import exercise_line
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.store.models import Episode
from artdesk.treatment import FakeClock
from artdesk.visit import HomeCareRecord, VisitFlow
from tests.builders import shipped_screen
from tests.reports.conftest import VisitMaker, make_visit, settings  # noqa: F401  (fixtures)

# --- 1. the patellar tendon's evidence -------------------------------------------------------


def _cited(library: Library, start: str) -> str:
    found = [e for e in library.get("anterior-knee").evidence if e.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def test_the_isometric_wall_sit_cites_the_crossover_study_it_comes_from(library: Library) -> None:
    rio = _cited(library, "Rio E, Kidgell D, Purdam C, Gaida J, Moseley GL, Pearce AJ, Cook J.")
    assert "Isometric exercise induces analgesia and reduces inhibition" in rio
    assert "Br J Sports Med 2015;49(19):1277–1283" in rio
    assert "randomised crossover" in rio and "n = 6 volleyball players" in rio
    assert "single-leg decline squat" in rio and "45 minutes" in rio  # what was measured, when
    # the home wall sit is said to be an adaptation of the loading, not the studies' exercise
    (summary,) = library.get("anterior-knee").structure("patellar-tendon").evidence
    assert "not an exercise the studies tested" in summary


def test_later_work_that_did_not_find_isometrics_more_pain_relieving_is_cited_too(
    library: Library,
) -> None:
    holden = _cited(library, "Holden S, Lyng K, Graven-Nielsen T, Riel H, Olesen JL")
    assert "randomized crossover trial" in holden and "n = 21" in holden
    assert "no difference between the two" in holden
    # its journal was not confirmed: the citation says so and names none, nor volume or pages
    assert "not the journal, volume or pages" in holden
    assert "J Sci Med Sport" not in holden and not re.search(r"\d+;\d+", holden)
    van_ark = _cited(library, "van Ark M, Cook J")
    assert "J Sci Med Sport 2016;19(9):702–706" in van_ark and "n = 29" in van_ark
    assert "no significant difference" in van_ark
    (summary,) = library.get("anterior-knee").structure("patellar-tendon").evidence
    assert "did not consistently find them more pain-relieving" in summary
    for study in ("Rio et al. 2015", "van Ark et al. 2016", "Holden et al. 2020"):
        assert study in summary


def test_every_cited_study_says_its_design_and_size(library: Library) -> None:
    cited = library.get("anterior-knee").evidence
    assert len(cited) == 4  # Rio et al. 2015 and 2017, van Ark et al. 2016, Holden et al. 2020
    for line in cited:
        assert re.search(r"\bn = \d+", line), line
        assert re.search(r"random", line, re.IGNORECASE), line


# --- 2. gluteus medius: an isometric alternative ---------------------------------------------

_GLUTE = ("lateral-hip", "gluteus-medius")


def _isometric(library: Library) -> HomeCare:
    items = library.get("lateral-hip").structure("gluteus-medius").home_care
    found = [h for h in items if "belt" in h.exercise]
    assert len(found) == 1
    return found[0]


def test_gluteus_medius_offers_a_hold_against_a_belt_and_says_when_to_prefer_it(
    library: Library,
) -> None:
    item = _isometric(library)
    text = item.exercise
    assert text.startswith("Instead of side-lying hip abduction when the outside of your hip")
    assert "sore" in text and "stand" in text and "no more than mild pain" in text
    assert "lying" not in text.replace("side-lying hip abduction", "")  # no pressure on the hip
    assert (item.sets, item.reps, item.hold_seconds) == (5, 1, 30)  # holds, not lifts
    line = exercise_line(text, item.sets, item.reps, item.hold_seconds, item.frequency)
    assert line.endswith("no more than mild pain — hold 30 seconds, 5 times, once a day")
    # the clinician is told too, in the caution they read at set-up
    caution = library.get("lateral-hip").structure("gluteus-medius").precautions[0]
    assert caution.startswith("Trochanteric pain") and "standing belt press" in caution


def test_the_alternative_is_suggested_beside_the_lift_and_no_screen_answer_takes_it_away(
    library: Library,
) -> None:
    every_answer = {item.id for item in shipped_screen().items}
    suggested = [h.exercise for h in suggest_home_care(library, [_GLUTE], every_answer)]
    assert _isometric(library).exercise in suggested  # standing: fine in pregnancy, too
    assert ruled_out_by(_isometric(library), every_answer) == []


def test_a_whole_lateral_hip_visit_with_every_suggestion_prints_on_one_page(
    make_visit: VisitMaker,  # noqa: F811
    database: Database,
    library: Library,
    settings: Settings,  # noqa: F811
) -> None:
    """Both sides, the three lateral hip structures and the low back's two, and every exercise
    the library suggests for them (six, the new hold the longest): the summary stays one page
    with each exercise and every warning sign on it."""
    both = (("lateral-hip", Side.BOTH), ("low-back", Side.BOTH))
    make_visit(protocols=both)
    visit = make_visit(protocols=both, days_later=3)
    flow = VisitFlow(database, FakeClock())
    record = flow.record(visit, checked=True)
    treated = [(p, s.key) for p, _ in both for s in library.get(p).structures]
    care = tuple(
        HomeCareRecord(h.exercise, h.sets, h.reps, h.hold_seconds, h.frequency, "")
        for h in suggest_home_care(library, treated)
    )
    assert len(care) == 6
    record = replace(record, home_care=care)
    rendered = render_record("summary", record, flow.pain_history(record), library, settings)
    pages = [
        re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(rendered.pdf)).pages
    ]
    assert rendered.pages == 1 and "page 1 of 1" in pages[0]
    assert "press both knees out into the belt, no more than mild pain" in pages[0]
    for sign in ("a new change in bladder or bowel control", "chest pain", "a fever"):
        assert sign in pages[0]  # the warning signs are never dropped to make room


# --- 4. the demo clinic's diagnoses ------------------------------------------------------------


def _listed() -> dict[str, str]:
    return {d.code: d.title or d.text for d in shipped()}


def test_every_protocol_gives_the_demo_a_listed_diagnosis_with_its_official_title(
    library: Library,
) -> None:
    listed = _listed()
    for protocol in library.sorted():
        for side in ("right", "left", "both"):
            code, text = diagnosis_for(protocol.id, side)
            assert code in listed, (protocol.id, side, code)
            assert text == listed[code], (protocol.id, code)
            if re.search(r"\b(right|left)\b", text):  # a sided code: the side treated
                assert ("left" if side == "left" else "right") in text, (protocol.id, code)
            assert not re.search(r"unspecified (side|leg|lower|knee|hip)", text), code


def test_the_new_protocols_are_coded_as_their_condition(library: Library) -> None:
    assert diagnosis_for("anterior-knee", "right")[0] == "M76.51"  # patellar tendinitis
    assert diagnosis_for("anterior-knee", "left")[0] == "M76.52"
    assert diagnosis_for("lateral-knee", "left")[0] == "M76.32"  # iliotibial band syndrome
    assert diagnosis_for("medial-ankle", "right")[0] == "G57.51"  # tarsal tunnel syndrome
    for enthesopathy in ("posterior-knee", "groin", "proximal-hamstring"):
        assert diagnosis_for(enthesopathy, "left")[0] == "M76.892"
    assert diagnosis_for("upper-back", "midline")[0] == "M54.6"


def test_every_demo_episode_has_a_diagnosis_from_the_list(
    database: Database, library: Library
) -> None:
    build_demo(
        database,
        library,
        patients=80,
        visits_per_patient=(1, 1),
        today=date(2026, 6, 1),
        courses=False,
    )
    listed = _listed()
    with database.read() as session:
        episodes = session.query(Episode.diagnosis_code, Episode.diagnosis_text).all()
    assert len(episodes) == 80
    assert [e for e in episodes if e.diagnosis_code not in listed] == []
    assert all(listed[e.diagnosis_code] == e.diagnosis_text for e in episodes)
