"""Issue 14 item 3: the wrap-up's reading, signing, and reading the signed visit to show it run
on a worker, so the window keeps painting (the treatment timers, a foot pedal's key) while the
store works. While it works the page or dialog says so and holds its buttons; a refusal (a wrong
PIN, a full disk) comes back where the clinician looks, with everything typed still there.

Each test holds the store call on an Event to look at the window mid-way; no test sleeps or
measures time (benchmarks/ui_stall.py measures the stall)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from artdesk.treatment import FakeClock
from tests.faults import SAYS, failing
from tests.ui.conftest import focused, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import CTRL, finish_treatment, open_dialog, press, type_text
from tests.ui.test_who_did_what import ANA_PIN, clinic, desk, sign_in
from ui.pages.sign_dialog import SignDialog, VoidDialog
from ui.pages.visit_view_page import AmendDialog
from ui.workspace import Workspace

__all__ = ["clinic", "desk"]  # fixtures, used by name

SHIFT = Qt.KeyboardModifier.ShiftModifier
NOTES = "Easy runs only <b>&amp; no hills — Łódź"


class Held:
    """A flow method wrapped: records the thread each call ran on, and (while ``hold`` is
    set) waits for ``go`` before calling the real one."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []
        self.started = threading.Event()
        self.go = threading.Event()
        self.hold = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.append(threading.current_thread())
        self.started.set()
        if self.hold:
            assert self.go.wait(10), "the test never let the held call go on"
        return self.real(*args, **kwargs)


@contextmanager
def held(window: Workspace, method: str) -> Iterator[Held]:
    """``window.flow.<method>`` held until the test sets ``go`` (always set on the way out,
    so a failing test never leaves a worker waiting)."""
    wrapper = Held(getattr(window.flow, method))
    setattr(window.flow, method, wrapper)
    try:
        yield wrapper
    finally:
        wrapper.go.set()
        finish_background()
        setattr(window.flow, method, wrapper.real)


def ticking(qtbot: QtBot, ticks: int = 3) -> None:
    """A timer on the UI thread fires ``ticks`` times: the event loop is not blocked."""
    fired: list[int] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: fired.append(1))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(fired) >= ticks, timeout=3000)
    finally:
        timer.stop()


def to_wrap_up(qtbot: QtBot, window: Workspace, clock: FakeClock, **kwargs: Any) -> None:
    into_treatment(qtbot, window, **kwargs)
    clock.advance(20)
    finish_treatment(window.treatment_page)
    page = window.wrapup_page
    assert window.stack.currentWidget() is page
    page.pain.set_value(2)
    page.home_notes.setPlainText(NOTES)
    wait_for_focus_in(qtbot, page)


