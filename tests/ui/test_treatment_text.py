"""The treatment screen's text, without a window: clocks, cues, counters, header and footer."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from artdesk.protocols import MovementMode, Side, Structure
from artdesk.treatment import Phase, PlannedStructure, Timers
from ui.treatment.treatment_text import (
    NO_PASS_TEXT,
    PHASE_TITLES,
    clock_text,
    counter_texts,
    cue_text,
    finish_question,
    footer_text,
    header_text,
    hints_text,
    not_saved_text,
    pass_caption_text,
    pass_timer_text,
    phase_title,
    rejected_text,
    step_text,
)

ROOT = Path(__file__).resolve().parents[2]

STRUCTURE = Structure(
    key="hamstrings",
    name="Hamstrings",
    plain_name="back of the thigh",
    start_position="prone, knee flexed to 90°",
    shortened_position="knee flexed, hip extended",
    contact="thumb on the restriction, pressure to the hip",
    lengthening="extend the knee slowly",
    mode=MovementMode.PASSIVE,
    passes=4,
    seconds_per_pass=8,
    sides=(Side.LEFT, Side.RIGHT),
)

PLAN = PlannedStructure(
    protocol_id="posterior-thigh",
    protocol_version=1,
    protocol_name="Posterior thigh — hamstrings and adductor magnus",
    structure_key="hamstrings",
    structure_name="Hamstrings",
    side=Side.RIGHT,
    target_passes=4,
    target_seconds=8,
)


def _timers(
    visit: float, treated: float, minutes: int, units: int, assessment: float = 0.0
) -> Timers:
    return Timers(
        visit_seconds=visit,
        treated_seconds=treated,
        assessment_seconds=assessment,
        phase_seconds=0.0,
        pass_seconds=None,
        treated_minutes=minutes,
        billing_units=units,
        pass_over_target=False,
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.99, "0:00"),  # whole seconds, never rounded up
        (59.9, "0:59"),
        (60, "1:00"),
        (83.25, "1:23"),
        (3599.9, "59:59"),
        (3600, "1:00:00"),
        (3600 + 61, "1:01:01"),
        (36_000 + 59 * 60 + 59, "10:59:59"),
        (-5, "0:00"),  # a negative difference shows as nothing elapsed
        (-0.1, "0:00"),
    ],
)
def test_clock_text(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


def test_clock_text_is_still_importable_from_the_treatment_page() -> None:
    from ui.treatment.treatment_page import clock_text as reexported

    assert reexported is clock_text


def test_every_phase_has_a_title_and_a_skipped_structure_says_so() -> None:
    assert set(PHASE_TITLES) == set(Phase)
    for phase in Phase:
        assert phase_title(phase, None) == PHASE_TITLES[phase]
    assert phase_title(Phase.COMPLETE, "Too tender today") == "Skipped"
    assert phase_title(Phase.COMPLETE, "") == "Structure done"  # an empty reason is no skip
    assert phase_title(Phase.LOCATE, "Too tender today") == "Locate the restriction"


def test_the_cue_for_each_phase_comes_from_the_protocol() -> None:
    assert cue_text(Phase.LOCATE, STRUCTURE, None) == (
        "Position: prone, knee flexed to 90°. Palpate for tension, texture and movement."
    )
    assert cue_text(Phase.CONTACT, STRUCTURE, None) == (
        "Shortened: knee flexed, hip extended.\n"
        "Contact: thumb on the restriction, pressure to the hip."
    )
    assert cue_text(Phase.LENGTHEN, STRUCTURE, None) == (
        "Hold the tension: extend the knee slowly (passive)."
    )
    assert cue_text(Phase.COMPLETE, STRUCTURE, None) == (
        "Passes done. F: findings · N: note · E: extra pass · next key: on to the next structure."
    )


@pytest.mark.parametrize("phase", list(Phase))
def test_a_skipped_structure_shows_its_reason_in_every_phase(phase: Phase) -> None:
    assert cue_text(phase, STRUCTURE, "Too tender today") == "Skipped: Too tender today"
    assert cue_text(phase, None, "Patient declined") == "Skipped: Patient declined"


@pytest.mark.parametrize("phase", list(Phase))
def test_a_protocol_gone_from_the_library_says_to_follow_the_notes(phase: Phase) -> None:
    assert cue_text(phase, None, None) == (
        "This protocol is no longer in the library: follow your notes."
    )


def test_counter_during_a_pass_and_between_passes() -> None:
    assert counter_texts(None, 0, 4) == ("Passes done", "0 / 4")
    assert counter_texts(1, 0, 4) == ("Pass", "1 / 4")
    assert counter_texts(2, 1, 5) == ("Pass", "2 / 5")
    assert counter_texts(None, 4, 4) == ("Passes done", "4 / 4")
    assert counter_texts(5, 4, 4) == ("Pass", "5 / 4")  # an extra pass beyond the target
    assert pass_caption_text(None, 8) == "This pass"
    assert pass_caption_text(2, 8) == "This pass (target 8 s)"


def test_pass_timer_shows_tenths_or_a_dash() -> None:
    assert pass_timer_text(None) == NO_PASS_TEXT == "–"
    assert pass_timer_text(0.0) == "0.0"
    assert pass_timer_text(8.06) == "8.1"
    assert pass_timer_text(123.44) == "123.4"


def test_header_and_step() -> None:
    assert header_text(PLAN) == "Hamstrings — right"
    assert step_text("Γιώργος Παπαδόπουλος", PLAN, 0, 3) == (
        "Γιώργος Παπαδόπουλος\nPosterior thigh · structure 1 of 3"
    )
    plain = replace(PLAN, side=Side.MIDLINE, protocol_name="Neck")
    assert header_text(plain) == "Hamstrings — midline"
    assert step_text("Zoë", plain, 2, 3) == "Zoë\nNeck · structure 3 of 3"


def test_footer_counts_units_in_the_singular_and_plural() -> None:
    assert footer_text(_timers(83.25, 0.0, 0, 0)) == (
        "Visit 1:23   ·   treated 0:00 (0 min)   ·   0 billing units"
    )
    assert footer_text(_timers(3661, 600, 10, 1)) == (
        "Visit 1:01:01   ·   treated 10:00 (10 min)   ·   1 billing unit"
    )
    assert footer_text(_timers(2400, 1500, 25, 2)).endswith("2 billing units")


def test_hints_name_the_advance_key() -> None:
    assert hints_text("Space") == (
        "Space: next · P: pause · Backspace: back · N: note · F: findings · S: skip · "
        "E: extra pass · C: cautions · W: finish the visit"
    )
    assert hints_text("F13").startswith("F13: next · ")


def test_finish_question_warns_about_untreated_structures() -> None:
    assert finish_question(0) == "Finish the treatment now and go to the wrap-up?"
    assert finish_question(2) == (
        "Finish the treatment now and go to the wrap-up?\n"
        "2 structure(s) after this one will not be treated."
    )


def test_status_line_sentences() -> None:
    assert rejected_text("paused: resume before 'next'") == "Paused: resume before 'next'."
    assert not_saved_text("database is locked") == (
        "NOT SAVED: database is locked. The visit did not move. Nothing was lost."
    )


def test_the_text_module_needs_no_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\nsys.modules['shiboken6'] = None\n"
        "import ui.treatment.treatment_text\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules if sys.modules[m])\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_footer_shows_assessment_time_apart_from_treated_time() -> None:
    text = footer_text(_timers(600, 420, 7, 0, assessment=150))
    assert "treated 7:00 (7 min)" in text and "assessment 2:30" in text
    assert "0 billing units" in text  # 7 treated minutes: under the 8-minute rule
    assert "assessment" not in footer_text(_timers(600, 420, 7, 0))


def test_messages_become_sentences_without_lowering_the_rest() -> None:
    from ui.sentence import sentence

    assert sentence("that PIN is not right") == "That PIN is not right"
    assert sentence("ACL graft, too tender") == "ACL graft, too tender"
    assert sentence("") == ""
