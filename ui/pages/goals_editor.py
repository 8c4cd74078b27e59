"""The goals of an episode, row by row: the goal in words, short or long term, a target date,
and (to be judged from the readings) a measure, a side and a target value; its status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.course import Goal, GoalStatus, Term
from artdesk.measures import INSTRUMENTS
from artdesk.store.patients import parse_date
from ui.pages.episode_fields import said
from ui.style import error_label, show_error

STATUS_WORDS = {GoalStatus.OPEN: "open", GoalStatus.MET: "met", GoalStatus.NOT_MET: "not met"}


class GoalRow(QFrame):
    """One goal. Signals: ``remove_requested()``."""

    remove_requested = Signal()

    def __init__(self, goal: Goal | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLineEdit()
        self.text.setPlaceholderText("the goal, measurable: e.g. runs 5 km without pain")
        self.term = QComboBox()
        self.term.addItem("short term", Term.SHORT.value)
        self.term.addItem("long term", Term.LONG.value)
        self.target_date = QLineEdit()
        self.target_date.setPlaceholderText("by (date)")
        self.target_date.setMaximumWidth(140)
        self.instrument = QComboBox()
        self.instrument.addItem("no measure (judged by you)", "")
        for code, spec in INSTRUMENTS.items():
            self.instrument.addItem(spec.name, code)
        self.side = QComboBox()
        for side in ("none", "left", "right"):
            self.side.addItem("no side" if side == "none" else side, side)
        self.target = QLineEdit()
        self.target.setPlaceholderText("target value")
        self.target.setMaximumWidth(140)
        self.status = QComboBox()
        for status, words in STATUS_WORDS.items():
            self.status.addItem(words, status.value)
        self.remove = QPushButton("Remove")
        self.error = error_label()
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.text, 0, 0, 1, 3)
        grid.addWidget(self.term, 0, 3)
        grid.addWidget(self.target_date, 0, 4)
        grid.addWidget(self.remove, 0, 5)
        grid.addWidget(self.instrument, 1, 0)
        grid.addWidget(self.side, 1, 1)
        grid.addWidget(QLabel("target"), 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.target, 1, 3)
        grid.addWidget(self.status, 1, 4, 1, 2)
        grid.addWidget(self.error, 2, 0, 1, 6)
        grid.setColumnStretch(0, 3)
        self.remove.clicked.connect(self.remove_requested)
        if goal is not None:
            self.text.setText(goal.text)
            self.term.setCurrentIndex(self.term.findData(goal.term.value))
            self.target_date.setText(goal.target_date.isoformat() if goal.target_date else "")
            self.instrument.setCurrentIndex(max(0, self.instrument.findData(goal.instrument or "")))
            self.side.setCurrentIndex(max(0, self.side.findData(goal.side)))
            self.target.setText(f"{goal.target:g}" if goal.target is not None else "")
            self.status.setCurrentIndex(self.status.findData(goal.status.value))

    def typed(self) -> tuple[str, ...]:
        return (
            self.text.text(),
            self.term.currentText(),
            self.target_date.text(),
            self.instrument.currentText(),
            self.side.currentText(),
            self.target.text(),
            self.status.currentText(),
        )

    def goal(self) -> Goal | str:
        """The goal as typed, or everything wrong with it that the row can see (the core
        checks the rest)."""
        problems: list[str] = []
        if not self.text.text().strip():
            problems.append("say what the goal is, in words")
        by: date | None = None
        if self.target_date.text().strip():
            parsed = parse_date(self.target_date.text()[:40])
            if isinstance(parsed, str):
                problems.append(f"the target date: {parsed}")
            else:
                by = parsed
        target: float | None = None
        if self.target.text().strip():
            try:
                target = float(self.target.text().replace(",", "."))
            except ValueError:
                problems.append(f"the target {self.target.text().strip()[:20]!r} is not a number")
        instrument = self.instrument.currentData() or None
        if self.target.text().strip() and instrument is None:
            problems.append("a target value needs a measure: choose one, or clear the target")
        if problems:
            return "; ".join(problems)
        return Goal(
            text=self.text.text(),
            term=Term(self.term.currentData()),
            target_date=by,
            instrument=instrument,
            side=str(self.side.currentData()),
            target=target,
            status=GoalStatus(self.status.currentData()),
        )


class GoalsEditor(QWidget):
    """Add and remove goal rows. No signals; ``rows`` are the goals shown."""

    def __init__(self, goals: tuple[Goal, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[GoalRow] = []
        self._rows = QVBoxLayout()
        self._rows.setSpacing(4)
        self.add_button = QPushButton("Add a &goal")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows)
        layout.addWidget(self.error)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        for goal in goals:
            self.add(goal)

    def add(self, goal: Goal | None = None) -> GoalRow:
        row = GoalRow(goal)
        row.remove_requested.connect(lambda: self.remove(row))
        self.rows.append(row)
        self._rows.addWidget(row)
        row.show()  # at once, not on the next turn of the event loop (it may be saved now)
        return row

    def remove(self, row: GoalRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        following = self.rows[min(index, len(self.rows) - 1)] if self.rows else None
        (following.text if following is not None else self.add_button).setFocus()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.add().text.setFocus()

    def typed(self) -> tuple[tuple[str, ...], ...]:
        return tuple(row.typed() for row in self.rows)

    def parsed(self) -> list[tuple[GoalRow, Goal | str]]:
        """Each goal typed (rows left empty are skipped): the goal, or what is wrong with it."""
        return [
            (row, row.goal())
            for row in self.rows
            if any(row.typed()[i] for i in (0, 2, 5))  # something typed in it
        ]

    def show_problems(self, by_row: dict[GoalRow, str], whole: str | None = None) -> None:
        """Each row's problem under it (the others cleared); ``whole``: one about the goals as
        a whole (too many), below them."""
        for row in self.rows:
            show_error(row.error, said(by_row[row]) if row in by_row else None)
        show_error(self.error, said(whole) if whole else None)
