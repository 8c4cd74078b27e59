"""An anchor for the audit trail outside the database: the last entry seen intact (its id and
hash), kept in the user's data folder. The trail is a chain inside the file, so someone who
can write the file could cut its tail or rewrite it whole and chain it again; the anchor,
somewhere else, shows that: the entry it names must still be there, with the same hash.

``verify`` and the window's start-up check compare and, when all is intact, move it on.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import platformdirs
from sqlalchemy import select

from artdesk.store.engine import Database
from artdesk.store.models import AuditEvent


def anchor_path(database: Database | str, folder: Path | None = None) -> Path:
    where = folder or platformdirs.user_data_path("ARTDesk", appauthor=False) / "anchors"
    url = database if isinstance(database, str) else database.url
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return where / f"audit-{key}.json"


def forget(db_path: Path, folder: Path | None = None) -> None:
    """A new file at ``db_path`` (a restore, a new database): its trail starts afresh."""
    from artdesk.store.engine import resolve_url

    url = resolve_url(db_path).render_as_string(hide_password=True)
    anchor_path(url, folder).unlink(missing_ok=True)


def _read(path: Path) -> dict[str, object] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def check(database: Database, folder: Path | None = None) -> list[str]:
    """What the trail no longer has that the anchor saw, or nothing."""
    anchored = _read(anchor_path(database, folder))
    if anchored is None:
        return []
    wanted_id, wanted_hash = anchored.get("id"), anchored.get("hash")
    with database.read() as session:
        found = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == wanted_id))
    if found != wanted_hash:
        seen = anchored.get("at", "earlier")
        return [
            f"the audit trail no longer holds entry {wanted_id} as it was seen intact on "
            f"{seen}: it was cut short or rewritten (restore a backup from before)"
        ]
    return []


def move_on(database: Database, folder: Path | None = None) -> None:
    """Anchor at the trail's last entry (call only after a check found all intact)."""
    with database.read() as session:
        last = session.execute(
            select(AuditEvent.id, AuditEvent.hash, AuditEvent.at)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).first()
    if last is None:
        return
    path = anchor_path(database, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(
            json.dumps(
                {"id": last[0], "hash": last[1], "at": last[2].isoformat(timespec="seconds")}
            ),
            encoding="utf-8",
        )
        os.replace(partial, path)
    except OSError:
        return  # the anchor is extra: a read-only profile must not stop verify
