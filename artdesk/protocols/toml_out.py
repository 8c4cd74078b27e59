"""Write a protocol back as TOML in the schema the loader reads (no TOML writer dependency).

The writer is generic: a protocol becomes a table by walking its dataclass fields, so a field
added to ``Protocol``, ``Structure`` or a nested row (home care, joints) is written without a
change here. ``dumps`` writes any such table; the window's editor hands it the form as typed,
so what it validates is exactly the text it saves.

Strings are TOML basic strings: quotes, backslashes and control characters escaped, other text
(accents, emoji, right-to-left scripts, ``<b>&``) written as it is, in UTF-8 — except the
invisible characters that reorder or break a line, which are written as ``\\uXXXX`` so the
file reads in any editor the way the program reads it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, fields, is_dataclass
from enum import Enum
from typing import Any

from artdesk.protocols.model import Protocol

Value = str | int | bool | list[Any] | dict[str, Any]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
# Bidirectional controls (the "Trojan Source" characters) and the byte-order mark: valid in
# TOML, but they make a line display in another order than it is read.
_INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
INLINE_WIDTH = 88  # a list longer than this on one line is written one item a line


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string that reads back as exactly ``text``."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            raise ValueError("the text contains a broken character (half of a pair)")
        elif ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else toml_string(name)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _scalar(value.value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    raise TypeError(f"cannot write {type(value).__name__} in a protocol file")


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _array(name: str, items: Sequence[Any]) -> list[str]:
    written = [_scalar(item) for item in items]
    inline = f"{_key(name)} = [{', '.join(written)}]"
    if len(inline) <= INLINE_WIDTH:
        return [inline]
    return [f"{_key(name)} = [", *(f"  {item}," for item in written), "]"]


def _write(lines: list[str], table: Mapping[str, Any], path: str) -> None:
    # a table's own keys first: in TOML every key after a [[header]] belongs to that header
    for name, value in table.items():
        if _is_tables(value):
            continue
        if isinstance(value, dict):
            raise TypeError(f"{name}: nested tables are written as lists of tables")
        if isinstance(value, list):
            lines.extend(_array(name, value))
        else:
            lines.append(f"{_key(name)} = {_scalar(value)}")
    for name, value in table.items():
        if not _is_tables(value):
            continue
        header = f"{path}.{_key(name)}" if path else _key(name)
        for item in value:
            lines.extend(["", f"[[{header}]]"])
            _write(lines, item, header)


def dumps(table: Mapping[str, Any], comment: str = "") -> str:
    """A table of text, whole numbers, true/false, lists of those and lists of tables, as a
    TOML file (``comment``: lines written first, each as ``# …``)."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    _write(lines, table, "")
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return as_table(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def as_table(item: Any) -> dict[str, Any]:
    """A dataclass as a TOML table, field by field in declaration order; an optional field
    that is empty (None, no items) or at its default (a joint ``crossed``) is left out, as the
    shipped files leave it out. Fields that take no part in equality (a protocol's own text
    and digest) are not part of it."""
    table: dict[str, Any] = {}
    for spec in fields(item):
        if not spec.compare:
            continue
        raw = getattr(item, spec.name)
        if spec.default is not MISSING and raw == spec.default:
            continue
        value = _plain(raw)
        if value is None or value == []:
            continue
        table[spec.name] = value
    return table


def to_toml(protocol: Protocol, comment: str = "") -> str:
    """``protocol`` as the text of a protocol file: ``parse_protocol`` reads it back equal."""
    return dumps(as_table(protocol), comment)
