"""Fixing a clinic protocol file that does not load, in the editor: its text checked as it is
typed (with the version Save will write), the column a TOML error names, and what the form
could not show of the file as the file has it.

A file that reads as TOML opens in the form; one that does not (a quote left open half-way)
opens as its text, checked by the same ``parse_protocol`` as ``python main.py protocols
--check``. Saving the text writes it as typed — its comments and layout kept — with only its
``version`` line moved on, as the form's save moves the version on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from artdesk.protocols.loader import parse_protocol
from artdesk.schema import Problem

UNREAD = "\ufffd"  # what a byte that is not UTF-8 reads as
_COLUMN = re.compile(r"\(column (\d+)\)")
_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)  # the first table: the root's keys end there
_VERSION = re.compile(
    r"^(?P<head>[ \t]*version[ \t]*=[ \t]*)(?P<value>[^#\r\n]*?)[ \t]*(?:#[^\r\n]*)?$",
    re.MULTILINE,
)
_ROOT_ID = re.compile(r'^[ \t]*id[ \t]*=[ \t]*"([^"\\\r\n]*)"', re.MULTILINE)
_ROOT_VERSION = re.compile(r"^[ \t]*version[ \t]*=[ \t]*(\d+)[ \t]*(?:#.*)?$", re.MULTILINE)
_MISSING = object()


def toml_table(text: str) -> dict[str, Any] | None:
    """The text as TOML, or None when it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def with_version(text: str, version: int) -> str | None:
    """``text`` with its top-level ``version`` set to ``version`` (written in if missing) and
    every other character as it was; None when that cannot be done in place (not TOML, or a
    version written so that changing it would change something else)."""
    data = toml_table(text)
    if data is None:
        return None
    header = _HEADER.search(text)
    root_end = header.start() if header is not None else len(text)
    found = _VERSION.search(text, 0, root_end)
    if found is not None:
        changed = text[: found.start("value")] + str(version) + text[found.end("value") :]
    else:
        before = text[:root_end]
        if before and not before.endswith("\n"):
            before += "\n"
        changed = f"{before}version = {version}\n{text[root_end:]}"
    return changed if toml_table(changed) == dict(data, version=version) else None


def id_and_version(text: str) -> tuple[str, int]:
    """The id and version a protocol file gives, as far as they read ('' and 0 where they do
    not): from its TOML, else from its plain ``id = "…"`` and ``version = N`` lines near the
    top (a file broken further down still says what it is, so its version only goes up)."""
    table = toml_table(text)
    if table is None:
        header = _HEADER.search(text)
        root = text[: header.start()] if header is not None else text
        found_id, found_version = _ROOT_ID.search(root), _ROOT_VERSION.search(root)
        table = {
            "id": found_id.group(1) if found_id else None,
            "version": int(found_version.group(1)) if found_version else None,
        }
    found, version = table.get("id"), table.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        version = 0
    return (found.strip() if isinstance(found, str) else ""), version


def unread_characters(text: str, source: str) -> list[Problem]:
    """A problem for each line holding a character that could not be read (U+FFFD)."""
    return [
        Problem(
            source,
            f"line {number}",
            f"a character here could not be read (the file is not UTF-8 text) and shows as "
            f"{UNREAD}: type it again",
        )
        for number, line in enumerate(text.splitlines(), start=1)
        if UNREAD in line
    ]


@dataclass(frozen=True, slots=True)
class TextCheck:
    """A protocol's text as typed, checked: the text Save writes (its version moved on; None
    while there is a problem), the id it gives, its problems, and the text as TOML (None:
    it is not)."""

    saving: str | None
    typed_id: str
    problems: list[Problem]
    table: dict[str, Any] | None = None


def check_text(
    text: str,
    version_of: Callable[[str], int],
    *,
    decoded: bool = True,
    source: str = "(editing)",
) -> TextCheck:
    """Check ``text`` as ``--check`` does, with the version ``version_of(id)`` it is saved as
    (so a version typed wrong is no problem: Save writes the right one). ``decoded=False``: the
    file was not UTF-8, and each character that did not read is a problem until retyped."""
    unread = [] if decoded else unread_characters(text, source)
    table = toml_table(text)
    if table is None:
        return TextCheck(None, "", unread + parse_protocol(text, source)[1])
    typed = table.get("id")
    typed_id = typed.strip() if isinstance(typed, str) else ""
    saving = with_version(text, version_of(typed_id))
    if saving is None:
        problems = [p for p in parse_protocol(text, source)[1] if p.field != "version"]
        problems.append(
            Problem(
                source,
                "version",
                "cannot be moved on in the text: write it as one line near the top, "
                "'version = 1', or open the text in the form",
            )
        )
        return TextCheck(None, typed_id, unread + problems, table)
    protocol, problems = parse_protocol(saving, source)
    problems = unread + problems
    valid = protocol is not None and not problems
    return TextCheck(saving if valid else None, typed_id, problems, table)


def column_of(message: str) -> int | None:
    """The column a TOML error names in its message, or None."""
    found = _COLUMN.search(message)
    return int(found.group(1)) if found else None


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where two TOML tables differ, as problem paths ('structures[2].sides'): what the form
    shows otherwise than the file has it (a value of a kind its field cannot hold)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in [*before, *(k for k in after if k not in before)]:
            where = f"{path}.{key}" if path else key
            out += differences(before.get(key, _MISSING), after.get(key, _MISSING), where)
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            found
            for n, (a, b) in enumerate(zip(before, after, strict=True), start=1)
            for found in differences(a, b, f"{path}[{n}]")
        ]
    if before is _MISSING and after in ("", []):  # left out, shown empty: its problem says so
        return []
    same = type(before) is type(after) and before == after
    return [] if same else [path or "(file)"]
