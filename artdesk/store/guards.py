"""The database's own refusal to change a signed record: SQLite and PostgreSQL triggers.

The ORM guard (``artdesk.store.guard``) stops this program's own code; these stop everything
else that reaches the file or the server — another tool, raw SQL, a bulk statement:

- the journal is append-only (no UPDATE ever); a signed visit's events, measurements and
  home-care items can be neither added, changed nor deleted;
- a signed visit's row can be neither changed nor deleted;
- amendments, voids and the audit trail are append-only (no UPDATE, no DELETE).

Every refusal's message starts with :data:`REFUSED`, so the store turns it into
:class:`~artdesk.store.errors.VisitSigned` and not a generic conflict.

Installed by migration 0005. A later migration that rebuilds one of these tables (SQLite batch
mode: create, copy, drop, rename) drops them first with :func:`drop` and installs them again
with :func:`install` at its end: a rebuilt table loses its triggers, and SQLite refuses to
rename a table while a trigger names a table that is gone.
"""

from __future__ import annotations

from collections.abc import Callable

REFUSED = "ART Desk refuses"
LATEST = "0008"  # the newest schema revision whose guards this module knows

_SIGNED = "(SELECT status FROM visits WHERE id = {ref}.visit_id) = 'signed'"

# (name, table, timing/event, condition (None: always), message)
_RULES: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("events_no_update", "visit_events", "UPDATE", None, "the journal is append-only"),
    ("events_signed_insert", "visit_events", "INSERT", _SIGNED.format(ref="NEW"), "signed"),
    ("events_signed_delete", "visit_events", "DELETE", _SIGNED.format(ref="OLD"), "signed"),
    ("measures_signed_insert", "measurements", "INSERT", _SIGNED.format(ref="NEW"), "signed"),
    ("measures_signed_update", "measurements", "UPDATE", _SIGNED.format(ref="OLD"), "signed"),
    ("measures_signed_delete", "measurements", "DELETE", _SIGNED.format(ref="OLD"), "signed"),
    ("homecare_signed_insert", "home_care_items", "INSERT", _SIGNED.format(ref="NEW"), "signed"),
    ("homecare_signed_update", "home_care_items", "UPDATE", _SIGNED.format(ref="OLD"), "signed"),
    ("homecare_signed_delete", "home_care_items", "DELETE", _SIGNED.format(ref="OLD"), "signed"),
    ("visits_signed_update", "visits", "UPDATE", "OLD.status = 'signed'", "signed"),
    ("visits_signed_delete", "visits", "DELETE", "OLD.status = 'signed'", "signed"),
    ("amendments_no_update", "amendments", "UPDATE", None, "amendments are permanent"),
    ("amendments_no_delete", "amendments", "DELETE", None, "amendments are permanent"),
    ("voids_no_update", "visit_voids", "UPDATE", None, "a void is permanent"),
    ("voids_no_delete", "visit_voids", "DELETE", None, "a void is permanent"),
    ("audit_no_update", "audit_events", "UPDATE", None, "the audit trail is append-only"),
    ("audit_no_delete", "audit_events", "DELETE", None, "the audit trail is append-only"),
)

# SQLite's INSERT OR REPLACE deletes the old row without firing DELETE triggers: an insert
# over an existing row is refused where an update or delete would be (from schema 0006)
_RULES_0006: tuple[tuple[str, str, str, str | None, str], ...] = (
    (
        "events_no_replace",
        "visit_events",
        "INSERT",
        "EXISTS (SELECT 1 FROM visit_events WHERE id = NEW.id"
        " OR (visit_id = NEW.visit_id AND seq = NEW.seq))",
        "the journal is append-only",
    ),
    (
        "visits_signed_replace",
        "visits",
        "INSERT",
        "(SELECT status FROM visits WHERE id = NEW.id) = 'signed'",
        "signed",
    ),
    (
        "amendments_no_replace",
        "amendments",
        "INSERT",
        "EXISTS (SELECT 1 FROM amendments WHERE id = NEW.id)",
        "amendments are permanent",
    ),
    (
        "voids_no_replace",
        "visit_voids",
        "INSERT",
        "EXISTS (SELECT 1 FROM visit_voids WHERE visit_id = NEW.visit_id)",
        "a void is permanent",
    ),
    (
        "audit_no_replace",
        "audit_events",
        "INSERT",
        "EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)",
        "the audit trail is append-only",
    ),
)


# a kept protocol version is the text visits ran: never changed, never removed (from 0008)
_RULES_0008: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("protocols_no_update", "protocol_versions", "UPDATE", None, "a kept protocol is permanent"),
    ("protocols_no_delete", "protocol_versions", "DELETE", None, "a kept protocol is permanent"),
    (
        "protocols_no_replace",
        "protocol_versions",
        "INSERT",
        "EXISTS (SELECT 1 FROM protocol_versions WHERE digest = NEW.digest)",
        "a kept protocol is permanent",
    ),
)


def _message(table: str, event: str, why: str) -> str:
    if why == "signed":
        why = "the visit is signed: add an amendment instead"
    return f"{REFUSED} {event} on {table}: {why}"


def _sqlite(name: str, table: str, event: str, when: str | None, message: str) -> list[str]:
    condition = f" WHEN {when}" if when else ""
    return [
        f"CREATE TRIGGER IF NOT EXISTS artdesk_{name} BEFORE {event} ON {table}"
        f"{condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"
    ]


def _postgres(name: str, table: str, event: str, when: str | None, message: str) -> list[str]:
    test = when or "TRUE"
    back = "OLD" if event == "DELETE" else "NEW"
    return [
        f"CREATE OR REPLACE FUNCTION artdesk_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {test} THEN RAISE EXCEPTION '{message}' USING ERRCODE = '23000'; END IF; "
        f"RETURN {back}; END $$",
        f"DROP TRIGGER IF EXISTS artdesk_{name} ON {table}",
        f"CREATE TRIGGER artdesk_{name} BEFORE {event} ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION artdesk_{name}()",
    ]


def _rules(upto: str) -> tuple[tuple[str, str, str, str | None, str], ...]:
    """The guards a schema revision has (0005 installed the first set, 0006 and 0008 more)."""
    return (
        _RULES + (_RULES_0006 if upto >= "0006" else ()) + (_RULES_0008 if upto >= "0008" else ())
    )


def statements(dialect: str, upto: str = LATEST) -> list[str]:
    make: Callable[[str, str, str, str | None, str], list[str]] = (
        _sqlite if dialect == "sqlite" else _postgres
    )
    out: list[str] = []
    for name, table, event, when, why in _rules(upto):
        out += make(name, table, event, when, _message(table, event, why))
    return out


def drop_statements(dialect: str) -> list[str]:
    every = _rules(LATEST)
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS artdesk_{name}" for name, *_ in every]
    out = []
    for name, table, *_ in every:
        out.append(f"DROP TRIGGER IF EXISTS artdesk_{name} ON {table}")
        out.append(f"DROP FUNCTION IF EXISTS artdesk_{name}()")
    return out


def install(execute: Callable[[str], object], dialect: str, upto: str = LATEST) -> None:
    """Create the guards of schema ``upto`` (a migration passes its own revision, so a later
    set of guards never goes into an older schema)."""
    for sql in statements(dialect, upto):
        execute(sql)


def drop(execute: Callable[[str], object], dialect: str) -> None:
    for sql in drop_statements(dialect):
        execute(sql)


def names(upto: str = LATEST) -> list[str]:
    """The trigger names :func:`install` creates (``verify`` checks they are all there)."""
    return [f"artdesk_{name}" for name, *_ in _rules(upto)]
