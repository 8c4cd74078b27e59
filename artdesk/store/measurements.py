"""A measurement as typed (:class:`MeasurementData`) and the row it is stored as: checked
against its instrument, scored from its entries by the instrument's rule (a value that is not
its entries' score is refused), its site and the rule used kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from artdesk.measures import INSTRUMENTS, MeasureSide, ScoringError, Timing
from artdesk.store.errors import InvalidInput
from artdesk.store.models import Measurement
from artdesk.store.validate import text


@dataclass(frozen=True, slots=True)
class MeasurementData:
    instrument: str
    value: float
    timing: Timing | str
    side: MeasureSide | str = MeasureSide.NONE
    site: str = ""  # where it was taken (PPT: which point)
    entries: tuple[float | None, ...] = ()  # trials or item ratings; the store re-scores them
    labels: tuple[str, ...] = ()  # PSFS: the patient's activities, aligned with entries

    @classmethod
    def scored(
        cls,
        instrument: str,
        entries: Sequence[float | None],
        timing: Timing | str,
        side: MeasureSide | str = MeasureSide.NONE,
        site: str = "",
        labels: Sequence[str] = (),
    ) -> MeasurementData:
        """A measurement scored from its entries by the instrument's rule (ScoringError says
        why it cannot be)."""
        spec = INSTRUMENTS[instrument]
        return cls(
            instrument,
            spec.score(entries).value,
            timing,
            side,
            site,
            tuple(entries),
            tuple(labels),
        )


def measurement_row(m: MeasurementData, now: datetime) -> Measurement:
    """The row a measurement is stored as, checked and (from its entries) scored."""
    spec = INSTRUMENTS.get(m.instrument)
    if spec is None:
        raise InvalidInput(f"unknown instrument {m.instrument!r}")
    if m.timing not in Timing.__members__.values():
        raise InvalidInput("a measurement is taken 'before' or 'after' treatment")
    if m.side not in MeasureSide.__members__.values():
        raise InvalidInput("side is left, right or none")
    site = text(m.site, f"the site of the {spec.name}", limit=100, single_line=True)
    value, rule, entries = m.value, "", None
    if m.entries:
        try:
            score = spec.score(m.entries)
        except ScoringError as exc:
            raise InvalidInput(str(exc)) from None
        if abs(score.value - float(m.value)) > 0.005:
            raise InvalidInput(
                f"{spec.name}: {m.value:g} is not the score of its entries ({score.value:g})"
            )
        if m.labels and len(m.labels) != len(m.entries):
            raise InvalidInput(f"{spec.name}: every entry needs its label")
        labels = [
            text(label, "an activity", required=True, limit=200, single_line=True)
            for label in m.labels
        ]
        value, rule = score.value, score.rule
        entries = [
            {
                "value": None if e is None else float(e),
                **({"label": labels[n]} if labels else {}),
            }
            for n, e in enumerate(m.entries)
        ]
    problem = spec.check(value)
    if problem:
        raise InvalidInput(problem)
    return Measurement(
        instrument=str(spec.code),
        side=MeasureSide(m.side),
        timing=Timing(m.timing),
        value=float(value),
        unit=spec.unit,
        recorded_at=now,
        site=site,
        entries=entries,
        rule=rule,
    )
