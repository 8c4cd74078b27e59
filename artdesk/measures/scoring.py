"""Scoring per source, and the change over a course judged against the change that matters."""

from __future__ import annotations

from collections.abc import Sequence

from artdesk.measures.model import (
    Assessment,
    Instrument,
    Score,
    Scoring,
    ScoringError,
    Verdict,
)

_EPS = 1e-9


def _round(value: float) -> float:
    return round(value, 2)


def score(instrument: Instrument, entries: Sequence[float | None]) -> Score:
    if len(entries) > instrument.max_entries:
        raise ScoringError(
            f"{instrument.name} takes at most {instrument.max_entries} "
            f"{'trials' if instrument.scoring is Scoring.MEAN_OF_TRIALS else 'entries'}"
        )
    given = [e for e in entries if e is not None]
    for value in given:
        problem = instrument.check(value)
        if problem:
            raise ScoringError(problem)
    missing = len(entries) - len(given)
    if instrument.scoring is Scoring.SUM_OF_ITEMS:
        return _sum_of_items(instrument, entries, given)
    if len(given) < instrument.min_entries:
        raise ScoringError(
            f"{instrument.name} needs at least {instrument.min_entries} "
            f"{'value' if instrument.min_entries == 1 else 'values'}"
        )
    if instrument.scoring is Scoring.SINGLE:
        return Score(float(given[0]), 1, missing, "single value")
    # rounded to 2 places but never outside the trials' own range (3.001, 3.002 → 3.0 is not)
    mean = min(max(_round(sum(given) / len(given)), min(given)), max(given))
    if instrument.scoring is Scoring.MEAN_OF_TRIALS:
        rule = "one trial" if len(given) == 1 else f"mean of {len(given)} trials"
        return Score(mean, len(given), missing, rule)
    rule = "one activity" if len(given) == 1 else f"mean of {len(given)} activities"
    return Score(mean, len(given), missing, rule)


def _sum_of_items(
    instrument: Instrument, entries: Sequence[float | None], given: list[float]
) -> Score:
    items = len(instrument.items) or instrument.max_entries
    if len(entries) != items:
        raise ScoringError(f"{instrument.name} has {items} items; {len(entries)} given")
    missing = items - len(given)
    if len(given) < instrument.min_entries:
        raise ScoringError(
            f"{instrument.name}: {missing} of {items} items missing — too many to score "
            f"({instrument.missing_rule})"
        )
    total = sum(given)
    if missing:
        total = total * items / len(given)  # prorated: the mean item score over every item
        rule = f"sum of {len(given)} items, prorated for {missing} missing"
    else:
        rule = f"sum of {items} items"
    return Score(_round(total), len(given), missing, rule)


def assess(
    instrument: Instrument, baseline: float, latest: float, *, item: bool = False
) -> Assessment:
    """Baseline → latest against the instrument's change that matters: at least ``points``
    (or, for one item, ``item_points``) or ``percent`` of the baseline, in either direction;
    a change exactly at the threshold counts. No threshold: not judged."""
    delta = latest - baseline
    percent = None if abs(baseline) < _EPS else delta / abs(baseline) * 100
    if abs(delta) < _EPS:
        better: bool | None = None
    else:
        better = (delta < 0) if instrument.higher_is_worse else (delta > 0)
    change = instrument.change
    points = None if change is None else (change.item_points if item else change.points)
    if change is None or (item and points is None):
        verdict = Verdict.NOT_JUDGED
    else:
        enough = False
        if points is not None and abs(delta) + _EPS >= points:
            enough = True
        if change.percent is not None and percent is not None:
            enough = enough or abs(percent) + _EPS >= change.percent
        if not enough or better is None:
            verdict = Verdict.NO_CHANGE_THAT_MATTERS
        else:
            verdict = Verdict.IMPROVED if better else Verdict.WORSE
    return Assessment(
        baseline=baseline,
        latest=latest,
        delta=_round(delta),
        percent=None if percent is None else _round(percent),
        verdict=verdict,
        better=better,
    )
