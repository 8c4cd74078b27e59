"""Headless commands: ``python main.py COMMAND …`` (also installed as ``artdesk``).

Output meant for scripts is tab-separated, id first. Errors are one clear line on stderr and a
non-zero exit: 1 for a problem with the input or the database, 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from artdesk import __version__
from artdesk.cli_common import by_whom as _by_whom
from artdesk.cli_common import open_db, paper_flow, paper_refusal, this_room, write_paper
from artdesk.cli_common import row as _row
from artdesk.commands import COMMANDS, is_command_line
from artdesk.protocols import load_library, load_shipped_library
from artdesk.store import (
    Action,
    AuditTrail,
    PatientRepository,
    StoreError,
)
from artdesk.store.backup import backup_sqlite
from artdesk.store.engine import resolve_url, sqlite_path
from artdesk.treatment import SystemClock, treated_minutes
from artdesk.visit import VisitFlow


def _output_refusal(target: Path, database: Path | None, *, replace: bool) -> str | None:
    """Why ``target`` must not be written over (never the database itself, never a file
    that is there already unless asked), or None."""
    if target.is_dir():
        return f"cannot write {target}: it is a folder — give a file name"
    if database is not None and target.exists() and target.resolve() == database.resolve():
        return f"{target} is the database itself: choose another file for the copy"
    if target.exists() and not replace:
        return f"{target} exists already: choose another name, or add --replace to write over it"
    return None


def _cmd_protocols(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.check is not None:
        folder = Path(args.check)
        if not folder.is_dir():
            err.write(f"artdesk: {folder}: no such folder\n")
            return 1
        files = sorted(folder.glob("*.toml"))
        library = load_library(folder, files)
        for problem in library.problems:
            out.write(f"{problem}\n")
        if library.problems:
            bad = len({p.file for p in library.problems})
            err.write(f"{bad} of {len(files)} files have problems\n")
            return 1
        out.write(
            f"{len(library.protocols)} protocols OK "
            f"({library.structure_count} structures) in {len(files)} files\n"
        )
        return 0
    library = load_shipped_library()
    if args.library is not None:
        from artdesk.protocols.clinic import load_with_clinic

        folder = Path(args.library)
        if not folder.is_dir():
            err.write(f"artdesk: {folder}: no such folder\n")
            return 1
        library = load_with_clinic(folder, library)
    if args.show is not None:
        from artdesk.protocols.show import describe

        wanted = library.protocols.get(args.show)
        if wanted is None:
            known = ", ".join(p.id for p in library.sorted())
            err.write(f"artdesk: no protocol {args.show!r}; the library has: {known}\n")
            return 1
        out.write(describe(wanted))
        return 0
    for protocol in library.sorted():
        row = [protocol.id, protocol.name, protocol.region, len(protocol.structures)]
        if args.library is not None:  # where each came from, and which version
            from artdesk.protocols.clinic import origin_words

            row += [f"v{protocol.version}", origin_words(library.origins[protocol.id])]
        _row(out, *row)
    for problem in library.problems:
        err.write(f"artdesk: protocol not loaded: {problem}\n")
    return 1 if library.problems else 0


def _cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.demo import build_demo

    if args.patients < 0 or args.patients > 1_000_000:
        err.write("artdesk: --patients must be 0 to 1,000,000\n")
        return 2
    database = open_db(args.db, err, create=True)
    try:
        started = time.perf_counter()
        report = build_demo(
            database, load_shipped_library(), patients=args.patients, seed=args.seed
        )
        seconds = time.perf_counter() - started
    finally:
        database.close()
    out.write(
        f"demo clinic in {database.url}: {report.clinicians} clinicians, "
        f"{report.patients} patients, {report.visits} signed visits, "
        f"{report.events} journal events ({seconds:.1f} s)\n"
    )
    return 0


def _cmd_patients(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    database = open_db(args.db, err, read_only=True)
    try:
        rows = PatientRepository(database).search(
            args.search or "", limit=args.limit, offset=args.offset
        )
    finally:
        database.close()
    for p in rows:
        _row(out, p.id, p.full_name, p.date_of_birth.isoformat(), p.phone, p.email, p.sport)
    return 0


def _cmd_visits(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    database = open_db(args.db, err, read_only=True)
    try:
        flow = VisitFlow(database, SystemClock())
        if args.patient is not None:
            PatientRepository(database).get(args.patient)  # a clear error for an unknown id
            rows = flow.history(args.patient, limit=args.limit)
        else:
            rows = flow.recent(limit=args.limit)
    finally:
        database.close()
    for v in rows:
        _row(
            out,
            v.id,
            v.patient_id,
            v.patient_name,
            v.started_at.isoformat(timespec="minutes"),
            "voided" if v.voided else v.status,
            v.clinician_name,
            v.protocols,
            v.pain_before,
            v.pain_after,
            # a voided visit is kept and listed, never billed
            None if v.voided else treated_minutes(v.treated_seconds),
            None if v.voided else v.billing_units,
        )
    return 0


def _cmd_backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = sqlite_path(resolve_url(args.db))
    if path is None:
        err.write("artdesk: backup copies a SQLite file; use your database server's tools\n")
        return 1
    database = open_db(args.db, err, read_only=True)  # refuses a missing or foreign file
    try:
        target = Path(args.output)
        if target.parent.exists() and not target.parent.is_dir():
            err.write(f"artdesk: cannot write {target}: {target.parent} is a file, not a folder\n")
            return 1
        if not target.parent.is_dir():
            err.write(
                f"artdesk: cannot write {target}: the folder {target.parent} does not exist\n"
            )
            return 1
        refusal = _output_refusal(target, path, replace=args.replace)
        if refusal:
            err.write(f"artdesk: {refusal}\n")
            return 1
        try:
            backup_sqlite(path, target)
        except StoreError as exc:
            err.write(f"artdesk: the copy {target} could not be written: {exc}\n")
            return 1
        try:
            AuditTrail(database, room=this_room()).record(
                Action.BACKUP, None, detail=_by_whom(f"copied to {target}")
            )
        except StoreError as exc:  # a read-only or full source: the copy is made all the same
            err.write(f"artdesk: warning: the copy was made but not recorded: {exc}\n")
    finally:
        database.close()
    out.write(f"backed up {path} to {target}\n")
    return 0


def _cmd_screening(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.screening import load_screen

    screen, problems = load_screen(Path(args.check) if args.check else None)
    for problem in problems:
        out.write(f"{problem}\n")
    if screen is None:
        return 1
    out.write(f"{len(screen.items)} screening items OK\n")
    return 0


__all__ = ["COMMANDS", "build_parser", "is_command_line", "main"]


def _cmd_document(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.reports import render_visit

    target = Path(args.output)
    refusal = paper_refusal(target)
    if refusal:
        err.write(f"artdesk: {refusal}\n")
        return 1
    database = open_db(args.db, err, read_only=True)
    try:
        flow, screen, settings, library = paper_flow(database)
        rendered = render_visit(args.command, flow, args.visit, library, settings, screen)
        return write_paper(
            target,
            rendered,
            settings,
            out,
            err,
            lambda: flow.audit.record(
                Action.EXPORT,
                None,
                visit_id=args.visit,
                detail=_by_whom(f"{args.command} → {target}"),
            ),
        )
    finally:
        database.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="artdesk",
        description="ART Desk: treatment-room records. With no command, `python main.py` "
        "opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ART Desk {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full error of an unexpected failure"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db_help = "database file or URL (default: $ARTDESK_DB, else the user data folder)"

    p = commands.add_parser("protocols", help="list the protocol library, or check a folder")
    p.add_argument("--check", metavar="DIR", help="validate every *.toml in DIR")
    p.add_argument("--show", metavar="ID", help="one protocol in full, structure by structure")
    p.add_argument(
        "--library",
        metavar="DIR",
        help="with the clinic's protocol folder DIR (a file there replaces a shipped id)",
    )
    p.set_defaults(run=_cmd_protocols)

    p = commands.add_parser("screening", help="check the safety screen file")
    p.add_argument("--check", metavar="FILE", help="a screening.toml (default: the shipped one)")
    p.set_defaults(run=_cmd_screening)

    p = commands.add_parser("demo", help="fill a database with a believable demo clinic")
    p.add_argument("--db", required=True, metavar="PATH_OR_URL", help=db_help)
    p.add_argument("--patients", type=int, default=40, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(run=_cmd_demo)

    p = commands.add_parser("patients", help="list or search patients (tab-separated)")
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("--search", metavar="TEXT", help="name words, date of birth, or phone")
    p.add_argument("--limit", type=int, default=1000, metavar="N")
    p.add_argument("--offset", type=int, default=0, metavar="N")
    p.set_defaults(run=_cmd_patients)

    p = commands.add_parser("visits", help="list visits, newest first (tab-separated)")
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("--patient", type=int, metavar="ID")
    p.add_argument("--limit", type=int, default=1000, metavar="N")
    p.set_defaults(run=_cmd_visits)

    for name, what in (
        ("summary", "the patient's take-home summary"),
        ("note", "the clinician's SOAP note"),
    ):
        p = commands.add_parser(name, help=f"write {what} of a visit as PDF")
        p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
        p.add_argument("--visit", type=int, required=True, metavar="ID")
        p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
        p.set_defaults(run=_cmd_document)

    p = commands.add_parser("backup", help="copy the database safely while it may be in use")
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--replace", action="store_true", help="write over FILE if it exists")
    p.set_defaults(run=_cmd_backup)

    from artdesk.cli_courses import add_commands as add_courses
    from artdesk.cli_progress import add_commands as add_progress
    from artdesk.cli_trust import add_commands

    add_commands(commands, db_help)
    add_progress(commands, db_help)
    add_courses(commands, db_help)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    given = list(sys.argv[1:] if argv is None else argv)
    for n, arg in enumerate(given, start=1):
        if any("\udc80" <= c <= "\udcff" or "\ud800" <= c <= "\udbff" for c in arg):
            shown = repr(os.fsencode(arg))[2:-1]  # the bytes as given
            err.write(f"artdesk: argument {n} is not valid text (not UTF-8): {shown}\n")
            return 2
    parser = build_parser()
    args = parser.parse_args(given)
    if getattr(args, "limit", 1) <= 0 or getattr(args, "offset", 0) < 0:
        err.write("artdesk: --limit must be positive and --offset not negative\n")
        return 2
    try:
        code: int = args.run(args, out, err)
        return code
    except StoreError as exc:
        err.write(f"artdesk: {exc}\n")
        return 1
    except BrokenPipeError:  # `artdesk patients | head`: the reader has all it wanted
        if out is sys.stdout:  # and Python's own flush at exit must not complain either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if args.debug:
            raise
        err.write(
            f"artdesk: {exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}\n"
        )
        return 1
    except Exception as exc:  # never a traceback for a user; --debug for support
        if args.debug:
            raise
        detail = " ".join(str(exc).split())[:300]
        err.write(
            f"artdesk: unexpected error ({type(exc).__name__}: {detail}); nothing more was "
            "done — run the same command with --debug and send the output to support\n"
        )
        return 1
