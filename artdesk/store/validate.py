"""Checks on what a person typed before it is stored: one clear :class:`InvalidInput` each."""

from __future__ import annotations

from artdesk.store.errors import InvalidInput
from artdesk.store.text import broken_text, one_line, visible

MAX_TEXT = 20_000


def text(
    value: str,
    what: str,
    *,
    required: bool = False,
    limit: int = MAX_TEXT,
    single_line: bool = False,
) -> str:
    """The value as it will be stored; ``single_line``: line breaks become spaces (a name, a
    phone number, a heading on a paper); ``required``: something visible must be there."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    problem = broken_text(value)
    if problem:
        raise InvalidInput(f"{what} {problem}")
    value = one_line(value) if single_line else value.strip()
    if required and not visible(value):
        raise InvalidInput(
            f"{what} is required" + (" (only invisible characters)" if value else "")
        )
    if len(value) > limit:
        raise InvalidInput(f"{what} is {len(value):,} characters; at most {limit:,}")
    return value


def count(value: int, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{what} must be a whole number {low}–{high}")
    return value
