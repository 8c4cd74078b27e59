"""Load and validate protocol files (one protocol per ``*.toml``).

The schema is declared once as data (``_PROTOCOL``, ``_STRUCTURE``, ``_HOME_CARE``); the same
walk both builds the dataclasses and collects problems, so a file either loads whole or reports
every problem it has as ``FILE: FIELD: what is wrong``. One broken file never stops the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from artdesk.protocols import joints, regions
from artdesk.protocols.model import HomeCare, MovementMode, Protocol, Side, Structure
from artdesk.protocols.rules import check_structure
from artdesk.resources import protocols_dir
from artdesk.schema import (
    Field,
    Problem,
    identifier,
    non_negative_int,
    parse_toml,
    positive_int,
    required_text,
    text_list,
    type_name,
    walk,
)


@dataclass(frozen=True, slots=True)
class BrokenFile:
    """A protocol file that did not load: where it is, its text as far as it reads (None: it
    could not be read at all) and the problems that stop it — what the editor opens to fix."""

    path: str
    text: str | None
    problems: tuple[Problem, ...]
    decoded: bool = True  # False: not UTF-8; the bytes that did not read are U+FFFD in text

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(slots=True)
class Library:
    """The protocols that loaded, by id, and the problems of the files that did not."""

    protocols: dict[str, Protocol] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    # where each protocol came from: "shipped", "clinic", or "clinic-replaces-shipped"
    origins: dict[str, str] = field(default_factory=dict)
    broken: list[BrokenFile] = field(default_factory=list)  # the files that did not load

    @property
    def structure_count(self) -> int:
        return sum(len(p.structures) for p in self.protocols.values())

    def get(self, protocol_id: str) -> Protocol:
        try:
            return self.protocols[protocol_id]
        except KeyError:
            raise KeyError(f"no protocol with id {protocol_id!r} in the library") from None

    def search(self, text: str) -> list[Protocol]:
        return [p for p in self.sorted() if p.matches(text)]

    def sorted(self) -> list[Protocol]:
        return sorted(self.protocols.values(), key=lambda p: p.id)

    def by_digest(self, digest: str) -> Protocol | None:
        """The loaded protocol with exactly this text, if it is still in the library."""
        return next((p for p in self.protocols.values() if p.digest == digest), None)

    def take(self, other: Library) -> None:
        """Become ``other`` in place, so every screen holding this library sees the new one
        (after the clinic saved a protocol)."""
        self.protocols, self.problems = dict(other.protocols), list(other.problems)
        self.sources, self.origins = dict(other.sources), dict(other.origins)
        self.broken = list(other.broken)

    def for_region(self, region_id: str) -> list[Protocol]:
        """The protocols that name this body region (where it hurts → what to treat)."""
        return [p for p in self.sorted() if region_id in p.regions]


def _level(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {type_name(value)}"
    if not 1 <= value <= 4:
        return None, f"must be 1 to 4, not {value}"
    return value, None


def _mode(value: Any) -> tuple[Any, str | None]:
    allowed = ", ".join(m.value for m in MovementMode)
    if not isinstance(value, str):
        return None, f"must be one of {allowed}, not {type_name(value)}"
    try:
        return MovementMode(value), None
    except ValueError:
        return None, f"{value!r} is not one of {allowed}"


def _sides(value: Any) -> tuple[Any, str | None]:
    allowed = ", ".join(s.value for s in Side)
    if not isinstance(value, list) or not value:
        return None, f"must be a non-empty list of {allowed}"
    sides = []
    for item in value:
        try:
            sides.append(Side(item))
        except ValueError:
            return None, f"{item!r} is not one of {allowed}"
    if Side.MIDLINE in sides and len(sides) > 1:
        return None, "midline cannot be combined with left, right or both"
    if len(set(sides)) != len(sides):
        return None, "lists a side twice"
    return tuple(sides), None


_HOME_CARE: dict[str, Field] = {
    "exercise": Field(required_text),
    "sets": Field(positive_int),
    "reps": Field(positive_int),
    "hold_seconds": Field(non_negative_int),
    "frequency": Field(required_text),
}

_STRUCTURE: dict[str, Field] = {
    "key": Field(identifier),
    "name": Field(required_text),
    "plain_name": Field(required_text),
    "start_position": Field(required_text),
    "shortened_position": Field(required_text),
    "contact": Field(required_text),
    "lengthening": Field(required_text),
    "mode": Field(_mode),
    "passes": Field(positive_int),
    "seconds_per_pass": Field(positive_int),
    "sides": Field(_sides),
    "level": Field(_level, required=False),
    "precautions": Field(text_list, required=False),
    "evidence": Field(text_list, required=False),
    "home_care": Field(None, required=False, nested=_HOME_CARE),
    "joints": Field(None, required=False, nested=joints.SCHEMA),
}

_PROTOCOL: dict[str, Field] = {
    "id": Field(identifier),
    "version": Field(positive_int),
    "name": Field(required_text),
    "region": Field(required_text),
    "regions": Field(regions.check),
    "plain_name": Field(required_text),
    "complaints": Field(text_list, required=False),
    "evidence": Field(text_list, required=False),
    "structures": Field(None, nested=_STRUCTURE),
}


def _build(values: dict[str, Any], text: str) -> Protocol:
    structures = []
    for s in values["structures"]:
        home_care = tuple(HomeCare(**h) for h in s.pop("home_care", []))
        actions = tuple(joints.build(j) for j in s.pop("joints", []))
        structures.append(Structure(home_care=home_care, joints=actions, **s))
    values["structures"] = tuple(structures)
    return Protocol(**values, text=text, digest=digest(text))


def digest(text: str) -> str:
    """The SHA-256 of a protocol file's text: which exact version a visit ran."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_protocol(
    text: str, source: str, *, rules: bool = True
) -> tuple[Protocol | None, list[Problem]]:
    """Parse one protocol file's text; return the protocol or the problems that stop it.
    ``rules=False``: the schema only, not the clinical rules — for a text a visit ran, read
    back as it was even after the rules grew."""
    if not text.strip():
        message = "empty file: a protocol needs id, version, name, region, regions and structures"
        return None, [Problem(source, "(file)", message)]
    data, problems = parse_toml(text, source)
    if data is None:
        return None, problems

    def report(where: str, message: str) -> None:
        problems.append(Problem(source, where, message))

    values = walk(data, _PROTOCOL, "", report)
    keys = [s.get("key") for s in values.get("structures", []) if s.get("key")]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        report("structures", f"structure key {key!r} is used more than once")
    for index, structure in enumerate(values.get("structures", []) if rules else []):
        for where, message in check_structure(structure):
            report(f"structures[{index + 1}].{where}", message)
    if problems:
        return None, problems
    return _build(values, text), problems


