"""The chains inside a transaction: adding chained records, sealing a signed visit, and
checking a visit's records against their hashes (``artdesk.store.chain`` says what is
hashed and how)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from artdesk.store import chain, journal
from artdesk.store.models import Amendment, HomeCareItem, Measurement, Visit, VisitVoid
from artdesk.treatment import JournalCorrupt
from artdesk.vocabulary import VisitStatus


def _last(
    session: Session, model: type[Measurement | HomeCareItem | Amendment], visit_id: int, order: Any
) -> str:
    """The hash of the last row of ``model`` for the visit (its chain's head)."""
    value = session.scalar(
        select(model.hash).where(model.visit_id == visit_id).order_by(order).limit(1)
    )
    return value or chain.GENESIS


def add_measurements(session: Session, visit_id: int, rows: Sequence[Measurement]) -> None:
    start = _last(session, Measurement, visit_id, Measurement.id.desc())
    for row in rows:
        row.visit_id = visit_id
    chain.chain(rows, chain.measurement_content, start)
    session.add_all(rows)


def set_home_care(session: Session, visit: Visit, items: Sequence[HomeCareItem]) -> None:
    for item in items:
        item.visit_id = visit.id
    chain.chain(items, chain.home_care_content)
    visit.home_care = list(items)


def heads(session: Session, visit_id: int) -> dict[str, str]:
    """The heads of the visit's three chains as flushed (the caller flushes its records)."""
    with session.no_autoflush:
        return {
            "journal": journal.head(session, visit_id),
            "measurements": _last(session, Measurement, visit_id, Measurement.id.desc()),
            "home_care": _last(session, HomeCareItem, visit_id, HomeCareItem.position.desc()),
        }


def seal(session: Session, visit: Visit) -> None:
    """Seal a visit being signed: call after its records are flushed and its status, signer,
    time and method are set, before the flush that signs it (after that it is read-only)."""
    visit.seal = chain.seal(visit, heads(session, visit.id))


def add_amendment(session: Session, visit: Visit, amendment: Amendment) -> None:
    start = _last(session, Amendment, visit.id, Amendment.id.desc())
    if start == chain.GENESIS:
        start = visit.seal or chain.GENESIS
    amendment.hash = chain.link(start, chain.amendment_content(amendment))
    session.add(amendment)


def void_hash(void: VisitVoid) -> str:
    return chain.link(chain.GENESIS, chain.void_content(void))


@dataclass(frozen=True, slots=True)
class VisitCheck:
    visit_id: int
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def check_visit(session: Session, visit: Visit) -> VisitCheck:
    """Recompute every hash of one visit; what no longer matches, in words."""
    vid = visit.id
    problems: list[str] = []

    def rows(model: Any, order: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.visit_id == vid).order_by(order)))

    try:
        events: list[Any] = journal.rows(session, vid)
    except JournalCorrupt as exc:  # a row that cannot even be read: said, and the rest checked
        problems.append(str(exc))
        events = []
    missing = chain.gaps([e.seq for e in events])
    problems += [f"journal event {n} is missing" for n in missing]
    found, journal_head = chain.broken_links(events, chain.event_content, "journal event")
    problems += found
    found, measures_head = chain.broken_links(
        rows(Measurement, Measurement.id), chain.measurement_content, "measurement"
    )
    problems += found
    found, care_head = chain.broken_links(
        rows(HomeCareItem, HomeCareItem.position), chain.home_care_content, "home-care item"
    )
    problems += found
    if visit.status == VisitStatus.SIGNED:
        computed = {"journal": journal_head, "measurements": measures_head, "home_care": care_head}
        if visit.seal is None:
            problems.append("the signed visit has no seal")
        elif visit.seal != chain.seal(visit, computed):
            problems.append("the signed visit's content or its records changed after signing")
        found, _ = chain.broken_links(
            rows(Amendment, Amendment.id),
            chain.amendment_content,
            "amendment",
            start=visit.seal or chain.GENESIS,
        )
        problems += found
    elif visit.seal is not None:
        problems.append("the visit carries a seal but is no longer marked signed")
    void = session.get(VisitVoid, vid)
    if void is not None and void.hash != void_hash(void):
        problems.append("its void record changed")
    return VisitCheck(vid, tuple(problems))
