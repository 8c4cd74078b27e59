"""Issue 12 through the window: measures before and after on both sides, structures chosen
within a protocol, bad measures refused with the instrument's own words, a returning patient's
visit continuing the episode (the PSFS activities kept), and the wrap-up's assessment, plan and
measures kept across a crash."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from artdesk.measures import INSTRUMENTS
from artdesk.protocols import Library, Side
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.treatment import FakeClock
from tests.ui.conftest import focused, shown_workspace, wait_for_focus_in
from tests.ui.helpers import clinician_and_patient, finish_background
from tests.ui.keys import CTRL, finish_treatment, press, type_text
from ui.pages.measure_row import MeasureRow
from ui.workspace import Workspace

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    press(focused(), k, modifier)


def typed(text: str) -> None:
    type_text(focused(), text)


def pick(combo: QWidget, data: object) -> None:
    """Down (or Up) on the focused combo until it shows ``data``."""
    assert isinstance(combo, QComboBox) and focused() is combo
    for step in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        for _ in range(combo.count()):
            if combo.currentData() == data:
                return
            key(step)
    assert combo.currentData() == data, f"{data!r} is not in the list"


def add_measure(code: str, side: str | None, values: list[str], site: str = "") -> None:
    """Alt+M, the instrument by arrows, Tab to its side (``None``: as it defaults) and its
    site where it asks one, then Tab and type each value."""
    spec = INSTRUMENTS[code]
    key(Qt.Key.Key_M, ALT)
    pick(focused(), code)
    if spec.sided:
        key(Qt.Key.Key_Tab)
        if side is not None:
            pick(focused(), side)
    if spec.site:
        key(Qt.Key.Key_Tab)
        typed(site)
    for value in values:
        key(Qt.Key.Key_Tab)
        typed(value)


def to_setup(qtbot: QtBot, window: Workspace, patient: int) -> None:
    window.show_patient(patient)
    wait_for_focus_in(qtbot, window.patient_page)
    key(Qt.Key.Key_Return, CTRL)  # the set-up is read on a worker, then shown
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.setup_page, timeout=3000)


def choose_protocol(text: str, side_key: Qt.Key) -> None:
    key(Qt.Key.Key_F, ALT)
    key(Qt.Key.Key_A, CTRL)
    typed(text)
    key(Qt.Key.Key_Down)
    key(side_key)


def screen_and_start(qtbot: QtBot, window: Workspace) -> None:
    key(Qt.Key.Key_N, ALT)  # None of these apply (a mnemonic clicks after a moment)
    qtbot.waitUntil(window.setup_page.screening.none_apply.isChecked, timeout=2000)
    key(Qt.Key.Key_Return, CTRL)
    finish_background()  # a visit that may start is opened on a worker


def rows(window: Workspace, after: bool = False) -> list[MeasureRow]:
    return (window.wrapup_page if after else window.setup_page).measures.rows


def set_up(
    qtbot: QtBot,
    window: Workspace,
    complaint: str,
    pain: Qt.Key,
    protocol: str,
    side_key: Qt.Key,
    *measures: tuple[str, str | None, list[str]],
) -> int:
    """A new patient's set-up typed by keys: complaint, pain before, one protocol on a side,
    the measures before; the patient."""
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    typed(complaint)
    key(Qt.Key.Key_P, ALT)
    key(pain)
    choose_protocol(protocol, side_key)
    for code, side, values in measures:
        add_measure(code, side, values)
    return patient


def to_wrap_up(qtbot: QtBot, window: Workspace, clock: FakeClock | None = None, seconds: int = 0):  # type: ignore[no-untyped-def]
    """Start the treatment, finish it ``seconds`` later, and wait at the wrap-up's pain."""
    screen_and_start(qtbot, window)
    if clock is not None:
        clock.advance(seconds)
    finish_treatment(window.treatment_page)
    wrap = window.wrapup_page
    wait_for_focus_in(qtbot, wrap.pain)
    return wrap


