"""What an outcome instrument is, as data: its items, range, scoring rule, the rule for
missing items, which way is better, the change that matters and where that figure comes from,
and its licence. The instruments themselves are :mod:`artdesk.measures.instruments`."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Timing(StrEnum):
    """When a measure was taken, relative to the treatment."""

    BEFORE = "before"
    AFTER = "after"


class MeasureSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


class Scoring(StrEnum):
    """How an instrument's entries make its score."""

    SINGLE = "single"  # one value is the score
    MEAN_OF_TRIALS = "mean_of_trials"  # repeated trials of one test (PPT): their mean
    MEAN_OF_ITEMS = "mean_of_items"  # patient-named activities (PSFS): their mean
    SUM_OF_ITEMS = "sum_of_items"  # fixed items (LEFS): their sum, prorated per the source


class ChangeKind(StrEnum):
    MCID = "MCID"  # minimal clinically important difference: a change the patient feels
    MDC = "MDC"  # minimal detectable change: beyond the test's own measurement error


class Verdict(StrEnum):
    IMPROVED = "improved"  # better by at least the change that matters
    WORSE = "worse"  # worse by at least the change that matters
    NO_CHANGE_THAT_MATTERS = "no_change_that_matters"  # moved less than that
    NOT_JUDGED = "not_judged"  # the instrument has no published threshold: change shown only


@dataclass(frozen=True, slots=True)
class Change:
    """The change that matters over a COURSE (not within one visit, DOMAIN.md §7 item 23):
    ``points`` in the instrument's unit, and/or ``percent`` of the baseline — either met is
    enough when both are given (as Farrar 2001 gives NPRS: 2 points or 30 %)."""

    kind: ChangeKind
    source: str  # the citation the figure is from
    points: float | None = None
    percent: float | None = None
    item_points: float | None = None  # for one item alone (PSFS: one activity, 3 points)
    cite: str = ""  # the source in short, as a sentence names it ("Farrar et al. 2001")

    def text(self, unit: str = "") -> str:
        parts = []
        if self.points is not None:
            parts.append(f"{self.points:g}{(' ' + unit) if unit else ' points'}")
        if self.percent is not None:
            parts.append(f"{self.percent:g} %")
        return f"{self.kind.value} {' or '.join(parts)} ({self.cite or self.source})"


@dataclass(frozen=True, slots=True)
class Item:
    """One fixed item of a questionnaire (``text`` exactly as its source words it)."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Score:
    """A score worked out from its entries, with what was missing and the rule used (both
    stored with the measurement, DOMAIN.md §4)."""

    value: float
    used: int  # entries that counted
    missing: int  # entries left empty
    rule: str  # in words: "mean of 3 trials", "sum of 19 items, prorated for 1 missing"


class ScoringError(ValueError):
    """The entries cannot be scored (too many missing, out of range…): the message says why."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """A change over a course, judged against the instrument's change that matters."""

    baseline: float
    latest: float
    delta: float  # latest − baseline, in the unit
    percent: float | None  # of the baseline; None when the baseline is 0
    verdict: Verdict
    better: bool | None  # the direction alone (None: no change at all)


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
    name: str  # the instrument's name in words, as papers print it ("Numeric pain rating scale")
    unit: str  # "" for points, "mm", "°", "cm", "kg/cm²"
    low: float
    high: float
    whole_numbers: bool
    higher_is_worse: bool
    sided: bool  # taken left and right separately
    licence: str  # in words: "free to use", "free; cite Stratford 1995", …
    source: str  # where the instrument and its scoring are described
    scoring: Scoring = Scoring.SINGLE
    change: Change | None = None  # None: no published threshold, so the change is not judged
    items: tuple[Item, ...] = ()  # fixed items (SUM_OF_ITEMS); PSFS items are the patient's own
    max_entries: int = 1  # trials or activities that may be entered
    min_entries: int = 1  # fewer than this cannot be scored
    missing_rule: str = ""  # in words, as the source states it
    labels: Mapping[float, str] = field(default_factory=dict)  # anchors: {0: "no pain", …}
    site: bool = False  # asks where it was taken (PPT: which point)
    before_after: bool = True  # taken before and after a treatment (a GROC is asked once)
    short: str = ""  # the abbreviation, only ever printed after the name

    @property
    def scale(self) -> str:
        """The range with its anchors, as every paper prints a value's scale: '0–10, 10 = worst'."""
        low, high = f"{self.low:g}", f"{self.high:g}"
        worst = high if self.higher_is_worse else low
        best = low if self.higher_is_worse else high
        unit = f" {self.unit}" if self.unit else ""
        return f"{low}–{high}{unit}; {best} = best, {worst} = worst"

    def check(self, value: float) -> str | None:
        """A clear problem with one ``value`` (a score or an entry), or None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.name} must be a number"
        if math.isnan(value) or math.isinf(value):
            return f"{self.name} must be a number"
        if self.whole_numbers and value != int(value):
            return f"{self.name} is a whole number {self.low:g}–{self.high:g}"
        if not self.low <= value <= self.high:
            return f"{self.name} must be {self.low:g}–{self.high:g} {self.unit}".rstrip()
        return None

    def score(self, entries: Sequence[float | None]) -> Score:
        """The score of ``entries`` (trials or items in order; None = left empty) by the
        instrument's rule; ScoringError says why it cannot be scored."""
        from artdesk.measures.scoring import score

        return score(self, entries)

    def assess(self, baseline: float, latest: float, *, item: bool = False) -> Assessment:
        """Baseline → latest against the change that matters (over a course); ``item``: one
        item's ratings (a PSFS activity), judged by the single-item threshold."""
        from artdesk.measures.scoring import assess

        return assess(self, baseline, latest, item=item)
