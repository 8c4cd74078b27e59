"""How a measure reads on paper, said once for every document: amounts with their unit, a
change over the course with its sign and percent, the verdict against the instrument's change
that matters (named, with its source), a goal's target, a measurement as recorded at a visit
(trials, activities, site, side) — never an instrument's code alone (DOMAIN.md §7 item 24)."""

from __future__ import annotations

from collections.abc import Sequence

from artdesk.course import GoalProgress, GoalStatus, Series
from artdesk.measures import INSTRUMENTS, Timing, Verdict
from artdesk.store.records import MeasurementRecord

VERDICT_WORDS = {
    Verdict.IMPROVED: "Improved by at least the change that matters",
    Verdict.WORSE: "Worse by at least the change that matters",
    Verdict.NO_CHANGE_THAT_MATTERS: "Less than the change that matters",
    Verdict.NOT_JUDGED: "Not judged: no published threshold for this measure",
}
GOAL_WORDS = {GoalStatus.MET: "met", GoalStatus.NOT_MET: "not met", GoalStatus.OPEN: "open"}


def amount(value: float, unit: str) -> str:
    """'62 mm', '4.3 kg/cm²', '38°', '6' (points: no unit)."""
    text = f"{value:g}"
    if not unit:
        return text
    return text + unit if unit == "°" else f"{text} {unit}"


def signed_amount(value: float, unit: str) -> str:
    """'−37 mm', '+1.2 kg/cm²', '−3 points', '0 points'."""
    sign = "−" if value < 0 else "+" if value > 0 else ""
    return sign + (amount(abs(value), unit) if unit else f"{abs(value):g} points")


def change_text(series: Series) -> str:
    """'−38 mm (−61 %), better' over the course; '' with one reading."""
    a = series.assessment
    if a is None:
        return "one reading only"
    unit = series.instrument.unit
    percent = ""
    if a.percent is not None:
        sign = "−" if a.percent < 0 else "+" if a.percent > 0 else ""
        percent = f" ({sign}{abs(a.percent):.0f}\u00a0%)"  # never "(−62" and "%)" on two lines
    way = {True: "better", False: "worse", None: "no change"}[a.better]
    return f"{signed_amount(a.delta, unit)}{percent}, {way}"


def verdict_text(series: Series) -> str:
    """The verdict over the course, with the change and the threshold it is judged against
    (named, with its source)."""
    a = series.assessment
    spec = series.instrument
    if a is None:
        return "Not judged yet: only one reading so far."
    change = change_text(series)
    if spec.change is None or a.verdict is Verdict.NOT_JUDGED:
        return (
            f"Not judged: {change}. No published threshold for the change that matters in "
            f"{spec.name[:1].lower()}{spec.name[1:]}, so the change is shown, not judged."
        )
    return f"{VERDICT_WORDS[a.verdict]}: {change}, against {spec.change.text(spec.unit)}."


def goal_target(goal_progress: GoalProgress) -> str:
    """'Visual analogue scale for pain ≤ 30 mm' for a goal with a target, else ''."""
    goal = goal_progress.goal
    spec = INSTRUMENTS.get(goal.instrument or "")
    if spec is None or goal.target is None:
        return ""
    side = f", {goal.side}" if goal.side not in ("", "none") else ""
    way = "≤" if spec.higher_is_worse else "≥"
    return f"{spec.name}{side} {way} {amount(goal.target, spec.unit)}"


def short_verdict(series: Series) -> str:
    a = series.assessment
    if a is None:
        return "one reading only"
    if a.verdict is Verdict.NOT_JUDGED:
        return "not judged (no published threshold)"
    change = series.instrument.change
    threshold = f" ({change.kind.value})" if change else ""
    return {
        Verdict.IMPROVED: "improved",
        Verdict.WORSE: "WORSE",
        Verdict.NO_CHANGE_THAT_MATTERS: "less than the change that matters",
    }[a.verdict] + threshold


def activities(series: Series) -> str:
    """PSFS: each activity the patient named, baseline → latest."""
    first, last = series.baseline, series.latest
    if first is None or last is None or not first.labels:
        return ""
    pairs = []
    for n, label in enumerate(first.labels):
        was = first.entries[n] if n < len(first.entries) else None
        now = last.entries[n] if n < len(last.entries) and last.labels == first.labels else None
        pairs.append(f"{label} {num(was)} → {num(now)}")
    return "Activities (0–10): " + "; ".join(pairs)


def value_text(code: str, value: float, unit: str = "") -> str:
    """A reading with its scale: pain '6/10', a verbal rating '1/3 (mild)', '9.5 cm', '38°'."""
    spec = INSTRUMENTS.get(code)
    if spec is None:
        return amount(value, unit)
    if spec.unit:
        return amount(value, spec.unit)
    text = f"{value:g}/{spec.high:g}" if spec.low == 0 else f"{value:+g}"
    label = spec.labels.get(value) if spec.whole_numbers else None
    return text + (f" ({label})" if label else "")


def measurement_text(m: MeasurementRecord) -> tuple[str, str]:
    """(what, reading) for a measurement as recorded at a visit: ('Pressure pain threshold
    (0–20 kg/cm²; 20 = best, 0 = worst), left, at the gluteus medius trigger point', '3.2
    kg/cm² — trials 3, 3.2, 3.4; mean of 3 trials'). Plain text: escape it for markup."""
    spec = INSTRUMENTS.get(m.instrument)
    name = f"{spec.name} ({spec.scale})" if spec else m.instrument
    where = [str(m.side)] if str(m.side) != "none" else []
    if m.site:
        where.append(f"at {m.site}")
    what = ", ".join([name, *where])
    reading = value_text(m.instrument, m.value, m.unit)
    given = list(m.entries)
    if m.labels:
        rated = [
            f"{label} {num(given[n] if n < len(given) else None)}"
            for n, label in enumerate(m.labels)
        ]
        reading += " — " + "; ".join(rated)
    elif len(given) > 1:
        reading += " — trials " + ", ".join(num(e) for e in given)
    if m.rule and m.rule != "single value":
        reading += f" ({m.rule})"
    return what, reading


def goal_latest(goal_progress: GoalProgress, series: Sequence[Series]) -> str:
    """'latest before treatment 6/10': the reading a goal is judged on (the state the patient
    arrives in when a reading before treatment was taken), '' when there is none."""
    goal = goal_progress.goal
    if goal_progress.latest is None or not goal.instrument:
        return ""
    before = any(
        r.timing is Timing.BEFORE
        for s in series
        if s.instrument.code == goal.instrument and s.side == goal.side
        for r in s.readings
    )
    reading = value_text(goal.instrument, goal_progress.latest)
    return f"latest before treatment {reading}" if before else f"latest {reading}"


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