def test_two_measures_before_and_after_on_both_sides_are_stored(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    typed("Both hamstrings tight, right worse")
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_5)
    choose_protocol("hamstr", Qt.Key.Key_B)  # both sides: a sided measure defaults to left…
    add_measure("PKE", None, ["32"])
    assert rows(window)[0].side_value == "left"
    add_measure("PKE", None, ["24"])  # … and the next one to the side not taken yet
    assert rows(window)[1].side_value == "right"
    add_measure("PPT", "left", ["3.1", "3,3", "3.5"], "biceps femoris, mid-belly")
    assert rows(window)[2].score.text() == "= 3.3 kg/cm² (mean of 3 trials)"  # live
    add_measure("PPT", "right", ["2.6", "2.9"], "biceps femoris, mid-belly")  # two trials
    assert rows(window)[3].score.text() == "= 2.75 kg/cm² (mean of 2 trials)"
    screen_and_start(qtbot, window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)
    finish_treatment(window.treatment_page)
    wrap = window.wrapup_page
    # after: the same measures, sides and sites, as rows to fill
    assert [(r.code, r.side_value, r.site.text()) for r in rows(window, after=True)] == [
        ("PKE", "left", ""),
        ("PKE", "right", ""),
        ("PPT", "left", "biceps femoris, mid-belly"),
        ("PPT", "right", "biceps femoris, mid-belly"),
    ]
    wait_for_focus_in(qtbot, wrap.pain)
    key(Qt.Key.Key_3)
    key(Qt.Key.Key_Tab)  # Add a measure
    key(Qt.Key.Key_Tab)  # the first row's instrument
    key(Qt.Key.Key_Return)  # Enter walks the values (never onto Remove, past a written site)
    for value in ("28", "20", "3.6", "3.8", "", "3.0", "3.2", "3.1"):
        typed(value)
        key(Qt.Key.Key_Return)
    key(Qt.Key.Key_S, CTRL | SHIFT)
    finish_background()
    assert window.stack.currentWidget() is window.view_page, wrap.measures.error.text()
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    stored = [
        (m.timing, m.instrument, str(m.side), m.site, m.value, m.entries)
        for m in record.measurements
        if m.instrument != "NPRS"
    ]
    site = "biceps femoris, mid-belly"
    assert stored == [
        ("before", "PKE", "left", "", 32, ()),
        ("before", "PKE", "right", "", 24, ()),
        ("before", "PPT", "left", site, 3.3, (3.1, 3.3, 3.5)),
        ("before", "PPT", "right", site, 2.75, (2.6, 2.9)),
        ("after", "PKE", "left", "", 28, ()),
        ("after", "PKE", "right", "", 20, ()),
        ("after", "PPT", "left", site, 3.7, (3.6, 3.8)),
        ("after", "PPT", "right", site, 3.1, (3.0, 3.2, 3.1)),
    ]
    assert (record.pain_before, record.pain_after) == (5, 3)
    assert record.visit_of == "visit 1"  # a new episode, no plan set yet


def test_choosing_structures_within_a_protocol_drops_tfl(qtbot: QtBot, window: Workspace) -> None:
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    page = window.setup_page
    typed("Lateral hip pain, right")
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_4)
    choose_protocol("lateral hip", Qt.Key.Key_R)
    assert page.chosen.plan_choices() == [
        ("lateral-hip", Side.RIGHT, ("gluteus-medius", "tfl-it-band", "gluteus-minimus"))
    ]
    key(Qt.Key.Key_N, ALT)  # the safety screen: none of these apply
    qtbot.waitUntil(page.screening.none_apply.isChecked, timeout=2000)
    key(Qt.Key.Key_V, ALT)  # Protocols for this &visit
    assert focused() is page.chosen
    key(Qt.Key.Key_Space)  # on the protocol: all of its structures off
    key(Qt.Key.Key_Return, CTRL)
    assert window.stack.currentWidget() is page
    assert "Tick at least one structure" in page.chosen_error.text()
    assert focused() is page.chosen
    key(Qt.Key.Key_Down)  # gluteus medius
    key(Qt.Key.Key_Space)  # ticked
    assert page.chosen.plan_choices() == [("lateral-hip", Side.RIGHT, ("gluteus-medius",))]
    assert "Tensor fasciae latae" not in page.plan_cautions.toPlainText()  # not today's
    assert "Gluteus medius" in page.plan_cautions.toPlainText()
    key(Qt.Key.Key_Return, CTRL)  # the visit is opened on a worker
    qtbot.waitUntil(lambda: window.runner is not None, timeout=3000)
    runner = window.runner
    assert runner is not None
    assert [(s.structure_key, s.side.value) for s in runner.state.plan] == [
        ("gluteus-medius", "right")
    ]
    assert window.flow.episodes.for_patient(patient)[0].protocols == (
        ("lateral-hip", "right", ("gluteus-medius",)),
    )


