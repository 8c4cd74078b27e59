"""The clinic's own protocol folder, loaded beside the shipped library (issue 13 item 2).

The folder is a setting; empty means ``protocols`` beside the database, so treatment rooms that
share a database on a server share its protocols too. A clinic file whose id is a shipped
protocol's replaces it (and says so); a broken file is reported and never stops the others,
and is kept (``Library.broken``: its path, text and problems) for the editor to open and fix.
"""

from __future__ import annotations

from pathlib import Path

from artdesk.protocols.loader import BrokenFile, Library, load_library, load_shipped_library
from artdesk.schema import Problem

FOLDER_NAME = "protocols"
SHIPPED = "shipped"
CLINIC = "clinic"
REPLACES = "clinic-replaces-shipped"
BROKEN = "clinic-broken"  # an edit of a clinic file that does not load, saved over it


def clinic_folder(setting: str, database: Path | str | None) -> Path | None:
    """The folder named in Settings, else ``protocols`` beside a database file (None for a
    database that is not a file, e.g. a PostgreSQL URL, with no folder set)."""
    if setting.strip():
        return Path(setting.strip()).expanduser()
    if database is None or "://" in str(database):
        return None
    return Path(database).expanduser().resolve().parent / FOLDER_NAME


def load_with_clinic(folder: Path | None, shipped: Library | None = None) -> Library:
    """The shipped protocols with the clinic's on top of them. A missing folder is not a
    problem (a clinic that has saved none yet); one that is a file is."""
    library = shipped if shipped is not None else load_shipped_library()
    if folder is None or not folder.exists():
        return library
    if not folder.is_dir():
        library.problems.append(Problem(str(folder), "(folder)", "is a file, not a folder"))
        return library
    clinic = load_library(folder)
    for problem in clinic.problems:
        library.problems.append(_in(folder, problem))
    for broken in clinic.broken:  # the editor opens these to fix them
        problems = tuple(_in(folder, p) for p in broken.problems)
        library.broken.append(
            BrokenFile(str(folder / broken.name), broken.text, problems, broken.decoded)
        )
    for protocol_id, protocol in clinic.protocols.items():
        replaced = protocol_id in library.protocols
        library.protocols[protocol_id] = protocol
        library.sources[protocol_id] = str(folder / clinic.sources[protocol_id])
        library.origins[protocol_id] = REPLACES if replaced else CLINIC
    return library


def _in(folder: Path, problem: Problem) -> Problem:
    return Problem(str(folder / problem.file), problem.field, problem.message)


def origin_words(origin: str) -> str:
    """How the lists say where a protocol came from."""
    return {
        SHIPPED: "shipped",
        CLINIC: "clinic",
        REPLACES: "clinic (replaces shipped)",
        BROKEN: "clinic (does not load)",
    }.get(origin, origin)
