"""Load and validate protocol files (one protocol per ``*.toml``).

The schema is declared once as data (``_PROTOCOL``, ``_STRUCTURE``, ``_HOME_CARE``); the same
walk both builds the dataclasses and collects problems, so a file either loads whole or reports
every problem it has as ``FILE: FIELD: what is wrong``. One broken file never stops the others.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from artdesk.protocols.model import HomeCare, MovementMode, Protocol, Side, Structure
from artdesk.resources import protocols_dir

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_MAX_TEXT = 2000
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass(slots=True)
class Library:
    """The protocols that loaded, by id, and the problems of the files that did not."""

    protocols: dict[str, Protocol] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

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


# --- field checkers: each returns (value, error message or None) -----------------------------

Checker = Callable[[Any], tuple[Any, str | None]]


def _text(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, f"must be text, not {_type_name(value)}"
    if not value.strip():
        return None, "must not be empty"
    if len(value) > _MAX_TEXT:
        return None, f"is {len(value)} characters long; at most {_MAX_TEXT}"
    return value.strip(), None


def _identifier(value: Any) -> tuple[Any, str | None]:
    text, error = _text(value)
    if error:
        return None, error
    if not _ID_PATTERN.match(text):
        return None, f"{text!r} must be lower-case letters, digits and '-' (at most 64)"
    return text, None


def _positive_int(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {_type_name(value)}"
    if value <= 0:
        return None, f"must be greater than zero, not {value}"
    if value > 10_000:
        return None, f"{value} is not a plausible value"
    return value, None


def _non_negative_int(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {_type_name(value)}"
    if value < 0:
        return None, f"must not be negative, not {value}"
    if value > 10_000:
        return None, f"{value} is not a plausible value"
    return value, None


def _level(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {_type_name(value)}"
    if not 1 <= value <= 4:
        return None, f"must be 1 to 4, not {value}"
    return value, None


def _text_list(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, f"must be a list of text, not {_type_name(value)}"
    items = []
    for index, item in enumerate(value):
        text, error = _text(item)
        if error:
            return None, f"item {index + 1} {error}"
        items.append(text)
    return tuple(items), None


def _mode(value: Any) -> tuple[Any, str | None]:
    allowed = ", ".join(m.value for m in MovementMode)
    if not isinstance(value, str):
        return None, f"must be one of {allowed}, not {_type_name(value)}"
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


@dataclass(frozen=True, slots=True)
class _Field:
    check: Checker | None  # None: a list of nested tables, handled by the walker
    required: bool = True
    nested: Mapping[str, _Field] | None = None


_HOME_CARE: dict[str, _Field] = {
    "exercise": _Field(_text),
    "sets": _Field(_positive_int),
    "reps": _Field(_positive_int),
    "hold_seconds": _Field(_non_negative_int),
    "frequency": _Field(_text),
}

_STRUCTURE: dict[str, _Field] = {
    "key": _Field(_identifier),
    "name": _Field(_text),
    "plain_name": _Field(_text),
    "start_position": _Field(_text),
    "shortened_position": _Field(_text),
    "contact": _Field(_text),
    "lengthening": _Field(_text),
    "mode": _Field(_mode),
    "passes": _Field(_positive_int),
    "seconds_per_pass": _Field(_positive_int),
    "sides": _Field(_sides),
    "level": _Field(_level, required=False),
    "precautions": _Field(_text_list, required=False),
    "evidence": _Field(_text_list, required=False),
    "home_care": _Field(None, required=False, nested=_HOME_CARE),
}

_PROTOCOL: dict[str, _Field] = {
    "id": _Field(_identifier),
    "version": _Field(_positive_int),
    "name": _Field(_text),
    "region": _Field(_text),
    "plain_name": _Field(_text),
    "complaints": _Field(_text_list, required=False),
    "evidence": _Field(_text_list, required=False),
    "structures": _Field(None, nested=_STRUCTURE),
}


def _type_name(value: Any) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a decimal number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _walk(
    data: Mapping[str, Any],
    spec: Mapping[str, _Field],
    path: str,
    report: Callable[[str, str], None],
) -> dict[str, Any]:
    """Check ``data`` against ``spec``; return the cleaned values, report each problem."""
    values: dict[str, Any] = {}
    prefix = f"{path}." if path else ""
    for name in data:
        if name not in spec:
            report(f"{prefix}{name}", "unknown field")
    for name, rule in spec.items():
        where = f"{prefix}{name}"
        if name not in data:
            if rule.required:
                report(where, "missing required field")
            continue
        value = data[name]
        if rule.nested is not None:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                report(where, f"must be a list of tables ([[{name}]]), not {_type_name(value)}")
                continue
            if rule.required and not value:
                report(where, "must have at least one entry")
                continue
            values[name] = [
                _walk(item, rule.nested, f"{where}[{index + 1}]", report)
                for index, item in enumerate(value)
            ]
            continue
        assert rule.check is not None
        cleaned, error = rule.check(value)
        if error:
            report(where, error)
        else:
            values[name] = cleaned
    return values


def _build(values: dict[str, Any]) -> Protocol:
    structures = []
    for s in values["structures"]:
        home_care = tuple(HomeCare(**h) for h in s.pop("home_care", []))
        structures.append(Structure(home_care=home_care, **s))
    values["structures"] = tuple(structures)
    return Protocol(**values)


def parse_protocol(text: str, source: str) -> tuple[Protocol | None, list[Problem]]:
    """Parse one protocol file's text; return the protocol or the problems that stop it."""
    problems: list[Problem] = []

    def report(where: str, message: str) -> None:
        problems.append(Problem(source, where, message))

    if not text.strip():
        report("(file)", "empty file: a protocol needs id, version, name, region and structures")
        return None, problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has no exc.lineno: the position is at the end of the message
        found = _TOML_POSITION.search(str(exc))
        where = f"line {found.group(1)}" if found else "(file)"
        message = _TOML_POSITION.sub("", str(exc)).strip()
        column = f" (column {found.group(2)})" if found else ""
        report(where, f"invalid TOML: {message}{column}")
        return None, problems
    values = _walk(data, _PROTOCOL, "", report)
    keys = [s.get("key") for s in values.get("structures", []) if s.get("key")]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        report("structures", f"structure key {key!r} is used more than once")
    if problems:
        return None, problems
    return _build(values), problems


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
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            library.problems.append(Problem(name, "(file)", f"not UTF-8 text ({exc.reason})"))
            continue
        except OSError as exc:
            library.problems.append(Problem(name, "(file)", f"cannot read: {exc.strerror}"))
            continue
        protocol, problems = parse_protocol(text, name)
        library.problems.extend(problems)
        if protocol is None:
            continue
        if protocol.id in library.protocols:
            first = library.sources[protocol.id]
            library.problems.append(
                Problem(name, "id", f"duplicate id {protocol.id!r} (also in {first})")
            )
            continue
        library.protocols[protocol.id] = protocol
        library.sources[protocol.id] = name
    return library


def load_shipped_library() -> Library:
    return load_library(protocols_dir())
