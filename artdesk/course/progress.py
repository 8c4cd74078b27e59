"""Progress over an episode of care, as plain data: every measure's readings in date order,
its baseline and latest, the change over the COURSE judged against the change that matters
(never within one visit), the goals met or not, visits attended against planned, and the
treatment given. The window's progress charts, the wrap-up's "today against baseline" and
the progress report all read this (:func:`artdesk.visit.course.progress` makes it).

Baseline: the instrument's first reading in the episode (the one taken before treatment at
the first visit it was taken, when there is one). Latest: its last reading (after treatment
at the last visit, when taken then).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from artdesk.course.model import Episode, Goal, GoalStatus
from artdesk.measures import Assessment, Instrument, Timing


@dataclass(frozen=True, slots=True)
class Reading:
    visit_id: int
    number: int  # the visit's number in the episode (1 = first)
    when: datetime  # recorded at (UTC)
    timing: Timing
    value: float
    entries: tuple[float | None, ...] = ()  # trials / activity ratings it was scored from
    labels: tuple[str, ...] = ()  # PSFS: the patient's activities, aligned with entries
    rule: str = ""  # how it was scored ("mean of 3 trials")


@dataclass(frozen=True, slots=True)
class GoalProgress:
    goal: Goal
    status: GoalStatus  # from the latest reading when the goal names a target, else as set
    latest: float | None = None  # the latest reading of the goal's instrument and side


@dataclass(frozen=True, slots=True)
class Series:
    """One instrument on one side at one site, over the episode."""

    instrument: Instrument
    side: str  # MeasureSide value
    site: str
    readings: tuple[Reading, ...]  # oldest first
    baseline: Reading | None
    latest: Reading | None
    assessment: Assessment | None  # baseline → latest (None with fewer than two readings)
    goals: tuple[GoalProgress, ...] = ()

    @property
    def label(self) -> str:
        """'Pressure pain threshold — left, gluteus medius trigger point'."""
        where = [w for w in ((self.side if self.side != "none" else ""), self.site) if w]
        return self.instrument.name + (f" — {', '.join(where)}" if where else "")


@dataclass(frozen=True, slots=True)
class TreatedStructure:
    """One structure on one side as treated over the episode."""

    name: str
    side: str
    visits: int  # visits it was treated at
    passes: int  # passes completed in all


@dataclass(frozen=True, slots=True)
class VisitLine:
    visit_id: int
    number: int
    when: datetime
    clinician: str
    signed: bool
    treated: tuple[str, ...]  # "Gluteus medius (left): 4/4 passes" — treated structures only
    treated_seconds: float
    units: int
    pain_before: float | None
    pain_after: float | None
    referral: bool = False
    # the scale of pain_before/after when the NPRS was not taken and the course scores pain
    # another way: "VAS" (0–100 mm) or "VRS" (0–3, the verbal rating); "" for the NPRS
    pain_scale: str = ""


@dataclass(frozen=True, slots=True)
class PlanNote:
    """The clinician's own Plan, as signed at the episode's last visit that has one."""

    visit_id: int
    number: int  # the visit's number in the episode
    when: datetime  # the visit's start (UTC)
    clinician: str
    text: str
    amended: bool = False  # the visit has amendments since it was signed


@dataclass(frozen=True, slots=True)
class Progress:
    patient_id: int
    patient_name: str
    patient_birth: date
    episode: Episode
    visits: tuple[VisitLine, ...]  # oldest first, voided visits left out
    series: tuple[Series, ...]
    goals: tuple[GoalProgress, ...]
    structures: tuple[TreatedStructure, ...]
    next_visit: date | None
    plan_note: PlanNote | None = None  # read with the treatment given (the report), else None

    @property
    def attended(self) -> int:
        return len(self.visits)

    @property
    def planned(self) -> int | None:
        return self.episode.planned

    @property
    def treated_seconds(self) -> float:
        return sum(v.treated_seconds for v in self.visits)

    @property
    def units(self) -> int:
        return sum(v.units for v in self.visits)

    def attendance(self) -> str:
        """'6 of 6 planned visits' / '4 visits (no plan set)'."""
        if self.planned:
            return f"{self.attended} of {self.planned} planned visits"
        return f"{self.attended} visit{'s' if self.attended != 1 else ''} (no plan set)"
