"""The ICD-10-CM diagnosis list an episode picks from: the codes shipped as data
(``resources/diagnoses.toml``) and the clinic's own, searched by code or by words.

Plain data: the clinic's codes are stored by :mod:`artdesk.store.episodes` and handed in here
as ``extra``; nothing here touches a database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from artdesk.resources import resource_dir
from artdesk.schema import Field, Problem, parse_toml, required_text, text_list, walk

# A letter, a digit, a digit or letter (M1A exists), then optionally a dot and 1–4 more
_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_WORD = re.compile(r"[a-z0-9]+")
_CODE_START = re.compile(r"^[A-Za-z][0-9][0-9A-Za-z]?(\.?[0-9A-Za-z]{0,4})?$")  # "m76", "S86.1"
FILE_NAME = "diagnoses.toml"


class DiagnosisFileError(ValueError):
    """The diagnosis file cannot be read; the message names the file and every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Diagnosis:
    code: str  # "M76.61"
    text: str  # the official short description: what a paper prints
    region: str = ""  # "lower leg", for grouping and searching
    clinic: bool = False  # added by the clinic, not shipped
    title: str = ""  # the full official title where ``text`` abbreviates it
    terms: tuple[str, ...] = ()  # common names that find it ("shin splints"), never printed

    @property
    def label(self) -> str:
        """'M76.61 Achilles tendinitis, right leg'."""
        return f"{self.code} {self.text}"


def normal_code(code: str) -> str:
    """The code as stored: trimmed, upper-case, the dot after the third character
    ('m7661' → 'M76.61'); anything else is left for :func:`check_code` to refuse."""
    code = "".join(code.split()).upper()
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code


def check_code(code: str) -> str | None:
    """What is wrong with a clinic-typed ICD-10-CM code's shape, or None ('M76.61', 'm7661',
    'S86.111A' are fine). The shape only: whether CMS lists the code is the clinic's check."""
    if not isinstance(code, str) or not code.strip():
        return "a diagnosis code is required"
    if not _SHAPE.match(normal_code(code)):
        return (
            f"{code.strip()!r} is not an ICD-10-CM code: a letter, two digits or a digit and a "
            "letter, then a dot and up to 4 letters or digits (e.g. M76.61)"
        )
    return None


def _fold(text: str) -> str:
    """Case- and accent-free ('Côté' → 'cote'), as the search compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _bare(code: str) -> str:
    return normal_code(code).replace(".", "")


def _code(value: Any) -> tuple[Any, str | None]:
    text, error = required_text(value)
    if error:
        return None, error
    problem = check_code(text)
    if problem:
        return None, problem
    if normal_code(text) != text:
        return None, f"write it as {normal_code(text)!r}"
    return text, None


def _optional_text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and not value.strip():
        return "", None
    return required_text(value)


_ENTRY: dict[str, Field] = {
    "code": Field(_code),
    "text": Field(required_text),
    "title": Field(_optional_text, required=False),
    "region": Field(_optional_text, required=False),
    "terms": Field(text_list, required=False),
}
_FILE: dict[str, Field] = {"diagnoses": Field(None, nested=_ENTRY)}


def parse(text: str, source: str) -> tuple[Diagnosis, ...]:
    """The diagnoses in one file's text; DiagnosisFileError names ``source`` and each problem
    (``diagnoses.toml: diagnoses[3].code: ...``)."""
    data, problems = parse_toml(text, source)
    if data is None:
        raise DiagnosisFileError(problems)

    def report(where: str, message: str) -> None:
        problems.append(Problem(source, where, message))

    values = walk(data, _FILE, "", report)
    seen: dict[str, int] = {}
    for n, entry in enumerate(values.get("diagnoses", []), start=1):
        code = entry.get("code")
        if code in seen:
            report(f"diagnoses[{n}].code", f"{code} is listed twice (also diagnoses[{seen[code]}])")
        elif code:
            seen[code] = n
    if problems:
        raise DiagnosisFileError(problems)
    return tuple(
        Diagnosis(
            code=e["code"],
            text=e["text"],
            region=e.get("region", ""),
            title=e.get("title", ""),
            terms=e.get("terms", ()),
        )
        for e in values["diagnoses"]
    )


def load(path: Path) -> tuple[Diagnosis, ...]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(path.name, "(file)", f"not UTF-8 text ({exc.reason})")
        raise DiagnosisFileError([problem]) from None
    except OSError as exc:
        problem = Problem(path.name, "(file)", f"cannot read {path}: {exc.strerror or exc}")
        raise DiagnosisFileError([problem]) from None
    return parse(text, path.name)


@cache
def shipped() -> tuple[Diagnosis, ...]:
    """The shipped list, read once (resources/diagnoses.toml)."""
    return load(resource_dir(FILE_NAME))


def merged(shipped: Iterable[Diagnosis], clinic: Iterable[Diagnosis]) -> tuple[Diagnosis, ...]:
    """The shipped list with the clinic's own: a clinic code replaces the shipped one with the
    same code where it stands; the clinic's new codes follow, in their order."""
    own: dict[str, Diagnosis] = {}
    for d in clinic:
        code = normal_code(d.code)
        own[code] = replace(d, code=code, clinic=True)
    result = []
    for d in shipped:
        result.append(own.pop(d.code, d))
    return (*result, *own.values())


def _matches_words(d: Diagnosis, words: list[str]) -> bool:
    haystack = _words(" ".join((d.text, d.title, d.region, *d.terms)))
    return all(any(h.startswith(w) for h in haystack) for w in words)


def search(query: str, extra: Iterable[Diagnosis] = (), limit: int = 50) -> list[Diagnosis]:
    """Diagnoses for what was typed: a code's start ('M76', 'm763', 'S86.1') or words that all
    begin words of the description, its title, region or common names ('achil right',
    'hamstring'), accents and case aside. Codes that match come first, then words; each in
    list order (codes by code). ``extra``: the clinic's own codes (see :func:`merged`)."""
    everything = merged(shipped(), extra)
    words = _words(query)
    if not words:
        return list(everything[: max(limit, 0)])
    compact = "".join(query.split())
    bare = _bare(compact) if _CODE_START.match(compact) else ""
    by_code = sorted(
        (d for d in everything if bare and _bare(d.code).startswith(bare)), key=lambda d: d.code
    )
    chosen = {d.code for d in by_code}
    by_words = [d for d in everything if d.code not in chosen and _matches_words(d, words)]
    return (by_code + by_words)[: max(limit, 0)]
