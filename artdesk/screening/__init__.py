"""The pre-treatment safety screen: items from ``resources/screening.toml`` and the decision.

Grades (DOMAIN.md §5): an *emergency* answer sends the patient to emergency care and can never
be overridden; a *stop and refer* answer blocks treatment unless the clinician writes why they
proceed (stored with the visit); *not at the site* and *precaution* answers allow treatment and
stay on screen while treating. The screen is a deliberate step: with nothing ticked, the
clinician must say "none of these apply" — a visit never records "clear" by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from artdesk.resources import resource_dir
from artdesk.schema import (
    Field,
    Problem,
    identifier,
    parse_toml,
    positive_int,
    required_text,
    type_name,
    walk,
)
from artdesk.vocabulary import ScreeningResult

MIN_OVERRIDE_CHARS = 10
NOT_TREATED = "somewhere not treated today"  # a not-at-site answer away from today's areas


class Group(StrEnum):
    EMERGENCY = "emergency"
    STOP = "stop"
    NOT_AT_SITE = "not-at-site"
    PRECAUTION = "precaution"

    @property
    def heading(self) -> str:
        return {
            Group.EMERGENCY: "Emergency — send to emergency care now (cannot be overridden)",
            Group.STOP: "Stop and refer",
            Group.NOT_AT_SITE: "Not at the site",
            Group.PRECAUTION: "Precaution",
        }[self]


def _group(value: Any) -> tuple[Any, str | None]:
    allowed = ", ".join(g.value for g in Group)
    try:
        return Group(value), None
    except ValueError:
        shown = repr(value) if isinstance(value, str) else type_name(value)
        return None, f"{shown} is not one of {allowed}"


_ITEM = {
    "id": Field(identifier),
    "group": Field(_group),
    "question": Field(required_text),
}
_SCREEN = {"version": Field(positive_int), "items": Field(None, nested=_ITEM)}


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    group: Group
    question: str


@dataclass(frozen=True, slots=True)
class Screen:
    version: int
    items: tuple[Item, ...]

    def in_group(self, group: Group) -> list[Item]:
        return [i for i in self.items if i.group is group]

    def decide(
        self,
        answers: Mapping[str, bool],
        override: str = "",
        *,
        none_apply: bool = False,
        sites: Mapping[str, str] | None = None,
    ) -> Decision:
        """The decision for ``answers``; ``none_apply``: the clinician said none of the items
        applies (needed when nothing is ticked); ``sites``: where each *not at the site*
        answer is (a body region), which every such answer needs."""
        unknown = set(answers) - {i.id for i in self.items}
        if unknown:
            raise ValueError(f"unknown screening items: {', '.join(sorted(unknown))}")
        present = [i for i in self.items if answers.get(i.id)]
        emergencies = [i for i in present if i.group is Group.EMERGENCY]
        stops = [i for i in present if i.group is Group.STOP]
        cautions = [i for i in present if i.group in (Group.NOT_AT_SITE, Group.PRECAUTION)]
        result = (
            ScreeningResult.EMERGENCY
            if emergencies
            else ScreeningResult.STOP
            if stops
            else ScreeningResult.NOT_AT_SITE
            if any(i.group is Group.NOT_AT_SITE for i in cautions)
            else ScreeningResult.PRECAUTION
            if cautions
            else ScreeningResult.CLEAR
        )
        screened = bool(present) or none_apply
        where = tuple(
            (i.id, (sites or {}).get(i.id, "")) for i in cautions if i.group is Group.NOT_AT_SITE
        )
        return Decision(
            result,
            tuple(stops),
            tuple(cautions),
            override.strip(),
            tuple(emergencies),
            screened,
            where,
        )


@dataclass(frozen=True, slots=True)
class Decision:
    result: ScreeningResult  # stored with the visit
    stops: tuple[Item, ...]
    cautions: tuple[Item, ...] = field(default=())
    override: str = ""
    emergencies: tuple[Item, ...] = field(default=())
    screened: bool = True  # something was ticked, or "none of these apply"
    sites: tuple[tuple[str, str], ...] = ()  # (not-at-site item id, body region; "" = unsaid)

    def site(self, item_id: str) -> str:
        return dict(self.sites).get(item_id, "")

    def not_here(self, region: str) -> list[str]:
        """The not-at-site answers whose site is ``region``: treat elsewhere."""
        return [i.question for i in self.cautions if region and self.site(i.id) == region]

    @property
    def applies(self) -> frozenset[str]:
        """The ids of every item answered as applying."""
        return frozenset(i.id for i in (*self.emergencies, *self.stops, *self.cautions))

    @property
    def may_treat(self) -> bool:
        if self.emergencies or not self.screened or self._unsited:
            return False
        return not self.stops or len(self.override) >= MIN_OVERRIDE_CHARS

    @property
    def _unsited(self) -> list[Item]:
        return [i for i in self.cautions if i.group is Group.NOT_AT_SITE and not self.site(i.id)]

    @property
    def problem(self) -> str | None:
        """Why treatment cannot start, in words for the clinician, or None."""
        if self.may_treat:
            return None
        if self.emergencies:
            names = "; ".join(i.question for i in self.emergencies)
            return (
                f"Emergency: {names}. Send the patient to emergency care now; treatment cannot "
                "start, whatever the reason."
            )
        if not self.screened:
            return "Go through the safety screen: tick what applies, or 'None of these apply'."
        if self._unsited:
            names = "; ".join(i.question for i in self._unsited)
            return f"Say where: {names}. Choose the site under it (or 'not treated today')."
        names = "; ".join(i.question for i in self.stops)
        if not self.override:
            return f"Stop and refer: {names}. To treat anyway, write the reason for the override."
        return f"The override reason is too short: at least {MIN_OVERRIDE_CHARS} characters."

    def banner(self) -> str:
        """What stays on screen during treatment."""
        parts = []
        if self.stops:
            parts.append("OVERRIDDEN STOP: " + "; ".join(i.question for i in self.stops))
        site = [
            f"{i.question} ({self.site(i.id)})" if self.site(i.id) else i.question
            for i in self.cautions
            if i.group is Group.NOT_AT_SITE
        ]
        care = [i.question for i in self.cautions if i.group is Group.PRECAUTION]
        if site:
            parts.append("Not at the site: " + "; ".join(site))
        if care:
            parts.append("Precaution: " + "; ".join(care))
        return "  •  ".join(parts)


def parse_screen(text: str, source: str) -> tuple[Screen | None, list[Problem]]:
    data, problems = parse_toml(text, source)
    if data is None:
        return None, problems

    def report(where: str, message: str) -> None:
        problems.append(Problem(source, where, message))

    values = walk(data, _SCREEN, "", report)
    ids = [i.get("id") for i in values.get("items", [])]
    for dup in sorted({i for i in ids if i and ids.count(i) > 1}):
        report("items", f"item id {dup!r} is used more than once")
    if problems:
        return None, problems
    items = tuple(Item(**i) for i in values["items"])
    return Screen(values["version"], items), []


def load_screen(path: Path | None = None) -> tuple[Screen | None, list[Problem]]:
    path = path or resource_dir() / "screening.toml"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(path.name, "(file)", f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [Problem(path.name, "(file)", f"cannot read: {exc.strerror}")]
    return parse_screen(text, path.name)
