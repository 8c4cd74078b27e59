"""The episode of care at the top of a patient's page: diagnosis, complaint, the plan and where
the course stands ("visit 3 of 6"), the re-evaluation date (flagged when due or overdue), the
goals met, not met or open, and the buttons that open, change, discharge, reopen and report.

Everything a person typed is shown as plain text: ``<b>&`` in a complaint is text, not markup.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from artdesk.course import Episode, GoalProgress, GoalStatus
from ui.style import BANNER_STYLE, STOP_BANNER_STYLE, error_label, show_error, sized

GOAL_MARK = {GoalStatus.MET: "✔ met", GoalStatus.NOT_MET: "✘ not met", GoalStatus.OPEN: "○ open"}
SOON_DAYS = 3  # a re-evaluation this close is flagged as coming up


def plain(points: float = 12, *, bold: bool = False) -> QLabel:
    label = sized(QLabel(), points, bold=bold)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def shortened(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters, cut at a word ('…' where it was cut)."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
    return cut + "…"


def reeval_flag(reeval: date | None, today: date) -> tuple[str, str]:
    """(words, how urgent: '' / 'soon' / 'due' / 'overdue') for a re-evaluation date."""
    if reeval is None:
        return "Re-evaluation: no date set", ""
    days = (reeval - today).days
    when = reeval.isoformat()
    if days < 0:
        late = f"{-days} day{'s' if days != -1 else ''}"
        return f"Re-evaluation OVERDUE: was due {when} ({late} ago)", "overdue"
    if days == 0:
        return f"Re-evaluation DUE TODAY ({when})", "due"
    if days <= SOON_DAYS:
        return f"Re-evaluation due {when} (in {days} day{'s' if days != 1 else ''})", "soon"
    return f"Re-evaluation {when}", ""


def where_the_course_stands(episode: Episode) -> str:
    """'visit 3 of 6 done · next: visit 4 of 6'; the plan complete said so."""
    done = episode.visits_attended
    planned = episode.planned
    if not episode.active:
        return f"{episode.visit_of(done) or 'no visits'} attended"
    if planned and done >= planned:
        return f"{episode.visit_of(done)} done: the plan is complete — re-evaluate or discharge"
    nxt = f"next: {episode.visit_of(done + 1)}"
    return f"{episode.visit_of(done)} done · {nxt}" if done else nxt


def episode_line(episode: Episode) -> str:
    """One line for the list of a patient's episodes."""
    opened = episode.opened_at.astimezone().date().isoformat() if episode.opened_at else ""
    state = "active" if episode.active else "discharged"
    if episode.discharged_at is not None:
        state += f" {episode.discharged_at.astimezone().date().isoformat()}"
    what = episode.diagnosis or shortened(episode.complaint, 80)
    visits = f"{episode.visits_attended} visit{'s' if episode.visits_attended != 1 else ''}"
    return f"Episode {episode.id} · opened {opened} · {state} · {what or '—'} · {visits}"


