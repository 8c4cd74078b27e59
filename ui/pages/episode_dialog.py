"""Open or change an episode of care.

The dialog holds the complaint, the diagnosis (searchable ICD-10 list), injury date and
mechanism, goals, the plan (visits a week × weeks, or a visit count), the re-evaluation date, a
course template to start from and the patient's PSFS activities. What is typed is checked
whole at Save — by the form and by the core's own rules (``EpisodeRepository.check``) — and
every problem is shown at once, each at its field and in the list above the buttons (Alt+B;
Enter on one goes to its field), the keys in the first; nothing typed is lost. A new episode
for a patient with an active one says first that saving closes that one as superseded (the
core's rule). Esc asks before throwing typing away. The form scrolls inside the dialog so it
fits a 1024×600 screen with its buttons in view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from artdesk.course import Episode, EpisodeData, Goal
from artdesk.course.model import closing_notice
from artdesk.course.template_model import CourseTemplate
from artdesk.course.templates import episode_data, shipped
from artdesk.store import InvalidInput, StoreError
from artdesk.store.episodes import EpisodeRepository
from artdesk.store.patients import parse_date
from ui.fitting import fitted
from ui.pages.diagnosis_picker import DiagnosisPicker
from ui.pages.episode_fields import (
    CourseChoice,
    PlanFields,
    ask_before_discarding,
    measures_text,
    said,
)
from ui.pages.goals_editor import GoalRow, GoalsEditor
from ui.pages.protocol_fields import wrapped_lines
from ui.style import BANNER_STYLE, error_label, show_error, sized

CAPTIONS = {
    "template": "Course template",
    "complaint": "Complaint",
    "diagnosis": "Diagnosis",
    "injury_date": "Injury date",
    "mechanism": "Mechanism",
    "plan": "Plan",
    "reeval_date": "Re-evaluation",
    "goals": "Goals",
    "psfs": "PSFS activities",
}
FIELDS = tuple(CAPTIONS)  # in the form's order
FIELD = Qt.ItemDataRole.UserRole


class EpisodeDialog(QDialog):
    """Signals: ``saved(int)`` with the episode's id once stored."""

    saved = Signal(int)

    def __init__(
        self,
        episodes: EpisodeRepository,
        patient_id: int,
        clinician_id: int,
        episode: Episode | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        templates: Sequence[CourseTemplate] | None = None,
        superseding: Episode | None = None,
    ) -> None:
        """``templates``: the courses to start from (shipped and the clinic's own; by
        default the shipped ones); ``superseding``: the patient's active episode, which a new
        one closes (said at the top)."""
        super().__init__(parent)
        self._episodes = episodes
        self._patient_id = patient_id
        self._clinician_id = clinician_id
        self._episode = episode
        self._today = today
        self.discard_question: QMessageBox | None = None  # Esc with something typed asks
        self.setWindowTitle(f"Edit episode {episode.id}" if episode else "New episode of care")
        sized(self, 11)  # read at arm's length at a treatment table
        self._kept: dict[str, Any] = {
            "course": episode.course if episode else "",
            "measures": episode.measures if episode else (),
            "protocols": episode.protocols if episode else (),
        }
        self.course = CourseChoice(shipped() if templates is None else templates)
        self.template_note = QLabel()
        self.template_note.setWordWrap(True)
        self.complaint = QPlainTextEdit()
        self.complaint.setTabChangesFocus(True)
        self.complaint.setPlaceholderText("why the patient came, in their words")
        self.complaint.setFixedHeight(64)
        self.diagnosis = DiagnosisPicker(
            episodes.clinic_codes, lambda code, text: episodes.add_code(code, text, clinician_id)
        )
        self.injury_date = QLineEdit()
        self.injury_date.setPlaceholderText("2026-01-03 or 3.1.2026 (empty: not known)")
        self.mechanism = QLineEdit()
        self.mechanism.setPlaceholderText("how it happened, e.g. sprinting, felt a pull")
        self.plan = PlanFields(episode.plan if episode else None)
        self.reeval_date = QLineEdit()
        self.reeval_date.setPlaceholderText("when to re-evaluate, e.g. 2026-01-26")
        self.goals = GoalsEditor(episode.goals if episode else ())
        self.psfs = QPlainTextEdit()
        self.psfs.setTabChangesFocus(True)
        self.psfs.setPlaceholderText("one activity a line, as the patient names it (up to 5)")
        self.psfs.setFixedHeight(64)
        self.measures = QLabel()
        self.measures.setWordWrap(True)
        self.measures.setTextFormat(Qt.TextFormat.PlainText)
        self.closing = QLabel(closing_notice(superseding) if superseding and not episode else "")
        self.closing.setWordWrap(True)
        self.closing.setTextFormat(Qt.TextFormat.PlainText)
        self.closing.setStyleSheet(BANNER_STYLE)
        self.closing.setVisible(bool(self.closing.text()))
        self.errors = {name: error_label() for name in FIELDS}
        self.general_error = error_label()
        self.problems_caption = QLabel("Pro&blems")
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems_caption.setBuddy(self.problems)
        self._problems_shown: dict[str, str] = {}
        self._goal_rows: list[GoalRow] = []  # the row each goal of the data read came from
        self._lay_out()
        self._connect()
        if episode is not None:
            self._fill(episode)
        self._show_kept()
        self._typed_at_start = self.typed()
        fitted(self, 940, 760)
        self.complaint.setFocus()

    # --- building ----------------------------------------------------------------------------
    def _lay_out(self) -> None:
        form = QFormLayout()
        rows: tuple[tuple[str, str, Any], ...] = (
            ("template", "Co&urse template", self.course),
            ("complaint", "&Complaint", self.complaint),
            ("diagnosis", "&Diagnosis", self.diagnosis),
            ("injury_date", "&Injury date", self.injury_date),
            ("mechanism", "&Mechanism", self.mechanism),
            ("plan", "&Plan", self.plan),
            ("reeval_date", "&Re-evaluation", self.reeval_date),
            ("goals", "Goals", self.goals),
            ("psfs", "PSFS &activities", self.psfs),
        )
        for name, label, field in rows:
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            if name == "template":
                column.addWidget(self.template_note)
            column.addWidget(self.errors[name])
            caption = QLabel(label)
            caption.setBuddy(field.focusProxy() or field)  # a buddy with no focus gets none
            form.addRow(caption, column)
        form.addRow("Each visit records", self.measures)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.form_scroll = scroll
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Save  (Ctrl+S)")
        save.setAutoDefault(False)
        save.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.closing)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems_caption)
        layout.addWidget(self.problems)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.problems_caption.hide()
        self.problems.hide()

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.course.chosen.connect(self._on_course_chosen)
        self.problems.itemActivated.connect(self._on_problems_item_activated)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # the field, not Save (the default)
            on_list = QShortcut(QKeySequence(key), self.problems)
            on_list.setContext(Qt.ShortcutContext.WidgetShortcut)
            on_list.activated.connect(self._on_problems_enter)

    def _fill(self, episode: Episode) -> None:
        self.complaint.setPlainText(episode.complaint)
        self.diagnosis.set_diagnosis(episode.diagnosis_code, episode.diagnosis_text)
        self.injury_date.setText(episode.injury_date.isoformat() if episode.injury_date else "")
        self.mechanism.setText(episode.mechanism)
        self.reeval_date.setText(episode.reeval_date.isoformat() if episode.reeval_date else "")
        self.psfs.setPlainText("\n".join(episode.psfs_activities))
        self.course.select(episode.course)

    # --- course templates ----------------------------------------------------------------------
    @Slot()
    def _on_course_chosen(self) -> None:
        chosen = self.course.current()
        if chosen is None:
            return
        side = self.course.side.currentData()
        data = episode_data(chosen, self.complaint.toPlainText(), self._today(), side)
        self.apply_template(data, chosen.source)

    def apply_template(self, data: EpisodeData, source: str = "") -> None:
        """Fill what is still empty from the course; goals are added to those typed."""
        if not self.complaint.toPlainText().strip() and data.complaint.strip():
            self.complaint.setPlainText(data.complaint)
        if not (self.diagnosis.code or self.diagnosis.text) and data.diagnosis_code:
            self.diagnosis.set_diagnosis(data.diagnosis_code, data.diagnosis_text)
        if self.plan.empty():
            self.plan.set_plan(data.plan)
        if not self.reeval_date.text().strip() and data.reeval_date:
            self.reeval_date.setText(data.reeval_date.isoformat())
        typed = {row.text.text().strip() for row in self.goals.rows}
        for goal in data.goals:
            if goal.text not in typed:
                self.goals.add(goal)
        if not self.psfs.toPlainText().strip() and data.psfs_activities:
            self.psfs.setPlainText("\n".join(data.psfs_activities))
        self._kept = {"course": data.course, "measures": data.measures, "protocols": data.protocols}
        self._show_kept()
        note = "Filled in from the course where empty; change anything."
        self.template_note.setText(f"{note} Source: {source}" if source else note)

    def _show_kept(self) -> None:
        self.measures.setText(measures_text(self._kept["measures"]))

    # --- reading the form ----------------------------------------------------------------------
    def typed(self) -> tuple[Any, ...]:
        """Everything as typed (to tell whether closing would lose anything)."""
        return (
            self.complaint.toPlainText(),
            self.diagnosis.code,
            self.diagnosis.text,
            self.diagnosis.search.text(),
            self.injury_date.text(),
            self.mechanism.text(),
            self.plan.typed(),
            self.reeval_date.text(),
            self.goals.typed(),
            self.psfs.toPlainText(),
            self._kept["course"],
        )

    def changed(self) -> bool:
        return self.typed() != self._typed_at_start

    def _date(self, line: QLineEdit) -> date | str | None:
        if not line.text().strip():
            return None
        return parse_date(line.text()[:40])

    def data(self) -> tuple[EpisodeData, dict[str, str]]:
        """The episode as typed (a field that cannot be read is left empty in it), and every
        problem with it, by field: what the form sees (a date or number that is not one) and
        what the core's rules refuse. ``goals.K``: the K-th goal row."""
        errors: dict[str, str] = {}
        injury, reeval = self._date(self.injury_date), self._date(self.reeval_date)
        if isinstance(injury, str):
            errors["injury_date"] = f"the injury date: {injury}"
        if isinstance(reeval, str):
            errors["reeval_date"] = f"the re-evaluation date: {reeval}"
        plan, problem = self.plan.read()
        if problem:
            errors["plan"] = problem
        unpicked = self.diagnosis.unpicked()
        if unpicked:
            errors["diagnosis"] = unpicked
        goals: list[Goal] = []
        self._goal_rows = []
        for row, goal in self.goals.parsed():
            if isinstance(goal, str):
                errors[f"goals.{self.goals.rows.index(row)}"] = goal
            else:
                goals.append(goal)
                self._goal_rows.append(row)
        data = EpisodeData(
            complaint=self.complaint.toPlainText(),
            diagnosis_code=self.diagnosis.code,
            diagnosis_text=self.diagnosis.text,
            injury_date=None if isinstance(injury, str) else injury,
            mechanism=self.mechanism.text(),
            goals=tuple(goals),
            plan=plan,
            reeval_date=None if isinstance(reeval, str) else reeval,
            course=self._kept["course"],
            measures=self._kept["measures"],
            protocols=self._kept["protocols"],
            psfs_activities=tuple(a for a in self.psfs.toPlainText().splitlines() if a.strip()),
        )
        opened = self._episode.opened_at if self._episode is not None else None
        for name, problem in self._rows_of(self._episodes.check(data, opened)).items():
            errors[name] = f"{errors[name]}; {problem}" if name in errors else problem
        return data, errors

    def _rows_of(self, problems: dict[str, str]) -> dict[str, str]:
        """The core's problems with its goals ("goals.N": the N-th goal given) by goal row."""
        out = {}
        for name, problem in problems.items():
            if name.startswith("goals.") and int(name[6:]) < len(self._goal_rows):
                name = f"goals.{self.goals.rows.index(self._goal_rows[int(name[6:])])}"
            out[name] = problem
        return out

    # --- saving and closing --------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        data, errors = self.data()
        saved: int | None = None
        if not errors:
            try:
                if self._episode is None:
                    saved = self._episodes.open(self._patient_id, self._clinician_id, data)
                else:
                    self._episodes.update(self._episode.id, self._clinician_id, data)
                    saved = self._episode.id
            except InvalidInput as exc:  # what the form could not know (another room's change)
                errors = self._rows_of(exc.errors) if exc.errors else {"": str(exc)}
            except StoreError as exc:
                errors = {"": f"Could not save: {exc}. What you typed is still here."}
        self.show_problems(errors)
        if saved is None:
            return
        self._typed_at_start = self.typed()
        self.saved.emit(saved)
        self.accept()

    def show_problems(self, errors: dict[str, str]) -> None:
        """Every problem at once: each under its field (a goal's under its row) and in the
        list above the buttons; the keys in the first field, scrolled into view."""
        errors = {name: said(problem) for name, problem in errors.items()}
        for name, label in self.errors.items():
            show_error(label, errors.get(name) if name not in ("goals", "diagnosis") else None)
        rows = {
            self.goals.rows[int(n[6:])]: p
            for n, p in errors.items()
            if n.startswith("goals.") and int(n[6:]) < len(self.goals.rows)
        }
        self.goals.show_problems(rows, errors.get("goals"))
        show_error(self.diagnosis.error, errors.get("diagnosis"))  # the picker shows its own
        show_error(self.general_error, errors.get(""))
        fields = sorted(
            (n for n in errors if n),
            key=lambda n: (FIELDS.index(n.split(".")[0]), int(n[6:]) if "." in n else -1),
        )
        self._problems_shown = {n: errors[n] for n in fields}
        self.problems.clear()
        for name in fields:
            where = f"Goal {int(name[6:]) + 1}" if "." in name else CAPTIONS[name]
            item = QListWidgetItem(f"{where}: {errors[name]}")
            item.setData(FIELD, name)
            self.problems.addItem(item)
        self.problems.setVisible(bool(fields))
        self.problems_caption.setVisible(bool(fields))
        if fields:
            width = self.problems.viewport().width() or self.width() - 40
            lines = sum(
                wrapped_lines(self.problems, self.problems.item(n).text(), width)
                for n in range(self.problems.count())
            )
            line = self.problems.fontMetrics().lineSpacing()
            self.problems.setFixedHeight(line * min(lines, 4) + 10)  # up to 4 lines, then scroll
            self.problems_caption.setText(
                f"Pro&blems ({len(fields)}): not saved — fix them, Enter on one goes to its field"
            )
            self.go_to(fields[0])

    def go_to(self, name: str) -> None:
        """The keys in the field a problem is about, it and the problem under it in view."""
        target: QWidget | None
        said: QWidget | None = self.errors.get(name)
        if name.startswith("goals."):
            index = int(name[6:])
            row = self.goals.rows[index] if index < len(self.goals.rows) else None
            target, said = (row.text, row.error) if row is not None else (None, None)
        else:
            target = {
                "template": self.course.template,
                "complaint": self.complaint,
                "diagnosis": self.diagnosis.search,
                "injury_date": self.injury_date,
                "mechanism": self.mechanism,
                "plan": self.plan.field_for(self._problems_shown.get("plan", "")),
                "reeval_date": self.reeval_date,
                "goals": self.goals.add_button,
                "psfs": self.psfs,
            }.get(name)
        if name == "diagnosis":
            said = self.diagnosis.error
        if target is not None:
            target.setFocus()
            if said is not None and said.isVisibleTo(self):
                self.form_scroll.ensureWidgetVisible(said, 50, 10)
            self.form_scroll.ensureWidgetVisible(target)

    @Slot(QListWidgetItem)
    def _on_problems_item_activated(self, item: QListWidgetItem) -> None:
        self.go_to(str(item.data(FIELD)))

    @Slot()
    def _on_problems_enter(self) -> None:
        item = self.problems.currentItem()
        if item is not None:
            self.go_to(str(item.data(FIELD)))

    def reject(self) -> None:
        """Esc and Cancel: close at once when nothing was typed, else ask first."""
        if not self.changed():
            super().reject()
            return
        self.discard_question = ask_before_discarding(
            self,
            "Discard what you typed?",
            "Close the episode without saving? What you typed here will be lost.",
        )
