"""What the episode and discharge dialogs share: the plan's fields, the course templates, a
problem said as a sentence, and asking before typing is thrown away."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from artdesk.course import CarePlan, CourseMeasure
from artdesk.course.template_model import CourseTemplate
from ui.sentence import sentence


def said(problem: str) -> str:
    """'the complaint is required' → 'The complaint is required.'"""
    return sentence(problem).rstrip(".") + "."


def ask_before_discarding(dialog: QDialog, title: str, text: str) -> QMessageBox:
    """Esc or Cancel with something typed: Discard closes ``dialog``, Keep typing (the
    default, so a stray Enter loses nothing) goes back to it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        dialog,
    )
    discard = box.button(QMessageBox.StandardButton.Discard)
    discard.setText("&Discard")
    box.button(QMessageBox.StandardButton.Cancel).setText("&Keep typing")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda button: QDialog.reject(dialog) if button is discard else None)
    box.open()
    return box


def measures_text(measures: tuple[CourseMeasure, ...]) -> str:
    """What each visit of the course records, in the course templates' own words."""
    from artdesk.course.templates import measure_text

    return "; ".join(measure_text(m) for m in measures) or (
        "no measures set by a course (pain before and after, as always)"
    )


class CourseChoice(QWidget):
    """A course template to start from, and the treated side its measures and protocols take.
    Signals: ``chosen()`` when one is picked (by key or mouse)."""

    chosen = Signal()

    def __init__(self, templates: Sequence[CourseTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates = list(templates)
        self.template = QComboBox()
        self.template.addItem("none — fill in by hand", None)
        for template in self._templates:
            self.template.addItem(template.name, template.id)
        self.side = QComboBox()
        self.side.addItem("treated side not set", "")
        self.side.addItem("left side", "left")
        self.side.addItem("right side", "right")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.template, 1)
        row.addWidget(self.side)
        self.setFocusProxy(self.template)
        self.template.activated.connect(self._on_template_activated)

    def select(self, course: str) -> None:
        """Show the course an episode follows (nothing is filled in)."""
        index = self.template.findData(course) if course else -1
        if index > 0:
            self.template.setCurrentIndex(index)

    def current(self) -> CourseTemplate | None:
        key = self.template.currentData()
        return next((t for t in self._templates if t.id == key), None)

    @Slot(int)
    def _on_template_activated(self, _index: int) -> None:
        if self.current() is not None:
            self.chosen.emit()


class PlanFields(QWidget):
    """Visits a week × weeks, or a visit count, as typed. Signals: ``changed()``."""

    changed = Signal()

    def __init__(self, plan: CarePlan | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.per_week = QLineEdit()
        self.weeks = QLineEdit()
        self.visits = QLineEdit()
        self.planned = QLabel()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for line, hint, words in (
            (self.per_week, "2", "visits a week ×"),
            (self.weeks, "3", "weeks, or"),
            (self.visits, "6", "visits in all"),
        ):
            line.setMaximumWidth(70)
            line.setPlaceholderText(hint)
            line.textChanged.connect(self._on_text_changed)
            row.addWidget(line)
            row.addWidget(QLabel(words))
        row.addWidget(self.planned, 1)
        self.setFocusProxy(self.per_week)
        if plan is not None:
            self.set_plan(plan)
        self._on_text_changed()

    def set_plan(self, plan: CarePlan) -> None:
        self.per_week.setText(str(plan.visits_per_week or ""))
        self.weeks.setText(str(plan.weeks or ""))
        self.visits.setText(str(plan.visits or ""))

    def empty(self) -> bool:
        return not any(line.text().strip() for line in (self.per_week, self.weeks, self.visits))

    def typed(self) -> tuple[str, str, str]:
        return self.per_week.text(), self.weeks.text(), self.visits.text()

    def read(self) -> tuple[CarePlan, str]:
        """The plan typed, a number that is not one left out of it, and what is wrong with
        each such (the core checks the ranges of the others)."""
        numbers: list[int | None] = []
        problems: list[str] = []
        for line, what in self._lines():
            typed = line.text().strip()
            if typed.isdecimal() and int(typed) >= 1:
                numbers.append(int(typed))
                continue
            numbers.append(None)
            if typed:
                problems.append(f"{what}: type a whole number, at least 1 ({typed[:20]!r} typed)")
        return CarePlan(*numbers), "; ".join(problems)

    def field_for(self, problem: str) -> QLineEdit:
        """The number a problem is about (the first one it names), for the keyboard focus."""
        said = problem.lower()
        named = [(said.find(what), line) for line, what in self._lines() if what in said]
        return min(named, key=lambda found: found[0])[1] if named else self.per_week

    def _lines(self) -> tuple[tuple[QLineEdit, str], ...]:
        return (
            (self.per_week, "visits per week"),
            (self.weeks, "weeks"),
            (self.visits, "the number of visits"),
        )

    @Slot()
    def _on_text_changed(self) -> None:
        plan, problem = self.read()
        planned = None if problem else plan.planned
        self.planned.setText(f"= {planned} visits" if planned else "")
        self.changed.emit()