@pytest.mark.parametrize(
    ("code", "values", "site", "message", "live"),
    [
        ("PKE", ["900"], "", "Passive knee extension deficit must be 0–90 °", True),
        ("VAS", ["😀"], "", "Visual analogue scale for pain must be a number", True),
        ("VAS", ["-5"], "", "Visual analogue scale for pain must be 0–100 mm", True),
        ("PPT", ["3.1", "1e9"], "origin", "Pressure pain threshold must be 0–20 kg/cm²", True),
        ("PSFS", ["stairs", "11"], "", "Patient-specific functional scale must be 0–10", True),
        ("VAS", [""], "", "Visual analogue scale for pain: enter it (0–100 mm", False),
        ("PPT", ["3.0"], "", "Say where the pressure pain threshold was taken", False),
    ],
)
def test_a_bad_measure_says_the_instruments_words_and_stores_nothing(
    qtbot: QtBot,
    window: Workspace,
    code: str,
    values: list[str],
    site: str,
    message: str,
    live: bool,
) -> None:
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    typed("Knee pain")
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_5)
    choose_protocol("hamstr", Qt.Key.Key_L)
    add_measure(code, None, values, site)
    row = rows(window)[0]
    assert (message in row.error.text()) is live  # said as it is typed; empty: at the start
    screen_and_start(qtbot, window)
    assert window.stack.currentWidget() is window.setup_page  # not started
    assert message in row.error.text() and row.error.isVisibleTo(window)
    assert window.setup_page.measures.error.text() == "1 measure to correct: see the red lines."
    assert window.setup_page.measures.isAncestorOf(focused())  # the keys where to correct it
    assert window.flow.unfinished() == [] and window.flow.history(patient) == []
    assert values[-1] in [f.text() for f in row.values]  # what was typed is still there


def test_a_bad_measure_after_keeps_the_visit_unsigned(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    set_up(
        qtbot,
        window,
        "Hamstring strain",
        Qt.Key.Key_5,
        "hamstr",
        Qt.Key.Key_R,
        ("PKE", "right", ["30"]),
    )
    wrap = to_wrap_up(qtbot, window, clock, 20)
    key(Qt.Key.Key_2)
    after = rows(window, after=True)[0]
    for text, message in (
        ("91", "Passive knee extension deficit must be 0–90 °"),
        ("twelve", "Passive knee extension deficit must be a number"),
        ("", "Passive knee extension deficit: enter it"),
    ):
        after.values[0].setFocus()
        key(Qt.Key.Key_A, CTRL)
        if text:
            typed(text)
        else:
            key(Qt.Key.Key_Delete)
        key(Qt.Key.Key_S, CTRL | SHIFT)
        assert window.stack.currentWidget() is wrap
        assert message in after.error.text()
        assert focused() is after.values[0]
    visit = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert not visit.signed and [m.timing for m in visit.measurements] == ["before", "before"]
    key(Qt.Key.Key_Tab)  # the row's Remove follows its value: Tab there, then Space
    assert focused() is after.remove
    key(Qt.Key.Key_Space)
    assert rows(window, after=True) == []
    key(Qt.Key.Key_S, CTRL | SHIFT)  # no measure after is allowed: only pain
    finish_background()
    assert window.stack.currentWidget() is window.view_page


def test_a_returning_patient_continues_the_episode_with_its_psfs_activities(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    page = window.setup_page
    assert page.course.combo.currentText() == "New episode of care"
    typed("Right hamstring strain, sprinting")
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_6)
    choose_protocol("hamstr", Qt.Key.Key_R)
    add_measure("PSFS", None, ["running", "8", "stairs", "3"])  # named at the first visit
    assert rows(window)[0].score.text() == "= 5.5 (mean of 2 activities)"
    screen_and_start(qtbot, window)
    finish_treatment(window.treatment_page)
    wait_for_focus_in(qtbot, window.wrapup_page.pain)
    key(Qt.Key.Key_4)
    psfs = rows(window, after=True)[0]
    assert [f.text() for f in psfs.labels[:2]] == ["running", "stairs"]
    assert psfs.labels[0].isReadOnly()  # the episode keeps them: rated again, not renamed
    psfs.values[0].setText("7")
    psfs.values[1].setText("4")
    key(Qt.Key.Key_S, CTRL | SHIFT)
    finish_background()
    assert window.stack.currentWidget() is window.view_page
    episode = window.flow.episodes.for_patient(patient)[0]
    assert episode.psfs_activities == ("running", "stairs")

    clock.advance(3 * 86400)
    window.show_patient(patient)
    to_setup(qtbot, window, patient)
    assert page.course.combo.currentText() == (
        "Continue: Right hamstring strain, sprinting — visit 2"
    )
    assert page.complaint.text() == "Right hamstring strain, sprinting"
    assert page.chosen.plan_choices() == [("posterior-thigh", Side.RIGHT, ("hamstrings",))]
    (before,) = rows(window)  # the measures this episode takes, with its activities
    assert before.code == "PSFS" and [f.text() for f in before.labels] == ["running", "stairs"]
    before.values[0].setText("6")
    before.values[1].setText("5")
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_5)
    screen_and_start(qtbot, window)
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert record.episode is not None and record.episode.id == episode.id
    (taken,) = [m for m in record.measurements if m.instrument == "PSFS"]
    assert taken.labels == ("running", "stairs") and taken.entries == (6, 5)
    finish_treatment(window.treatment_page)
    panel = window.wrapup_page.baseline.text()
    assert "Patient-specific functional scale" in panel
    assert "5.5 at baseline (visit 1, before) → 5.5 today before treatment" in panel


