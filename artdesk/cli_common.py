"""What every headless command shares: a tab-separated row, opening the database with its
notices said, this PC's room, and who ran a command (for the audit trail)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from artdesk.settings import room_name
from artdesk.store import Database, open_database

if TYPE_CHECKING:
    from artdesk.protocols import Library
    from artdesk.reports import Rendered
    from artdesk.screening import Screen
    from artdesk.settings import Settings
    from artdesk.visit import VisitFlow


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


def paper_flow(database: Database) -> tuple[VisitFlow, Screen | None, Settings, Library]:
    """What a paper command reads with: the visit flow (this PC's room), the safety screen,
    the settings and the library the window would have — the shipped protocols with the
    clinic's folder (a visit's own kept versions are read through the flow)."""
    from artdesk.protocols import load_shipped_library
    from artdesk.protocols.clinic import clinic_folder, load_with_clinic
    from artdesk.screening import load_screen
    from artdesk.settings import Settings
    from artdesk.treatment import SystemClock
    from artdesk.visit import VisitFlow

    screen, _ = load_screen()
    settings = Settings.load()
    folder = clinic_folder(settings["protocol_folder"], database.path)
    library = load_with_clinic(folder, load_shipped_library())
    flow = VisitFlow(
        database, SystemClock(), screen, room=room_name(settings["room"]), library=library
    )
    return flow, screen, settings, library


def paper_refusal(target: Path) -> str | None:
    """Why a paper may not be written to ``target`` (checked before any work), or None."""
    if not target.parent.is_dir():
        return f"cannot write {target}: the folder {target.parent} does not exist"
    if target.is_dir():
        return f"cannot write {target}: it is a folder — give a file name"
    if target.exists() and target.read_bytes()[:5] != b"%PDF-":
        return f"{target} exists and is not a PDF: choose another name"
    return None


def write_paper(
    target: Path,
    rendered: Rendered,
    settings: Settings,
    out: TextIO,
    err: TextIO,
    record: Callable[[], None],
) -> int:
    """Say what the paper lacks (clinic files and header, glyphs no font has), write it
    atomically, then ``record`` it in the audit trail; the command's exit code."""
    from artdesk.reports import missing_glyphs_warning, write_atomically
    from artdesk.reports.files import clinic_file_problems
    from artdesk.store import StoreError

    for problem in clinic_file_problems(settings):
        err.write(f"artdesk: warning: {problem}\n")
    warning = missing_glyphs_warning(rendered.missing)
    if warning:
        err.write(f"artdesk: warning: {warning}\n")
    try:
        write_atomically(target, rendered.pdf)
    except OSError as exc:
        err.write(
            f"artdesk: cannot write {target}: {exc.strerror or exc} — choose another "
            "folder or file name\n"
        )
        return 1
    try:
        record()
    except StoreError as exc:  # the paper is written; say what could not be recorded
        err.write(f"artdesk: warning: the paper was written but not recorded: {exc}\n")
    pages = f"{rendered.pages} page{'s' if rendered.pages != 1 else ''}"
    out.write(f"wrote {target} ({pages})\n")
    return 0
