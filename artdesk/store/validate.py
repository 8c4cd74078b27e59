"""Checks on what a person typed before it is stored: one clear :class:`InvalidInput` each."""

from __future__ import annotations

from artdesk.store.errors import InvalidInput

MAX_TEXT = 20_000


def text(value: str, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{what} is required")
    if len(value) > limit:
        raise InvalidInput(f"{what} is {len(value):,} characters; at most {limit:,}")
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character")
    return value


def count(value: int, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{what} must be a whole number {low}–{high}")
    return value
