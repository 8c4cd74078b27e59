"""Schema upgrades with Alembic, made safe for SQLite.

Order of work (DESIGN.md, Storage):
1. read the database's revision; refuse a file that is not ours or is newer than this program;
2. take an online backup copy of the file;
3. switch foreign keys OFF *before* BEGIN (batch mode rebuilds a table by DROP + rename, and with
   foreign keys on that DROP fires ON DELETE CASCADE and silently empties the child tables);
4. upgrade inside one transaction, then check ``PRAGMA foreign_key_check`` and every table's row
   count before COMMIT;
5. on any failure roll back, restore the backup, and say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

from artdesk import __version__
from artdesk.store.backup import backup_sqlite, restore_sqlite, timestamped_backup_path
from artdesk.store.boundary import DRIVER_ERRORS, translate
from artdesk.store.engine import BEGIN_OPTION, sqlite_path
from artdesk.store.errors import DatabaseTooNew, MigrationFailed, NotADatabase, StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"
# The newest revision in migrations/versions. A database already there is opened without
# importing Alembic at all (a test keeps this equal to Alembic's own head).
HEAD = "0009"
# Sent on the raw connection before BEGIN (inside a transaction SQLite ignores it). A name of its
# own so a test can show what happens without it.
FOREIGN_KEYS_OFF = "PRAGMA foreign_keys=OFF"


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(connection: Connection | None = None, target: str = "head") -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["target"] = target
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            raise NotADatabase(
                "the file is a database but not an ART Desk one "
                f"(it has tables {', '.join(sorted(tables)[:5])} and no schema version)"
            )
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def _row_counts(connection: Connection) -> dict[str, int]:
    counts = {}
    for table in inspect(connection).get_table_names():
        if table == VERSION_TABLE:
            continue
        query = text(f'SELECT count(*) FROM "{table}"')
        counts[table] = int(connection.execute(query).scalar_one())
    return counts


def _verify(connection: Connection, before: Mapping[str, int]) -> None:
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            sample = ", ".join(f"{r[0]} row {r[1]} → {r[2]}" for r in broken[:3])
            raise MigrationFailed(f"{len(broken)} rows point at missing parents ({sample})")
    after = _row_counts(connection)
    lost = [
        f"{table}: {count} → {after.get(table, 'table gone')}"
        for table, count in before.items()
        if after.get(table) != count
    ]
    if lost:
        raise MigrationFailed("row counts changed during the upgrade: " + "; ".join(lost))


def _upgrade_in_transaction(connection: Connection, target: str, down: bool = False) -> None:
    with connection.begin():
        from alembic import command

        before = _row_counts(connection)
        if down:
            command.downgrade(alembic_config(connection, target), target)
            # a downgrade drops what the older schema has no place for (e.g. the audit
            # trail); every table it keeps must keep every row
            kept = set(inspect(connection).get_table_names())
            before = {t: n for t, n in before.items() if t in kept}
        else:
            command.upgrade(alembic_config(connection, target), target)
        _verify(connection, before)


def downgrade(engine: Engine, target: str) -> UpgradeReport:
    """Take the database back to revision ``target`` (to hand it to an older ART Desk), with
    the same backup, foreign-key and row-count care as an upgrade. What only the newer schema
    can hold (the audit trail, voids, chain hashes…) is dropped; the backup keeps it."""
    # a read transaction (BEGIN, not BEGIN IMMEDIATE): another program holding the write lock
    # must not stop a read-only command, or an up-to-date database, from opening
    with engine.connect().execution_options(**{BEGIN_OPTION: "DEFERRED"}) as probe:
        before = current_revision(probe)
        probe.rollback()
    if before is None:
        raise MigrationFailed("the database is empty: there is nothing to downgrade")
    db_file = sqlite_path(engine.url)
    backup = None
    if db_file is not None:
        engine.dispose()
        backup = backup_sqlite(db_file, timestamped_backup_path(db_file, f"before-down-{target}"))
    _run(engine, target, before, backup, db_file, down=True)
    return UpgradeReport(before, target, backup)


def upgrade(engine: Engine, target: str = "head") -> UpgradeReport:
    """Bring the database to ``target`` (normally head), safely; see the module docstring."""
    # a read transaction (BEGIN, not BEGIN IMMEDIATE): another program holding the write lock
    # must not stop a read-only command, or an up-to-date database, from opening
    with engine.connect().execution_options(**{BEGIN_OPTION: "DEFERRED"}) as probe:
        before = current_revision(probe)
        probe.rollback()
    if target == "head" and before == HEAD:
        return UpgradeReport(before, HEAD, None)
    scripts = script_directory()
    if before is not None and before not in {s.revision for s in scripts.walk_revisions()}:
        raise DatabaseTooNew(
            f"the database was written by a newer ART Desk (schema {before}); "
            f"this is version {__version__}: install the newer program"
        )
    wanted = scripts.get_current_head() if target == "head" else target
    assert wanted is not None
    if before == wanted:
        return UpgradeReport(before, wanted, None)

    db_file = sqlite_path(engine.url)
    backup = None
    if before is not None and db_file is not None:
        engine.dispose()
        backup = backup_sqlite(db_file, timestamped_backup_path(db_file, f"before-{wanted}"))
    _run(engine, wanted, before, backup, db_file)
    return UpgradeReport(before, wanted, backup)


def _run(
    engine: Engine,
    target: str,
    before: str | None,
    backup: Path | None,
    db_file: Path | None,
    down: bool = False,
) -> None:
    wanted = target
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                raw: Any = connection.connection.dbapi_connection
                raw.execute(FOREIGN_KEYS_OFF)
                try:
                    _upgrade_in_transaction(connection, target, down)
                finally:
                    raw.execute("PRAGMA foreign_keys=ON")
            else:
                _upgrade_in_transaction(connection, target, down)
    except Exception as exc:
        engine.dispose()
        where = "nothing was changed"
        if backup is not None and db_file is not None:
            restore_sqlite(backup, db_file)
            where = f"the database was restored from the backup {backup}"
        reason = (
            str(exc)
            if isinstance(exc, StoreError)
            else str(translate(exc))
            if isinstance(exc, DRIVER_ERRORS)
            else f"{type(exc).__name__}: {exc}"
        )
        verb = "downgrading" if down else "upgrading"
        raise MigrationFailed(
            f"{verb} the database from {before or 'empty'} to {wanted} failed: {reason}; {where}"
        ) from exc
