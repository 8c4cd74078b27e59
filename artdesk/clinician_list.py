"""Who signs in: the lock screen's list, read with the standard library's ``sqlite3``.

With sign-in on (any clinician has a PIN or password) the window opens on the lock screen,
and it paints before SQLAlchemy, the store and the other pages are imported: this module
imports neither. It reads the clinicians table only, never a patient. The list is the one
:meth:`artdesk.store.CredentialRepository.people` gives the lock page (the active clinicians
by name, each with the kind of secret they sign in with; a test holds the two together), so
when the store's lock page takes over it lists the same people in the same places.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SignInName:
    """One name on the lock screen. ``kind``: "pin", "password", or None (no secret yet) —
    the values :class:`artdesk.store.SecretKind` stores."""

    id: int
    full_name: str
    credentials: str
    kind: str | None


# the same rule as CredentialRepository.any_set: once anyone signs in, the window starts locked
SIGN_IN_ON = "SELECT 1 FROM clinicians WHERE secret_hash IS NOT NULL LIMIT 1"
# the same rows, in the same order, as CredentialRepository.people
_PEOPLE = (
    "SELECT id, full_name, credentials, secret_kind FROM clinicians"
    " WHERE active = 1 ORDER BY full_name"
)


def read_sign_in(path: Path) -> list[SignInName] | None:
    """The lock screen's list when sign-in is on, read-only; None when the window does not
    open on the lock screen before the store opens the file: no file yet, a file this cannot
    read (the store will say why), sign-in off (nobody has a PIN or password: the patient list
    comes first), or nobody active to list."""
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.2)
    except (sqlite3.Error, ValueError):
        return None
    try:
        if con.execute(SIGN_IN_ON).fetchone() is None:
            return None
        people = [
            SignInName(int(cid), str(name), str(credentials or ""), _kind(kind))
            for cid, name, credentials, kind in con.execute(_PEOPLE)
        ]
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        con.close()
    return people or None


def _kind(value: object) -> str | None:
    """As the store reads it: an unknown kind is refused (the store would raise), none is
    None."""
    if not value:
        return None
    if value not in ("pin", "password"):
        raise ValueError(f"unknown secret kind {value!r}")
    return str(value)
