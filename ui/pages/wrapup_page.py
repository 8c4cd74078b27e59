"""Wrap-up: pain and the measures after treatment, today against baseline, the clinician's own
Assessment and Plan (a suggestion to edit), the home-care plan, the next visit, and Sign.

The body scrolls (a 1024×600 screen); the Sign button and the line that says why a visit was not
signed never do. While the visit is being signed (on a worker) the page says so and holds its
fields and Sign: nothing pressed twice, nothing typed into what is being signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from artdesk.measures import PAIN, Timing
from artdesk.protocols import HomeCare
from artdesk.store import MeasurementData
from artdesk.store.patients import parse_date
from artdesk.treatment import VisitState, treated_minutes
from artdesk.visit import Outcome, WrapUp, definitions, outcome
from ui.icons import lock_icon
from ui.pages.course_panel import BaselinePanel, Key, WrapUpCourse, key_of, today_lines
from ui.pages.follow_focus import follow_focus
from ui.pages.home_care_table import COLUMNS, HomeCareTable
from ui.pages.measures_entry import MeasuresEntry
from ui.pages.nprs import NprsPicker
from ui.pages.suggested_text import SuggestedText
from ui.sentence import sentence
from ui.style import error_label, show_error, sized
from ui.visit_text import structure_line
from ui.working import Working

SIGN_KEY = "Ctrl+Shift+S"

__all__ = ["COLUMNS", "SIGN_KEY", "WrapUpPage"]


class WrapUpPage(QWidget):
    """Signals: ``sign_requested(object)`` with the wrap-up (a :class:`WrapUp`);
    ``changed()`` whenever the clinician changes a field (not when the page fills them)."""

    sign_requested = Signal(object)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._course: WrapUpCourse | None = None
        self._expecting = False  # a begin() is coming (see expect)
        self._draft_waiting: dict[str, object] | None = None
        self.title = sized(QLabel("Wrap-up"), 18, bold=True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.pain = NprsPicker()
        self.pain_error = error_label()
        self.measures = MeasuresEntry(Timing.AFTER, "Measures after treatment")
        caption = "Today against baseline (over the course)"
        self.baseline_caption = sized(QLabel(caption), 12, bold=True)
        self.baseline = BaselinePanel()
        self.assessment = SuggestedText("&Assessment", "How the patient responded; progress")
        self.plan = SuggestedText("P&lan", "Frequency, what changes, re-evaluation, referral", 64)
        self.home_care = HomeCareTable()
        self.add_row = QPushButton("Add exercise (Ctrl+Ins)")
        self.remove_row = QPushButton("Remove exercise (Ctrl+Del)")
        self.home_care_error = error_label()
        self.home_notes = QPlainTextEdit()
        self.home_notes.setTabChangesFocus(True)
        self.home_notes.setPlaceholderText("Running and load advice, anything else for home")
        self.home_notes.setMaximumHeight(56)
        self.next_visit = QLineEdit()
        self.next_visit.setPlaceholderText("2026-12-01 or 1.12.2026 (empty: none booked)")
        self.next_error = error_label()
        self.general_error = error_label()
        self.draft_error = error_label()
        self._filling = False
        self.sign_button = QPushButton(lock_icon(20), "&Sign the visit  (Ctrl+Shift+S)")
        sized(self.sign_button, 14, bold=True)

        pain_caption = QLabel("&Pain after (0–10)")
        pain_caption.setBuddy(self.pain)
        left = QVBoxLayout()
        for widget in (pain_caption, self.pain, self.pain_error, self.measures):
            left.addWidget(widget)
        left.addSpacing(6)
        left.addWidget(self.baseline_caption)
        left.addWidget(self.baseline)
        left.addStretch(1)
        rows = QHBoxLayout()
        rows.addWidget(self.add_row)
        rows.addWidget(self.remove_row)
        rows.addStretch(1)
        home_caption = QLabel("&Home-care plan (suggestions from today's protocols; edit freely)")
        home_caption.setBuddy(self.home_care)
        notes_caption = QLabel("Home-care &notes")
        notes_caption.setBuddy(self.home_notes)
        next_caption = QLabel("Ne&xt visit")
        next_caption.setBuddy(self.next_visit)
        right = QVBoxLayout()
        right.addWidget(self.assessment)
        right.addWidget(self.plan)
        next_line = QHBoxLayout()
        next_line.addWidget(next_caption)
        next_line.addWidget(self.next_visit, 1)
        right.addLayout(next_line)
        right.addWidget(self.next_error)
        right.addWidget(home_caption)
        right.addWidget(self.home_care)
        right.addLayout(rows)
        right.addWidget(self.home_care_error)
        right.addWidget(notes_caption)
        right.addWidget(self.home_notes)
        right.addStretch(1)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 6, 0)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setWidget(body)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        follow_focus(self.body)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.draft_error)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.sign_button)
        layout.addLayout(bottom)

        # Tab follows the screen: the next visit sits under the plan, above the home care
        chain = [
            self.assessment.box,
            self.plan.box,
            self.next_visit,
            self.home_care,
            self.add_row,
            self.remove_row,
            self.home_notes,
            self.sign_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._working = Working(self, self.general_error, [self.body, self.sign_button])

        self.add_row.clicked.connect(self._on_add_row_clicked)
        self.remove_row.clicked.connect(self._on_remove_row_clicked)
        self.sign_button.clicked.connect(self.sign)
        # its own key: Ctrl+Enter starts a visit and a treatment, so a habit cannot sign
        QShortcut(QKeySequence(SIGN_KEY), self, self.sign)
        QShortcut(QKeySequence("Ctrl+Ins"), self, self._on_add_row_clicked)
        QShortcut(QKeySequence("Ctrl+Del"), self, self._on_remove_row_clicked)
        for signal in (
            self.pain.value_changed,
            self.measures.changed,
            self.assessment.changed,
            self.plan.changed,
            self.home_care.itemChanged,
            self.home_care.model().rowsInserted,
            self.home_care.model().rowsRemoved,
            self.home_notes.textChanged,
            self.next_visit.textChanged,
        ):
            signal.connect(self._on_field_changed)
        self.pain.value_changed.connect(self._on_measured)
        self.measures.changed.connect(self._on_measured)

    def _on_field_changed(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit()

    def begin(
        self,
        patient_name: str,
        state: VisitState,
        suggestions: list[HomeCare],
        today: date,
        left_out: Sequence[str] = (),
        course: WrapUpCourse | None = None,
    ) -> None:
        """``left_out``: suggestions the safety screen kept out, with why (said, not hidden);
        ``course``: the visit's course of care (its measures before, the episode so far)."""
        self._working.release()
        self._filling = True
        self._course = course
        visit_of = f" — {course.visit_of}" if course and course.visit_of else ""
        self.title.setText(f"Wrap-up — {patient_name}{visit_of}")
        lines = [structure_line(r) for r in state.records if outcome(r) is not Outcome.NOT_REACHED]
        if left_out:
            lines.append("Not suggested because of the safety screen: " + "; ".join(left_out))
        minutes = treated_minutes(definitions.treated_seconds(state))
        self.summary.setText("\n".join(lines) + f"\nTreated {minutes} min.")
        self.pain.set_value(None)
        self.measures.clear()
        if course is not None:
            self.measures.set_episode(course.sides, course.activities)
            self.measures.prefill(course.after)
        self.home_care.fill(suggestions)
        self.home_notes.clear()
        self.next_visit.setText((today + timedelta(days=3)).isoformat())
        for label in (*self._error_labels(), self.draft_error):
            show_error(label, None)
        self.baseline_caption.setVisible(course is not None)
        self.baseline.setVisible(course is not None)
        self.assessment.begin()
        self.plan.begin()
        self._on_measured()
        self._filling = False
        self.body.verticalScrollBar().setValue(0)
        self.pain.setFocus()
        waiting, self._draft_waiting = self._draft_waiting, None
        self._expecting = False
        if waiting is not None:
            self.restore_draft(waiting)

    def expect(self) -> None:
        """A :meth:`begin` is coming (its course being read on a worker): a draft put back
        before it waits for it, instead of being cleared by it."""
        self._expecting = True

    def _typed(self) -> dict[Key, float]:
        """Today's values after treatment typed so far (pain included), by measure."""
        typed: dict[Key, float] = {}
        pain = self.pain.value()
        if pain is not None:
            typed[key_of(PAIN, "none", "")] = float(pain)
        for row in self.measures.rows:
            value = row.value_now()
            if value is not None:
                typed[key_of(row.code, row.side_value, row.site.text())] = value
        return typed

    def _on_measured(self, *_args: object) -> None:
        """Today against baseline, and the suggestions while they are still suggestions."""
        course = self._course
        if course is None:
            self.assessment.suggest("")
            self.plan.suggest("")
            return
        from ui.pages.course_panel import suggest_assessment, suggest_plan

        lines = today_lines(course, self._typed())
        self.baseline.show_lines(lines)
        self.assessment.suggest(suggest_assessment(course, lines, self.pain.value()))
        self.plan.suggest(suggest_plan(course))

    def _error_labels(self) -> tuple[QLabel, ...]:
        return (self.pain_error, self.home_care_error, self.next_error, self.general_error)

    def _on_add_row_clicked(self) -> None:
        self.home_care.add_blank()

    def _on_remove_row_clicked(self) -> None:
        self.home_care.remove_current()

    def home_care_rows(self) -> tuple[list, str | None]:
        return self.home_care.plan_items()

    def sign(self) -> None:
        if self._working.busy:
            return  # already being signed (or read to be signed)
        errors: dict[QLabel, str] = {}
        pain = self.pain.value()
        if pain is None:
            errors[self.pain_error] = "Choose pain after, 0–10."
        measured = self.measures.measurements()
        items, problem = self.home_care.plan_items()
        if problem:
            errors[self.home_care_error] = problem
        next_visit = None
        if self.next_visit.text().strip():
            parsed = parse_date(self.next_visit.text())
            if isinstance(parsed, str):
                errors[self.next_error] = sentence(parsed)
            else:
                next_visit = parsed
        for label in self._error_labels():
            show_error(label, errors.get(label))
        if errors or measured is None or pain is None:
            if pain is None:
                self.pain.setFocus()
            elif measured is not None:
                show_error(self.general_error, "Not signed yet: see the red lines above.")
            return
        self.sign_requested.emit(
            WrapUp(
                measurements=(MeasurementData(PAIN, pain, Timing.AFTER), *measured),
                home_care=tuple(items),
                home_care_notes=self.home_notes.toPlainText(),
                next_visit=next_visit,
                assessment=self.assessment.text().strip(),
                plan_note=self.plan.text().strip(),
            )
        )

    # --- the draft: what is typed, kept so a crash loses none of it (ui.wrapup_draft) -------

    def draft(self) -> dict[str, object]:
        """Every field as typed (plain JSON), errors or not."""
        return {
            "pain_after": self.pain.value(),
            "measures": self.measures.draft(),
            "assessment": self.assessment.draft(),
            "plan": self.plan.draft(),
            "home_care": self.home_care.cells(),
            "home_care_notes": self.home_notes.toPlainText(),
            "next_visit": self.next_visit.text(),
        }

    def restore_draft(self, draft: dict[str, object]) -> None:
        """Put a kept draft back (after :meth:`begin`, or kept for it when one is expected);
        what it lacks stays as begin left it."""
        if self._expecting:
            self._draft_waiting = draft
            return
        self._filling = True
        try:
            pain = draft.get("pain_after")
            if isinstance(pain, int) and 0 <= pain <= 10:
                self.pain.set_value(pain)
            if isinstance(draft.get("measures"), list):
                self.measures.restore_draft(draft["measures"])
            retest = draft.get("retest")  # a draft kept by an earlier version: one re-test
            if isinstance(retest, dict) and retest.get("instrument"):
                row = self.measures.add_row(
                    str(retest["instrument"]), str(retest.get("side") or "none")
                )
                row.set_texts([str(retest.get("value", ""))])
            self.assessment.restore_draft(draft.get("assessment"))
            self.plan.restore_draft(draft.get("plan"))
            rows = draft.get("home_care")
            if isinstance(rows, list):
                self.home_care.set_cells(rows)
            notes, next_visit = draft.get("home_care_notes"), draft.get("next_visit")
            if isinstance(notes, str):
                self.home_notes.setPlainText(notes)
            if isinstance(next_visit, str):
                self.next_visit.setText(next_visit)
            self._on_measured()
        finally:
            self._filling = False

    def show_draft_problem(self, message: str | None) -> None:
        """Why what is typed could not be kept yet (None: it is kept)."""
        show_error(self.draft_error, message)

    def show_problem(self, message: object) -> None:
        """Why the visit was not signed; nothing typed is touched (the fields are given back
        if they were held)."""
        self._working.release()
        show_error(self.general_error, f"Not signed: {message}. Everything typed is still here.")

    def hold(self, text: str) -> None:
        """Say what is being done with the wrap-up ("Signing…") and hold its fields and Sign
        until :meth:`release` (or :meth:`show_problem`, or the next :meth:`begin`)."""
        self._working.hold(text)

    def release(self) -> None:
        self._working.release()

    def held(self) -> bool:
        return self._working.busy

    def focus_first_field(self) -> None:
        self.pain.setFocus()