def test_the_assessment_plan_and_measures_come_back_after_a_crash(
    qtbot: QtBot,
    window: Workspace,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> None:
    set_up(qtbot, window, "Calf tight", Qt.Key.Key_6, "calf", Qt.Key.Key_L, ("KTW", "left", ["7"]))
    wrap = to_wrap_up(qtbot, window, clock, 30)
    visit_id = window.visit_id
    assert visit_id is not None
    key(Qt.Key.Key_2)
    suggestion = wrap.assessment.text()
    assert "Pain 6 → 2/10 immediately after treatment" in suggestion
    assert wrap.assessment.note.isVisibleTo(wrap) and not wrap.assessment.edited
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Return)
    typed("9")  # knee-to-wall after, left
    key(Qt.Key.Key_A, ALT)
    key(Qt.Key.Key_A, CTRL)
    typed("Calf less tight; lunge better — Łódź")
    key(Qt.Key.Key_L, ALT)
    key(Qt.Key.Key_End, CTRL)
    typed(" Add eccentric heel drops.")
    typed_draft = wrap.draft()
    assert typed_draft["assessment"] == {
        "text": "Calf less tight; lunge better — Łódź",
        "edited": True,
    }
    assert typed_draft["plan"]["text"].endswith(" Add eccentric heel drops.")  # type: ignore[index]
    assert typed_draft["measures"] == [
        {"instrument": "KTW", "side": "left", "site": "", "values": ["9"], "labels": []}
    ]
    qtbot.waitUntil(lambda: window.flow.visits.draft(visit_id) == typed_draft, timeout=3000)

    # the program dies here; a new window opens the same file and resumes the visit
    after = shown_workspace(qtbot, database, clock, library, screen, settings)
    after.open_visit(visit_id)
    finish_background()
    page = after.wrapup_page
    assert after.stack.currentWidget() is page
    assert page.draft() == typed_draft
    assert page.assessment.edited and not page.assessment.note.isVisibleTo(page)
    page.sign()
    finish_background()
    record = after.flow.record(visit_id)
    assert record.signed and record.assessment == "Calf less tight; lunge better — Łódź"
    assert record.plan_note.endswith("Add eccentric heel drops.")
    assert [(m.instrument, m.timing, m.value) for m in record.measurements][-1] == (
        "KTW",
        "after",
        9,
    )


def test_an_untouched_suggestion_follows_the_measures_and_is_signed_as_shown(
    qtbot: QtBot, window: Workspace
) -> None:
    set_up(qtbot, window, "Calf", Qt.Key.Key_7, "calf", Qt.Key.Key_R)
    wrap = to_wrap_up(qtbot, window)
    key(Qt.Key.Key_5)
    assert "Pain 7 → 5/10" in wrap.assessment.text()
    key(Qt.Key.Key_4)  # a change of mind: the untouched suggestion follows
    assert "Pain 7 → 4/10" in wrap.assessment.text()
    shown = wrap.assessment.text()
    key(Qt.Key.Key_S, CTRL | SHIFT)
    finish_background()
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert record.signed and record.assessment == shown.strip()


