"""Issue 14 item 3, the visit set-up: what the set-up offers (the course of care, the last
visit's marks) is read on a worker, and the visit is opened on a worker when treatment starts,
so the window keeps painting while the store works. Meanwhile the set-up says "Starting the
treatment…" and holds its fields; a refused save keeps every word typed. The set-up page is
built ahead of the first visit, while the window is idle, and its body chart is drawn once per
state, not at every paint.

Each test holds the store call on an Event to look at the window mid-way; no test sleeps or
measures time (benchmarks/ui_stall.py measures the stall)."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from pytestqt.qtbot import QtBot

from artdesk.protocols import Side
from artdesk.protocols.marks import MarkSide
from tests.faults import SAYS, failing
from tests.ui.conftest import focused, wait_for_focus_in
from tests.ui.helpers import clinician_and_patient, finish_background
from tests.ui.keys import CTRL, press
from tests.ui.test_no_stall import held, ticking
from ui.pages import body_chart_view
from ui.pages.visit_setup_page import VisitSetupPage
from ui.setup_wiring import prepare_setup
from ui.workspace import Workspace


def ready(qtbot: QtBot, window: Workspace) -> tuple[int, VisitSetupPage]:
    """A patient's set-up filled in by keys and fields, ready for Ctrl+Enter."""
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    window.start_visit(patient)
    finish_background()
    page = window.setup_page
    page.complaint.setText("calf tight <b>&amp; Łódź")
    page.pain.set_value(5)
    page.filter.setText("calf")
    page.add_current(Side.LEFT)
    page.screening.none_apply.setChecked(True)
    wait_for_focus_in(qtbot, page)
    return patient, page


def test_the_set_up_is_read_on_a_worker_and_shown_when_read(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    wait_for_focus_in(qtbot, window.patient_page)
    with held(window, "returning") as read:
        press(focused(), Qt.Key.Key_Return, CTRL)  # Start visit
        assert read.started.wait(5)
        ticking(qtbot)  # the window goes on while the course of care is read
        assert window.stack.currentWidget() is window.patient_page
        press(focused(), Qt.Key.Key_Return, CTRL)  # pressed again meanwhile: read once
        read.go.set()
        finish_background()
    assert len(read.threads) == 1 and read.threads[0] is not threading.main_thread()
    page = window.setup_page
    assert window.stack.currentWidget() is page
    assert page.title.text().endswith("Γιώργος Παπαδόπουλος")
    assert page.course.combo.count() >= 1  # the courses offered: a new episode, the templates
    wait_for_focus_in(qtbot, page)
    assert focused() is page.complaint


def test_a_set_up_that_cannot_be_read_says_so_on_the_patients_page(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    with failing("locked", "SELECT", window.database.engine) as hits:
        window.start_visit(patient)
        finish_background()
    assert hits
    assert window.stack.currentWidget() is window.patient_page
    problem = window.patient_page.problem.text()
    assert "The visit could not be started" in problem and SAYS["locked"] in problem
    window.start_visit(patient)  # and it can be tried again once the store answers
    finish_background()
    assert window.stack.currentWidget() is window.setup_page


def test_a_set_up_read_after_the_clinician_left_is_not_shown(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    with held(window, "returning") as read:
        window.start_visit(patient)
        assert read.started.wait(5)
        window.show_patients()  # Esc back to the list while it was read
        read.go.set()
        finish_background()
    assert window.stack.currentWidget() is window.patients_page


def test_the_visit_is_opened_on_a_worker_with_the_set_up_held(
    qtbot: QtBot, window: Workspace
) -> None:
    _patient, page = ready(qtbot, window)
    with held(window, "open_treatment") as opening:
        press(focused(), Qt.Key.Key_Return, CTRL)  # Start treatment
        assert opening.started.wait(5)
        ticking(qtbot)
        assert window.stack.currentWidget() is page
        assert page.working_note.text() == "Starting the treatment…"
        assert not page.start_button.isEnabled() and not page.complaint.isEnabled()
        page.start()  # Ctrl+Enter again: once
        press(page, Qt.Key.Key_Escape)  # Esc does not leave a visit being opened
        assert window.stack.currentWidget() is page
        opening.go.set()
        finish_background()
    assert len(opening.threads) == 1 and opening.threads[0] is not threading.main_thread()
    assert window.stack.currentWidget() is window.treatment_page
    assert len(window.flow.unfinished()) == 1  # one visit, not two
    assert window.runner is not None and window.flow.unfinished()[0].id == window.visit_id
    assert page.start_button.isEnabled() and not page.working_note.isVisible()


def test_a_visit_that_cannot_be_saved_keeps_every_word(qtbot: QtBot, window: Workspace) -> None:
    _patient, page = ready(qtbot, window)
    page.complaint.setFocus()
    with failing("full", "INSERT INTO visits", window.database.engine) as hits:
        page.start()
        finish_background()
    assert hits
    assert window.stack.currentWidget() is page
    assert SAYS["full"] in page.screening.error.text()
    assert "Everything typed is still here" in page.screening.error.text()
    assert page.complaint.text() == "calf tight <b>&amp; Łódź" and page.pain.value() == 5
    assert page.chosen.count() == 1
    assert page.start_button.isEnabled() and page.complaint.isEnabled()
    assert focused() is page.complaint  # the keys back where they were
    assert window.flow.unfinished() == []
    page.start()  # tried again once the disk has room: it starts
    finish_background()
    assert window.stack.currentWidget() is window.treatment_page


def test_the_set_up_page_is_built_ahead_while_the_window_is_idle(
    qtbot: QtBot, window: Workspace
) -> None:
    assert "setup_page" not in window.__dict__  # start-up does not wait for it
    prepare_setup(window)
    qtbot.waitUntil(lambda: "setup_page" in window.__dict__, timeout=5000)
    page = window.setup_page
    assert window.stack.indexOf(page) >= 0 and window.stack.currentWidget() is not page
    prepare_setup(window)  # again: the same page, not a second one
    finish_background()
    qtbot.wait(10)
    assert window.setup_page is page
    assert (
        sum(isinstance(window.stack.widget(i), VisitSetupPage) for i in range(window.stack.count()))
        == 1
    )


def test_the_body_chart_is_drawn_once_per_state(
    qtbot: QtBot, window: Workspace, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    drawn: list[int] = []
    real = body_chart_view.paint_panel
    monkeypatch.setattr(
        body_chart_view, "paint_panel", lambda *a, **k: (drawn.append(1), real(*a, **k))[1]
    )
    _patient, page = ready(qtbot, window)
    view = page.body.view
    view.resize(600, 420)
    panels = len(view.panels())
    picture = QPixmap(view.size())
    view.render(picture)
    assert len(drawn) == panels  # each panel drawn once
    view.render(picture)
    view.render(picture)
    assert len(drawn) == panels  # painted again, nothing changed: the picture, not polygons
    view.toggle("calf", MarkSide.LEFT)
    view.render(picture)
    assert len(drawn) == 2 * panels  # a mark: drawn again, once
    image = picture.toImage()
    point = view.point_of("calf", MarkSide.LEFT)
    assert image.pixelColor(point) != image.pixelColor(2, view.height() - 2)  # the mark shows
