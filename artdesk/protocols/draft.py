"""A protocol as it is being typed: the form's values as TOML values, and where each problem
the loader reports belongs on the form.

The editor never judges a protocol itself: it writes what is typed (a number field holding
"three" stays the text "three") and lets ``parse_protocol`` say what is wrong, field by field,
with the same rules as ``python main.py protocols --check``. These helpers are the two ends of
that: typed text → value, and ``structures[2].home_care[1].sets`` → that cell of that row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHOLE = re.compile(r"^[+-]?\d+$")
_PLACE = re.compile(r"^(?:structures\[(\d+)\]\.?)?(\w*)(?:\[(\d+)\])?(?:\.(\w+))?$")
_LINE = re.compile(r"^line (\d+)$")


def whole_number(text: str) -> int | str | None:
    """A typed number: a whole number as such, anything else as the text typed (the loader
    then says "must be a whole number"), nothing typed as None (left out)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    return int(cleaned) if _WHOLE.match(cleaned) else cleaned


def lines(text: str) -> list[str]:
    """One item a line, empty lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def names(text: str) -> list[str]:
    """Movement names typed as 'flexion + abduction' (or with commas), as the vocabulary
    spells them ('internal rotation' → 'internal-rotation')."""
    parts = re.split(r"[+,;]", text)
    return [re.sub(r"\s+", "-", p.strip().casefold()) for p in parts if p.strip()]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a problem belongs: a structure (0-based, None for the protocol's own fields), the
    field, and for a list or a table of rows the row (0-based) and the column; or a line of
    the file's text (1-based: a TOML error, a character not read)."""

    structure: int | None
    field: str
    row: int | None = None
    column: str = ""
    line: int | None = None


def place_of(where: str) -> Place:
    """``structures[2].contact`` → structure 1, field 'contact'; ``regions`` → the protocol's
    'regions'; ``line 3`` → line 3 of the text; a place the form has no field for (``(file)``)
    → field ''."""
    line = _LINE.match(where)
    if line is not None:
        return Place(None, "", line=int(line.group(1)))
    found = _PLACE.match(where)
    if found is None:
        return Place(None, "")
    structure, field, row, column = found.groups()
    return Place(
        int(structure) - 1 if structure else None,
        field or "",
        int(row) - 1 if row else None,
        column or "",
    )


def problem_words(place: Place, message: str) -> str:
    """The problem as it is said under its field: which line or row, then what is wrong."""
    if place.row is None:
        return message
    if place.column:
        return f"row {place.row + 1}, {place.column.replace('_', ' ')}: {message}"
    return f"line {place.row + 1}: {message}"


def next_version(*versions: int | None) -> int:
    """The version a save writes: one more than the highest known for that id (the version
    the edit started from, the library's, one saved earlier from the same dialog)."""
    return max((v for v in versions if v is not None), default=0) + 1
