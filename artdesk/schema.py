"""Checking a TOML file against a schema declared as data, for every file a clinic may edit.

``walk`` both cleans the values and reports each problem as ``FILE: FIELD: what is wrong``; the
protocol library and the safety screen use it, so their files are validated the same way.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_TEXT = 2000
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
# what the TOML reader's words mean for someone who typed the file by hand
_TOML_HINTS = (
    ("Illegal character '\\n'", 'a text in quotes is not closed on this line: end it with "'),
    ("Unterminated string", "a text in quotes is never closed"),
    (
        "Expected '=' after a key",
        "each line is a name, '=' and a value, e.g. passes = 3 (a name has no spaces)",
    ),
    ("Invalid value", 'a text needs straight quotes around it ("…"), a number none'),
    ("Unclosed array", "a list [ … ] is not closed, or a comma is missing between its items"),
    ("Cannot overwrite a value", "this name is given twice in the same table"),
    ("Expected ']]'", "a heading such as [[structures]] ends with two brackets"),
)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


Checker = Callable[[Any], tuple[Any, str | None]]


def required_text(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, f"must be text, not {type_name(value)}"
    if not value.strip():
        return None, "must not be empty"
    if len(value) > MAX_TEXT:
        return None, f"is {len(value)} characters long; at most {MAX_TEXT}"
    return value.strip(), None


def identifier(value: Any) -> tuple[Any, str | None]:
    cleaned, error = required_text(value)
    if error:
        return None, error
    if not ID_PATTERN.match(cleaned):
        return None, f"{cleaned!r} must be lower-case letters, digits and '-' (at most 64)"
    return cleaned, None


def positive_int(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {type_name(value)}"
    if value <= 0:
        return None, f"must be greater than zero, not {value}"
    if value > 10_000:
        return None, f"{value} is not a plausible value"
    return value, None


def non_negative_int(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"must be a whole number, not {type_name(value)}"
    if value < 0:
        return None, f"must not be negative, not {value}"
    if value > 10_000:
        return None, f"{value} is not a plausible value"
    return value, None


def text_list(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, f"must be a list of text, not {type_name(value)}"
    items = []
    for index, item in enumerate(value):
        text, error = required_text(item)
        if error:
            return None, f"item {index + 1} {error}"
        items.append(text)
    return tuple(items), None


@dataclass(frozen=True, slots=True)
class Field:
    check: Checker | None  # None: a list of nested tables, handled by the walker
    required: bool = True
    nested: Mapping[str, Field] | None = None


def type_name(value: Any) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a decimal number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def walk(
    data: Mapping[str, Any],
    spec: Mapping[str, Field],
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
                report(where, f"must be a list of tables ([[{name}]]), not {type_name(value)}")
                continue
            if rule.required and not value:
                report(where, "must have at least one entry")
                continue
            values[name] = [
                walk(item, rule.nested, f"{where}[{index + 1}]", report)
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


def parse_toml(text: str, source: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse a file's text; an empty file or invalid TOML is a problem with its line."""
    if not text.strip():
        return None, [Problem(source, "(file)", "empty file")]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has no exc.lineno: the position is at the end of the message
        found = _TOML_POSITION.search(str(exc))
        where = f"line {found.group(1)}" if found else "(file)"
        message = _TOML_POSITION.sub("", str(exc)).strip()
        column = f" (column {found.group(2)})" if found else ""
        hint = next((f" — {h}" for start, h in _TOML_HINTS if message.startswith(start)), "")
        return None, [Problem(source, where, f"invalid TOML: {message}{column}{hint}")]
