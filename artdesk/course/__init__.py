"""Courses of care: episodes (complaint, diagnosis, goals, plan, status), the shipped ICD-10
list, course templates, and progress over an episode. Plain data and rules; no Qt, no SQL."""

from __future__ import annotations

from artdesk.course.model import (
    CarePlan,
    CourseMeasure,
    Episode,
    EpisodeData,
    EpisodeStatus,
    Goal,
    GoalStatus,
    Term,
)
from artdesk.course.progress import (
    GoalProgress,
    PlanNote,
    Progress,
    Reading,
    Series,
    TreatedStructure,
    VisitLine,
)

__all__ = [
    "CarePlan",
    "CourseMeasure",
    "Episode",
    "EpisodeData",
    "EpisodeStatus",
    "Goal",
    "GoalProgress",
    "GoalStatus",
    "PlanNote",
    "Progress",
    "Reading",
    "Series",
    "Term",
    "TreatedStructure",
    "VisitLine",
]
