"""Rules that hold for every input: a mean stays within its trials, a prorated sum is the mean
item times the item count, direction flips when baseline and latest swap, the threshold
counts exactly, and nothing that is not a number in range gets in."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from artdesk.measures import (
    INSTRUMENTS,
    Change,
    ChangeKind,
    Code,
    Instrument,
    Item,
    Scoring,
    ScoringError,
    Verdict,
)

ALL = sorted(INSTRUMENTS.values(), key=lambda i: i.code)
IDS = [i.code for i in ALL]
PPT = INSTRUMENTS[Code.PPT]
PSFS = INSTRUMENTS[Code.PSFS]

# A fixed-item questionnaire made for these tests (none ships: LEFS is not cleared, see
# docs/measures.md): 20 items 0–4, scored when at most 4 are missing.
TWENTY = Instrument(
    "TEST20",
    "Twenty-item test scale",
    "",
    0,
    4,
    whole_numbers=True,
    higher_is_worse=False,
    sided=False,
    licence="test only",
    source="test only",
    scoring=Scoring.SUM_OF_ITEMS,
    items=tuple(Item(f"i{n}", f"item {n}") for n in range(20)),
    max_entries=20,
    min_entries=16,
    missing_rule="prorated when up to 4 items are missing",
)


def in_range(spec: Instrument) -> st.SearchStrategy[float]:
    if spec.whole_numbers:
        return st.integers(int(spec.low), int(spec.high)).map(float)
    return st.floats(spec.low, spec.high, allow_nan=False, allow_infinity=False)


@given(st.lists(st.floats(0, 20, allow_nan=False), min_size=1, max_size=3))
def test_a_mean_of_trials_stays_within_its_trials(trials: list[float]) -> None:
    scored = PPT.score(trials)
    assert min(trials) <= scored.value <= max(trials)
    assert scored.used == len(trials) and scored.missing == 0


@given(st.lists(st.integers(0, 10).map(float), min_size=1, max_size=5))
def test_a_mean_of_activities_stays_within_them(ratings: list[float]) -> None:
    assert min(ratings) <= PSFS.score(ratings).value <= max(ratings)


def test_the_mean_is_clamped_when_rounding_would_leave_the_trials() -> None:
    assert PPT.score([3.001, 3.002]).value == pytest.approx(3.001)


@given(
    st.lists(st.integers(0, 4).map(float), min_size=20, max_size=20),
    st.sets(st.integers(0, 19), max_size=4),
)
def test_a_prorated_sum_is_the_mean_item_times_the_item_count(
    answers: list[float], missing: set[int]
) -> None:
    entries: list[float | None] = [None if n in missing else a for n, a in enumerate(answers)]
    given_ = [a for a in entries if a is not None]
    scored = TWENTY.score(entries)
    assert scored.value == pytest.approx(sum(given_) / len(given_) * 20, abs=0.005)
    assert (scored.used, scored.missing) == (20 - len(missing), len(missing))
    assert ("prorated" in scored.rule) == bool(missing)


@given(st.sets(st.integers(0, 19), min_size=5, max_size=20))
def test_too_many_missing_items_cannot_be_scored(missing: set[int]) -> None:
    entries = [None if n in missing else 2.0 for n in range(20)]
    with pytest.raises(ScoringError, match="too many to score"):
        TWENTY.score(entries)


@pytest.mark.parametrize("spec", ALL, ids=IDS)
@given(data=st.data())
def test_swapping_baseline_and_latest_flips_the_direction(
    spec: Instrument, data: st.DataObject
) -> None:
    a, b = data.draw(in_range(spec)), data.draw(in_range(spec))
    forward, back = spec.assess(a, b), spec.assess(b, a)
    assert forward.delta == pytest.approx(-back.delta, abs=0.011)
    if abs(b - a) < 1e-9:  # the same reading: no direction
        assert forward.better is None and back.better is None
    else:
        assert forward.better is (not back.better)
    if spec.change is None:
        assert forward.verdict is back.verdict is Verdict.NOT_JUDGED
    elif spec.change.percent is None:  # points alone: the same size of change both ways
        opposite = {
            Verdict.IMPROVED: Verdict.WORSE,
            Verdict.WORSE: Verdict.IMPROVED,
            Verdict.NO_CHANGE_THAT_MATTERS: Verdict.NO_CHANGE_THAT_MATTERS,
        }
        assert back.verdict is opposite[forward.verdict]


@pytest.mark.parametrize("code", [Code.KTW, Code.PSFS])
@given(data=st.data())
def test_a_change_exactly_at_the_threshold_counts_and_just_under_does_not(
    code: Code, data: st.DataObject
) -> None:
    spec = INSTRUMENTS[code]
    assert spec.change is not None and spec.change.points is not None
    step = spec.change.points
    baseline = data.draw(st.floats(spec.low, spec.high - step, allow_nan=False))
    better = spec.assess(baseline, baseline + step)  # higher is better for both
    assert better.verdict is Verdict.IMPROVED
    assert spec.assess(baseline + step, baseline).verdict is Verdict.WORSE
    under = spec.assess(baseline, baseline + step - 0.01)
    assert under.verdict is Verdict.NO_CHANGE_THAT_MATTERS


@given(st.integers(0, 10), st.integers(0, 10))
def test_nprs_is_judged_by_two_points_or_thirty_percent(baseline: int, latest: int) -> None:
    spec = INSTRUMENTS[Code.NPRS]
    change = abs(latest - baseline)
    relative = change / baseline * 100 if baseline else 0.0
    judged = spec.assess(baseline, latest).verdict is not Verdict.NO_CHANGE_THAT_MATTERS
    assert judged == (change >= 2 or (baseline > 0 and relative >= 30 - 1e-9))


def test_a_percent_threshold_counts_exactly_too() -> None:
    spec = INSTRUMENTS[Code.VAS]  # 15 mm or 30 %
    assert spec.assess(40, 28).verdict is Verdict.IMPROVED  # 12 mm = 30 %
    assert spec.assess(40, 28.5).verdict is Verdict.NO_CHANGE_THAT_MATTERS  # 28.75 %


NOT_NUMBERS = [math.nan, math.inf, -math.inf, True, False, "5", None]


@pytest.mark.parametrize("spec", ALL, ids=IDS)
@pytest.mark.parametrize("value", NOT_NUMBERS, ids=repr)
def test_check_refuses_what_is_not_a_number(spec: Instrument, value: object) -> None:
    assert spec.check(value) is not None  # type: ignore[arg-type]
    with pytest.raises(ScoringError):
        spec.score([value])  # type: ignore[list-item]


@pytest.mark.parametrize("spec", ALL, ids=IDS)
@given(data=st.data())
def test_check_refuses_out_of_range_and_accepts_in_range(
    spec: Instrument, data: st.DataObject
) -> None:
    inside = data.draw(in_range(spec))
    assert spec.check(inside) is None
    above = data.draw(st.floats(min_value=spec.high, exclude_min=True, allow_infinity=False))
    below = data.draw(st.floats(max_value=spec.low, exclude_max=True, allow_infinity=False))
    assert spec.check(above) is not None and spec.check(below) is not None
    with pytest.raises(ScoringError):
        spec.score([above])


@pytest.mark.parametrize("spec", ALL, ids=IDS)
def test_too_many_or_too_few_entries_cannot_be_scored(spec: Instrument) -> None:
    value = float(spec.low)
    with pytest.raises(ScoringError, match="at most"):
        spec.score([value] * (spec.max_entries + 1))
    with pytest.raises(ScoringError, match="at least"):
        spec.score([None] * spec.max_entries)
    with pytest.raises(ScoringError):
        spec.score([])


def test_a_threshold_has_a_kind_and_a_source() -> None:
    for spec in ALL:
        if spec.change is not None:
            assert spec.change.kind in ChangeKind and spec.change.source and spec.change.cite
            assert spec.change.points is not None or spec.change.percent is not None
    assert Change(ChangeKind.MDC, "x", points=1).text() == "MDC 1 points (x)"
