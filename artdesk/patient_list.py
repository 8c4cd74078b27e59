"""The patient list's rows, and its first page read with the standard library's ``sqlite3``.

The window paints the patient list with this first page before SQLAlchemy, the store and the
other pages are imported (≈ 0.3 s of imports on a clinic PC): this module imports neither.
The page is the one :meth:`artdesk.store.PatientRepository.search` gives for an empty search
(same columns, same order; a test holds the two together), so when the store takes over the
list shows the same rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import platformdirs

from artdesk.clinician_list import SIGN_IN_ON


@dataclass(frozen=True, slots=True)
class PatientRow:
    """One line of the patient list (and of the command line's ``patients``). ``name_key``
    is where it sorts: the next page starts after ``(name_key, id)``."""

    id: int
    full_name: str
    date_of_birth: date
    phone: str
    email: str
    sport: str
    name_key: str


def default_db_path() -> Path:
    """The clinic's database when neither ``--db``, ``ARTDESK_DB`` nor the settings name one."""
    return platformdirs.user_data_path("ARTDesk", appauthor=False) / "artdesk.sqlite"


def database_file(target: str | None) -> Path | None:
    """The SQLite file a ``--db`` value (or none: the default) names; None for a URL, whose
    database only the store can open."""
    if target and "://" in target:
        return None
    return Path(target).expanduser().absolute() if target else default_db_path()


_FIRST_PAGE = (
    "SELECT id, full_name, date_of_birth, phone, email, sport, name_key FROM patients"
    " ORDER BY name_key, id LIMIT ?"
)


def read_first_page(path: Path, limit: int) -> list[PatientRow] | None:
    """The first ``limit`` patients by name, read-only; None when there is nothing to show
    before the store opens the file: no file yet, a file this cannot read (the store will say
    why), no patient, or sign-in on (the lock screen comes before any name)."""
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.2)
    except (sqlite3.Error, ValueError):
        return None
    try:
        if con.execute(SIGN_IN_ON).fetchone() is not None:
            return None
        rows = [
            PatientRow(pid, name, date.fromisoformat(born), phone, email, sport, key)
            for pid, name, born, phone, email, sport, key in con.execute(_FIRST_PAGE, (limit,))
        ]
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        con.close()
    return rows or None
