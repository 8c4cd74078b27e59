"""``progress``: the progress report of a patient's episode of care as PDF — the
re-evaluation / progress note a payer asks for (``python main.py progress --db DB --patient ID
[--episode ID] -o OUT.pdf``). Written the way ``summary`` and ``note`` write their papers:
atomically, never over a file that is not a PDF, recorded in the audit trail."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from artdesk.cli_common import by_whom, open_db
from artdesk.store import Action, PatientRepository, StoreError
from artdesk.treatment import SystemClock


def _refusal(target: Path) -> str | None:
    """Why the paper cannot be written to ``target`` (as the visit papers say it), or None."""
    if not target.parent.is_dir():
        return f"cannot write {target}: the folder {target.parent} does not exist"
    if target.is_dir():
        return f"cannot write {target}: it is a folder — give a file name"
    if target.exists() and target.read_bytes()[:5] != b"%PDF-":
        return f"{target} exists and is not a PDF: choose another name"
    return None


def _cmd_progress(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.reports import missing_glyphs_warning, render_progress, write_atomically
    from artdesk.reports.files import clinic_file_problems
    from artdesk.screening import load_screen
    from artdesk.settings import Settings, room_name
    from artdesk.visit import VisitFlow

    target = Path(args.output)
    refusal = _refusal(target)
    if refusal:
        err.write(f"artdesk: {refusal}\n")
        return 1
    database = open_db(args.db, err, read_only=True)
    try:
        PatientRepository(database).get(args.patient)  # "no patient 12", not "no episode"
        screen, _ = load_screen()
        settings = Settings.load()
        flow = VisitFlow(database, SystemClock(), screen, room=room_name(settings["room"]))
        rendered = render_progress(flow, args.patient, settings, args.episode)
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
        episode = f", episode {args.episode}" if args.episode is not None else ""
        try:
            flow.audit.record(
                Action.EXPORT,
                None,
                patient_id=args.patient,
                detail=by_whom(f"progress report{episode} → {target}"),
            )
        except StoreError as exc:  # the paper is written; say what could not be recorded
            err.write(f"artdesk: warning: the paper was written but not recorded: {exc}\n")
    finally:
        database.close()
    pages = f"{rendered.pages} page{'s' if rendered.pages != 1 else ''}"
    out.write(f"wrote {target} ({pages})\n")
    return 0


def add_commands(commands: Any, db_help: str) -> None:
    p = commands.add_parser(
        "progress", help="write the progress report of a patient's episode of care as PDF"
    )
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("--patient", type=int, required=True, metavar="ID")
    p.add_argument(
        "--episode", type=int, metavar="ID", help="default: the active episode, else the newest"
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.set_defaults(run=_cmd_progress)
