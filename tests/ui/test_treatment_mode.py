"""Treatment mode: type sizes, nothing clipped, cues, errors that lose nothing, resume."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library, Side
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import Database, StoreError
from artdesk.treatment import FakeClock, Phase, Status
from tests.ui.conftest import wait_for_dialog
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import CTRL, press, skip_structure, write_note
from ui.main_window import MainWindow
from ui.sounds import SilentCues
from ui.treatment.treatment_page import TreatmentPage
from ui.workspace import Workspace

LONGEST = (("posterior-thigh", Side.BOTH), ("shin", Side.LEFT))  # the longest structure names


def _labels(page: QWidget) -> list[QLabel]:
    return [w for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.text()]


def _repaint_tick(page: TreatmentPage) -> None:
    """One tick of the running repaint timer, without waiting its 100 ms."""
    assert page.repaint_timer.isActive()
    page.repaint_timer.timeout.emit()


def test_type_is_readable_from_two_metres_at_the_default_scale(
    qtbot: QtBot, window: Workspace
) -> None:
    window.resize(1366, 768)
    into_treatment(qtbot, window, LONGEST)
    page = window.treatment_page
    assert page.phase.font().pointSizeF() >= 36
    for timer in (page.phase_timer, page.pass_timer):
        assert timer.font().pointSizeF() >= 60
    assert page.counter.font().pointSizeF() >= 48
    assert (page.counter_caption.text(), page.counter.text()) == ("Passes done", "0 / 4")
    page.advance()  # locate → contact of pass 1 of 4
    assert (page.counter_caption.text(), page.counter.text()) == ("Pass", "1 / 4")
    for _ in range(2):
        page.advance()  # lengthen, then pass 1 done → contact of pass 2
    assert page.counter.text() == "2 / 4"
    assert page.header.font().pointSizeF() >= 18


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)])
@pytest.mark.parametrize("phase_steps", [0, 1, 2, 9])
def test_nothing_is_clipped(
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
    size: tuple[int, int],
    phase_steps: int,
) -> None:
    shell = MainWindow()  # the real composition: main window, status bar, workspace
    qtbot.addWidget(shell)
    window = Workspace(database, clock, library, screen, settings, SilentCues())
    shell.set_workspace(window)
    shell.resize(*size)
    shell.show()
    qtbot.waitExposed(shell)
    into_treatment(
        qtbot,
        window,
        LONGEST,
        answers={"pregnancy": True, "anticoagulants": True, "skin": True},
        sites={"skin": "thigh (posterior)"},  # the hamstrings' region: the longest caution
    )
    page = window.treatment_page
    for _ in range(phase_steps):
        clock.advance(3)
        page.advance()
    clock.advance(3599)  # an hour on the clock: the widest timer text
    page.toggle_pause()
    page.advance()  # refused while paused: the status line shows why
    assert page.status.isVisibleTo(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.width() > 0)
    shell.layout().activate()
    assert shell.width() <= size[0] and shell.height() <= size[1]
    page_rect = page.rect()
    for label in _labels(page):
        top_left = label.mapTo(page, QPoint(0, 0))
        inside = page_rect.contains(top_left) and page_rect.contains(
            top_left + QPoint(label.width() - 1, label.height() - 1)
        )
        assert inside, f"{label.text()[:40]!r} is outside the page at {size}"
        hint = label.sizeHint() if not label.wordWrap() else None
        if hint is not None:
            assert label.width() >= hint.width(), f"{label.text()!r} is cut at {size}"
        needed = (
            label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        )
        assert label.height() >= needed - 1, f"{label.text()[:40]!r} is cut at {size}"


def test_cues_at_each_phase_change_and_at_the_pass_target(
    qtbot: QtBot, window: Workspace, clock: FakeClock, cues: SilentCues
) -> None:
    into_treatment(qtbot, window)
    page = window.treatment_page
    page.advance()  # locate → contact
    assert cues.played == ["phase"]
    clock.advance(7.9)  # target 8 s for the hamstrings
    _repaint_tick(page)
    assert cues.played == ["phase"] and "background" not in page.pass_timer.styleSheet()
    clock.advance(0.2)
    _repaint_tick(page)
    _repaint_tick(page)  # once per pass, not at every repaint
    assert cues.played == ["phase", "target"]
    assert "background" in page.pass_timer.styleSheet()  # visible change past the target
    assert page.pass_timer.text() == "8.1"


def test_timers_show_clock_differences_not_ticks(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    into_treatment(qtbot, window)
    page = window.treatment_page
    clock.advance(83.25)
    with qtbot.waitSignal(page.repaint_timer.timeout, timeout=2000):
        pass  # the real timer repaints on its own
    assert page.phase_timer.text() == "1:23"
    # the repaint timer firing many times changes nothing: only the clock moves time
    for _ in range(50):
        _repaint_tick(page)
    assert page.phase_timer.text() == "1:23"
    assert "Visit 1:23" in page.footer.text() and "0 billing units" in page.footer.text()


def test_a_failed_save_says_so_and_loses_nothing(
    qtbot: QtBot, window: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    into_treatment(qtbot, window)
    page = window.treatment_page
    runner = window.runner
    assert runner is not None

    def disk_full(*_args: object) -> None:
        raise StoreError("disk I/O error: the disk is full")

    monkeypatch.setattr(window.flow.visits, "append_event", disk_full)
    page.advance()
    assert runner.state.phase is Phase.LOCATE
    assert "NOT SAVED" in page.status.text() and "Nothing was lost" in page.status.text()
    monkeypatch.undo()
    page.advance()
    assert runner.state.phase is Phase.CONTACT and page.status.text() == ""


def test_a_note_that_cannot_be_saved_comes_back_with_its_text(
    qtbot: QtBot, window: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.treatment.treatment_dialogs import NoteDialog

    into_treatment(qtbot, window)
    page = window.treatment_page

    def locked(*_args: object) -> None:
        raise StoreError("database is locked")

    monkeypatch.setattr(window.flow.visits, "append_event", locked)
    typed = write_note(page, "long note " * 1000, paste=True)
    assert not typed.isVisible() and window.runner.state.current.notes == []  # type: ignore[union-attr]
    assert isinstance(page.dialog, NoteDialog) and page.dialog is not typed
    assert page.dialog.isVisible()
    assert (
        page.dialog.text.toPlainText() == ("long note " * 1000).strip()
        or page.dialog.text.toPlainText() == "long note " * 1000
    )
    assert "locked" in page.dialog.error.text()
    reopened = wait_for_dialog(qtbot, page, NoteDialog)  # active, with the keys in it
    monkeypatch.undo()
    press(reopened.text, Qt.Key.Key_Return, CTRL)  # the store is back: Ctrl+Enter saves it
    assert page.dialog is None
    assert [n.text for n in window.runner.state.current.notes] == [  # type: ignore[union-attr]
        ("long note " * 1000).strip()
    ]


def test_skip_back_and_extra_pass_from_the_keyboard(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    into_treatment(qtbot, window, (("calf-achilles", Side.RIGHT),))
    page = window.treatment_page
    runner = window.runner
    assert runner is not None
    qtbot.keyClick(page, Qt.Key.Key_Space)
    qtbot.keyClick(page, Qt.Key.Key_Backspace)
    assert runner.state.phase is Phase.LOCATE
    skip_structure(page, "Too tender today")
    assert page.dialog is None
    assert runner.state.index == 1 and runner.state.records[0].skipped_reason == "Too tender today"
    qtbot.keyClick(page, Qt.Key.Key_Backspace)  # back over the skip: undone, and said so
    assert runner.state.index == 0 and runner.state.records[0].skipped_reason is None
    said = page.status.text()
    assert page.status.isVisibleTo(page) and "skip" in said and "Too tender today" in said
    skip_structure(page, "Too tender today")  # skipped again
    assert runner.state.index == 1 and not page.status.isVisibleTo(page)
    for _ in range(1 + 2 * 4):
        qtbot.keyClick(page, Qt.Key.Key_Space)
    assert runner.state.phase is Phase.COMPLETE
    qtbot.keyClick(page, Qt.Key.Key_E)
    assert runner.state.pass_number == 5
    qtbot.keyClick(page, Qt.Key.Key_P)
    assert runner.state.status is Status.PAUSED and page.paused.isVisibleTo(page)


def test_an_unfinished_visit_is_offered_and_resumes_where_it_stopped(
    qtbot: QtBot,
    window: Workspace,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
) -> None:
    into_treatment(qtbot, window, (("calf-achilles", Side.LEFT),))
    page = window.treatment_page
    for _ in range(4):
        clock.advance(5)
        page.advance()
    write_note(page, "tender at the junction")
    assert page.dialog is None
    s = window.runner.state  # type: ignore[union-attr]
    where = (s.index, s.phase, s.pass_number)
    window.close()

    clock.advance(1800)
    again = Workspace(database, clock, library, screen, settings, SilentCues())
    qtbot.addWidget(again)
    again.show()
    again.offer_resume()
    qtbot.waitUntil(lambda: again.dialog is not None)
    again.dialog.accept()  # type: ignore[union-attr]
    assert again.stack.currentWidget() is again.treatment_page
    resumed = again.runner.state  # type: ignore[union-attr]
    assert (resumed.index, resumed.phase, resumed.pass_number) == where
    assert resumed.status is Status.PAUSED and again.treatment_page.paused.isVisibleTo(again)
    assert resumed.current.notes[0].text == "tender at the junction"
    assert "Γιώργος" in again.treatment_page.step.text()


def test_a_visit_opened_without_treatment_is_shown_not_resumed(
    qtbot: QtBot, window: Workspace
) -> None:
    from tests.ui.helpers import clinician_and_patient

    patient = clinician_and_patient(window)
    from datetime import UTC, datetime

    from artdesk.store.models import Visit

    with window.database.write() as session:  # as an older program or another client left it
        row = Visit(
            patient_id=patient,
            clinician_id=window.clinician_id() or 0,
            status="in_progress",
            started_at=datetime.now(UTC),
            complaint="walk-in",
        )
        session.add(row)
        session.flush()
        empty = row.id
    window.offer_resume()
    qtbot.waitUntil(lambda: window.dialog is not None)
    window.dialog.accept()  # type: ignore[union-attr]
    finish_background()  # the visit is read on a worker
    assert window.stack.currentWidget() is window.view_page
    assert "never started" in window.view_page.status.text()
    assert window.view_page.record is not None and window.view_page.record.id == empty


def test_a_skip_or_finding_that_cannot_be_saved_comes_back_as_typed(
    qtbot: QtBot, window: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.keys import open_dialog
    from ui.treatment.treatment_dialogs import FindingDialog, SkipDialog

    into_treatment(qtbot, window)
    page = window.treatment_page
    runner = window.runner
    assert runner is not None

    def full(*_args: object) -> None:
        raise StoreError("the disk is full — nothing was saved; free some space and try again")

    monkeypatch.setattr(window.flow.visits, "append_event", full)
    typed = skip_structure(page, "Too tender today, patient asked")
    assert not typed.isVisible() and runner.state.current.skipped_reason is None
    reopened = wait_for_dialog(qtbot, page, SkipDialog)
    assert reopened is not typed and reopened.reason.text() == "Too tender today, patient asked"
    assert "disk is full" in reopened.error.text()
    reopened.reject()
    qtbot.waitUntil(lambda: page.dialog is None)

    finding = open_dialog(page, Qt.Key.Key_F, FindingDialog)
    finding.tension.setValue(2)
    finding.tenderness.setValue(6)
    finding.response.setText("eased <b>&")
    press(finding.response, Qt.Key.Key_Return)
    again = wait_for_dialog(qtbot, page, FindingDialog)
    assert again is not finding and "disk is full" in again.error.text()
    assert (again.tension.value(), again.texture.value(), again.tenderness.value()) == (2, -1, 6)
    assert again.response.text() == "eased <b>&"
    monkeypatch.undo()
    press(again.response, Qt.Key.Key_Return)  # the disk has room again: Enter saves it
    qtbot.waitUntil(lambda: page.dialog is None)
    (saved,) = runner.state.current.findings
    assert (saved.tension, saved.texture, saved.tenderness, saved.response) == (
        2,
        None,
        6,
        "eased <b>&",
    )


def test_n_then_the_words_writes_a_note_of_ones_own(qtbot: QtBot, window: Workspace) -> None:
    """Seen driving a visit by keyboard on a real X server: N, then typing, went into the
    phrase list (a search of its items) and Ctrl+Enter said the note was empty. The first
    character typed now starts the note; digits still pick a phrase."""
    from PySide6.QtWidgets import QApplication

    from tests.ui.keys import open_dialog, type_text
    from ui.treatment.treatment_dialogs import NoteDialog

    into_treatment(qtbot, window)
    page = window.treatment_page
    runner = window.runner
    assert runner is not None
    dialog = open_dialog(page, Qt.Key.Key_N, NoteDialog)
    assert QApplication.focusWidget() is dialog.phrases  # the phrases first, by design
    type_text(QApplication.focusWidget(), "Tender <b>& at the junction — Łódź")
    assert dialog.text.toPlainText() == "Tender <b>& at the junction — Łódź"
    assert QApplication.focusWidget() is dialog.text
    press(dialog.text, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert [n.text for n in runner.state.current.notes] == ["Tender <b>& at the junction — Łódź"]
    dialog = open_dialog(page, Qt.Key.Key_N, NoteDialog)
    press(QApplication.focusWidget(), Qt.Key.Key_1)  # a digit still picks the first phrase
    assert dialog.text.toPlainText() == dialog.phrases._phrases[0]
    dialog.reject()
