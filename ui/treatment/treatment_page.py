"""Treatment mode: big type, one key to advance, every other action one key away.

Views lay out; decisions are the runner's. The times shown are the runner's clock differences;
the QTimer here only repaints. A command the runner rejects, or a journal write that fails,
changes nothing and is said on the status line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols import Library, Structure
from artdesk.store import StoreError
from artdesk.treatment import CommandRejected, Phase, Runner, Status
from ui.dialogs import DialogOpener
from ui.sounds import Cues
from ui.style import BANNER_STYLE, CAUTION_STYLE, STOP_BANNER_STYLE, sized
from ui.treatment.treatment_actions import TreatmentDialogs
from ui.treatment.treatment_text import (
    NO_PASS_TEXT,
    PAUSED_TEXT,
    caution_text,
    clock_text,
    counter_texts,
    cue_text,
    footer_text,
    header_text,
    hints_text,
    not_saved_text,
    pass_caption_text,
    pass_timer_text,
    phase_title,
    rejected_text,
    skip_undone_text,
    step_text,
)

__all__ = ["TreatmentPage", "clock_text", "key_from_name"]  # clock_text: for older importers

# Sizes in points at font scale 1.0 (readable from about two metres on 1366×768)
HEADER_PT, PHASE_PT, CUE_PT, TIMER_PT, COUNTER_PT, FOOTER_PT, HINT_PT = 22, 40, 20, 64, 56, 16, 11
SHORT_SCREEN = 560  # page height (px) below which the cautions take the key hints' line


def key_from_name(name: str) -> int | None:
    """Qt key code for a key name such as 'Space', 'PageDown' or 'F13'."""
    sequence = QKeySequence.fromString(name)
    if sequence.isEmpty():
        return None
    return int(sequence[0].key().value)  # type: ignore[index]  # stubs lack __getitem__


class TreatmentPage(TreatmentDialogs, QWidget):
    """Signals: ``treatment_finished()`` once the runner has finished."""

    treatment_finished = Signal()

    def __init__(
        self,
        library: Library,
        cues: Cues,
        advance_key: str = "Space",
        font_scale: float = 1.0,
        parent: QWidget | None = None,
        dialogs: DialogOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._protocols = library  # the versions the visit under way runs (begin)
        self.cues = cues
        self.runner: Runner | None = None
        self._dialogs = dialogs or DialogOpener(self)
        self._target_cued: tuple[int, int] | None = None
        self.visual_cue = False  # the page flashes at each cue (no sound here, or a noisy room)
        self.flashes: list[str] = []  # what it flashed for (read by tests)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.set_advance_key(advance_key)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.step = QLabel()
        self.step.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.phase = QLabel()
        self.paused = QLabel(PAUSED_TEXT)
        self.paused.setStyleSheet("color: white; background: #b00020; padding: 2px 12px;")
        self.paused.setVisible(False)  # shown in place of the phase name while paused
        self.cue = QLabel()
        self.cue.setWordWrap(True)
        self.cue.setTextFormat(Qt.TextFormat.PlainText)
        self.cautions = QLabel()  # the structure's precautions, shaped by the screen's answers
        self.cautions.setWordWrap(True)
        self.cautions.setTextFormat(Qt.TextFormat.PlainText)
        self.cautions.setStyleSheet(CAUTION_STYLE)
        self.cautions.setVisible(False)
        self._answered: frozenset[str] = frozenset()
        self._site_asked: set[int] = set()
        self._not_here: Callable[[str], list[str]] = lambda _region: []
        self._held = False  # the pass is paused while a note or findings are written
        self.phase_caption = QLabel("Phase")
        self.phase_timer = QLabel("0:00")
        self.pass_caption = QLabel("This pass")
        self.pass_timer = QLabel(NO_PASS_TEXT)
        self.counter_caption = QLabel("Passes done")
        self.counter = QLabel("0 / 0")
        self.footer = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.hints = QLabel()
        self.hints.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.step)
        self.phase.setWordWrap(True)
        self.paused.setWordWrap(True)
        self.footer.setWordWrap(True)
        timers = QGridLayout()
        for column, (caption, value) in enumerate(
            [
                (self.phase_caption, self.phase_timer),
                (self.pass_caption, self.pass_timer),
                (self.counter_caption, self.counter),
            ]
        ):
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            timers.addWidget(caption, 0, column)
            timers.addWidget(value, 1, column)
            timers.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.phase)
        layout.addWidget(self.paused)
        self.status.setVisible(False)
        layout.addWidget(self.cue)
        layout.addWidget(self.cautions)
        layout.addStretch(1)
        layout.addLayout(timers)
        layout.addStretch(1)
        layout.addWidget(self.footer)
        layout.addWidget(self.status)
        layout.addWidget(self.hints)
        self.apply_scale(font_scale)

        self.repaint_timer = QTimer(self)
        self.repaint_timer.setInterval(100)
        self.repaint_timer.timeout.connect(self._on_repaint_timer_timeout)

    # --- set-up ----------------------------------------------------------------------------

    def set_advance_key(self, name: str) -> None:
        self.advance_key_name = name
        self.advance_key = key_from_name(name) or int(Qt.Key.Key_Space.value)

    def apply_scale(self, scale: float) -> None:
        for widget, points, bold in (
            (self.header, HEADER_PT, True),
            (self.step, HEADER_PT * 0.7, False),
            (self.phase, PHASE_PT, True),
            (self.paused, PHASE_PT * 0.6, True),
            (self.cue, CUE_PT, False),
            (self.cautions, CUE_PT * 0.65, True),
            (self.phase_timer, TIMER_PT, True),
            (self.pass_timer, TIMER_PT, True),
            (self.counter, COUNTER_PT, True),
            (self.phase_caption, HINT_PT + 2, False),
            (self.pass_caption, HINT_PT + 2, False),
            (self.counter_caption, HINT_PT + 2, False),
            (self.footer, FOOTER_PT, False),
            (self.status, FOOTER_PT * 0.85, True),
            (self.hints, HINT_PT, False),
            (self.banner, FOOTER_PT * 0.8, False),
        ):
            sized(widget, points * scale, bold=bold)

    def begin(
        self,
        runner: Runner,
        patient_name: str,
        banner: str = "",
        stop_overridden: bool = False,
        answered: frozenset[str] = frozenset(),
        not_here: Callable[[str], list[str]] = lambda _region: [],
        protocols: Library | None = None,
    ) -> None:
        """Treat with ``runner``; ``answered``: the screen's items that apply (they shape the
        cautions shown for each structure); ``protocols``: the versions the visit runs (else
        the library's)."""
        self.runner = runner
        self._protocols = protocols if protocols is not None else self._library
        self._answered = answered
        self._not_here = not_here
        self.patient_name = patient_name
        self.banner.setText(banner)
        self.banner.setStyleSheet(STOP_BANNER_STYLE if stop_overridden else BANNER_STYLE)
        self.banner.setVisible(bool(banner))
        self._target_cued = None
        self._site_asked = set()  # structures whose not-at-site question was asked
        self.status.clear()
        self.status.setVisible(False)
        self.hints.setText(hints_text(self.advance_key_name))
        self.refresh()
        self.repaint_timer.start()
        self.setFocus()

    def stop(self) -> None:
        self.repaint_timer.stop()

    # --- painting --------------------------------------------------------------------------

    def _here(self) -> list[str]:
        """The not-at-site answers at the current structure's region."""
        assert self.runner is not None
        protocol = self._protocols.protocols.get(self.runner.state.current.plan.protocol_id)
        return self._not_here(protocol.region) if protocol else []

    def _structure(self) -> Structure | None:
        assert self.runner is not None
        plan = self.runner.state.current.plan
        protocol = self._protocols.protocols.get(plan.protocol_id)
        if protocol is None:
            return None
        try:
            return protocol.structure(plan.structure_key)
        except KeyError:
            return None

    def refresh(self) -> None:
        """Everything from the runner's state; called after each command."""
        if self.runner is None:
            return
        s = self.runner.state
        record = s.current
        plan = record.plan
        self.header.setText(header_text(plan))
        self.step.setText(step_text(self.patient_name, plan, s.index, len(s.records)))
        self.phase.setText(phase_title(s.phase, record.skipped_reason))
        paused = s.status is Status.PAUSED
        self.paused.setVisible(paused)
        self.phase.setVisible(not paused)
        structure = self._structure()
        self.cue.setText(cue_text(s.phase, structure, record.skipped_reason))
        here = self._here()
        self.cautions.setText(caution_text(structure, self._answered, here))
        if here and s.phase is Phase.LOCATE and s.index not in self._site_asked:
            self._site_asked.add(s.index)  # once per structure: skip it unless confirmed
            QTimer.singleShot(0, self, lambda: self.ask_about_site(here))
        self._fit_cautions()
        caption, counter = counter_texts(s.pass_number, record.passes_done, plan.target_passes)
        self.counter_caption.setText(caption)
        self.counter.setText(counter)
        self.pass_caption.setText(pass_caption_text(s.pass_number, plan.target_seconds))
        self._paint_timers()

    def _fit_cautions(self) -> None:
        """The cautions must be seen; on a short screen (1024×600) they take the key hints'
        line (the keys are also in the README and the hints come back on the next structure
        without cautions)."""
        shown = bool(self.cautions.text())
        self.cautions.setVisible(shown)
        self.hints.setVisible(not (shown and self.height() < SHORT_SCREEN))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_cautions()

    def _paint_timers(self) -> None:
        if self.runner is None:
            return
        timers = self.runner.timers()
        s = self.runner.state
        self.phase_timer.setText(clock_text(timers.phase_seconds))
        self.pass_timer.setText(pass_timer_text(timers.pass_seconds))
        over = timers.pass_over_target
        self.pass_timer.setStyleSheet(
            "color: white; background: #c0392b; border-radius: 8px;" if over else ""
        )
        self.footer.setText(footer_text(timers))
        if over and s.pass_number is not None:
            where = (s.index, s.pass_number)
            if self._target_cued != where:
                self._target_cued = where
                self.cues.pass_target()
                self.flash("target")

    @Slot()
    def _on_repaint_timer_timeout(self) -> None:
        self._paint_timers()

    # --- commands --------------------------------------------------------------------------

    def run(self, command: Callable[[], Any]) -> bool:
        """Run one runner command; say what went wrong instead of raising."""
        if self.runner is None:
            return False
        before = (self.runner.state.index, self.runner.state.phase)
        try:
            command()
        except CommandRejected as exc:
            self._say(rejected_text(str(exc)), error=False)
            return False
        except (StoreError, OSError) as exc:  # the store raises StoreError for driver errors
            self._say(not_saved_text(str(exc)), error=True)
            return False
        self.status.clear()
        self.status.setVisible(False)
        s = self.runner.state
        if (s.index, s.phase) != before and s.status is not Status.FINISHED:
            self.cues.phase_changed()
            self.flash("phase")
        self.refresh()
        if s.status is Status.FINISHED:
            self.stop()
            self.treatment_finished.emit()
        return True

    def _say(self, message: str, *, error: bool) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "color: #8a5300;")
        self.status.setText(message)
        self.status.setVisible(True)

    def advance(self) -> None:
        runner = self.runner
        if runner is None:
            return
        s = runner.state
        if s.phase is Phase.COMPLETE and s.index == len(s.records) - 1:
            self.run(runner.finish)
        else:
            self.run(runner.next)

    def back(self) -> None:
        """Backspace: one step back; going back over a skip undoes it, and says so with the
        reason (it stays in the journal), never silently."""
        runner = self.runner
        if runner is None:
            return
        skips = {i: r.skipped_reason for i, r in enumerate(runner.state.records)}
        if not self.run(runner.back):
            return
        for index, record in enumerate(runner.state.records):
            reason = skips.get(index)
            if reason is not None and record.skipped_reason is None:
                self._say(skip_undone_text(record.plan.structure_name, reason), error=False)

    def toggle_pause(self) -> None:
        if self.runner is None:
            return
        paused = self.runner.state.status is Status.PAUSED
        self.run(self.runner.resume if paused else self.runner.pause)

    def running(self) -> bool:
        """The treatment is running (not paused): the window does not lock now."""
        return self.runner is not None and self.runner.state.status is Status.RUNNING

    def hold(self) -> bool:
        """Pause a running treatment before locking (journalled); False if not saved."""
        if self.running():
            self.toggle_pause()
        return not self.running()

    def leave(self) -> None:
        """Another clinician signs in: the visit stays paused for its clinician."""
        self.hold()
        self._held = False  # its dialogs are closed next: they must not resume it
        self.stop()
        self.runner = None

    def set_sounds(self, enabled: bool) -> None:
        self.cues.enabled = enabled

    def flash(self, kind: str) -> None:
        """The visual cue: the whole page lights up for half a second (amber at a phase
        change, red at the pass target) — seen from the table without looking at the screen."""
        if not self.visual_cue:
            return
        self.flashes.append(kind)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#ffb300" if kind == "phase" else "#e53935"))
        self.setPalette(palette)
        QTimer.singleShot(500, self, self._end_flash)

    def _end_flash(self) -> None:
        self.setAutoFillBackground(False)
        self.setPalette(QPalette())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.runner is None or event.isAutoRepeat():
            # a held pedal must not fire a burst of advances
            super().keyPressEvent(event)
            return
        key = event.key()
        runner = self.runner
        actions: dict[int, Callable[[], object]] = {
            self.advance_key: self.advance,
            Qt.Key.Key_P.value: self.toggle_pause,
            Qt.Key.Key_Backspace.value: self.back,
            Qt.Key.Key_N.value: self.open_note,
            Qt.Key.Key_F.value: self.open_findings,
            Qt.Key.Key_S.value: self.open_skip,
            Qt.Key.Key_C.value: self.show_cautions,
            Qt.Key.Key_E.value: lambda: self.run(runner.extra_pass),
            Qt.Key.Key_W.value: self.confirm_finish,
        }
        action = actions.get(key)
        if action is None:
            super().keyPressEvent(event)
            return
        action()
