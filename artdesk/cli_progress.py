"""``progress``: the progress report of a patient's episode of care as PDF — the
re-evaluation / progress note a payer asks for (``python main.py progress --db DB --patient ID
[--episode ID] -o OUT.pdf``). Written the way ``summary`` and ``note`` write their papers:
atomically, never over a file that is not a PDF, recorded in the audit trail."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from artdesk.cli_common import by_whom, open_db, paper_flow, paper_refusal, write_paper
from artdesk.store import Action, PatientRepository


def _cmd_progress(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.reports import render_progress

    target = Path(args.output)
    refusal = paper_refusal(target)
    if refusal:
        err.write(f"artdesk: {refusal}\n")
        return 1
    database = open_db(args.db, err, read_only=True)
    try:
        PatientRepository(database).get(args.patient)  # "no patient 12", not "no episode"
        flow, _screen, settings, _library = paper_flow(database)
        rendered = render_progress(flow, args.patient, settings, args.episode)
        episode = f", episode {args.episode}" if args.episode is not None else ""
        return write_paper(
            target,
            rendered,
            settings,
            out,
            err,
            lambda: flow.audit.record(
                Action.EXPORT,
                None,
                patient_id=args.patient,
                detail=by_whom(f"progress report{episode} → {target}"),
            ),
        )
    finally:
        database.close()


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
