"""The protocol library's data: what a clinician follows for one body region.

A protocol is a list of structures in the order they are treated. Each structure says how the
patient lies, where the tissue is short, where the clinician makes contact and which movement
takes it long, plus the dose (passes x seconds) and what the patient can do at home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from artdesk.protocols.joints import JointAction


class MovementMode(StrEnum):
    """Who moves the tissue from short to long during a pass."""

    PASSIVE = "passive"
    PATIENT_ACTIVE = "patient-active"
    ACTIVE_RESISTED = "active-resisted"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    MIDLINE = "midline"


@dataclass(frozen=True, slots=True)
class HomeCare:
    """One home exercise suggested for a structure; the clinician edits it per visit."""

    exercise: str
    sets: int
    reps: int
    hold_seconds: int
    frequency: str


@dataclass(frozen=True, slots=True)
class Structure:
    key: str
    name: str
    plain_name: str
    start_position: str
    shortened_position: str
    contact: str
    lengthening: str
    mode: MovementMode
    passes: int
    seconds_per_pass: int
    sides: tuple[Side, ...]
    precautions: tuple[str, ...] = ()
    home_care: tuple[HomeCare, ...] = ()
    evidence: tuple[str, ...] = ()
    level: int | None = None
    # every joint the tissue crosses: shortened → lengthened (a nerve: slack → tension), or held
    joints: tuple[JointAction, ...] = ()

    @property
    def is_midline(self) -> bool:
        return self.sides == (Side.MIDLINE,)


@dataclass(frozen=True, slots=True)
class Protocol:
    id: str
    version: int
    name: str
    region: str
    plain_name: str
    structures: tuple[Structure, ...]
    complaints: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # body region ids (artdesk.protocols.regions)
    # the file's text and its SHA-256: the exact version a visit ran (kept with the visit)
    text: str = field(default="", repr=False, compare=False)
    digest: str = field(default="", compare=False)

    def structure(self, key: str) -> Structure:
        for structure in self.structures:
            if structure.key == key:
                return structure
        raise KeyError(f"protocol {self.id!r} has no structure {key!r}")

    def matches(self, text: str) -> bool:
        """True when ``text`` appears in the name, region, plain name, complaints or structures."""
        needle = text.casefold().strip()
        if not needle:
            return True
        haystack = [self.id, self.name, self.region, self.plain_name, *self.complaints]
        haystack += [s.name for s in self.structures]
        return any(needle in item.casefold() for item in haystack)
