"""Issue 12 acceptance: the Tak et al. course run through the window's keys — six visits on a
fake clock, Mondays and Thursdays for three weeks: the course chosen at the first set-up (the
lateral-hip protocol as gluteus medius alone, on the right), pain VAS and the pressure pain
threshold (three trials) before and after each treatment, each visit signed with the PIN; then
the progress over the course and the progress report."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from artdesk.measures import Verdict
from artdesk.protocols import Library, Side
from artdesk.reports import ProgressReport
from artdesk.reports.common import Clinic
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import ClinicianRepository, CredentialRepository, Database, PatientData
from artdesk.treatment import FakeClock
from tests.ui.conftest import focused, shown_workspace, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import finish_background
from tests.ui.keys import CTRL, press, type_text
from ui.pages.sign_dialog import SignDialog
from ui.workspace import Workspace

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PIN = "246810"
SITE = "gluteus medius trigger point"
COMPLAINT = "Chronic low back pain, right buttock"
# pain VAS (mm) and PPT trials (kg/cm²), before and after, visit by visit
VAS = [("62", "50"), ("55", "45"), ("48", "40"), ("42", "35"), ("36", "30"), ("30", "24")]
PPT = [
    (("2.8", "3.0", "3.2"), ("3.2", "3.4", "3.3")),
    (("3.1", "3.2", "3.0"), ("3.5", "3.4", "3.6")),
    (("3.4", "3.3", "3.5"), ("3.8", "3.9", "3.7")),
    (("3.6", "3.8", "3.7"), ("4.0", "4.1", "4.2")),
    (("3.9", "4.0", "4.1"), ("4.3", "4.4", "4.2")),
    (("4.2", "4.3", "4.1"), ("4,6", "4.5", "4.7")),  # a decimal comma, as typed in Europe
]
DAYS = [3, 4, 3, 4, 3]  # Monday → Thursday → Monday …


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    press(focused(), k, modifier)


def typed(text: str) -> None:
    type_text(focused(), text)


def sign_in(qtbot: QtBot, desk: Workspace) -> None:
    wait_for_focus_in(qtbot, desk.session.lock_page)
    typed(PIN)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not desk.session.locked)


def enter_measures(vas: str, trials: tuple[str, str, str], chart: bool = False) -> None:
    """From the pain picker: Tab to the measures (past the body chart at set-up: ``chart``),
    Enter to the first value, then each value and Enter (the PPT's site is written already:
    Enter passes over it)."""
    if chart:
        key(Qt.Key.Key_Tab)  # the body chart (where it hurts)
    key(Qt.Key.Key_Tab)  # Add a measure
    key(Qt.Key.Key_Tab)  # the first row's instrument
    key(Qt.Key.Key_Return)  # its value
    typed(vas)
    key(Qt.Key.Key_Return)  # the PPT's first trial
    for n, trial in enumerate(trials):
        typed(trial)
        if n < 2:
            key(Qt.Key.Key_Return)


def one_visit(qtbot: QtBot, desk: Workspace, clock: FakeClock, n: int) -> None:
    page = desk.setup_page
    wait_for_focus_in(qtbot, desk.patient_page)
    key(Qt.Key.Key_Return, CTRL)  # start a visit
    finish_background()  # the set-up is read on a worker, then shown
    assert desk.stack.currentWidget() is page
    if n == 0:  # the first visit: a new episode on the Tak et al. course, on the right
        key(Qt.Key.Key_E, ALT)  # Course of car&e
        assert focused() is page.course.combo
        for _ in range(page.course.combo.count()):
            if "Tak et al." in page.course.combo.currentText():
                break
            key(Qt.Key.Key_Down)
        assert page.course.option().new  # type: ignore[union-attr]
        key(Qt.Key.Key_Tab)  # the treated side
        assert focused() is page.course.side
        key(Qt.Key.Key_Down)
        assert page.course.side.currentText() == "right"
        key(Qt.Key.Key_C, ALT)
        typed(COMPLAINT)
    else:  # the course goes on: continued, visit n of 6, last time's complaint and protocols
        option = page.course.option()
        assert option is not None and option.episode_id is not None
        assert page.course.combo.currentText().startswith("Continue: ")
        assert page.course.combo.currentText().endswith(f"visit {n + 1} of 6")
        assert page.complaint.text() == COMPLAINT
    # the course's protocol: lateral hip on the right, gluteus medius ticked, TFL not
    assert page.chosen.plan_choices() == [("lateral-hip", Side.RIGHT, ("gluteus-medius",))]
    assert [(r.code, r.side_value, r.site.text()) for r in page.measures.rows] == [
        ("VAS", "none", ""),
        ("PPT", "right", SITE),
    ]
    key(Qt.Key.Key_P, ALT)
    key(Qt.Key.Key_6)
    enter_measures(VAS[n][0], PPT[n][0], chart=True)
    assert page.measures.rows[1].score.text().startswith("= ")  # the mean, shown live
    key(Qt.Key.Key_N, ALT)  # None of these apply (a mnemonic clicks after a moment)
    qtbot.waitUntil(page.screening.none_apply.isChecked, timeout=2000)
    key(Qt.Key.Key_Return, CTRL)
    finish_background()  # the visit is opened on a worker
    assert desk.stack.currentWidget() is desk.treatment_page, page.screening.error.text()

    treatment = desk.treatment_page
    wait_for_focus_in(qtbot, treatment)
    for _ in range(60):  # locate, then every pass of gluteus medius, 6 s a step
        if desk.stack.currentWidget() is not treatment:
            break
        clock.advance(6)
        key(Qt.Key.Key_Space)
        finish_background()  # after the last pass the wrap-up is read on a worker
    wrap = desk.wrapup_page
    assert desk.stack.currentWidget() is wrap
    assert wrap.title.text().endswith(f"visit {n + 1} of 6")
    # the measures after: the ones taken before, on the same side at the same site
    assert [(r.code, r.side_value, r.site.text()) for r in wrap.measures.rows] == [
        ("VAS", "none", ""),
        ("PPT", "right", SITE),
    ]
    wait_for_focus_in(qtbot, wrap.pain)
    key(Qt.Key.Key_3)
    enter_measures(VAS[n][1], PPT[n][1])
    baseline = wrap.baseline.text()
    assert "Visual analogue scale for pain" in baseline
    if n:  # today against baseline: from visit 1, judged over the course
        assert "62 mm at baseline (visit 1, before)" in baseline
    assert wrap.assessment.note.isVisibleTo(wrap)  # a suggestion, said so
    if n < 5:
        assert wrap.plan.text().startswith(
            f"Continue the course (2× a week for 3 weeks (6 visits)): visit {n + 1} of 6, "
            f"{5 - n} more planned."
        )
    else:
        assert "the planned course is complete — re-evaluate" in wrap.plan.text()
    key(Qt.Key.Key_A, ALT)
    key(Qt.Key.Key_End, CTRL)
    typed(f" Visit {n + 1}: tolerating well.")
    assert wrap.assessment.edited and not wrap.assessment.note.isVisibleTo(wrap)
    key(Qt.Key.Key_S, CTRL | SHIFT)  # sign: with the PIN
    dialog = wait_for_dialog(qtbot, desk, SignDialog)
    typed(PIN)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.stack.currentWidget() is desk.view_page, timeout=3000)
    assert not dialog.isVisible()
    wait_for_focus_in(qtbot, desk.view_page)  # the signed visit, read-only, has the keys
    key(Qt.Key.Key_Escape)  # back to the patient's page
    assert desk.stack.currentWidget() is desk.patient_page


def test_the_tak_course_through_the_windows_keys(
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> None:
    ana = ClinicianRepository(database).add("Dr Ana Ruiz", "DC")
    CredentialRepository(database).set_secret(ana, "pin", PIN)
    desk = shown_workspace(qtbot, database, clock, library, screen, settings)
    sign_in(qtbot, desk)
    patient = desk.patients.add(PatientData("Park Ji-woo", date(1986, 4, 9)))
    desk.show_patient(patient)
    for n in range(6):
        one_visit(qtbot, desk, clock, n)
        if n < 5:  # days pass: the window has locked itself; signing in again
            clock.advance(DAYS[n] * 86400)
            desk.session.check_idle()
            assert desk.session.locked
            sign_in(qtbot, desk)

    progress = desk.flow.progress(patient)
    assert progress.episode.course == "tak-2014-gluteus-medius"
    assert progress.attendance() == "6 of 6 planned visits"
    assert [(s.name, s.side, s.visits) for s in progress.structures] == [
        ("Gluteus medius", "right", 6)  # TFL never treated
    ]
    by_code = {s.instrument.code: s for s in progress.series}
    vas, ppt = by_code["VAS"], by_code["PPT"]
    assert vas.baseline is not None and vas.latest is not None
    # like with like: before treatment at visit 1 → before treatment at visit 6 (the 24 mm
    # after the last treatment is that visit's immediate effect, not the course's)
    assert (vas.baseline.value, vas.baseline.number, vas.latest.value, vas.latest.number) == (
        62,
        1,
        30,
        6,
    )
    # VAS: −32 mm (−52 %) passes the change that matters (15 mm or 30 %, Ostelo et al. 2008)
    assert vas.assessment is not None and vas.assessment.verdict is Verdict.IMPROVED
    assert ppt.side == "right" and ppt.site == SITE
    assert ppt.baseline is not None and ppt.latest is not None
    assert ppt.baseline.value == pytest.approx(3.0) and ppt.baseline.entries == (2.8, 3.0, 3.2)
    assert ppt.latest.value == pytest.approx(4.2) and ppt.latest.rule == "mean of 3 trials"
    # PPT has no published threshold at this site: the change is shown, never judged
    assert ppt.assessment is not None and ppt.assessment.verdict is Verdict.NOT_JUDGED
    assert ppt.assessment.better is True
    days = [(r.when.date() - vas.readings[0].when.date()).days for r in vas.readings[::2]]
    assert days == [0, 3, 7, 10, 14, 17]  # dated: Mondays and Thursdays
    third = desk.flow.record(progress.visits[2].visit_id, checked=True)
    assert third.visit_of == "visit 3 of 6" and third.signed and third.altered == ()
    assert third.assessment.endswith("Visit 3: tolerating well.")
    assert third.assessment.startswith("Treated today: Gluteus medius (right).")

    rendered = ProgressReport(Clinic("Riverside Sports Clinic")).render(progress)
    pages = [
        re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(rendered.pdf)).pages
    ]
    text = " ".join(pages)
    assert "Visits attended: 6 of 6 planned visits" in text
    assert "62 mm visit 1" in text and "30 mm visit 6" in text
    assert re.search(r"Improved by at least the change that matters: −32 mm \(−52 %\)", text)
    assert "Pressure pain threshold — right, gluteus medius trigger point" in text
    assert "3 kg/cm² visit 1" in text and "4.2 kg/cm² visit 6" in text
    assert "Not judged: +1.2 kg/cm² (+40 %), better" in text
