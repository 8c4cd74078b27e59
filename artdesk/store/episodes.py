"""Episodes of care: opened for a complaint, changed as the course goes (goals, plan,
re-evaluation), discharged with a summary; and the clinic's own diagnosis codes.

Every change is audited in its own transaction with the change. An episode is not sealed (it
is a plan, revised as the course goes); the visits it holds are, one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from artdesk.course.diagnoses import check_code, normal_code
from artdesk.course.model import (
    CarePlan,
    CourseMeasure,
    Episode,
    EpisodeData,
    EpisodeStatus,
    Goal,
    superseded_summary,
)
from artdesk.store import audit
from artdesk.store.engine import Database
from artdesk.store.episode_values import problems, values
from artdesk.store.errors import DamagedRecord, InvalidInput, NotFound
from artdesk.store.models import Clinician, DiagnosisCode, Patient, Visit, VisitVoid
from artdesk.store.models import Episode as EpisodeRow
from artdesk.store.validate import text


def episode_from(row: EpisodeRow, opened_by: str, attended: int) -> Episode:
    try:
        goals = tuple(Goal.from_dict(g) for g in row.goals or [])
        measures = tuple(
            CourseMeasure(
                str(m["instrument"]),
                bool(m.get("before", True)),
                bool(m.get("after", True)),
                tuple(str(s) for s in m.get("sides", ["none"])),
                str(m.get("site", "")),
            )
            for m in row.measures or []
        )
        protocols = tuple(
            (str(p[0]), str(p[1]), tuple(str(k) for k in p[2])) for p in row.protocols or []
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DamagedRecord(f"episode {row.id} is damaged ({exc}) — ask clinic IT") from None
    return Episode(
        complaint=row.complaint,
        diagnosis_code=row.diagnosis_code,
        diagnosis_text=row.diagnosis_text,
        injury_date=row.injury_date,
        mechanism=row.mechanism,
        goals=goals,
        plan=CarePlan(row.plan_visits_per_week, row.plan_weeks, row.plan_visits),
        reeval_date=row.reeval_date,
        course=row.course,
        measures=measures,
        protocols=protocols,
        psfs_activities=tuple(str(a) for a in row.psfs_activities or []),
        id=row.id,
        patient_id=row.patient_id,
        opened_at=row.opened_at,
        opened_by=opened_by,
        status=EpisodeStatus(row.status),
        discharged_at=row.discharged_at,
        discharge_summary=row.discharge_summary,
        visits_attended=attended,
    )


def _attended(session: Session, episode_ids: Sequence[int]) -> dict[int, int]:
    if not episode_ids:
        return {}
    rows = session.execute(
        select(Visit.episode_id, func.count(Visit.id))
        .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
        .where(Visit.episode_id.in_(episode_ids), VisitVoid.visit_id.is_(None))
        .group_by(Visit.episode_id)
    )
    return {int(e): int(n) for e, n in rows if e is not None}


def visit_numbers(session: Session, episode_id: int) -> dict[int, int]:
    """Each visit's number in its episode (1 = first, by start), voided visits not counted."""
    ids = session.scalars(
        select(Visit.id)
        .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
        .where(Visit.episode_id == episode_id, VisitVoid.visit_id.is_(None))
        .order_by(Visit.started_at, Visit.id)
    )
    return {vid: n for n, vid in enumerate(ids, start=1)}


def load(session: Session, episode_id: int) -> Episode:
    found = session.execute(
        select(EpisodeRow, Clinician.full_name)
        .join(Clinician, Clinician.id == EpisodeRow.clinician_id)
        .where(EpisodeRow.id == episode_id)
    ).first()
    if found is None:
        raise NotFound(f"no episode {episode_id}")
    row, name = found
    return episode_from(row, name, _attended(session, [row.id]).get(row.id, 0))


