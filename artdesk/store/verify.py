"""``verify``: walk every chain in the database — each visit's records and seal, the audit
trail — and check that the database's guard triggers are all still there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select, text

from artdesk.store import anchor, guards
from artdesk.store.audit import AuditTrail
from artdesk.store.engine import Database
from artdesk.store.errors import DatabaseCorrupt
from artdesk.store.sealing import VisitCheck
from artdesk.store.visits import VisitRepository


@dataclass
class Verification:
    visits: int = 0
    audit_entries: int = 0
    altered: list[VisitCheck] = field(default_factory=list)
    audit_problems: list[str] = field(default_factory=list)
    missing_guards: list[str] = field(default_factory=list)
    damaged_pages: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (
            self.altered or self.audit_problems or self.missing_guards or self.damaged_pages
        )

    def lines(self) -> list[str]:
        """What no longer matches, one line each (empty when intact)."""
        out = list(self.damaged_pages)
        out += [f"visit {c.visit_id}: {p}" for c in self.altered for p in c.problems]
        out += [f"audit trail: {p}" for p in self.audit_problems]
        if self.missing_guards:
            out.append(
                "the database's guards are missing (someone removed them): "
                + ", ".join(self.missing_guards)
            )
        return out


def present_guards(database: Database) -> set[str]:
    with database.read() as session:
        if database.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        return {str(r[0]) for r in session.execute(text(query))}


def verify_database(database: Database) -> Verification:
    result = Verification()
    result.damaged_pages = quick_check(database)
    if result.damaged_pages:  # reading the records would stop at the damaged pages anyway
        return result
    for check in VisitRepository(database).check_all():
        result.visits += 1
        if not check.intact:
            result.altered.append(check)
    result.audit_entries, result.audit_problems = AuditTrail(database).broken()
    result.audit_problems += cross_check(database)
    result.audit_problems += orphans(database)
    result.audit_problems += anchor.check(database)
    have = present_guards(database)
    result.missing_guards = [name for name in guards.names() if name not in have]
    if result.intact:
        anchor.move_on(database)
    return result


def quick_check(database: Database) -> list[str]:
    """SQLite's own ``PRAGMA quick_check``: what it finds wrong with the file's pages."""
    if database.engine.dialect.name != "sqlite":
        return []
    try:
        with database.read() as session:
            found = [str(r[0]) for r in session.execute(text("PRAGMA quick_check"))]
    except DatabaseCorrupt:
        found = ["SQLite stopped at a malformed page"]
    if found == ["ok"]:
        return []
    lines = [ln for row in found for ln in row.splitlines() if ln and not ln.startswith("***")]
    return [
        f"the file is damaged: SQLite's check found {len(lines)} problem(s), first: "
        f"{lines[0] if lines else found[0]} — restore the latest backup "
        "(python main.py restore --db FILE lists them)"
    ]


def startup_check(database: Database, recent: int = 200) -> list[str]:
    """What the window checks in the background at start-up (seconds, not minutes): the file's
    pages, the guards, every unfinished visit and the latest ``recent`` visits' chains. The
    whole clinic is ``verify``'s work."""
    problems = quick_check(database)
    if problems:
        return problems
    repo = VisitRepository(database)
    wanted = {v.id for v in repo.in_progress()} | {v.id for v in repo.recent(limit=recent)}
    for visit_id in sorted(wanted):
        check = repo.check(visit_id)
        problems += [f"visit {visit_id}: {p}" for p in check.problems]
    have = present_guards(database)
    missing = [name for name in guards.names() if name not in have]
    if missing:
        problems.append(f"the database's guards are missing: {', '.join(missing)}")
    problems += anchor.check(database)
    if not problems:
        anchor.move_on(database)
    return problems


_HASH = re.compile(r"\b(seal|amendment|void) ([0-9a-f]{64})\b")


def cross_check(database: Database) -> list[str]:
    """The audit trail against the records it speaks of: every visit it names still exists;
    every signature, amendment and void it recorded is still there with the same hash; and
    every amendment and void made since the trail began was recorded. A signed visit turned
    back to unsigned, a deleted last amendment or a forged one shows here even when the
    records' own chains were rewritten to match."""
    from artdesk.store.models import Amendment, AuditEvent, Visit, VisitVoid

    problems: list[str] = []
    with database.read() as session:
        visits = {
            v.id: (v.status, v.seal)
            for v in session.execute(select(Visit.id, Visit.status, Visit.seal))
        }
        amendments = {a.hash: a for a in session.scalars(select(Amendment))}
        voids = {v.hash: v for v in session.scalars(select(VisitVoid))}
        entries = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    # from the first entry that names a hash (older trails did not) every amendment and void
    # must have been recorded
    hashed = [e.at for e in entries if _HASH.search(e.detail or "")]
    began = hashed[0] if hashed else None
    seen: dict[str, set[str]] = {"amendment": set(), "void": set()}
    for e in entries:
        if e.visit_id is not None and e.visit_id not in visits:
            problems.append(f"visit {e.visit_id} is missing (audit entry {e.id}: {e.action})")
            continue
        for kind, value in _HASH.findall(e.detail or ""):
            if kind == "seal":
                status, seal = visits.get(e.visit_id, (None, None))
                if status != "signed" or seal != value:
                    problems.append(
                        f"visit {e.visit_id} is no longer as it was signed (audit entry {e.id})"
                    )
            elif kind in seen:
                seen[kind].add(value)
                if value not in (amendments if kind == "amendment" else voids):
                    problems.append(f"visit {e.visit_id}: the {kind} of audit entry {e.id} is gone")
    if began is None:
        return problems
    for value, a in amendments.items():
        if a.created_at >= began and value not in seen["amendment"]:
            problems.append(f"visit {a.visit_id}: amendment {a.id} was never recorded as made")
    for value, v in voids.items():
        if v.at >= began and value not in seen["void"]:
            problems.append(f"visit {v.visit_id}: its void was never recorded as made")
    return problems


def orphans(database: Database) -> list[str]:
    """Rows whose patient, clinician or visit is gone (SQLite's foreign key check)."""
    if database.engine.dialect.name != "sqlite":
        return []
    with database.read() as session:
        rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return [f"{r[0]} row {r[1]} points at a {r[2]} row that is gone" for r in rows[:20]]
