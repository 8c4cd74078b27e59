"""Issue 11 item 5 through the window: the wrap-up as typed is kept with the visit, and a
window built after a crash resumes the visit with every field as it was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import Database, DiskFull
from artdesk.treatment import FakeClock
from tests.ui.conftest import focused, shown_workspace, wait_for_focus_in
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import CTRL, finish_treatment, press, type_text
from ui.workspace import Workspace

ALT = Qt.KeyboardModifier.AltModifier


def _to_wrap_up(qtbot: QtBot, window: Workspace) -> int:
    into_treatment(qtbot, window)
    finish_treatment(window.treatment_page)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.wrapup_page)
    window.wrapup_page.focus_first_field()
    wait_for_focus_in(qtbot, window.wrapup_page.pain)
    assert window.visit_id is not None
    return window.visit_id


def _type_the_wrap_up(qtbot: QtBot, window: Workspace) -> None:
    """Every field, by keys, as a clinician does."""
    page = window.wrapup_page
    page.focus_first_field()
    press(focused(), Qt.Key.Key_4)  # pain after
    press(focused(), Qt.Key.Key_M, ALT)  # Add a &measure: its instrument has the keys
    for _ in range(4):  # VAS, verbal rating, PPT, then active knee extension
        press(focused(), Qt.Key.Key_Down)
    press(focused(), Qt.Key.Key_Tab)
    press(focused(), Qt.Key.Key_Up)  # the side: the treated side (right) → left
    press(focused(), Qt.Key.Key_Tab)
    type_text(focused(), "35")
    press(page, Qt.Key.Key_Insert, CTRL)  # a new exercise row, its first cell current
    press(focused(), Qt.Key.Key_C)  # typing starts editing the cell
    qtbot.waitUntil(
        lambda: page.home_care.isAncestorOf(focused()) and focused() is not page.home_care
    )
    type_text(focused(), "alf raises off a step")
    press(focused(), Qt.Key.Key_Return)  # the cell is written, the keys back in the table
    qtbot.waitUntil(lambda: focused() is page.home_care)
    press(focused(), Qt.Key.Key_N, ALT)  # Home-care &notes
    type_text(focused(), "Ice 10 min if sore — Łódź")
    press(focused(), Qt.Key.Key_Return)
    type_text(focused(), "no hills this week")
    press(focused(), Qt.Key.Key_X, ALT)  # Ne&xt visit
    press(focused(), Qt.Key.Key_A, CTRL)
    type_text(focused(), "9.1.2026")


def test_the_wrap_up_as_typed_comes_back_after_a_crash(
    qtbot: QtBot,
    window: Workspace,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> None:
    visit_id = _to_wrap_up(qtbot, window)
    _type_the_wrap_up(qtbot, window)
    typed = window.wrapup_page.draft()
    assert typed["pain_after"] == 4 and typed["next_visit"] == "9.1.2026"
    assert typed["measures"] == [  # a measure after treatment, as typed
        {"instrument": "AKE", "side": "left", "site": "", "values": ["35"], "labels": []}
    ]
    assert ["calf raises off a step", "3", "10", "0", "once a day"] in typed["home_care"]  # type: ignore[operator]
    # kept a moment after the last key, with no close, lock or sign
    qtbot.waitUntil(lambda: window.flow.visits.draft(visit_id) == typed, timeout=3000)

    # the program dies here (no close, nothing flushed); a new one opens the same file
    after = shown_workspace(qtbot, database, clock, library, screen, settings)
    after.open_visit(visit_id)
    finish_background()
    assert after.stack.currentWidget() is after.wrapup_page
    assert after.wrapup_page.draft() == typed  # every field as typed
    assert after.wrapup_page.pain.value() == 4
    assert (
        after.wrapup_page.home_notes.toPlainText()
        == "Ice 10 min if sore — Łódź\nno hills this week"
    )


def test_closing_keeps_the_last_key_at_once_and_signing_clears_the_draft(
    qtbot: QtBot, window: Workspace
) -> None:
    visit_id = _to_wrap_up(qtbot, window)
    window.wrapup_page.focus_first_field()
    press(focused(), Qt.Key.Key_7)
    assert window.drafts.timer.isActive()  # not written yet: typing goes on
    window.shutdown()  # what closing the main window does
    assert not window.drafts.timer.isActive()
    assert window.flow.visits.draft(visit_id)["pain_after"] == 7  # type: ignore[index]


def test_a_draft_that_cannot_be_kept_is_said_in_one_line_and_the_text_stays(
    qtbot: QtBot, window: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _to_wrap_up(qtbot, window)

    def full(_visit_id: int, _draft: object) -> None:
        raise DiskFull("the disk is full — nothing was saved; free some space and try again")

    monkeypatch.setattr(window.flow, "save_draft", full)
    page = window.wrapup_page
    page.focus_first_field()
    press(focused(), Qt.Key.Key_X, ALT)
    press(focused(), Qt.Key.Key_A, CTRL)
    type_text(focused(), "12.1.2026")
    qtbot.waitUntil(lambda: page.draft_error.isVisible(), timeout=3000)
    line = page.draft_error.text()
    assert line.startswith("What is typed here could not be kept yet: the disk is full")
    assert "\n" not in line and page.next_visit.text() == "12.1.2026"


def test_locking_keeps_what_is_typed_at_once(
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> None:
    from datetime import date

    from artdesk.store import ClinicianRepository, CredentialRepository, PatientData

    ana = ClinicianRepository(database).add("Dr Ana Ruiz", "DC")
    CredentialRepository(database).set_secret(ana, "pin", "246810")
    desk = shown_workspace(qtbot, database, clock, library, screen, settings)
    wait_for_focus_in(qtbot, desk.session.lock_page)
    type_text(focused(), "246810")
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not desk.session.locked)
    patient = desk.patients.add(PatientData("Zoë Lock", date(1990, 1, 1)))
    into_treatment(qtbot, desk, patient=patient)
    finish_treatment(desk.treatment_page)
    qtbot.waitUntil(lambda: desk.stack.currentWidget() is desk.wrapup_page)
    visit_id = desk.visit_id
    assert visit_id is not None
    desk.wrapup_page.focus_first_field()
    wait_for_focus_in(qtbot, desk.wrapup_page.pain)
    press(focused(), Qt.Key.Key_6)
    assert desk.drafts.timer.isActive()
    press(focused(), Qt.Key.Key_L, CTRL)  # Lock: the clinician walks away
    assert desk.session.locked and not desk.drafts.timer.isActive()
    assert desk.flow.visits.draft(visit_id)["pain_after"] == 6  # type: ignore[index]
