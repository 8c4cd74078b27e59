"""Where it hurts: the marks a clinician puts on the body chart at set-up (issue 13).

A mark is a body region (an id from ``resources/body_regions.toml``), the side it is on
(``midline`` for an unsided region) and what the patient feels there. The marks are stored with
the visit, shown over time on the patient's page and printed small on the papers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from artdesk.protocols import regions


class Feeling(StrEnum):
    PAIN = "pain"
    NUMBNESS = "numbness"  # also pins and needles, tingling
    STIFFNESS = "stiffness"


class MarkSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    MIDLINE = "midline"  # a region without sides (neck, low back…)


@dataclass(frozen=True, slots=True)
class BodyMark:
    region: str
    side: MarkSide
    feeling: Feeling

    def to_dict(self) -> dict[str, str]:
        return {"region": self.region, "side": self.side.value, "feeling": self.feeling.value}

    @classmethod
    def from_dict(cls, data: Any) -> BodyMark:
        """One stored mark; ValueError names what is wrong with it."""
        if not isinstance(data, dict):
            raise ValueError(f"a body mark must be an object, not {type(data).__name__}")
        try:
            return check(cls(str(data["region"]), MarkSide(data["side"]), Feeling(data["feeling"])))
        except KeyError as exc:
            raise ValueError(f"a body mark needs region, side and feeling ({exc})") from None

    @property
    def words(self) -> str:
        """'pain, left calf' — as the papers and the patient page say it."""
        known = regions.shipped().get(self.region)
        place = known.name if known else self.region
        if self.side is MarkSide.MIDLINE:
            return f"{self.feeling.value}, {place}"
        return f"{self.feeling.value}, {self.side.value} {place}"


def check(mark: BodyMark) -> BodyMark:
    """The mark, or ValueError: an unknown region, or a side that region cannot have."""
    region = regions.shipped().get(mark.region)
    if region is None:
        raise ValueError(f"unknown body region {mark.region!r}")
    if region.sided and mark.side is MarkSide.MIDLINE:
        raise ValueError(f"{region.name} is on a side: mark left or right")
    if not region.sided and mark.side is not MarkSide.MIDLINE:
        raise ValueError(f"{region.name} has no sides: its mark is on the midline")
    return mark


def marks_from(data: Iterable[Any]) -> tuple[BodyMark, ...]:
    """Marks as given (each checked against today's regions); ValueError for a broken one."""
    return tuple(BodyMark.from_dict(d) for d in data)


def stored_marks(data: Iterable[Any]) -> tuple[BodyMark, ...]:
    """Marks as a visit stored them, read back without today's vocabulary (a region retired
    later still reads as it was marked); a malformed entry is skipped, never guessed."""
    out = []
    for d in data:
        try:
            out.append(BodyMark(str(d["region"]), MarkSide(d["side"]), Feeling(d["feeling"])))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(out)


def marked_regions(marks: Sequence[BodyMark]) -> list[str]:
    """The regions marked, in the order first marked, each once."""
    return list(dict.fromkeys(m.region for m in marks))
