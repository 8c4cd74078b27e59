"""What every headless command shares: a tab-separated row, opening the database with its
notices said, this PC's room, and who ran a command (for the audit trail)."""

from __future__ import annotations

from typing import TextIO

from artdesk.settings import room_name
from artdesk.store import Database, open_database


def cell(value: object) -> str:
    """One TSV field: no tab or line break may split a record."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).replace("\t", " ").splitlines())


def row(out: TextIO, *values: object) -> None:
    out.write("\t".join(cell(v) for v in values) + "\n")


def open_db(
    target: object, err: TextIO, *, create: bool = False, read_only: bool = False
) -> Database:
    """Open for a command; what opening found and fixed is said on stderr as a warning.
    ``read_only``: the command only reads (read-only media or a full disk do not stop it)."""
    database = open_database(target, create=create, read_only=read_only)  # type: ignore[arg-type]
    for notice in database.notices:
        err.write(f"artdesk: warning: {notice}\n")
    return database


def this_room() -> str:
    """The room this PC is (Settings → Room name, else the computer's name)."""
    from artdesk.settings import Settings

    return room_name(str(Settings.load()["room"]))


def by_whom(what: str) -> str:
    """An audit detail for a command run at the PC: the operating system's user did it."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    return f"{what} (command line, {user})"