def test_the_wrap_up_is_read_on_a_worker_as_the_last_pass_ends(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    into_treatment(qtbot, window)
    clock.advance(20)
    with held(window, "record") as read:
        box = open_dialog(window.treatment_page, Qt.Key.Key_W, QMessageBox)
        press(box, Qt.Key.Key_Return)  # finish: the record (a replay) is read for the wrap-up
        assert read.started.wait(5)
        ticking(qtbot)
        assert window.stack.currentWidget() is window.treatment_page
        read.go.set()
        finish_background()
    assert read.threads and all(t is not threading.main_thread() for t in read.threads)
    assert window.stack.currentWidget() is window.wrapup_page
    assert "Hamstrings" in window.wrapup_page.summary.text()


def test_signing_runs_on_a_worker_while_the_window_keeps_going(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    to_wrap_up(qtbot, window, clock)
    page, visit = window.wrapup_page, window.visit_id
    assert visit is not None
    main = threading.main_thread()
    with held(window, "wrap_up") as sign, held(window, "record") as read:
        read.hold = False  # only recorded
        press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
        assert sign.started.wait(5)
        ticking(qtbot)  # the sign is held on its worker and the window still runs
        assert "Signing…" in page.general_error.text() and page.general_error.isVisible()
        assert not page.sign_button.isEnabled() and not page.body.isEnabled()
        page.sign()  # pressed twice: nothing more happens
        press(page, Qt.Key.Key_S, CTRL | SHIFT)
        assert window.stack.currentWidget() is page
        sign.go.set()
        finish_background()
        assert len(sign.threads) == 1 and sign.threads[0] is not main
        assert read.threads and all(t is not main for t in read.threads)  # shown: read there
    assert window.stack.currentWidget() is window.view_page
    record = window.view_page.record
    assert record is not None and record.id == visit and record.signed
    assert record.home_care_notes == NOTES


def test_a_wrong_pin_while_signing_keeps_the_dialog_and_what_was_typed(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    to_wrap_up(qtbot, desk, clock, patient=clinic["patient"])
    page, visit = desk.wrapup_page, desk.visit_id
    assert visit is not None
    credentials = desk.flow.credentials
    people = Held(credentials.people)
    people.hold = False
    credentials.people = people  # type: ignore[method-assign]
    try:
        press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
        dialog = wait_for_dialog(qtbot, desk, SignDialog)
    finally:
        credentials.people = people.real  # type: ignore[method-assign]
    # what the dialog says (the visit, the signer's name by the PIN) was read on a worker
    assert people.threads and threading.main_thread() not in people.threads
    assert "Dr Ana Ruiz" in dialog.fields.labelForField(dialog.secret).text()  # type: ignore[union-attr]
    with held(desk, "wrap_up") as sign:
        type_text(focused(), "135792")  # not Ana's PIN
        press(focused(), Qt.Key.Key_Return)
        assert sign.started.wait(5)
        ticking(qtbot)
        assert dialog.error.text() == "Signing…"
        assert not dialog.sign_button.isEnabled() and not dialog.secret.isEnabled()
        press(dialog, Qt.Key.Key_Escape)  # not while the answer is awaited
        dialog.reject()
        assert dialog.isVisible() and desk.dialog is dialog
        sign.go.set()
        finish_background()
    assert sign.threads and sign.threads[0] is not threading.main_thread()
    assert dialog.isVisible() and "not right" in dialog.error.text()
    assert "Nothing was saved" in dialog.error.text()
    assert dialog.sign_button.isEnabled() and dialog.secret.text() == ""
    wait_for_focus_in(qtbot, dialog.secret)  # the PIN field has the keys again
    assert not desk.flow.record(visit).signed
    assert desk.stack.currentWidget() is page  # the wrap-up behind it, as typed
    assert page.pain.value() == 2 and page.home_notes.toPlainText() == NOTES
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert desk.stack.currentWidget() is desk.view_page
    record = desk.flow.record(visit)
    assert record.signed and record.signed_with == "pin" and record.home_care_notes == NOTES


def test_a_full_disk_while_signing_says_so_and_keeps_the_wrap_up(
    qtbot: QtBot, window: Workspace, clock: FakeClock
) -> None:
    to_wrap_up(qtbot, window, clock)
    page, visit = window.wrapup_page, window.visit_id
    assert visit is not None
    page.next_visit.setText("2026-01-09")
    typed_in = QApplication.focusWidget()
    rows = page.home_care.rowCount()
    with (
        held(window, "wrap_up") as sign,
        failing("full", "UPDATE visits", window.database.engine) as hits,
    ):
        press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
        assert sign.started.wait(5)
        ticking(qtbot)
        assert page.general_error.text() == "Signing…" and not page.sign_button.isEnabled()
        sign.go.set()
        finish_background()
    assert hits and sign.threads[0] is not threading.main_thread()
    said = page.general_error.text()
    assert said.startswith("Not signed") and SAYS["full"] in said
    assert "Everything typed is still here" in said and "\n" not in said
    assert window.stack.currentWidget() is page and page.sign_button.isEnabled()
    assert page.body.isEnabled() and QApplication.focusWidget() is typed_in
    assert page.pain.value() == 2 and page.home_notes.toPlainText() == NOTES
    assert page.next_visit.text() == "2026-01-09" and page.home_care.rowCount() == rows
    assert not window.flow.record(visit).signed
    press(focused(), Qt.Key.Key_S, CTRL | SHIFT)  # the disk has room again: the same key signs
    finish_background()
    assert window.stack.currentWidget() is window.view_page
    assert window.flow.record(visit).signed


def test_amending_and_voiding_run_on_a_worker_and_hold_their_dialog(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    to_wrap_up(qtbot, desk, clock, patient=clinic["patient"])
    visit = desk.visit_id
    assert visit is not None
    press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
    wait_for_dialog(qtbot, desk, SignDialog)
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    wait_for_focus_in(qtbot, desk.view_page)

    press(focused(), Qt.Key.Key_M, CTRL)
    amend = wait_for_dialog(qtbot, desk, AmendDialog)
    amend.reason.setText("late entry")
    amend.text.setPlainText("Pain after was 3.")
    amend.secret.setText(ANA_PIN)
    with held(desk, "amend") as saving:
        amend.save()
        assert saving.started.wait(5)
        ticking(qtbot)
        assert amend.error.text() == "Saving the amendment…" and not amend.text.isEnabled()
        amend.save()  # twice: one amendment
        saving.go.set()
        finish_background()
    assert len(saving.threads) == 1 and saving.threads[0] is not threading.main_thread()
    assert not amend.isVisible() and "Amendment 1" in desk.view_page.body.toPlainText()
    assert len(desk.flow.record(visit).amendments) == 1

    desk.view_page.void_button.click()
    void = wait_for_dialog(qtbot, desk, VoidDialog)
    type_text(void.reason, "entered twice")
    type_text(void.secret, "135792")  # wrong
    with held(desk, "void") as voiding:
        void.save()
        assert voiding.started.wait(5)
        ticking(qtbot)
        assert void.error.text() == "Voiding…" and not void.reason.isEnabled()
        voiding.go.set()
        finish_background()
    assert voiding.threads[0] is not threading.main_thread()
    assert void.isVisible() and "Not voided" in void.error.text()
    assert void.reason.text() == "entered twice" and void.reason.isEnabled()  # kept
    assert not desk.flow.record(visit).voided


def test_closing_while_a_signature_is_on_a_worker_finishes_it_before_signing_out(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    """Ctrl+Q a moment after Sign: the signature is kept, and the audit trail says it came
    before the sign-out, as it happened."""
    sign_in(qtbot, desk, ANA_PIN)
    to_wrap_up(qtbot, desk, clock, patient=clinic["patient"])
    visit = desk.visit_id
    assert visit is not None
    press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
    wait_for_dialog(qtbot, desk, SignDialog)
    with held(desk, "wrap_up") as sign:
        type_text(focused(), ANA_PIN)
        press(focused(), Qt.Key.Key_Return)
        assert sign.started.wait(5)
        threading.Timer(0.2, sign.go.set).start()  # the store answers while the window closes
        desk.shutdown()
        assert sign.go.is_set()  # the close waited for it
    assert desk.flow.record(visit).signed
    actions = [e.action for e in desk.flow.audit.entries()]
    assert actions.index("sign-visit") < len(actions) - 1 and actions[-1] == "sign-out"
