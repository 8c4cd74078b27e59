"""The visit's state as the runner folds it from events: plain, comparable data."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from artdesk.protocols.model import Protocol, Side


class Phase(StrEnum):
    LOCATE = "locate"  # palpate for the restriction before the passes
    CONTACT = "contact"  # tissue shortened, contact made, tension taken up
    LENGTHEN = "lengthen"  # tension held while the tissue is taken long
    COMPLETE = "complete"  # passes done; review, findings, then on to the next structure


class Status(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class PlannedStructure:
    """One structure on one side, as the visit plans to treat it (a snapshot of the protocol)."""

    protocol_id: str
    protocol_version: int
    protocol_name: str
    structure_key: str
    structure_name: str
    side: Side
    target_passes: int
    target_seconds: int
    # the SHA-256 of the protocol's text as run (issue 13): its papers read that version
    protocol_digest: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {
            "protocol_id": self.protocol_id,
            "protocol_version": self.protocol_version,
            "protocol_name": self.protocol_name,
            "structure_key": self.structure_key,
            "structure_name": self.structure_name,
            "side": self.side.value,
            "target_passes": self.target_passes,
            "target_seconds": self.target_seconds,
        }
        if self.protocol_digest:  # journals from before issue 13 have none, and read the same
            out["protocol_digest"] = self.protocol_digest
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlannedStructure:
        return cls(
            protocol_id=str(data["protocol_id"]),
            protocol_version=int(data["protocol_version"]),
            protocol_name=str(data["protocol_name"]),
            structure_key=str(data["structure_key"]),
            structure_name=str(data["structure_name"]),
            side=Side(data["side"]),
            target_passes=int(data["target_passes"]),
            target_seconds=int(data["target_seconds"]),
            protocol_digest=str(data.get("protocol_digest", "")),
        )


class PlanError(ValueError):
    pass


def plan_visit(
    choices: Iterable[tuple[Protocol, Side | str] | tuple[Protocol, Side | str, Collection[str]]],
) -> tuple[PlannedStructure, ...]:
    """Expand (protocol, side[, structures]) choices into the ordered list of structure-and-side
    steps.

    ``both`` treats left then right for each sided structure; a midline-only structure is
    treated once on the midline whatever side was chosen. ``structures`` (structure keys, in
    any order) keeps only those of the protocol, in the protocol's order — the lateral-hip
    protocol without TFL for the Tak et al. course; empty or left out: all of them.
    """
    steps: list[PlannedStructure] = []
    for choice in choices:
        protocol, chosen = choice[0], choice[1]
        wanted = set(choice[2]) if len(choice) > 2 else set()
        try:
            side = Side(chosen)
        except ValueError:
            raise PlanError(f"{chosen!r} is not a side (left, right, both, midline)") from None
        unknown = wanted - {s.key for s in protocol.structures}
        if unknown:
            raise PlanError(f"{protocol.name} has no structure {', '.join(sorted(unknown))}")
        for structure in protocol.structures:
            if wanted and structure.key not in wanted:
                continue
            if structure.is_midline:
                sides = [Side.MIDLINE]
            elif side is Side.MIDLINE:
                raise PlanError(
                    f"{structure.name} in {protocol.name} is treated on a side, not the midline"
                )
            elif side is Side.BOTH:
                sides = [Side.LEFT, Side.RIGHT]
            else:
                sides = [side]
            steps += [
                PlannedStructure(
                    protocol_id=protocol.id,
                    protocol_version=protocol.version,
                    protocol_name=protocol.name,
                    structure_key=structure.key,
                    structure_name=structure.name,
                    side=s,
                    target_passes=structure.passes,
                    target_seconds=structure.seconds_per_pass,
                    protocol_digest=protocol.digest,
                )
                for s in sides
            ]
    if not steps:
        raise PlanError("choose at least one protocol to treat")
    return tuple(steps)


@dataclass(slots=True)
class PassRecord:
    number: int
    contact_seconds: float = 0.0
    lengthen_seconds: float = 0.0
    completed: bool = False

    @property
    def seconds(self) -> float:
        return self.contact_seconds + self.lengthen_seconds


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    at: datetime
    t: float
    phase: Phase
    pass_number: int | None


@dataclass(frozen=True, slots=True)
class Finding:
    tension: int | None
    texture: int | None
    tenderness: int | None
    response: str
    at: datetime
    t: float

    @property
    def grades(self) -> str:
        """'tension 2/3, texture 1/3, tenderness 6/10' — the grades given, each with its scale
        (DOMAIN.md §7 item 24: a number is read with its range)."""
        pairs = (
            ("tension", self.tension, 3),
            ("texture", self.texture, 3),
            ("tenderness", self.tenderness, 10),
        )
        return ", ".join(f"{name} {v}/{top}" for name, v, top in pairs if v is not None)


@dataclass(slots=True)
class StructureRecord:
    plan: PlannedStructure
    locate_seconds: float = 0.0
    complete_seconds: float = 0.0
    passes: list[PassRecord] = field(default_factory=list)
    skipped_reason: str | None = None
    notes: list[Note] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def passes_done(self) -> int:
        return sum(1 for p in self.passes if p.completed)

    @property
    def open_pass(self) -> PassRecord | None:
        if self.passes and not self.passes[-1].completed:
            return self.passes[-1]
        return None

    @property
    def treated_seconds(self) -> float:
        """Every second booked on this structure, in every phase (treatment or assessment)."""
        return self.locate_seconds + sum(p.seconds for p in self.passes) + self.complete_seconds

    @property
    def had_a_pass(self) -> bool:
        """The technique was applied: at least one pass begun (an undone pass does not count).
        Its time is treatment; a structure only located, or skipped, is assessment."""
        return bool(self.passes)

    @property
    def therapy_seconds(self) -> float:
        """Treatment time on this structure: locating it and its passes, once it had a pass.
        The review after the last pass (findings, talk) is not treatment: it is assessment."""
        if not self.had_a_pass:
            return 0.0
        return self.locate_seconds + sum(p.seconds for p in self.passes)

    @property
    def started(self) -> bool:
        return self.treated_seconds > 0 or bool(self.passes)


@dataclass(slots=True)
class VisitState:
    status: Status = Status.NOT_STARTED
    records: list[StructureRecord] = field(default_factory=list)
    index: int = 0
    phase: Phase = Phase.LOCATE
    seq: int = 0
    since: float = 0.0  # t when the running segment began (time is booked at each event)
    phase_seconds: float = 0.0  # time booked in the current phase since it was entered
    paused_seconds: float = 0.0
    pause_count: int = 0
    recoveries: int = 0
    last_t: float = 0.0
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def current(self) -> StructureRecord:
        return self.records[self.index]

    @property
    def plan(self) -> Sequence[PlannedStructure]:
        return [r.plan for r in self.records]

    @property
    def treated_seconds(self) -> float:
        """Hands-on time in every phase of every structure (treatment and assessment)."""
        return sum(r.treated_seconds for r in self.records)

    @property
    def therapy_seconds(self) -> float:
        """Treatment time (timed manual therapy): the structures that had a pass."""
        return sum(r.therapy_seconds for r in self.records)

    @property
    def assessment_seconds(self) -> float:
        """Time on structures only located or skipped, and the review after the passes:
        assessment, not counted toward timed manual therapy."""
        return self.treated_seconds - self.therapy_seconds

    @property
    def pass_number(self) -> int | None:
        """The pass under way (contact or lengthen), else None."""
        if self.phase in (Phase.CONTACT, Phase.LENGTHEN) and self.records:
            open_pass = self.current.open_pass
            return open_pass.number if open_pass else None
        return None