def test_the_wrap_up_is_walked_by_tab_in_the_order_it_reads(
    qtbot: QtBot, window: Workspace
) -> None:
    set_up(qtbot, window, "Calf", Qt.Key.Key_4, "calf", Qt.Key.Key_R, ("KTW", None, ["8"]))
    wrap = to_wrap_up(qtbot, window)
    (row,) = wrap.measures.rows
    walked = []
    for _ in range(10):
        key(Qt.Key.Key_Tab)
        walked.append(focused())
    assert walked == [
        wrap.measures.add_button,
        row.instrument,
        row.side,
        row.values[0],
        row.remove,
        wrap.assessment.box,
        wrap.plan.box,
        wrap.next_visit,
        wrap.home_care,
        wrap.add_row,
    ]


def test_labelled_scales_are_picked_by_their_anchors_and_a_clinic_course_is_offered(
    qtbot: QtBot, window: Workspace
) -> None:
    from artdesk.course import CarePlan, CourseMeasure
    from artdesk.course.templates import CourseTemplate
    from artdesk.store.course_templates import CourseTemplateRepository

    CourseTemplateRepository(window.database).save(
        CourseTemplate(
            id="clinic-calf",
            name="Our calf strain course",
            summary="Calf and Achilles, weekly for 4 weeks, verbal pain before and after",
            source="",
            plan=CarePlan(visits_per_week=1, weeks=4),
            protocols=(("calf-achilles", "left", ("gastrocnemius", "soleus")),),
            measures=(CourseMeasure("VRS"), CourseMeasure("GROC", before=False)),
        ),
        None,
    )
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    page = window.setup_page
    key(Qt.Key.Key_E, ALT)
    labels = [o.label for o in page.course.options()]
    assert labels[-1] == "New episode on a course: Our calf strain course"  # the clinic's own
    for _ in labels:
        if page.course.combo.currentText() == labels[-1]:
            break
        key(Qt.Key.Key_Down)
    assert page.chosen.plan_choices() == [
        ("calf-achilles", Side.LEFT, ("gastrocnemius", "soleus"))  # not the Achilles tendon
    ]
    (vrs,) = page.measures.rows  # the global rating of change is asked after, never before
    assert vrs.code == "VRS" and vrs.choice is not None
    key(Qt.Key.Key_C, ALT)
    typed("Left calf strain")
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_5)
    vrs.choice.setFocus()
    typed("2")  # the anchor's number picks it
    assert vrs.choice.currentText() == "2 — moderate pain"
    screen_and_start(qtbot, window)
    finish_treatment(window.treatment_page)
    wrap = window.wrapup_page
    assert [r.code for r in wrap.measures.rows] == ["VRS", "GROC"]
    vrs_after, groc = wrap.measures.rows
    assert vrs_after.choice is not None and groc.choice is not None
    assert groc.choice.itemText(1) == "-7 — a very great deal worse"
    assert groc.choice.itemText(groc.choice.count() - 1) == "+7 — a very great deal better"
    wait_for_focus_in(qtbot, wrap.pain)
    key(Qt.Key.Key_3)
    vrs_after.choice.setFocus()
    typed("1")
    groc.choice.setFocus()
    pick(groc.choice, 5.0)  # by the arrows: +5
    key(Qt.Key.Key_S, CTRL | SHIFT)
    finish_background()
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert record.signed and record.episode is not None
    assert record.episode.course == "clinic-calf" and record.visit_of == "visit 1 of 4"
    assert [(m.instrument, m.timing, m.value) for m in record.measurements] == [
        ("NPRS", "before", 5),
        ("VRS", "before", 2),
        ("NPRS", "after", 3),
        ("VRS", "after", 1),
        ("GROC", "after", 5),
    ]


def test_a_course_scoring_pain_on_the_vas_needs_no_second_pain_score(
    qtbot: QtBot, window: Workspace
) -> None:
    """The Tak et al. course scores pain on the 100 mm VAS: the 0–10 score is then optional,
    and without either the set-up says which to record."""
    patient = clinician_and_patient(window)
    to_setup(qtbot, window, patient)
    typed("chronic low back pain")
    choose_protocol("lateral", Qt.Key.Key_R)
    page = window.setup_page
    screen_and_start(qtbot, window)  # no pain score of any kind: refused, said
    assert window.stack.currentWidget() is page
    assert "VAS" in page.pain_error.text()
    add_measure("VAS", None, ["62"])
    screen_and_start(qtbot, window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert [(m.instrument, m.value) for m in record.measurements] == [("VAS", 62)]
