"""The graded safety screen in the set-up page, driven as a clinician would (DOMAIN.md §5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from artdesk.protocols import Side
from artdesk.screening import Group
from artdesk.visit import WrapUp
from tests.ui.helpers import clinician_and_patient, finish_background
from ui.pages.visit_setup_page import VisitSetupPage
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier


def ready_to_start(qtbot: QtBot, window: Workspace) -> VisitSetupPage:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    qtbot.keyClick(window.patient_page.start_button, Qt.Key.Key_Return, CTRL)
    finish_background()  # the set-up is read on a worker, then shown
    page = window.setup_page
    assert window.stack.currentWidget() is page
    page.complaint.setText("calf pain after a long flight")
    page.pain.set_value(6)
    page.filter.setText("calf")
    page.add_current(Side.LEFT)
    return page


def start_by_keys(qtbot: QtBot, page: VisitSetupPage) -> None:
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Return, CTRL)
    finish_background()  # a visit that may start is opened on a worker


def on_screen(widget: QWidget) -> bool:
    """Visible inside the window as laid out now (not scrolled away, not below the fold)."""
    if not widget.isVisibleTo(widget.window()):
        return False
    window = widget.window()
    top_left = widget.mapTo(window, QPoint(0, 0))
    area = page_viewport(widget)
    inside_area = area.mapFrom(window, top_left)
    return (
        top_left.y() >= 0
        and top_left.y() + widget.height() <= window.height()
        and 0 <= inside_area.y() < area.height()
    )


def page_viewport(widget: QWidget) -> QWidget:
    parent = widget.parentWidget()
    while parent is not None and parent.objectName() != "qt_scrollarea_viewport":
        parent = parent.parentWidget()
    assert parent is not None, "the screen sits in a scroll area"
    return parent


def test_the_shipped_screen_is_graded(window: Workspace) -> None:
    boxes = window.setup_page.screening.boxes
    screen = window.setup_page.screening._screen
    grades = {item.id: item.group for item in screen.items}
    assert grades["cauda-equina"] is grades["dvt"] is grades["lung-clot"] is Group.EMERGENCY
    assert grades["compartment"] is Group.EMERGENCY
    assert grades["tendon-rupture"] is Group.STOP  # DOMAIN.md §7 item 8
    for stop in ("fracture", "fever", "neuro-deficit", "aneurysm", "neck-artery"):
        assert grades[stop] is Group.STOP
    assert grades["steroid-injection"] is Group.NOT_AT_SITE
    for caution in ("anticoagulants", "osteoporosis", "pregnancy", "fluoroquinolone"):
        assert grades[caution] is Group.PRECAUTION
    assert set(boxes) == set(grades)


def test_an_emergency_answer_cannot_start_treatment_even_with_a_reason(
    qtbot: QtBot, window: Workspace
) -> None:
    page = ready_to_start(qtbot, window)
    page.screening.boxes["dvt"].setChecked(True)
    assert not page.screening.override.isVisibleTo(page)  # nothing to override with
    assert "emergency care now" in page.screening.stop_note.text()
    page.screening.override.setPlainText("Patient insists, long-haul flight was a week ago")
    with qtbot.assertNotEmitted(page.treatment_requested):
        start_by_keys(qtbot, page)
    assert window.stack.currentWidget() is page
    assert "Emergency" in page.screening.error.text()
    assert "cannot start" in page.screening.error.text()
    assert window.flow.unfinished() == []  # nothing was opened


def test_none_of_these_apply_is_required_and_exclusive(qtbot: QtBot, window: Workspace) -> None:
    page = ready_to_start(qtbot, window)
    with qtbot.assertNotEmitted(page.treatment_requested):
        start_by_keys(qtbot, page)
    assert "None of these apply" in page.screening.error.text()
    page.screening.boxes["pregnancy"].setChecked(True)
    page.screening.none_apply.setChecked(True)  # contradicts a ticked answer: refused
    assert not page.screening.none_apply.isChecked()
    page.screening.boxes["pregnancy"].setChecked(False)
    page.screening.none_apply.setChecked(True)
    page.screening.boxes["osteoporosis"].setChecked(True)  # an answer unticks "none"
    assert not page.screening.none_apply.isChecked()
    page.screening.boxes["osteoporosis"].setChecked(False)
    page.screening.none_apply.setChecked(True)
    with qtbot.waitSignal(page.treatment_requested) as started:
        start_by_keys(qtbot, page)
    assert started.args[0].decision.result == "clear"


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)])
def test_a_stop_answer_is_in_view_when_start_is_refused(
    qtbot: QtBot, window: Workspace, size: tuple[int, int]
) -> None:
    window.resize(*size)
    page = ready_to_start(qtbot, window)
    page.screening.boxes["spinal-cord"].setChecked(True)  # the last stop item, far down
    page.screen_area.verticalScrollBar().setValue(0)  # the clinician is looking at the top
    page.complaint.setFocus()
    with qtbot.assertNotEmitted(page.treatment_requested):
        start_by_keys(qtbot, page)
    qtbot.waitUntil(lambda: on_screen(page.screening.error))
    assert on_screen(page.screening.override) and on_screen(page.screening.stop_note)
    assert "Stop and refer" in page.screening.error.text()
    assert QApplication.focusWidget() is page.screening.override  # type the reason now


def test_a_structures_precautions_are_on_the_treatment_screen_red_flags_first(
    qtbot: QtBot, window: Workspace, library
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import into_treatment
    from tests.ui.keys import open_dialog

    into_treatment(qtbot, window, (("posterior-thigh", Side.RIGHT),))
    page = window.treatment_page
    precautions = library.get("posterior-thigh").structures[0].precautions
    shown = page.cautions.text()
    assert page.cautions.isVisibleTo(page)
    assert shown.startswith("⚠ Suspected tendon avulsion at the sitting bone: stop and refer")
    assert "more: C" in shown  # in full, never cut mid-sentence; the rest one key away
    box = open_dialog(page, Qt.Key.Key_C, QMessageBox)
    for precaution in precautions:
        if not precaution.startswith("Pregnancy"):
            assert precaution in box.text()  # every word of every caution
    assert "Pregnancy" not in box.text()  # not pregnant: not in the way
    box.accept()
    qtbot.waitUntil(lambda: page.dialog is None)


def test_pregnancy_and_anticoagulants_change_what_is_shown(qtbot: QtBot, window: Workspace) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import into_treatment
    from tests.ui.keys import open_dialog

    into_treatment(
        qtbot,
        window,
        (("posterior-thigh", Side.RIGHT),),
        answers={"pregnancy": True, "anticoagulants": True},
    )
    page = window.treatment_page
    box = open_dialog(page, Qt.Key.Key_C, QMessageBox)
    text = box.text()
    red_flag = text.index("Suspected tendon avulsion")
    pregnancy = text.index("Pregnancy: side-lying")  # the alternative position
    lighter = text.index("Lighter pressure: anticoagulants")
    nerve = text.index("The sciatic nerve runs beneath")
    assert red_flag < nerve < pregnancy < lighter  # red flags and nerves first, then the screen
    box.accept()
    qtbot.waitUntil(lambda: page.dialog is None)


def test_osteoporosis_takes_spinal_flexion_loading_out_of_home_care(
    qtbot: QtBot,
    window: Workspace,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    from tests.ui.helpers import into_treatment
    from tests.ui.keys import finish_treatment

    def suggested(answers: dict[str, bool]) -> list[str]:
        into_treatment(qtbot, window, (("low-back", Side.BOTH),), answers=answers)
        runner = window.runner
        while runner.state.index < 2:  # quadratus lumborum left and right, all passes
            clock.advance(5)
            window.treatment_page.advance()
        clock.advance(10)  # then the erectors (whose home care has knees-to-chest): located
        finish_treatment(window.treatment_page)
        table = window.wrapup_page.home_care
        rows = [table.item(r, 0).text() for r in range(table.rowCount())]
        window.wrapup_page.pain.set_value(2)
        return rows

    assert any("Knees-to-chest" in r for r in suggested({}))
    assert "Not suggested" not in window.wrapup_page.summary.text()
    window.wrapup_page.sign()
    finish_background()
    without = suggested({"osteoporosis": True})
    assert without and not any("Knees-to-chest" in r for r in without)
    said = window.wrapup_page.summary.text()  # the clinician is told what was left out, and why
    assert "Not suggested because of the safety screen: Knees-to-chest" in said
    assert "(osteoporosis)" in said


def test_not_at_the_site_asks_where_and_marks_the_structures_there(
    qtbot: QtBot, window: Workspace, library, settings
) -> None:  # type: ignore[no-untyped-def]
    from artdesk.reports import render_visit

    page = ready_to_start(qtbot, window)  # calf and Achilles on the left
    screen = page.screening
    screen.boxes["skin"].setChecked(True)
    site = screen.sites["skin"]
    assert site.isVisibleTo(page) and site.currentData() == ""
    with qtbot.assertNotEmitted(page.treatment_requested):
        start_by_keys(qtbot, page)
    assert "Say where" in screen.error.text()
    region = library.get("calf-achilles").region
    site.setCurrentIndex(site.findData(region))
    start_by_keys(qtbot, page)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)
    treatment = window.treatment_page
    assert treatment.cautions.text().startswith("⚠ NOT AT THIS SITE")
    assert f"({region})" in treatment.banner.text()
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert record.screening_answers["skin"] == region  # the site is kept with the answer
    assert record.screening_result == "not_at_site"  # its own grade (schema 0004)
    window.runner.finish()  # type: ignore[union-attr]
    window.flow.wrap_up(window.treatment, window.clinician_id(), WrapUp((), ()))  # type: ignore[arg-type]
    from tests.builders import shipped_screen

    note = render_visit("note", window.flow, record.id, library, settings, shipped_screen())
    import io
    import re

    from pypdf import PdfReader

    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(note.pdf)).pages)
    )
    assert f"Open or healing wound, burn or skin infection at the site (at: {region})" in text


def test_a_not_at_site_answer_away_from_todays_areas_marks_nothing(
    qtbot: QtBot, window: Workspace
) -> None:
    from artdesk.screening import NOT_TREATED

    page = ready_to_start(qtbot, window)
    page.screening.boxes["recent-surgery"].setChecked(True)
    combo = page.screening.sites["recent-surgery"]
    combo.setCurrentIndex(combo.findData(NOT_TREATED))
    start_by_keys(qtbot, page)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.treatment_page, timeout=3000)
    assert "NOT AT THIS SITE" not in window.treatment_page.cautions.text()


def test_a_visit_that_ends_in_referral_is_saved_signed_and_printed(
    qtbot: QtBot, window: Workspace, library, settings
) -> None:  # type: ignore[no-untyped-def]
    import io
    import re

    from pypdf import PdfReader

    from artdesk.reports import render_visit
    from tests.builders import shipped_screen
    from ui.pages.referral_dialog import ReferralDialog

    page = ready_to_start(qtbot, window)
    assert not page.refer_button.isVisibleTo(page)
    page.screening.boxes["dvt"].setChecked(True)  # an emergency: treatment cannot start
    assert page.refer_button.isVisibleTo(page)
    qtbot.keyClick(page.refer_button, Qt.Key.Key_Space)  # Refer instead… (Alt+R)
    qtbot.waitUntil(lambda: isinstance(window.dialog, ReferralDialog))
    dialog = window.dialog
    assert dialog.to.text() == "Emergency department"
    assert dialog.urgency.currentText() == "emergency now"
    dialog.advice.setPlainText("Go now; do not drive yourself <b>&")
    dialog.save()
    qtbot.waitUntil(lambda: window.dialog is None)
    finish_background()  # the referred visit is read on a worker to show it
    assert window.stack.currentWidget() is window.view_page  # saved, signed, shown
    record = window.view_page.record
    assert record is not None and record.signed and record.referral is not None
    assert (record.referral.to, record.referral.urgency) == (
        "Emergency department",
        "emergency now",
    )
    assert record.screening_answers["dvt"] is True and record.pain_before == 6
    assert "Referred, not treated" in window.view_page.body.toPlainText()
    assert window.flow.unfinished() == []  # nothing left open

    def pdf(document: str) -> str:
        rendered = render_visit(
            document, window.flow, record.id, library, settings, shipped_screen()
        )
        pages = PdfReader(io.BytesIO(rendered.pdf)).pages
        return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))

    note = pdf("note")
    assert "Referral (not treated): to Emergency department, urgency: emergency now." in note
    assert "Go now; do not drive yourself <b>&" in note
    assert "Not treated: referred to Emergency department (emergency now)." in note
    assert "No pain scores recorded" not in note  # pain before was taken
    summary = pdf("summary")
    assert "We did not treat you today. Please see Emergency department now." in summary
    assert "What to do at home" not in summary and "keep moving" not in summary
    assert "Go to the emergency department now" in summary


def test_set_up_shows_the_plans_cautions_and_evidence_shaped_by_the_screen(
    qtbot: QtBot, window: Workspace, library
) -> None:  # type: ignore[no-untyped-def]
    page = ready_to_start(qtbot, window)  # calf and Achilles on the left
    text = page.plan_cautions.toPlainText()
    assert "Calf and Achilles" in text and "suspected DVT" in text
    assert "Pregnancy" not in text
    page.screening.boxes["pregnancy"].setChecked(True)
    assert "Pregnancy" in page.plan_cautions.toPlainText()
    page.screening.boxes["skin"].setChecked(True)
    combo = page.screening.sites["skin"]
    combo.setCurrentIndex(combo.findData(library.get("calf-achilles").region))
    assert "NOT AT THIS SITE" in page.plan_cautions.toPlainText()
    page.filter.setText("lateral hip")
    page.add_current(Side.RIGHT)
    evidence = library.get("lateral-hip").evidence[0]
    assert f"Evidence: {evidence[:40]}" in page.plan_cautions.toPlainText()


def test_a_structure_at_a_not_at_site_answer_is_skipped_unless_the_clinician_confirms(
    qtbot: QtBot, window: Workspace, library
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import wait_for_dialog
    from tests.ui.helpers import into_treatment

    region = library.get("calf-achilles").region
    into_treatment(
        qtbot,
        window,
        (("calf-achilles", Side.LEFT),),
        answers={"skin": True},
        sites={"skin": region},
    )
    page = window.treatment_page
    runner = window.runner
    assert runner is not None
    box = wait_for_dialog(qtbot, page, QMessageBox)
    assert "Gastrocnemius" in box.text() and "Skip it" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the default is to skip
    qtbot.waitUntil(lambda: runner.state.index == 1)
    assert runner.state.records[0].skipped_reason.startswith("not at the site: Open or healing")
    again = wait_for_dialog(qtbot, page, QMessageBox)  # soleus: same region, asked again
    treat = next(b for b in again.buttons() if b.text().startswith("&Treat"))
    treat.click()  # the clinician has checked the contact is clear of the site
    qtbot.waitUntil(lambda: page.dialog is None)
    assert runner.state.index == 1 and runner.state.current.skipped_reason is None
    qtbot.keyClick(page, Qt.Key.Key_Space)  # and treats it
    assert runner.state.phase.value == "contact"


def test_the_screen_grades_a_visit_by_its_highest_answer() -> None:
    from tests.builders import shipped_screen

    screen = shipped_screen()

    def grade(*present: str) -> str:
        return screen.decide({k: True for k in present}, none_apply=not present).result.value

    assert grade() == "clear"
    assert grade("anticoagulants") == "precaution"
    assert grade("anticoagulants", "skin") == "not_at_site"
    assert grade("skin", "fracture") == "stop"
    assert grade("fracture", "dvt", "skin") == "emergency"
