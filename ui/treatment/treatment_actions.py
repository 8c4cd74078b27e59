"""Treatment mode's dialogs — note (N), findings (F), skip (S), finish (W) — as a part of the
treatment page: each opens through the window's one dialog opener, a save that fails reopens
it with what was typed and why, and a note or findings written during a pass hold the pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from artdesk.protocols import Structure
from artdesk.treatment import Runner, Status
from artdesk.treatment.phrases import QUICK_PHRASES, SKIP_REASONS
from ui.dialogs import DialogOpener
from ui.treatment.treatment_dialogs import FindingDialog, NoteDialog, SkipDialog
from ui.treatment.treatment_text import caution_lines, finish_question


class TreatmentDialogs:
    """Mixed into :class:`ui.treatment.treatment_page.TreatmentPage` (which provides these)."""

    runner: Runner | None
    status: QLabel
    _dialogs: DialogOpener
    _held: bool
    _answered: frozenset[str]
    _structure: Callable[[], Structure | None]
    _here: Callable[[], list[str]]
    run: Callable[[Callable[[], Any]], bool]

    def _page(self) -> QWidget:
        return cast(QWidget, self)  # the treatment page this is mixed into

    # N, F, S open their dialog; a save that fails reopens it with what was typed and why
    def open_note(self, text: str = "", problem: str = "") -> None:
        assert self.runner is not None
        dialog = NoteDialog(QUICK_PHRASES[self.runner.state.phase], self._page())
        dialog.text.setPlainText(text)
        dialog.note_written.connect(self._on_note_written)
        self._hold_the_pass(dialog)
        self._open(dialog, problem)

    def open_findings(self, values: dict[str, Any] | None = None, problem: str = "") -> None:
        dialog = FindingDialog(self._page())
        dialog.set_values(values or {})
        dialog.finding_made.connect(self._on_finding_made)
        self._hold_the_pass(dialog)
        self._open(dialog, problem)

    def open_skip(self, reason: str = "", problem: str = "") -> None:
        assert self.runner is not None
        name = self.runner.state.current.plan.structure_name
        dialog = SkipDialog(SKIP_REASONS, name, self._page())
        dialog.reason.setText(reason)
        dialog.skip_reason.connect(self._on_skip_reason)
        self._open(dialog, problem)

    def show_cautions(self) -> None:
        """C: every caution for the current structure, in full (the screen shows the first)."""
        assert self.runner is not None
        lines = caution_lines(self._structure(), self._answered, self._here())
        text = "\n\n".join(f"⚠ {line}" for line in lines) or "No cautions for this structure."
        name = self.runner.state.current.plan.structure_name
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"Cautions — {name}",
            text,
            QMessageBox.StandardButton.Ok,
            self._page(),
        )
        self._open(box)

    def ask_about_site(self, answers: list[str]) -> None:
        """A structure at the site of a not-at-site answer: skipped unless the clinician
        confirms the contact is clear of it (Enter skips)."""
        if self.runner is None or self.dialog is not None:
            return
        name = self.runner.state.current.plan.structure_name
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Not at this site",
            f"{name} is at the site of: {'; '.join(answers)}.\n\nSkip it? (Treat only if "
            "you have checked the contact is clear of the site.)",
            QMessageBox.StandardButton.NoButton,
            self._page(),
        )
        skip = box.addButton("&Skip it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Treat: the contact is clear of the site", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(skip)
        reason = "not at the site: " + "; ".join(answers)
        box.accepted.connect(lambda: self.run(lambda: self.runner.skip(reason[:2000])))  # type: ignore[union-attr]
        self._open(box)

    def confirm_finish(self) -> None:
        assert self.runner is not None
        s = self.runner.state
        untreated = len(s.records) - (s.index + 1)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Finish the treatment?",
            finish_question(untreated),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._page(),
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.accepted.connect(self._on_finish_confirmed)
        self._open(box)

    @property
    def dialog(self) -> QDialog | QMessageBox | None:
        """The dialog open now (through the window's one opener), if any."""
        return self._dialogs.current

    def _open(self, dialog: QDialog | QMessageBox, problem: str = "") -> None:
        if problem and hasattr(dialog, "show_problem"):
            dialog.show_problem(problem)
        self._dialogs.open(dialog, refocus=self._page())  # the keys come back to treatment mode

    def _hold_the_pass(self, dialog: QDialog) -> None:
        """Writing a note or findings during a pass: the hands are off the tissue, so the pass
        is paused while the dialog is open (journalled pause/resume: the pass time stays the
        tissue's, the typing shows as paused time) and resumes when it closes."""
        runner = self.runner
        if runner is not None and not self._held and runner.state.pass_number is not None:
            self._held = runner.state.status is Status.RUNNING and self.run(runner.pause)
        dialog.finished.connect(lambda _result: self._release_the_pass(dialog))

    def _release_the_pass(self, closed: QDialog) -> None:
        if not self._held or self.runner is None or self.dialog not in (None, closed):
            return  # not held, or a refused save reopened a copy: the pass stays held
        self._held = False
        self.run(self.runner.resume)

    def _on_finish_confirmed(self) -> None:
        assert self.runner is not None
        self.run(self.runner.finish)

    def _on_note_written(self, text: str) -> None:
        assert self.runner is not None
        runner = self.runner
        if not self.run(lambda: runner.note(text)):
            self.open_note(text, self.status.text())

    def _on_finding_made(self, values: dict[str, Any]) -> None:
        assert self.runner is not None
        runner = self.runner
        if not self.run(lambda: runner.finding(**values)):
            self.open_findings(values, self.status.text())

    def _on_skip_reason(self, reason: str) -> None:
        assert self.runner is not None
        runner = self.runner
        if not self.run(lambda: runner.skip(reason)):
            self.open_skip(reason, self.status.text())