def load_library(folder: Path | str, files: Iterable[Path] | None = None) -> Library:
    """Load every ``*.toml`` in ``folder`` (sorted by name) into a :class:`Library`."""
    folder = Path(folder)
    library = Library()
    if files is None:
        if not folder.is_dir():
            library.problems.append(Problem(str(folder), "(folder)", "no such folder"))
            return library
        files = sorted(folder.glob("*.toml"))
    for path in files:
        name = path.name
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problem = Problem(name, "(file)", f"cannot read: {exc.strerror}")
            library.problems.append(problem)
            library.broken.append(BrokenFile(name, None, (problem,)))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = Problem(name, "(file)", f"not UTF-8 text ({exc.reason})")
            library.problems.append(problem)
            shown = raw.decode("utf-8", errors="replace")
            library.broken.append(BrokenFile(name, shown, (problem,), decoded=False))
            continue
        protocol, problems = parse_protocol(text, name)
        if protocol is not None and protocol.id in library.protocols:
            first = library.sources[protocol.id]
            problems = [Problem(name, "id", f"duplicate id {protocol.id!r} (also in {first})")]
            protocol = None
        library.problems.extend(problems)
        if protocol is None:
            library.broken.append(BrokenFile(name, text, tuple(problems)))
            continue
        library.protocols[protocol.id] = protocol
        library.sources[protocol.id] = name
        library.origins[protocol.id] = "shipped"
    return library


def load_shipped_library() -> Library:
    return load_library(protocols_dir())
