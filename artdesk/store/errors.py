"""Errors the store raises, each with a message a clinician or clinic IT can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: str(error) is a complete, one-line message."""


class DatabaseMissing(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class DatabaseUnwritable(StoreError):
    pass


class MigrationFailed(StoreError):
    pass


class VisitSigned(StoreError):
    """A signed visit is read-only; corrections are amendments."""


class NotFound(StoreError):
    pass


class InvalidInput(StoreError, ValueError):
    """A value a person typed that cannot be stored as it is; ``errors`` maps field → problem."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}
