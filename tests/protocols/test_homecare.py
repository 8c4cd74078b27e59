"""What the safety screen takes out of the home-care suggestions (issue 9, item 3), checked
against the shipped exercises so a rule that matches nothing, or a missed exercise, shows."""

from __future__ import annotations

import pytest

from artdesk.protocols import Library
from artdesk.protocols.homecare import RULED_OUT, left_out, suggest_home_care
from tests.builders import shipped_screen


def _everything(library: Library) -> list[tuple[str, str]]:
    return [(p.id, s.key) for p in library.protocols.values() for s in p.structures]


def _exercises(library: Library, answered: set[str]) -> list[str]:
    return [h.exercise for h in suggest_home_care(library, _everything(library), answered)]


def test_every_rule_names_a_screening_item_and_rules_out_a_shipped_exercise(
    library: Library,
) -> None:
    items = {item.id for item in shipped_screen().items}
    everything = _exercises(library, set())
    for key in RULED_OUT:
        assert key in items, key
        assert len(_exercises(library, {key})) < len(everything), f"{key} rules out nothing"


@pytest.mark.parametrize(
    ("answer", "gone", "kept"),
    [
        ("osteoporosis", "Knees-to-chest, then cat-camel", "Wall calf stretch"),
        (
            "pregnancy",
            "Hamstring stretch lying on your back with a strap",
            "Standing quadriceps stretch",
        ),
        ("pregnancy", "Figure-four stretch lying on your back", "Side-lying hip abduction"),
        ("reduced-sensation", "Roll the arch over a ball", "Seated plantar fascia stretch"),
        ("fluoroquinolone", "Heel drops on a step, knee straight", "Wall calf stretch"),
        ("fluoroquinolone", "Seated calf raise with a weight on the knee", "Bent-knee wall calf"),
        ("fluoroquinolone", "Wall sit with the knees bent", "Wall calf stretch"),
        ("fluoroquinolone", "Slow squat to a chair", "Wall calf stretch"),
        ("pregnancy", "Lying on your front, the treated knee slightly bent", "Wall calf stretch"),
    ],
)
def test_a_screening_answer_rules_out_its_exercises_only(
    library: Library, answer: str, gone: str, kept: str
) -> None:
    before = _exercises(library, set())
    after = _exercises(library, {answer})
    assert any(e.startswith(gone) for e in before)
    assert not any(e.startswith(gone) for e in after)
    assert any(e.startswith(kept) for e in after)
    said = left_out(library, _everything(library), {answer})
    assert any(s.startswith(gone) and s.endswith(f"({answer})") for s in said)
