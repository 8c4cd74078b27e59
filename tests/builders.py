"""Visits for tests, made the way the window makes them: through the visit flow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from artdesk.protocols import Library, Side
from artdesk.screening import Screen, load_screen
from artdesk.treatment import plan_visit
from artdesk.visit import TreatmentSetup

_SCREEN, _ = load_screen()
assert _SCREEN is not None


def shipped_screen() -> Screen:
    assert _SCREEN is not None
    return _SCREEN


def setup_for(
    library: Library,
    patient_id: int,
    protocols: Iterable[tuple[str, Side | str]] = (("posterior-thigh", Side.RIGHT),),
    *,
    complaint: str = "right hamstring strain",
    answers: Mapping[str, bool] | None = None,
    override: str = "",
    pain_before: int | None = 6,
    screen: Screen | None = None,
) -> TreatmentSetup:
    """What the set-up page would hand over for these choices."""
    answers = dict(answers or {})
    decision = (screen or shipped_screen()).decide(
        answers, override, none_apply=not any(answers.values())
    )
    plan = plan_visit((library.get(p), side) for p, side in protocols)
    return TreatmentSetup(patient_id, complaint, decision, answers, pain_before, plan)
