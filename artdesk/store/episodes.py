"""Episodes of care: opened for a complaint, changed as the course goes (goals, plan,
re-evaluation), discharged with a summary; and the clinic's own diagnosis codes.

Every change is audited in its own transaction with the change. An episode is not sealed (it
is a plan, revised as the course goes); the visits it holds are, one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

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
)
from artdesk.measures import INSTRUMENTS, MeasureSide
from artdesk.store import audit
from artdesk.store.engine import Database
from artdesk.store.errors import DamagedRecord, InvalidInput, NotFound
from artdesk.store.models import Clinician, DiagnosisCode, Patient, Visit, VisitVoid
from artdesk.store.models import Episode as EpisodeRow
from artdesk.store.validate import count, text

MAX_GOALS = 20
MAX_ACTIVITIES = 5


def _date(value: date | None, what: str, today: date, *, past: bool) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{what} must be a date")
    if value.year < 1900 or value.year > today.year + 5:
        raise InvalidInput(f"{what} {value.isoformat()} is not a plausible date")
    if past and value > today:
        raise InvalidInput(f"{what} {value.isoformat()} is in the future")
    return value


def _goal(goal: Goal, today: date) -> dict[str, Any]:
    words = text(goal.text, "a goal", required=True, limit=500, single_line=True)
    if goal.instrument is not None:
        spec = INSTRUMENTS.get(goal.instrument)
        if spec is None:
            raise InvalidInput(f"the goal {words!r} names an unknown measure {goal.instrument!r}")
        if goal.side not in MeasureSide.__members__.values():
            raise InvalidInput("a goal's side is left, right or none")
        if goal.target is not None:
            problem = spec.check(goal.target)
            if problem:
                raise InvalidInput(f"the goal {words!r}: {problem}")
    elif goal.target is not None:
        raise InvalidInput(f"the goal {words!r} has a target but no measure")
    _date(goal.target_date, "a goal's target date", today, past=False)
    data = goal.to_dict()
    data["text"] = words
    return data


def _plan(plan: CarePlan) -> tuple[int | None, int | None, int | None]:
    per_week = (
        count(plan.visits_per_week, "visits per week", 1, 7) if plan.visits_per_week else None
    )
    weeks = count(plan.weeks, "weeks", 1, 104) if plan.weeks else None
    visits = count(plan.visits, "the number of visits", 1, 300) if plan.visits else None
    return per_week, weeks, visits


def _measure(m: CourseMeasure) -> dict[str, Any]:
    if m.instrument not in INSTRUMENTS:
        raise InvalidInput(f"unknown measure {m.instrument!r}")
    for side in m.sides:
        if side not in MeasureSide.__members__.values():
            raise InvalidInput("a measure's side is left, right or none")
    return {
        "instrument": m.instrument,
        "before": bool(m.before),
        "after": bool(m.after),
        "sides": list(m.sides),
        "site": text(m.site, "the measure's site", limit=100, single_line=True),
    }


def _values(data: EpisodeData, today: date) -> dict[str, Any]:
    code = normal_code(text(data.diagnosis_code, "the diagnosis code", limit=12))
    if code:
        problem = check_code(code)
        if problem:
            raise InvalidInput(problem)
    if len(data.goals) > MAX_GOALS:
        raise InvalidInput(f"at most {MAX_GOALS} goals")
    if len(data.psfs_activities) > MAX_ACTIVITIES:
        raise InvalidInput(f"the PSFS takes at most {MAX_ACTIVITIES} activities")
    per_week, weeks, visits = _plan(data.plan)
    return {
        "complaint": text(data.complaint, "the complaint", required=True, limit=2000),
        "diagnosis_code": code,
        "diagnosis_text": text(data.diagnosis_text, "the diagnosis", limit=300, single_line=True),
        "injury_date": _date(data.injury_date, "the injury date", today, past=True),
        "mechanism": text(data.mechanism, "the mechanism of injury", limit=2000),
        "goals": [_goal(g, today) for g in data.goals],
        "plan_visits_per_week": per_week,
        "plan_weeks": weeks,
        "plan_visits": visits,
        "reeval_date": _date(data.reeval_date, "the re-evaluation date", today, past=False),
        "course": text(data.course, "the course", limit=100, single_line=True),
        "measures": [_measure(m) for m in data.measures],
        "protocols": [[p, s, list(keys)] for p, s, keys in data.protocols],
        "psfs_activities": [
            text(a, "a PSFS activity", required=True, limit=200, single_line=True)
            for a in data.psfs_activities
        ],
    }


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
        values = _values(data, self._today())
        with self._db.write() as session:
            if session.get(Patient, patient_id) is None:
                raise NotFound(f"no patient {patient_id}")
            if session.get(Clinician, clinician_id) is None:
                raise NotFound(f"no clinician {clinician_id}")
            now = self._now()
            row = EpisodeRow(
                patient_id=patient_id,
                clinician_id=clinician_id,
                opened_at=now,
                updated_at=now,
                status=EpisodeStatus.ACTIVE.value,
                discharge_summary="",
                **values,
            )
            session.add(row)
            session.flush()
            self._audit(
                session,
                audit.Action.OPEN_EPISODE,
                clinician_id,
                patient_id,
                f"episode {row.id}: {values['complaint'][:200]}",
            )
            return row.id

    def update(self, episode_id: int, clinician_id: int, data: EpisodeData) -> None:
        """Change the episode's details, goals and plan (audited, with what changed)."""
        values = _values(data, self._today())
        with self._db.write() as session:
            row = self._row(session, episode_id)
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            for key, value in values.items():
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
            live = session.scalar(
                select(func.count(Visit.id))
                .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
                .where(
                    Visit.episode_id == episode_id,
                    Visit.status != "signed",
                    VisitVoid.visit_id.is_(None),
                )
            )
            if live:
                raise InvalidInput("a visit of this episode is not signed yet: sign it first")
            row.status = EpisodeStatus.DISCHARGED.value
            row.discharged_at = self._now()
            row.discharge_summary = words
            row.updated_at = row.discharged_at
            self._audit(
                session,
                audit.Action.DISCHARGE_EPISODE,
                clinician_id,
                row.patient_id,
                f"episode {episode_id} discharged",
            )

    def reopen(self, episode_id: int, clinician_id: int) -> None:
        with self._db.write() as session:
            row = self._row(session, episode_id)
            if row.status != EpisodeStatus.DISCHARGED:
                raise InvalidInput(f"episode {episode_id} is not discharged")
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
    patient's newest active episode; else a new one opened for the complaint (audited). To
    start a new course beside an active one, open its episode first and ask for it."""
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
