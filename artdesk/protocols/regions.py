"""The controlled vocabulary of body regions (``resources/body_regions.toml``): what every
protocol names as its regions, and what a pain location maps to. Free text ("posterior thigh
and buttock (nerve)") cannot be matched; an id from this list can."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from artdesk.resources import resource_dir


class View(StrEnum):
    FRONT = "front"
    BACK = "back"
    SIDE = "side"


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str  # in plain words
    views: tuple[View, ...]
    sided: bool


class RegionFileError(ValueError):
    """The regions file is broken: the message names the file and what is wrong."""


def parse(text: str, source: str) -> tuple[Region, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegionFileError(f"{source}: not valid TOML ({exc})") from None
    out: list[Region] = []
    seen: set[str] = set()
    for n, entry in enumerate(data.get("regions", []), start=1):
        where = f"{source}: regions[{n}]"
        try:
            rid, name = str(entry["id"]), str(entry["name"])
            views = tuple(View(v) for v in entry["views"])
            sided = entry["sided"]
        except (KeyError, TypeError) as exc:
            raise RegionFileError(f"{where}: missing or wrong field {exc}") from None
        except ValueError as exc:
            raise RegionFileError(f"{where}: {exc} (views are front, back, side)") from None
        if not isinstance(sided, bool) or not rid or not name or not views:
            raise RegionFileError(f"{where}: id, name, views and sided (true/false) are needed")
        if rid in seen:
            raise RegionFileError(f"{where}: id {rid!r} is used twice")
        seen.add(rid)
        out.append(Region(rid, name, views, sided))
    if not out:
        raise RegionFileError(f"{source}: no regions")
    return tuple(out)


@cache
def shipped() -> dict[str, Region]:
    """The shipped regions by id, in the file's order (head to foot)."""
    path = resource_dir() / "body_regions.toml"
    return {r.id: r for r in parse(path.read_text(encoding="utf-8"), path.name)}


def check(ids: object) -> tuple[tuple[str, ...] | None, str | None]:
    """A protocol's ``regions`` field: a non-empty list of known region ids."""
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        return None, "must be a list of body region ids (see resources/body_regions.toml)"
    known = shipped()
    unknown = [i for i in ids if i not in known]
    if unknown:
        return None, (
            f"unknown body region {', '.join(repr(u) for u in unknown)}; known: {', '.join(known)}"
        )
    if len(set(ids)) != len(ids):
        return None, "names a body region twice"
    return tuple(ids), None
