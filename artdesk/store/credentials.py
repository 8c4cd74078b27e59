"""Sign-in secrets: each clinician's PIN or password, stored only as an Argon2id hash.

Rules (said to the clinician when a secret is refused):
- a PIN is 6 to 12 digits, not one digit repeated and not a straight run (123456, 987654);
- a password is 10 to 200 characters and not only digits (that is a PIN).

Five wrong tries in a row for one clinician make the next try wait 30 seconds (then 60, 120…,
at most 15 minutes), counted with the clinician in the database (a restart does not clear it);
every failure is in the audit trail.

Forgotten secret: a clinician with the admin role resets it (audited). A solo practitioner,
or a clinic whose only admin forgot theirs, resets it at the PC with
``python main.py credentials --db FILE --reset NAME`` — whoever can run that can already read
the database file, so it adds no new way in; it is audited too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import NoReturn

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from artdesk.store import audit
from artdesk.store.engine import Database
from artdesk.store.errors import InvalidInput, NotFound, StoreError
from artdesk.store.models import Clinician

PIN_RULE = "a PIN is 6 to 12 digits, not one digit repeated and not a run like 123456"
PASSWORD_RULE = "a password is 10 to 200 characters, not only digits"
FREE_TRIES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)

# RFC 9106's low-memory profile (Argon2id, t=3, 64 MiB, p=4), as OWASP's cheat sheet allows.
# Tests swap in a cheap hasher; a stored hash carries its own parameters, so either verifies
# (and one made with weaker parameters is re-hashed with these at the next sign-in).
PROFILE = profiles.RFC_9106_LOW_MEMORY
HASHER = PasswordHasher.from_parameters(PROFILE)


class SecretKind(StrEnum):
    PIN = "pin"
    PASSWORD = "password"


class WrongSecret(StoreError):
    """The PIN or password does not match (or the clinician has to wait before trying)."""


def problem(kind: SecretKind | str, secret: str) -> str | None:
    """Why ``secret`` cannot be used, or None."""
    if kind == SecretKind.PIN:
        if not (secret.isascii() and secret.isdigit() and 6 <= len(secret) <= 12):
            return PIN_RULE
        digits = [int(c) for c in secret]
        steps = {b - a for a, b in pairwise(digits)}
        if len(set(digits)) == 1 or steps in ({1}, {-1}):
            return PIN_RULE
        return None
    if kind == SecretKind.PASSWORD:
        if not 10 <= len(secret) <= 200 or secret.isdigit():
            return PASSWORD_RULE
        return None
    return "choose a PIN or a password"


@dataclass(frozen=True, slots=True)
class SignInRow:
    id: int
    full_name: str
    credentials: str
    kind: SecretKind | None
    is_admin: bool


class CredentialRepository:
    def __init__(
        self, database: Database, now: Callable[[], datetime] | None = None, room: str = ""
    ) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))
        self._room = room

    def any_set(self) -> bool:
        """True once any clinician has a secret: from then on the program starts locked."""
        with self._db.read() as session:
            n = session.scalar(select(func.count()).where(Clinician.secret_hash.is_not(None)))
            return bool(n)

    def people(self) -> list[SignInRow]:
        """Active clinicians as the sign-in screen lists them."""
        with self._db.read() as session:
            rows = session.scalars(
                select(Clinician).where(Clinician.active).order_by(Clinician.full_name)
            )
            return [
                SignInRow(
                    c.id,
                    c.full_name,
                    c.credentials,
                    SecretKind(c.secret_kind) if c.secret_kind else None,
                    bool(c.is_admin),
                )
                for c in rows
            ]

    def kind(self, clinician_id: int) -> SecretKind | None:
        with self._db.read() as session:
            value = session.scalar(
                select(Clinician.secret_kind).where(Clinician.id == clinician_id)
            )
            return SecretKind(value) if value else None

    def set_secret(
        self,
        clinician_id: int,
        kind: SecretKind | str,
        secret: str,
        *,
        by: int | None = None,
        current: str | None = None,
    ) -> None:
        """Set a clinician's own secret (``current`` must match an existing one), or reset
        another's as an admin (``by``, whose own secret was checked by the caller)."""
        why = problem(kind, secret)
        if why:
            raise InvalidInput(why, {"secret": why})
        if by is None and self.kind(clinician_id) is not None:
            self.verify(clinician_id, current or "")
        hashed = HASHER.hash(secret)
        with self._db.write() as session:
            clinician = session.get(Clinician, clinician_id)
            if clinician is None:
                raise NotFound(f"no clinician {clinician_id}")
            if by is not None and by != clinician_id:
                admin = session.get(Clinician, by)
                if admin is None or not admin.is_admin:
                    raise InvalidInput("only a clinician with the admin role resets another's")
            clinician.secret_kind = SecretKind(kind).value
            clinician.secret_hash = hashed
            clinician.secret_set_at = self._now()
            clinician.failed_tries, clinician.wait_until = 0, None
            action = (
                audit.Action.CREDENTIAL_RESET
                if by not in (None, clinician_id)
                else (audit.Action.CREDENTIAL_SET)
            )
            audit.append(
                session,
                self._now(),
                action,
                by if by is not None else clinician_id,
                room=self._room,
                detail=f"{SecretKind(kind).value} for {clinician.full_name}",
            )

    def reset_from_command_line(
        self, clinician_id: int, kind: SecretKind | str, secret: str, who: str
    ) -> None:
        """The recovery path at the PC itself (see the module docstring)."""
        why = problem(kind, secret)
        if why:
            raise InvalidInput(why, {"secret": why})
        hashed = HASHER.hash(secret)
        with self._db.write() as session:
            clinician = session.get(Clinician, clinician_id)
            if clinician is None:
                raise NotFound(f"no clinician {clinician_id}")
            clinician.secret_kind = SecretKind(kind).value
            clinician.secret_hash = hashed
            clinician.secret_set_at = self._now()
            clinician.failed_tries, clinician.wait_until = 0, None
            audit.append(
                session,
                self._now(),
                audit.Action.CREDENTIAL_RESET,
                None,
                room=self._room,
                detail=f"{clinician.full_name}: reset at the command line by {who}",
            )

    def set_admin(self, clinician_id: int, admin: bool) -> None:
        with self._db.write() as session:
            clinician = session.get(Clinician, clinician_id)
            if clinician is None:
                raise NotFound(f"no clinician {clinician_id}")
            clinician.is_admin = admin

    def wait_left(self, clinician_id: int) -> timedelta:
        """How long the next try must wait (stored with the clinician: a restart does not
        clear it)."""
        with self._db.read() as session:
            until = session.scalar(select(Clinician.wait_until).where(Clinician.id == clinician_id))
        if until is None:
            return timedelta(0)
        return max(timedelta(0), until - self._now())

    def verify(self, clinician_id: int, secret: str) -> None:
        """Check a secret; WrongSecret (audited) if it does not match or it is too soon."""
        left = self.wait_left(clinician_id)
        if left > timedelta(0):
            raise WrongSecret(
                f"too many wrong tries: wait {math.ceil(left.total_seconds())} s and try again"
            )
        with self._db.read() as session:
            clinician = session.get(Clinician, clinician_id)
            if clinician is None:
                raise NotFound(f"no clinician {clinician_id}")
            stored, name, kind = clinician.secret_hash, clinician.full_name, clinician.secret_kind
        if stored is None:
            raise WrongSecret(
                f"{name} has no PIN or password yet: set one with Your PIN/password… in the toolbar"
            )
        ok: bool
        try:
            ok = HASHER.verify(stored, secret)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            self._failed(clinician_id, name, kind or "secret")
        with self._db.write() as session:
            row = session.get(Clinician, clinician_id)
            if row is not None:
                row.failed_tries, row.wait_until = 0, None
                if HASHER.check_needs_rehash(stored):
                    row.secret_hash = HASHER.hash(secret)

    def _failed(self, clinician_id: int, name: str, kind: str) -> NoReturn:
        with self._db.write() as session:
            row = session.get(Clinician, clinician_id)
            failures = (row.failed_tries or 0) + 1 if row is not None else 1
            if row is not None:
                row.failed_tries = failures
                over = failures - FREE_TRIES
                if over >= 0:
                    row.wait_until = self._now() + min(FIRST_WAIT * (2**over), LONGEST_WAIT)
            audit.append(
                session,
                self._now(),
                audit.Action.SIGN_IN_FAILED,
                None,
                room=self._room,
                detail=f"wrong {kind} for {name} ({failures} in a row)",
            )
        raise WrongSecret(f"that {'PIN' if kind == 'pin' else 'password'} is not right")
