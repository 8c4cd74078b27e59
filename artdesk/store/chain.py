"""Tamper evidence: every record of a visit is chained, the signature seals the chains.

Each journal event, measurement, home-care item and amendment carries ``hash`` =
SHA-256 over canonical JSON of ``{"prev": <the previous hash>, "row": <its content>}``. A
visit has three chains (journal by ``seq``, measurements by ``id``, home care by
``position``), each starting from :data:`GENESIS`; the content names the visit, so a row
cannot be moved to another visit unseen. Signing writes ``visits.seal`` over the signed
content (who, when, how, every figure the papers print) and the three chain heads;
amendments chain on from the seal. The audit trail is one more chain, clinic-wide.

``verify_visit`` recomputes all of it. The database's triggers (``artdesk.store.guards``)
refuse changes to a signed visit; this is what shows a change made around them.

Canonical JSON: keys sorted, no spaces, UTF-8 as is, datetimes as ISO 8601 in UTC with
microseconds, dates as ISO, floats as Python's shortest repr (exact in SQLite REAL and
PostgreSQL double precision both ways).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot hash a {type(value).__name__}")


def canonical(obj: Any) -> bytes:
    return json.dumps(
        obj,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_plain,
    ).encode("utf-8")


def link(prev: str, content: Mapping[str, Any]) -> str:
    """The hash of one row: its content chained to the previous row's hash."""
    return hashlib.sha256(canonical({"prev": prev, "row": dict(content)})).hexdigest()


def _f(value: Any) -> Any:
    """Floats as floats, whatever the driver handed back (an int 5 and 5.0 hash alike)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


# --- what each row's hash covers (attribute names of the models) ------------------------------


def event_content(row: Any) -> dict[str, Any]:
    return {
        "visit": row.visit_id,
        "seq": row.seq,
        "kind": row.kind,
        "t": _f(row.t),
        "at": row.at,
        "data": dict(row.data or {}),
    }


def measurement_content(row: Any) -> dict[str, Any]:
    return {
        "visit": row.visit_id,
        "instrument": row.instrument,
        "side": row.side,
        "timing": row.timing,
        "value": _f(row.value),
        "unit": row.unit,
        "recorded_at": row.recorded_at,
        # from schema 0007, when there is any: where, the entries scored and the rule (older
        # rows were hashed without these keys, and still verify)
        **{
            k: v
            for k, v in (
                ("site", getattr(row, "site", "") or ""),
                ("entries", list(getattr(row, "entries", None) or [])),
                ("rule", getattr(row, "rule", "") or ""),
            )
            if v
        },
    }


def home_care_content(row: Any) -> dict[str, Any]:
    return {
        "visit": row.visit_id,
        "position": row.position,
        "exercise": row.exercise,
        "sets": row.sets,
        "reps": row.reps,
        "hold_seconds": row.hold_seconds,
        "frequency": row.frequency,
        "notes": row.notes,
    }


def amendment_content(row: Any) -> dict[str, Any]:
    return {
        "visit": row.visit_id,
        "author": row.author_id,
        "created_at": row.created_at,
        "reason": row.reason,
        "text": row.text,
    }


# the visit's own fields the seal covers: everything the record and the papers show
SEALED_FIELDS = (
    "id",
    "patient_id",
    "clinician_id",
    "status",
    "started_at",
    "ended_at",
    "complaint",
    "screening_result",
    "screening_answers",
    "screening_override",
    "protocols",
    "treated_seconds",
    "billing_units",
    "home_care_notes",
    "next_visit",
    "signed_at",
    "signed_by_id",
    "signed_with",
    "referral",
)


def visit_content(row: Any) -> dict[str, Any]:
    out = {name: getattr(row, name) for name in SEALED_FIELDS}
    out["treated_seconds"] = _f(out["treated_seconds"])
    # from schema 0006 a signature carries the signer's name as signed; older seals were made
    # without the key, and still verify
    signed_name = getattr(row, "signed_name", None)
    if signed_name is not None:
        out["signed_name"] = signed_name
    # from schema 0007 a signature also seals the clinician's assessment and plan, the
    # episode the visit belongs to, and the signer's licence/NPI (older seals: without)
    assessment = getattr(row, "assessment", None)
    if assessment is not None:
        out["assessment"] = assessment
        out["plan_note"] = getattr(row, "plan_note", None) or ""
        out["episode_id"] = getattr(row, "episode_id", None)
        out["signer_ids"] = getattr(row, "signer_ids", None) or ""
    # from schema 0008 the body-chart marks, when the visit has any (older seals: without)
    marks = getattr(row, "body_marks", None)
    if marks:
        out["body_marks"] = list(marks)
    return out


def void_content(row: Any) -> dict[str, Any]:
    return {"visit": row.visit_id, "by": row.clinician_id, "at": row.at, "reason": row.reason}


def audit_content(row: Any) -> dict[str, Any]:
    return {
        "at": row.at,
        "action": row.action,
        "clinician": row.clinician_id,
        "patient": row.patient_id,
        "visit": row.visit_id,
        "room": row.room,
        "detail": row.detail,
    }


def seal(visit: Any, heads: Mapping[str, str]) -> str:
    """The signature's hash: the signed content and the heads of the visit's chains."""
    return link(GENESIS, {"visit": visit_content(visit), "heads": dict(heads)})


def chain(rows: Iterable[Any], content: Any, start: str = GENESIS) -> str:
    """Give each row (in order) its hash, chained from ``start``; the head."""
    head = start
    for row in rows:
        row.hash = link(head, content(row))
        head = row.hash
    return head


# --- checking ---------------------------------------------------------------------------------


def broken_links(
    rows: Sequence[Any], content: Any, what: str, start: str = GENESIS
) -> tuple[list[str], str]:
    """Each row whose stored hash is not what its content and its predecessor's stored hash
    give (so a changed row is named alone, and a deleted one shows at the row after it); and
    the head recomputed from the content alone (what the seal must match)."""
    problems = []
    prev = start
    head = start
    for row in rows:
        if row.hash != link(prev, content(row)):
            problems.append(f"{what} {_label(row)} does not match what was recorded")
        head = link(head, content(row))
        prev = row.hash or ""
    return problems, head


def _label(row: Any) -> str:
    for name in ("seq", "position", "id"):
        value = getattr(row, name, None)
        if value is not None:
            return f"{value}"
    return "?"


def gaps(seqs: Sequence[int]) -> list[int]:
    """Journal sequence numbers missing between 1 and the last one."""
    present = set(seqs)
    return [n for n in range(1, (max(seqs) if seqs else 0) + 1) if n not in present]
