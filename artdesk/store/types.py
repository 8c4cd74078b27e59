"""Column types shared by the models."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from artdesk.store.errors import DamagedValue


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns timezone-aware UTC; refuses naive datetimes (their zone is a guess)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError("refusing a naive datetime: give it a timezone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def _decoded(value: Any, kind: type, empty: str, name: str) -> Any:
    """A stored JSON text read back as ``kind``; DamagedValue naming what is wrong."""
    try:
        decoded = json.loads(value or empty)
    except (TypeError, ValueError) as exc:
        raise DamagedValue(f"a stored JSON value does not parse: {exc}") from None
    if not isinstance(decoded, kind):
        raise DamagedValue(f"a stored JSON value is {type(decoded).__name__}, not {name}")
    return decoded


class JSONText(TypeDecorator[dict[str, Any]]):
    """A JSON object stored as text (UTF-8 as it is, keys sorted, so equal content reads equal).

    The column stays TEXT, as the released schemas made it; reading a row that is not a JSON
    object raises ``ValueError`` naming the problem (a damaged row, not a crash).
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a mapping, got {type(value).__name__}")
        return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: Any, dialect: Dialect) -> dict[str, Any] | None:
        if value is None:
            return None
        decoded: dict[str, Any] = _decoded(value, dict, "{}", "an object")
        return decoded


class JSONList(TypeDecorator[list[Any]]):
    """A JSON array stored as text (schema 0007: goals, measures, trials, activities)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return json.dumps(list(value), ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: Any, dialect: Dialect) -> list[Any] | None:
        if value is None:
            return None
        return self.decode(value)

    @staticmethod
    def decode(value: str) -> list[Any]:
        """The stored text read back (for a column selected as plain text)."""
        decoded: list[Any] = _decoded(value, list, "[]", "a list")
        return decoded


E = TypeVar("E", bound=StrEnum)


class StrEnumText(TypeDecorator[E]):
    """One of the clinic's words (a ``StrEnum``) stored as its text value.

    The column stays VARCHAR with the CHECK constraint the released schemas made; Python sees
    the enum, so a typo is an error here and not a row nobody can find.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 20) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(self.enum(value).value)

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        if value is None:
            return None
        try:
            return self.enum(value)
        except ValueError:
            raise DamagedValue(
                f"{value!r} is not a {self.enum.__name__} ({', '.join(e.value for e in self.enum)})"
            ) from None
