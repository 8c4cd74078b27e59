"""A course of care as plain data: the episode (complaint, diagnosis, goals, plan, status),
and what it asks of each visit. Storage is :mod:`artdesk.store.episodes`; the progress over
an episode is :mod:`artdesk.course.progress`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class EpisodeStatus(StrEnum):
    ACTIVE = "active"
    DISCHARGED = "discharged"


class Term(StrEnum):
    SHORT = "short"
    LONG = "long"


class GoalStatus(StrEnum):
    """A goal's state: judged from its measure when it names one, else by the clinician."""

    OPEN = "open"
    MET = "met"
    NOT_MET = "not_met"


@dataclass(frozen=True, slots=True)
class Goal:
    """A measurable goal: in words, and (optionally) as a target on one instrument and side,
    so progress can say met or not met from the readings."""

    text: str
    term: Term = Term.SHORT
    target_date: date | None = None
    instrument: str | None = None  # a measures code, e.g. "VAS"
    side: str = "none"  # MeasureSide value
    target: float | None = None  # reached when the latest reading is at least as good
    status: GoalStatus = GoalStatus.OPEN  # the clinician's judgement (a goal with no target)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "term": self.term.value,
            "target_date": self.target_date.isoformat() if self.target_date else None,
            "instrument": self.instrument,
            "side": self.side,
            "target": self.target,
            "status": self.status.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        target_date = data.get("target_date")
        target = data.get("target")
        return cls(
            text=str(data.get("text", "")),
            term=Term(data.get("term", "short")),
            target_date=date.fromisoformat(target_date) if target_date else None,
            instrument=data.get("instrument") or None,
            side=str(data.get("side") or "none"),
            target=float(target) if target is not None else None,
            status=GoalStatus(data.get("status", "open")),
        )


@dataclass(frozen=True, slots=True)
class CarePlan:
    """The plan: visits per week × weeks, or a visit count (either; the count wins)."""

    visits_per_week: int | None = None
    weeks: int | None = None
    visits: int | None = None

    @property
    def planned(self) -> int | None:
        """Visits planned in all, or None when there is no plan yet."""
        if self.visits:
            return self.visits
        if self.visits_per_week and self.weeks:
            return self.visits_per_week * self.weeks
        return None

    def text(self) -> str:
        if self.visits_per_week and self.weeks and not self.visits:
            total = self.visits_per_week * self.weeks
            return f"{self.visits_per_week}× a week for {self.weeks} weeks ({total} visits)"
        if self.visits:
            return f"{self.visits} visits"
        if self.weeks:
            return f"{self.weeks} weeks (visits a week not set)"
        if self.visits_per_week:
            return f"{self.visits_per_week}× a week (weeks not set)"
        return "no plan set"


@dataclass(frozen=True, slots=True)
class CourseMeasure:
    """An instrument a course records at each visit: when, on which side, at which site."""

    instrument: str
    before: bool = True
    after: bool = True
    sides: tuple[str, ...] = ("none",)  # MeasureSide values; ("left", "right") for both
    site: str = ""


@dataclass(frozen=True, slots=True)
class EpisodeData:
    """What a clinician enters for an episode (new or changed)."""

    complaint: str
    diagnosis_code: str = ""  # ICD-10-CM, e.g. "M76.89"
    diagnosis_text: str = ""
    injury_date: date | None = None
    mechanism: str = ""
    goals: tuple[Goal, ...] = ()
    plan: CarePlan = field(default_factory=CarePlan)
    reeval_date: date | None = None
    course: str = ""  # the course template it follows (id), if any
    measures: tuple[CourseMeasure, ...] = ()  # what each visit records (from the course)
    protocols: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (protocol, side, structures)
    psfs_activities: tuple[str, ...] = ()  # named by the patient at the first visit, kept


@dataclass(frozen=True, slots=True)
class Episode(EpisodeData):
    """A stored episode of care."""

    id: int = 0
    patient_id: int = 0
    opened_at: datetime | None = None
    opened_by: str = ""
    status: EpisodeStatus = EpisodeStatus.ACTIVE
    discharged_at: datetime | None = None
    discharge_summary: str = ""
    visits_attended: int = 0  # signed or live, voided left out

    @property
    def active(self) -> bool:
        return self.status is EpisodeStatus.ACTIVE

    @property
    def planned(self) -> int | None:
        return self.plan.planned

    def visit_of(self, number: int | None) -> str:
        """'visit 3 of 6' (or 'visit 3' with no plan)."""
        if not number:
            return ""
        if not self.planned:
            return f"visit {number}"
        if number > self.planned:  # past the plan: said, never "visit 9 of 8"
            return f"visit {number} (plan of {self.planned} complete)"
        return f"visit {number} of {self.planned}"

    @property
    def diagnosis(self) -> str:
        if self.diagnosis_code and self.diagnosis_text:
            return f"{self.diagnosis_code} {self.diagnosis_text}"
        return self.diagnosis_code or self.diagnosis_text


def _quoted(words: str, limit: int = 60) -> str:
    """'“low back pain after a…”': one line, cut at a word when long."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return f"“{words}”"
    cut = words[: limit - 1]
    return f"“{cut.rsplit(' ', 1)[0] if ' ' in cut else cut}…”"


def superseded_summary(new_id: int, complaint: str, day: date, *, reopened: bool = False) -> str:
    """The discharge summary of an episode closed because another became the patient's active
    one: the reason and the date, kept with it (the patient has one active episode)."""
    how = "reopened" if reopened else "opened"
    return (
        f"Closed on {day.isoformat()} as superseded: episode {new_id} "
        f"({_quoted(complaint) if complaint.strip() else 'no complaint given'}) was {how} as the "
        "patient's course of care. Not a discharge on this episode's outcome: its visits, "
        "measures and goals are kept as they stood."
    )


def closing_notice(active: Episode, *, reopening: bool = False) -> str:
    """What the clinician is told before a new (or reopened) episode closes the active one."""
    opened = (
        f"opened {active.opened_at.astimezone().date().isoformat()}, " if active.opened_at else ""
    )
    attended = active.visits_attended
    visits = f"{attended} visit{'s' if attended != 1 else ''}"
    when = "this one is reopened" if reopening else "the new one opens"
    return (
        f"The active episode {_quoted(active.complaint)} ({opened}{visits}) will be closed as "
        f"superseded when {when}: discharged today with the reason, its visits and progress "
        "kept."
    )


def finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))