class EpisodeRepository:
    def __init__(
        self, database: Database, now: Callable[[], datetime] | None = None, room: str = ""
    ) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))
        self.room = room

    def _today(self) -> date:
        return self._now().astimezone().date()

    def _audit(
        self, session: Session, action: audit.Action, who: int, patient: int, detail: str
    ) -> None:
        audit.append(
            session, self._now(), action, who, patient_id=patient, room=self.room, detail=detail
        )

    @staticmethod
    def _row(session: Session, episode_id: int) -> EpisodeRow:
        row = session.get(EpisodeRow, episode_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no episode {episode_id}")
        return row

    def open(self, patient_id: int, clinician_id: int, data: EpisodeData) -> int:
        """Open a new episode for the patient. The patient's active episode, if any, is closed
        in the same transaction as superseded by it (discharged, with the reason and the date
        as its summary, audited; its visits and progress kept): a patient has one active
        episode, the one every new visit joins. Refused, with nothing changed, while that
        episode has a visit not signed yet."""
        fields = values(data, self._today())
        with self._db.write() as session:
            # one opening at a time per patient (another room's waits), so two new episodes
            # cannot both leave the other active
            if session.get(Patient, patient_id, with_for_update={"key_share": True}) is None:
                raise NotFound(f"no patient {patient_id}")
            if session.get(Clinician, clinician_id) is None:
                raise NotFound(f"no clinician {clinician_id}")
            superseded = self._active_rows(session, patient_id)
            for old in superseded:
                self._refuse_unsigned(session, old, superseding=True)
            now = self._now()
            row = EpisodeRow(
                patient_id=patient_id,
                clinician_id=clinician_id,
                opened_at=now,
                updated_at=now,
                status=EpisodeStatus.ACTIVE.value,
                discharge_summary="",
                **fields,
            )
            session.add(row)
            session.flush()
            self._audit(
                session,
                audit.Action.OPEN_EPISODE,
                clinician_id,
                patient_id,
                f"episode {row.id}: {fields['complaint'][:200]}",
            )
            for old in superseded:
                self._supersede(session, old, row, clinician_id, reopened=False)
            return row.id

    def check(self, data: EpisodeData, opened: datetime | None = None) -> dict[str, str]:
        """Every problem :meth:`open` (``opened`` None) or :meth:`update` of an episode opened
        then would refuse in ``data``, by field (:func:`episode_values.problems`); nothing is
        read or written."""
        day = opened.astimezone().date() if opened is not None else None
        return problems(data, self._today(), day)

    def update(self, episode_id: int, clinician_id: int, data: EpisodeData) -> None:
        """Change the episode's details, goals and plan (audited, with what changed)."""
        with self._db.write() as session:
            row = self._row(session, episode_id)
            fields = values(data, self._today(), row.opened_at.astimezone().date())
            changed = [k for k, v in fields.items() if getattr(row, k) != v]
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = self._now()
            self._audit(
                session,
                audit.Action.CHANGE_EPISODE,
                clinician_id,
                row.patient_id,
                f"episode {episode_id}: {', '.join(changed) or 'nothing'} changed",
            )

    def discharge(self, episode_id: int, clinician_id: int, summary: str) -> None:
        words = text(summary, "the discharge summary", required=True, limit=5000)
        with self._db.write() as session:
            row = self._row(session, episode_id)
            if row.status == EpisodeStatus.DISCHARGED:
                raise InvalidInput(f"episode {episode_id} is already discharged")
            self._refuse_unsigned(session, row, superseding=False)
            self._close(session, row, clinician_id, words, f"episode {episode_id} discharged")

    def reopen(self, episode_id: int, clinician_id: int) -> None:
        """Make a discharged episode active again; the patient's active episode, if another,
        is closed as superseded by it (as :meth:`open` does)."""
        with self._db.write() as session:
            row = self._row(session, episode_id)
            if row.status != EpisodeStatus.DISCHARGED:
                raise InvalidInput(f"episode {episode_id} is not discharged")
            session.get(Patient, row.patient_id, with_for_update={"key_share": True})
            superseded = self._active_rows(session, row.patient_id)
            for old in superseded:
                self._refuse_unsigned(session, old, superseding=True)
            row.status = EpisodeStatus.ACTIVE.value
            row.updated_at = self._now()
            self._audit(
                session,
                audit.Action.REOPEN_EPISODE,
                clinician_id,
                row.patient_id,
                f"episode {episode_id} reopened (discharge summary kept in the audit trail: "
                f"{row.discharge_summary[:300]})",
            )
            row.discharged_at = None
            for old in superseded:
                self._supersede(session, old, row, clinician_id, reopened=True)

    # --- closing an episode: discharged by the clinician, or superseded by a newer one ----------

    @staticmethod
    def _active_rows(session: Session, patient_id: int) -> list[EpisodeRow]:
        return list(
            session.scalars(
                select(EpisodeRow)
                .where(
                    EpisodeRow.patient_id == patient_id,
                    EpisodeRow.status == EpisodeStatus.ACTIVE.value,
                )
                .order_by(EpisodeRow.id)
                .with_for_update()
            )
        )

    @staticmethod
    def _refuse_unsigned(session: Session, row: EpisodeRow, *, superseding: bool) -> None:
        """A course is closed with every visit of it signed (or voided): refused otherwise."""
        live = session.scalar(
            select(func.count(Visit.id))
            .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
            .where(
                Visit.episode_id == row.id,
                Visit.status != "signed",
                VisitVoid.visit_id.is_(None),
            )
        )
        if not live:
            return
        if not superseding:
            raise InvalidInput("a visit of this episode is not signed yet: sign it first")
        raise InvalidInput(
            f"the active episode {row.id} ({row.complaint.strip()[:60]!r}) has a visit not "
            "signed yet, and a new episode would close it: sign or void that visit first"
        )

    def _close(
        self, session: Session, row: EpisodeRow, clinician_id: int, summary: str, detail: str
    ) -> None:
        row.status = EpisodeStatus.DISCHARGED.value
        row.discharged_at = self._now()
        row.discharge_summary = summary
        row.updated_at = row.discharged_at
        self._audit(session, audit.Action.DISCHARGE_EPISODE, clinician_id, row.patient_id, detail)

    def _supersede(
        self,
        session: Session,
        old: EpisodeRow,
        new: EpisodeRow,
        clinician_id: int,
        *,
        reopened: bool,
    ) -> None:
        summary = superseded_summary(new.id, new.complaint, self._today(), reopened=reopened)
        self._close(
            session,
            old,
            clinician_id,
            summary,
            f"episode {old.id} closed as superseded by episode {new.id} "
            f"({'reopened' if reopened else 'opened'})",
        )

    def get(self, episode_id: int) -> Episode:
        with self._db.read() as session:
            return load(session, episode_id)

    def for_patient(self, patient_id: int) -> list[Episode]:
        """The patient's episodes, newest first."""
        with self._db.read() as session:
            rows = session.execute(
                select(EpisodeRow, Clinician.full_name)
                .join(Clinician, Clinician.id == EpisodeRow.clinician_id)
                .where(EpisodeRow.patient_id == patient_id)
                .order_by(EpisodeRow.opened_at.desc(), EpisodeRow.id.desc())
            ).all()
            attended = _attended(session, [r.id for r, _ in rows])
            return [episode_from(r, name, attended.get(r.id, 0)) for r, name in rows]

    def active(self, patient_id: int) -> Episode | None:
        """The patient's newest active episode, if any."""
        return next((e for e in self.for_patient(patient_id) if e.active), None)

    def numbers(self, episode_id: int) -> dict[int, int]:
        with self._db.read() as session:
            return visit_numbers(session, episode_id)

    # --- the clinic's own diagnosis codes ------------------------------------------------------

    def add_code(self, code: str, words: str, clinician_id: int | None) -> str:
        code = normal_code(text(code, "the code", required=True, limit=12))
        problem = check_code(code)
        if problem:
            raise InvalidInput(problem)
        words = text(words, "the diagnosis", required=True, limit=300, single_line=True)
        with self._db.write() as session:
            row = session.get(DiagnosisCode, code)
            if row is None:
                row = DiagnosisCode(code=code, text=words, added_at=self._now())
                session.add(row)
            row.text = words
            row.added_by_id = clinician_id
            audit.append(
                session,
                self._now(),
                audit.Action.ADD_DIAGNOSIS,
                clinician_id,
                room=self.room,
                detail=f"{code} {words}"[:300],
            )
            return code

    def clinic_codes(self) -> list[tuple[str, str]]:
        with self._db.read() as session:
            return [
                (c, t)
                for c, t in session.execute(
                    select(DiagnosisCode.code, DiagnosisCode.text).order_by(DiagnosisCode.code)
                )
            ]


def episode_for(
    session: Session,
    patient_id: int,
    clinician_id: int,
    episode_id: int | None,
    complaint: str,
    at: datetime,
) -> int:
    """The visit's episode: the one asked for (the patient's, and still active); else the
    patient's newest active episode; else a new one opened for the complaint (audited). A new
    course is opened first (:meth:`EpisodeRepository.open`, which closes the active one as
    superseded) and asked for."""
    if episode_id is not None:
        episode = session.get(EpisodeRow, episode_id)
        if episode is None or episode.patient_id != patient_id:
            raise NotFound(f"no episode {episode_id} for patient {patient_id}")
        if episode.status != "active":
            raise InvalidInput(
                f"episode {episode_id} was discharged: reopen it or start a new episode"
            )
        return episode.id
    active = session.scalar(
        select(EpisodeRow.id)
        .where(EpisodeRow.patient_id == patient_id, EpisodeRow.status == "active")
        .order_by(EpisodeRow.opened_at.desc(), EpisodeRow.id.desc())
        .limit(1)
    )
    if active is not None:
        return active
    row = EpisodeRow(
        patient_id=patient_id,
        clinician_id=clinician_id,
        opened_at=at,
        updated_at=at,
        complaint=text(complaint, "the complaint", limit=2000) or "",
        status="active",
        discharge_summary="",
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        at,
        audit.Action.OPEN_EPISODE,
        clinician_id,
        patient_id=patient_id,
        detail=f"episode {row.id}: {row.complaint[:200]}",
    )
    return row.id
