"""``verify``: walk every chain in the database — each visit's records and seal, the audit
trail — and check that the database's guard triggers are all still there."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from artdesk.store import guards
from artdesk.store.audit import AuditTrail
from artdesk.store.engine import Database
from artdesk.store.sealing import VisitCheck
from artdesk.store.visits import VisitRepository


@dataclass
class Verification:
    visits: int = 0
    audit_entries: int = 0
    altered: list[VisitCheck] = field(default_factory=list)
    audit_problems: list[str] = field(default_factory=list)
    missing_guards: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (self.altered or self.audit_problems or self.missing_guards)

    def lines(self) -> list[str]:
        """What no longer matches, one line each (empty when intact)."""
        out = [f"visit {c.visit_id}: {p}" for c in self.altered for p in c.problems]
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
    for check in VisitRepository(database).check_all():
        result.visits += 1
        if not check.intact:
            result.altered.append(check)
    result.audit_entries, result.audit_problems = AuditTrail(database).broken()
    have = present_guards(database)
    result.missing_guards = [name for name in guards.names() if name not in have]
    return result
