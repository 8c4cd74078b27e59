"""The commands about trust in the records: ``verify`` (every chain and seal), ``audit`` (who
did what, tab-separated) and ``credentials`` (list sign-in, or reset one at the PC itself)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from artdesk.cli_common import open_db, this_room
from artdesk.cli_common import row as _row
from artdesk.store import InvalidInput, NotFound


def _cmd_verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.store.verify import verify_database

    database = open_db(args.db, err, read_only=True)
    try:
        result = verify_database(database)
    finally:
        database.close()
    if result.intact:
        out.write(
            f"intact: {result.visits} visits and {result.audit_entries} audit entries checked; "
            "every record matches its chain and every signed visit its seal\n"
        )
        return 0
    for line in result.lines():
        out.write(line + "\n")
    err.write(
        f"artdesk: {len(result.altered)} of {result.visits} visits no longer match what was "
        "recorded" + (" and the audit trail is altered" if result.audit_problems else "") + "\n"
    )
    return 1


def _since(value: str) -> datetime:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _cmd_audit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.store import AuditTrail

    database = open_db(args.db, err, read_only=True)
    try:
        entries = AuditTrail(database).entries(patient_id=args.patient, since=args.since)
    finally:
        database.close()
    for e in entries:
        _row(
            out,
            e.id,
            e.at.isoformat(timespec="seconds"),
            e.action,
            e.clinician,
            e.patient_id,
            e.visit_id,
            e.room,
            e.detail,
        )
    return 0


def _read_secret(prompt: str, err: TextIO) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    err.write(prompt)
    return sys.stdin.readline().rstrip("\n")


def _one(people: list[Any], wanted: str) -> list[Any]:
    key = wanted.casefold().strip()
    found = [p for p in people if p.full_name.casefold() == key or str(p.id) == key]
    if len(found) != 1:
        raise NotFound(f"no single active clinician named {wanted!r}")
    return found


def _cmd_credentials(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.store import CredentialRepository, SecretKind

    database = open_db(args.db, err)
    try:
        repo = CredentialRepository(database, room=this_room())
        people = repo.people()
        if args.reset is None:
            if args.password or args.admin:
                raise InvalidInput("--password and --admin go with --reset NAME")
            for p in people:
                _row(out, p.id, p.full_name, p.kind or "none", "admin" if p.is_admin else "")
            return 0
        found = _one(people, args.reset)
        # another admin with a secret can vouch: then one of them must (a shared computer
        # account must not be a way to become any clinician); with none, the PC is the proof
        others = [p for p in people if p.is_admin and p.kind is not None and p.id != found[0].id]
        if others:
            if not args.admin:
                names = ", ".join(p.full_name for p in others)
                raise InvalidInput(f"an admin must confirm the reset: add --admin NAME ({names})")
            admin = _one(others, args.admin)[0]
            repo.verify(admin.id, _read_secret(f"{admin.full_name}'s PIN or password: ", err))
        else:
            err.write(
                "artdesk: no other admin has a PIN or password: the reset is allowed at this "
                "computer and recorded in the audit trail\n"
            )
        kind = SecretKind.PASSWORD if args.password else SecretKind.PIN
        first = _read_secret(f"new {kind.value} for {found[0].full_name}: ", err)
        again = _read_secret(f"the same {kind.value} again: ", err)
        if first != again:
            raise InvalidInput("the two entries differ: nothing was changed")
        who: Any = getpass.getuser()
        repo.reset_from_command_line(found[0].id, kind, first, who=str(who))
    finally:
        database.close()
    out.write(f"{kind.value} reset for {found[0].full_name} (recorded in the audit trail)\n")
    return 0


def _cmd_restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from artdesk.store import Action, AuditTrail
    from artdesk.store.backup import check_backup, list_backups, restore_with_copy
    from artdesk.store.engine import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(args.db))
    if path is None:
        err.write("artdesk: restore works on a SQLite file; use your database server's tools\n")
        return 1
    if args.source is None:
        found = list_backups(path)
        if not found:
            err.write(f"artdesk: no backups beside {path} yet (in {path.parent / 'backups'})\n")
        for b in found:
            _row(out, b.path, b.taken_at.isoformat(timespec="seconds"), b.label, b.size)
        return 0
    source = Path(args.source)
    problem = check_backup(source)
    if problem:
        err.write(f"artdesk: cannot restore: {problem}\n")
        return 1
    for warning in _shrinks(path, source):
        err.write(f"artdesk: warning: {warning}\n")
    if not args.yes:
        err.write(
            f"artdesk: this replaces {path} with {source} (the current file is copied to "
            "backups/ first); close ART Desk in every room, then run again with --yes\n"
        )
        return 2
    copy = restore_with_copy(path, source)
    database = open_db(path, err)  # an older copy is upgraded here
    try:
        AuditTrail(database, room=this_room()).record(
            Action.RESTORE, None, detail=f"from {source}; the file before it kept as {copy}"
        )
    finally:
        database.close()
    out.write(f"restored {path} from {source}; the file as it was is kept as {copy}\n")
    return 0


def _counts(path: Path) -> dict[str, int]:
    import sqlite3

    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            t: int(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
            for t in ("visits", "amendments", "audit_events")
            if t in tables
        }
    finally:
        con.close()


def _shrinks(live: Path, source: Path) -> list[str]:
    """What the copy has fewer of than the current file (the clinic should know first)."""
    if not live.exists():
        return []
    now, then = _counts(live), _counts(source)
    return [
        f"the copy has {then.get(t, 0)} {t.replace('_', ' ')} where the current file has {n}"
        for t, n in now.items()
        if then.get(t, 0) < n
    ]


def add_commands(commands: Any, db_help: str) -> None:
    p = commands.add_parser(
        "verify", help="check every visit's chain and seal and the audit trail (exit 1 if not)"
    )
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.set_defaults(run=_cmd_verify)

    p = commands.add_parser("audit", help="who did what, oldest first (tab-separated)")
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("--patient", type=int, metavar="ID")
    p.add_argument("--since", type=_since, metavar="YYYY-MM-DD")
    p.set_defaults(run=_cmd_audit)

    p = commands.add_parser(
        "credentials",
        help="list who has a PIN or password; --reset NAME sets a new one at this PC",
    )
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("--reset", metavar="NAME_OR_ID", help="the clinician whose secret to reset")
    p.add_argument(
        "--password", action="store_true", help="set a password instead of a PIN (with --reset)"
    )
    p.add_argument(
        "--admin", metavar="NAME_OR_ID", help="the admin who confirms a reset (asked for their PIN)"
    )
    p.set_defaults(run=_cmd_credentials)

    p = commands.add_parser(
        "restore", help="list the backups, or restore one (the current file is copied first)"
    )
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    p.add_argument("source", nargs="?", metavar="BACKUP", help="the copy to restore")
    p.add_argument("--yes", action="store_true", help="really replace the database")
    p.set_defaults(run=_cmd_restore)