class EpisodeBox(QFrame):
    """Signals (intents; the wiring decides): ``new_requested()``, ``edit_requested()``,
    ``discharge_requested()``, ``reopen_requested()``, ``report_requested()``."""

    new_requested = Signal()
    edit_requested = Signal()
    discharge_requested = Signal()
    reopen_requested = Signal()
    report_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.episode: Episode | None = None
        self.heading = plain(11)
        self.heading.setStyleSheet("color: #444;")
        self.diagnosis = plain(15, bold=True)
        # never wider than the page, even on one line (compact): cut with '…' instead
        self.diagnosis.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.complaint = plain(12)
        self.plan = plain(12)
        self.reeval = plain(12)
        self.goals = plain(12)
        self.problem = error_label()
        self.new_button = QPushButton("&New episode…")
        self.edit_button = QPushButton("Edi&t episode…")
        self.discharge_button = QPushButton("Dis&charge…")
        self.reopen_button = QPushButton("Re&open")
        self.report_button = QPushButton("Progress &report…  (Ctrl+R)")
        self.new_button.setToolTip("Open a new episode of care (Ctrl+Shift+N)")
        self.edit_button.setToolTip("Change the complaint, diagnosis, goals, plan (Ctrl+Shift+E)")
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.discharge_button,
            self.reopen_button,
            self.report_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(2)
        for label in (self.heading, self.diagnosis, self.complaint, self.plan, self.reeval):
            text.addWidget(label)
        text.addWidget(self.problem)
        text.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(text, 3)
        body.addWidget(self.goals, 2, Qt.AlignmentFlag.AlignTop)  # beside: the page is short
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(body)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.discharge_button.clicked.connect(self.discharge_requested)
        self.reopen_button.clicked.connect(self.reopen_requested)
        self.report_button.clicked.connect(self.report_requested)
        self.show_episode(None, date.today())

    def show_episode(self, episode: Episode | None, today: date) -> None:
        """The episode (None: the patient has none yet), as of ``today``."""
        self.episode = episode
        show_error(self.problem, None)
        has = episode is not None
        for label in (self.plan, self.reeval):
            label.setVisible(has)
        for label in (self.complaint, self.goals):
            label.setVisible(has and not self.compact)
        self.edit_button.setEnabled(has)
        self.report_button.setEnabled(has)
        self.discharge_button.setVisible(episode is None or episode.active)
        self.discharge_button.setEnabled(has)
        self.reopen_button.setVisible(episode is not None and not episode.active)
        if episode is None:
            self.heading.setText("Episode of care")
            self._set_diagnosis("No episode of care yet — New episode… (Alt+N) opens one")
            self.urgency = ""
            self.reeval.setStyleSheet("")
            return
        opened = episode.opened_at.astimezone().date().isoformat() if episode.opened_at else ""
        if episode.active:
            state = f"active since {opened}"
        else:
            gone = episode.discharged_at.astimezone().date() if episode.discharged_at else None
            state = f"DISCHARGED {gone.isoformat() if gone else ''}".rstrip()
        self.heading.setText(f"Episode {episode.id} · {state} · opened by {episode.opened_by}")
        self._set_diagnosis(episode.diagnosis or "No diagnosis set yet")
        self.complaint.setText(f"Complaint: {shortened(episode.complaint)}")
        self.complaint.setToolTip(episode.complaint)
        self.plan.setText(f"Plan: {episode.plan.text()} · {where_the_course_stands(episode)}")
        words, urgency = reeval_flag(episode.reeval_date, today) if episode.active else ("", "")
        if not episode.active:
            words = f"Discharge summary: {shortened(episode.discharge_summary, 120)}"
            self.reeval.setToolTip(episode.discharge_summary)
        self.reeval.setText(words)
        self.reeval.setStyleSheet(
            {"overdue": STOP_BANNER_STYLE, "due": BANNER_STYLE, "soon": BANNER_STYLE}.get(
                urgency, ""
            )
        )
        self.urgency = urgency
        self.show_goals(tuple(GoalProgress(g, g.status) for g in episode.goals), judged=False)

    def show_goals(self, goals: tuple[GoalProgress, ...], *, judged: bool = True) -> None:
        """The goals with met / not met / open (``judged``: from the readings, as progress
        says; else the stored status, until progress is read)."""
        if not goals:
            self.goals.setText("Goals: none set yet")
            return
        lines = []
        for g in goals:
            target = g.goal.target is not None
            mark = GOAL_MARK[g.status] if judged or not target else "… judged from readings"
            term = "long term" if g.goal.term.value == "long" else "short term"
            by = f", by {g.goal.target_date.isoformat()}" if g.goal.target_date else ""
            now = (
                f"; latest {g.latest:g}, target {g.goal.target:g}"
                if judged and target and g.latest is not None
                else ""
            )
            lines.append(f"{mark} — {g.goal.text} ({term}{by}{now})")
        self.goals.setText("Goals:\n" + "\n".join(lines))

    def show_problem(self, message: str | None) -> None:
        show_error(self.problem, message)

    # --- compact, on a short screen while the charts are shown --------------------------------
    def set_compact(self, compact: bool) -> None:
        """Compact: the diagnosis on one line (cut with '…'), the plan and the re-evaluation,
        the buttons; the heading, complaint and goals (drawn as goal lines) out of the way."""
        self.compact = compact
        has = self.episode is not None
        self.heading.setVisible(not compact)
        self.complaint.setVisible(has and not compact)
        self.goals.setVisible(has and not compact)
        self.diagnosis.setWordWrap(not compact)
        self._set_diagnosis(self._diagnosis)

    def _set_diagnosis(self, text: str) -> None:
        self._diagnosis = text
        self.diagnosis.setToolTip(text)
        if not self.compact:
            self.diagnosis.setText(text)
            return
        width = max(self.width() - 24, 80)
        self.diagnosis.setText(
            self.diagnosis.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.compact:
            self._set_diagnosis(self._diagnosis)

    urgency = ""
    compact = False
    _diagnosis = ""
