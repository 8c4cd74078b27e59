"""The body chart in the window (issue 13 item 6): marked by a real click at a region's centre
(from the chart's data) and by keys; the marked region's protocols offered first; the marks
kept with the visit, shown on the patient's page and printed."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library, Side, body_chart
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.protocols.regions import View
from artdesk.reports import render_record
from artdesk.store import PatientData, PatientRepository
from tests.ui.conftest import focused
from tests.ui.helpers import clinician_and_patient, finish_background
from tests.ui.keys import finish_treatment
from ui.pages.body_chart import BodyChartPanel
from ui.pages.body_chart_paint import place_row
from ui.pages.body_chart_view import CAPTION, GAP, BodyChartView
from ui.pages.setup_protocols import ordered
from ui.workspace import Workspace

LEFT = Qt.MouseButton.LeftButton
CALF = BodyMark("calf", MarkSide.LEFT, Feeling.PAIN)


def centre_of(view: BodyChartView, panel_id: str, region: str, side: MarkSide) -> QPoint:
    """Where a region's centre is on screen, worked out from the chart's data (not asked of
    the widget): the panels laid out as the view lays them out."""
    panels = view.panels()
    area = view.rect().adjusted(2, CAPTION, -2, -2)
    placed = {p.panel.id: p for p in place_row(panels, area.toRectF(), GAP)}
    shape = body_chart.shipped().panel(panel_id).shape(region, side)
    assert shape is not None
    return placed[panel_id].to_widget(shape.centre).toPoint()


def shown_chart(qtbot: QtBot) -> tuple[QWidget, QLineEdit, BodyChartPanel]:
    holder = QWidget()
    before = QLineEdit()
    chart = BodyChartPanel()
    layout = QVBoxLayout(holder)
    layout.addWidget(before)
    layout.addWidget(chart)
    qtbot.addWidget(holder)
    holder.resize(760, 480)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    return holder, before, chart


def test_a_click_marks_the_region_under_it_and_a_second_click_clears_it(qtbot: QtBot) -> None:
    _holder, _before, chart = shown_chart(qtbot)
    view = chart.view
    calf = centre_of(view, "back", "calf", MarkSide.LEFT)
    assert view.point_of("calf", MarkSide.LEFT) == calf
    QTest.mouseClick(view, LEFT, pos=calf)
    assert view.marks() == (CALF,)
    assert "pain, left calf" in chart.marked.text()
    chart.feeling_buttons[Feeling.NUMBNESS].click()
    QTest.mouseClick(view, LEFT, pos=calf)  # a second feeling at the same place
    assert view.marks() == (CALF, BodyMark("calf", MarkSide.LEFT, Feeling.NUMBNESS))
    QTest.mouseClick(view, LEFT, pos=calf)  # numbness again: cleared, the pain stays
    assert view.marks() == (CALF,)
    QTest.mouseClick(view, LEFT, pos=QPoint(3, view.height() - 3))  # off the body: nothing
    assert view.marks() == (CALF,)
    shin = centre_of(view, "front", "anterior-shin", MarkSide.RIGHT)  # viewer's left, front
    QTest.mouseClick(view, LEFT, pos=shin)
    assert view.marks()[-1] == BodyMark("anterior-shin", MarkSide.RIGHT, Feeling.NUMBNESS)
    chart.side_buttons[MarkSide.LEFT].click()  # the side view now shows the left side
    thigh = centre_of(view, "side-left", "lateral-thigh", MarkSide.LEFT)
    QTest.mouseClick(view, LEFT, pos=thigh)
    assert view.marks()[-1] == BodyMark("lateral-thigh", MarkSide.LEFT, Feeling.NUMBNESS)
    chart.clear_button.click()
    assert view.marks() == ()


def test_the_keys_move_choose_mark_and_clear_and_the_words_follow(qtbot: QtBot) -> None:
    _holder, before, chart = shown_chart(qtbot)
    view = chart.view
    before.setFocus()
    qtbot.waitUntil(lambda: focused() is before)
    QTest.keyClick(before, Qt.Key.Key_Tab)  # the chart takes the focus by Tab
    assert focused() is view
    assert view.highlighted is not None and view.highlighted.name == "right neck"
    QTest.keyClick(view, Qt.Key.Key_Right)  # across the front: the left neck
    assert view.highlighted.name == "left neck"
    QTest.keyClick(view, Qt.Key.Key_Right)  # into the back view, at the neck again
    assert view.highlighted.name == "left neck" and view.highlighted_panel.id == "back"  # type: ignore[union-attr]
    for _ in range(20):  # head to foot
        if view.highlighted.region == "calf":
            break
        QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.highlighted.name == "left calf"
    assert "Highlighted: left calf, back view (not marked)" in view.accessibleDescription()
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.marks() == (CALF,)
    assert chart.highlighted.text().startswith("Highlighted: left calf (pain)")
    QTest.keyClick(view, Qt.Key.Key_R)  # the patient's right: the same region
    assert view.highlighted.name == "right calf"
    QTest.keyClick(view, Qt.Key.Key_N)
    assert view.feeling is Feeling.NUMBNESS
    assert chart.feeling_buttons[Feeling.NUMBNESS].isChecked()
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Return)
    achilles = BodyMark("achilles", MarkSide.RIGHT, Feeling.NUMBNESS)
    assert view.marks() == (CALF, achilles)
    assert "Marked: pain, left calf; numbness, right Achilles" in view.accessibleDescription()
    QTest.keyClick(view, Qt.Key.Key_3)  # stiffness
    QTest.keyClick(view, Qt.Key.Key_Space)
    QTest.keyClick(view, Qt.Key.Key_Delete)  # clears every feeling at the highlight
    assert view.marks() == (CALF,)
    QTest.keyClick(view, Qt.Key.Key_Right)  # into the side view (it shows the right side)
    assert view.highlighted_panel.id == "side-right"  # type: ignore[union-attr]
    assert view.highlighted.name == "right Achilles tendon and heel cord"
    QTest.keyClick(view, Qt.Key.Key_L)  # L on a side view: it shows the left side
    assert view.side_shown is MarkSide.LEFT and chart.side_buttons[MarkSide.LEFT].isChecked()
    assert view.highlighted.name == "left Achilles tendon and heel cord"
    QTest.keyClick(view, Qt.Key.Key_Backspace)  # nothing there: nothing changes
    assert view.marks() == (CALF,)


def test_the_marked_regions_protocols_come_first(library: Library) -> None:
    heel = BodyMark("plantar-foot", MarkSide.LEFT, Feeling.NUMBNESS)
    found = ordered(library, "", [CALF, heel])
    both = {p.id for p in library.for_region("calf")} | {
        p.id for p in library.for_region("plantar-foot")
    }
    assert {p.id for p, places in found[: len(both)]} == both
    assert all(places for _, places in found[: len(both)])
    assert not any(places for _, places in found[len(both) :])
    assert len(found) == len(library.protocols)
    twice = [p for p, places in found if len(places) == 2]  # treating both places: first
    assert [p for p, _ in found[: len(twice)]] == twice
    assert [p.id for p, _ in ordered(library, "hamstr", [CALF])] == [
        p.id for p in library.search("hamstr")
    ]  # the search still decides what is listed


def _to_setup(window: Workspace) -> int:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    window.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    page = window.setup_page
    page.complaint.setText("Left calf tight after hill repeats")
    page.pain.set_value(5)
    page.screening.none_apply.setChecked(True)
    return patient


def _matching_block(window: Workspace, library: Library, region: str) -> list[str]:
    page = window.setup_page
    listed = [page.protocols.item(n).data(256) for n in range(page.protocols.count())]
    expected = [p.id for p in library.for_region(region)]
    assert expected, f"no shipped protocol names {region}"
    assert set(listed[: len(expected)]) == set(expected)
    for n in range(len(expected)):
        assert (
            page.protocols.matches_at(n) and "matches: left calf" in page.protocols.item(n).text()
        )
    assert not page.protocols.matches_at(len(expected))
    return listed


def test_a_click_on_the_calf_offers_its_protocols_first_and_the_visit_keeps_the_mark(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    patient = _to_setup(window)
    page = window.setup_page
    before = [page.protocols.item(n).data(256) for n in range(page.protocols.count())]
    page.scroll_to(page.body, 4)
    view = page.body.view
    qtbot.waitUntil(lambda: view.visibleRegion().contains(view.point_of("calf", MarkSide.LEFT)))
    QTest.mouseClick(view, LEFT, pos=centre_of(view, "back", "calf", MarkSide.LEFT))
    assert page.body.marks() == (CALF,)
    listed = _matching_block(window, library, "calf")
    assert listed != before and sorted(listed) == sorted(before)
    assert page.protocols.currentRow() == 0  # the first match is highlighted
    assert page.protocols.note.isVisible() and "left calf" in page.protocols.note.text()
    assert page.side.currentData() == Side.LEFT  # the side to add it on follows the mark
    page.protocols.setFocus()
    QTest.keyClick(page.protocols, Qt.Key.Key_Return)  # added on the side box's side
    assert page.chosen.choices() == [(listed[0], Side.LEFT)]
    with qtbot.waitSignal(page.treatment_requested) as asked:
        page.start()
    assert asked.args[0].marks == (CALF,)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)
    visit = window.visit_id
    assert visit is not None
    assert window.flow.record(visit).body_marks == (CALF,)  # stored with the visit
    finish_treatment(window.treatment_page)
    window.wrapup_page.pain.set_value(3)
    window.wrapup_page.sign()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.view_page, timeout=5000)
    record = window.flow.record(visit, checked=True)
    assert record.body_marks == (CALF,) and not record.altered
    for document, heading in (("summary", "Where you felt it"), ("note", "Where it hurts")):
        rendered = render_record(
            document, record, window.flow.pain_history(record), library, window.settings
        )
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages)
        assert heading in text and "pain, left calf" in text
    window.show_patient(patient)  # the patient's page: where it hurt, visit by visit
    where = window.patient_page.where
    assert [v.id for v in where.visits] == [visit]
    assert where.visits[0].body_marks == (CALF,)
    window.patient_page.tabs.setCurrentWidget(where)
    names = [w.accessibleName() for w in where.strip.findChildren(QWidget)]
    assert any(n.startswith("Visit of") and n.endswith(": pain, left calf") for n in names)
    # the next visit offers where it hurt last time, one click to take over
    window.patient_page.start_visit.emit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    offer = window.setup_page.body.offer_button
    assert offer.isVisible() and offer.toolTip() == "pain, left calf"
    assert window.setup_page.body.marks() == ()
    window.setup_page.cancelled.emit()
    other = PatientRepository(window.database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    window.patient_page.start_visit.emit(other)  # a new patient: nothing offered
    finish_background()  # the set-up is read on a worker, then shown
    assert not window.setup_page.body.offer_button.isVisible()


def test_keys_alone_mark_the_calf_and_its_protocols_come_first(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    _to_setup(window)
    page = window.setup_page
    page.pain.setFocus()
    for _ in range(4):  # Tab from the pain score reaches the chart
        if focused() is page.body.view:
            break
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
    view = page.body.view
    assert focused() is view
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Right)  # the back view
    for _ in range(20):
        if view.highlighted is not None and view.highlighted.region == "calf":
            break
        QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_R)
    QTest.keyClick(view, Qt.Key.Key_P)
    QTest.keyClick(view, Qt.Key.Key_Space)  # pain, right calf
    assert page.side.currentData() == Side.RIGHT  # the side to add on follows the marks
    QTest.keyClick(view, Qt.Key.Key_L)
    QTest.keyClick(view, Qt.Key.Key_Space)  # pain, left calf
    assert page.side.currentData() == Side.BOTH
    QTest.keyClick(view, Qt.Key.Key_R)
    QTest.keyClick(view, Qt.Key.Key_Delete)  # the right calf cleared
    assert page.side.currentData() == Side.LEFT
    assert page.body.marks() == (CALF,)
    _matching_block(window, library, "calf")
    assert "pain, left calf" in page.body.marked.text()


def test_the_chart_fits_the_set_up_at_1024_by_600(qtbot: QtBot, window: Workspace) -> None:
    window.resize(1024, 600)
    _to_setup(window)
    page = window.setup_page
    qtbot.waitUntil(lambda: page.screen_area.viewport().height() < 500)
    page.scroll_to(page.body, 4)
    area = page.screen_area.viewport()
    top = page.body.mapTo(area, QPoint(0, 0)).y()
    assert top >= 0 and top + page.body.height() <= area.height()  # all of it in view at once
    view = page.body.view
    shin = next(p for p in view.placed() if p.panel.view is View.FRONT)
    assert shin.scale >= 1.2  # px per unit: the body about 290 px tall or more


def test_a_returning_patients_last_marks_are_offered_and_taken_with_one_click(
    qtbot: QtBot, window: Workspace, library: Library
) -> None:
    from datetime import date

    _to_setup(window)
    page = window.setup_page
    page.offer_marks((CALF,), date(2026, 1, 2))
    offer = page.body.offer_button
    assert offer.isVisible() and offer.text() == "Same as last visit (2026-01-02)"
    assert offer.toolTip() == "pain, left calf"
    assert page.body.marks() == ()  # offered, not taken
    QTest.mouseClick(offer, LEFT)
    assert page.body.marks() == (CALF,) and not offer.isVisible()
    _matching_block(window, library, "calf")
    page.offer_marks(())
    assert not offer.isVisible()
