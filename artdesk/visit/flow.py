"""The visit's life, in one place: open a treatment, resume it, finish, wrap up and sign,
amend, and read a visit back.

No Qt and no SQL here: storage is the repositories', the state machine the runner's. This is
the only module that replays a journal (:meth:`VisitFlow._replay` for reading,
:meth:`VisitFlow.resume` for carrying on), so every screen and paper sees the same visit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any

from artdesk.measures import PAIN, Timing
from artdesk.protocols import Library
from artdesk.protocols.marks import BodyMark
from artdesk.screening import Decision, Screen
from artdesk.store import (
    Action,
    AuditTrail,
    ClinicianRepository,
    CredentialRepository,
    DamagedRecord,
    Database,
    Holder,
    HomeCareData,
    InvalidInput,
    MeasurementData,
    NewVisit,
    PatientRepository,
    Referral,
    TreatmentTotals,
    VisitCheck,
    VisitListing,
    VisitRepository,
    WrongSecret,
)
from artdesk.store.episodes import EpisodeRepository
from artdesk.store.lease import THIS_PROGRAM
from artdesk.store.protocol_versions import ProtocolVersionRepository
from artdesk.store.records import StoredVisit
from artdesk.treatment import (
    Clock,
    Event,
    EventKind,
    JournalCorrupt,
    PlannedStructure,
    Runner,
    VisitState,
)
from artdesk.visit import definitions
from artdesk.visit.course_reads import CourseReads
from artdesk.visit.protocols_ran import ProtocolsRan
from artdesk.visit.record import VisitRecord
from artdesk.vocabulary import ScreeningResult


@dataclass(frozen=True, slots=True)
class TreatmentSetup:
    """What the visit set-up hands over: why the patient came, the screen, pain, the plan."""

    patient_id: int
    complaint: str
    decision: Decision  # the safety screen's result, with any override's reason
    answers: dict[str, bool | str]  # by item id: yes/no, or the site of a not-at-site answer
    pain_before: int | None
    plan: Sequence[PlannedStructure]
    episode_id: int | None = None  # its episode; None: the active one, or a new one
    measurements: tuple[MeasurementData, ...] = ()  # measures before, besides pain
    marks: tuple[BodyMark, ...] = ()  # where it hurts, marked on the body chart


@dataclass(frozen=True, slots=True)
class WrapUp:
    """What the wrap-up hands over to be signed with the visit."""

    measurements: tuple[MeasurementData, ...]
    home_care: tuple[HomeCareData, ...]
    home_care_notes: str = ""
    next_visit: date | None = None
    assessment: str = ""  # the clinician's own words (a generated sentence only suggests)
    plan_note: str = ""


@dataclass(slots=True)
class Treatment:
    """A visit under way: its runner journals every event before it takes effect."""

    visit_id: int
    patient_id: int
    patient_name: str
    runner: Runner
    decision: Decision

    @property
    def state(self) -> VisitState:
        return self.runner.state

    @property
    def finished(self) -> bool:
        return bool(self.runner.events) and self.runner.events[-1].kind is EventKind.FINISHED


class Stage(StrEnum):
    """Where an opened visit stands, and so where the window takes it."""

    NOT_STARTED = "not_started"  # opened, never started (not through this program): show it
    TREATING = "treating"  # interrupted mid-treatment: resumed paused where it stopped
    WRAP_UP = "wrap_up"  # treatment finished, not signed
    SIGNED = "signed"  # read-only
    ELSEWHERE = "elsewhere"  # live in another room: read-only here unless taken over
    VOIDED = "voided"  # opened in error and voided: read-only, labelled


@dataclass(frozen=True, slots=True)
class Resumption:
    stage: Stage
    treatment: Treatment | None  # for TREATING and WRAP_UP
    holder: Holder | None = None  # for ELSEWHERE: which room, since when
    draft: dict[str, Any] | None = None  # for WRAP_UP: the wrap-up as typed before a crash


VisitRow = VisitListing  # one line of a visit history, pain before/after included


@dataclass(frozen=True, slots=True)
class PainPoint:
    when: date
    before: float | None
    after: float | None


def _damaged(visit_id: int, problem: JournalCorrupt) -> DamagedRecord:
    return DamagedRecord(
        f"the journal of visit {visit_id} is damaged ({problem}) — its record cannot be shown; "
        "ask clinic IT; the other records are not affected"
    )


def _totals(state: VisitState) -> TreatmentTotals:
    return TreatmentTotals(
        ended_at=state.finished_at,
        treated_seconds=definitions.treated_seconds(state),
        billing_units=definitions.billable_units(state),
        protocols=definitions.protocol_names(state),
    )


class VisitFlow(CourseReads, ProtocolsRan):
    """The window and the CLI go through this for everything a visit does."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        screen: Screen | None = None,
        *,
        room: str = "",
        program: str = THIS_PROGRAM,
        library: Library | None = None,
    ) -> None:
        self._clock = clock
        self.library = library  # the protocols plans are made from (their texts are kept)
        self._screen = screen
        self.room = room  # this PC, as other rooms see it holding a live visit
        self.visits = VisitRepository(database, now=clock.now, room=room, program=program)
        self.audit = AuditTrail(database, now=clock.now, room=room)
        self.credentials = CredentialRepository(database, now=clock.now, room=room)
        self.episodes = EpisodeRepository(database, now=clock.now, room=room)
        self._patients = PatientRepository(database)
        self.clinicians = ClinicianRepository(database)
        self.protocol_versions = ProtocolVersionRepository(database, now=clock.now, room=room)

    def _signature(self, clinician_id: int, secret: str | None) -> str:
        """Check the signer's PIN or password; how they signed ("pin", "password", or "none"
        in a clinic where nobody has set one — it does not lock and asks nobody)."""
        kind = self.credentials.kind(clinician_id)
        if kind is None:
            if self.credentials.any_set():
                raise WrongSecret(
                    "set your PIN or password first (Your PIN/password… in the toolbar)"
                )
            return "none"
        self.credentials.verify(clinician_id, secret or "")
        return kind.value

    # --- treating --------------------------------------------------------------------------

    def open_treatment(
        self, clinician_id: int, setup: TreatmentSetup, patient_name: str = ""
    ) -> Treatment:
        """Open the visit and start its runner: one transaction, so an unfinished visit always
        has a journal to resume from."""
        if not setup.decision.may_treat:  # the window checks too; the core never relies on it
            raise InvalidInput(setup.decision.problem or "the safety screen blocks treatment")
        started: list[Event] = []
        runner = Runner(self._clock, journal=started.append)
        runner.start(setup.plan)
        visit_id = self.visits.open(
            NewVisit(
                patient_id=setup.patient_id,
                clinician_id=clinician_id,
                complaint=setup.complaint,
                screening_result=ScreeningResult(setup.decision.result),
                screening_answers=dict(setup.answers),
                screening_override=setup.decision.override or None,
                protocols=definitions.protocol_names(setup.plan),
                measurements=_before(setup),
                episode_id=setup.episode_id,
                body_marks=tuple(setup.marks),
                protocol_texts=self.texts_for(setup.plan),
            ),
            started[0],
        )
        runner.set_journal(self._journal(visit_id, [runner]))
        return Treatment(visit_id, setup.patient_id, patient_name, runner, setup.decision)

    def resume(self, visit_id: int) -> Resumption:
        """Where an opened visit stands; an interrupted one comes back paused where it stopped."""
        visit, events = self.visits.get(visit_id)
        if visit.voided:
            return Resumption(Stage.VOIDED, None)
        if visit.signed:
            return Resumption(Stage.SIGNED, None)
        held = self.visits.holder(visit_id)
        if held is not None and not held.held_by(self.room, self.visits.program):
            return Resumption(Stage.ELSEWHERE, None, held)
        if not events:
            return Resumption(Stage.NOT_STARTED, None)
        self.audit.record(Action.RESUME_VISIT, visit.clinician_id, visit_id=visit_id)
        decision = self._decision(visit)
        name = visit.patient_name
        if events[-1].kind is EventKind.FINISHED:
            runner = self._replay(events, self._clock, visit_id)
            treatment = Treatment(visit_id, visit.patient_id, name, runner, decision)
            return Resumption(Stage.WRAP_UP, treatment, draft=self.visits.draft(visit_id))
        holder: list[Runner] = []  # the recovered runner, once there is one
        try:
            runner = Runner.recover(events, self._clock, journal=self._journal(visit_id, holder))
        except JournalCorrupt as exc:
            raise _damaged(visit_id, exc) from exc
        holder.append(runner)
        return Resumption(
            Stage.TREATING, Treatment(visit_id, visit.patient_id, name, runner, decision)
        )

    def _decision(self, visit: StoredVisit) -> Decision:
        answers = {k: bool(v) for k, v in visit.screening_answers.items()}
        sites = {k: v for k, v in visit.screening_answers.items() if isinstance(v, str)}
        override = visit.screening_override or ""
        if self._screen is None:
            result = visit.screening_result or ScreeningResult.CLEAR
            return Decision(ScreeningResult(result), (), (), override)
        known = {item.id for item in self._screen.items}
        known_answers = {k: v for k, v in answers.items() if k in known}
        return self._screen.decide(known_answers, override, none_apply=True, sites=sites)

    def _journal(self, visit_id: int, runner: list[Runner]) -> Callable[[Event], None]:
        """Each event committed before the runner applies it; the finish carries the history's
        totals (treated time, units, protocols) in the same commit."""

        def append(event: Event) -> None:
            totals = None
            if event.kind is EventKind.FINISHED:
                totals = _totals(runner[0].state_after(event))
            self.visits.append_event(visit_id, event, totals)

        return append

    def refer(
        self,
        clinician_id: int,
        setup: TreatmentSetup,
        referral: Referral,
        secret: str | None = None,
    ) -> int:
        """The screen sends the patient elsewhere: the visit is saved and signed as a referral
        (complaint, answers, pain before, to whom, how urgently, the advice) — never lost to
        a Cancel. Allowed whatever the screen says: referring is always possible."""
        new = NewVisit(
            patient_id=setup.patient_id,
            clinician_id=clinician_id,
            complaint=setup.complaint,
            screening_result=ScreeningResult(setup.decision.result),
            screening_answers=dict(setup.answers),
            measurements=_before(setup),
            episode_id=setup.episode_id,
            body_marks=tuple(setup.marks),
        )
        how = self._signature(clinician_id, secret)
        return self.visits.refer(new, referral, self._clock.now(), signed_with=how)

    def finish(self, treatment: Treatment) -> None:
        """Finish the treatment now (what W does in treatment mode)."""
        treatment.runner.finish()

    def wrap_up(
        self, treatment: Treatment, clinician_id: int, wrap: WrapUp, secret: str | None = None
    ) -> None:
        """Store the wrap-up and sign the visit, all or nothing; ``secret``: the signer's PIN
        or password (WrongSecret, nothing stored, if it does not match)."""
        how = self._signature(clinician_id, secret)
        self.visits.wrap_up(
            treatment.visit_id,
            clinician_id,
            measurements=wrap.measurements,
            home_care=wrap.home_care,
            home_care_notes=wrap.home_care_notes,
            next_visit=wrap.next_visit,
            totals=_totals(treatment.state),
            signed_with=how,
            assessment=wrap.assessment,
            plan_note=wrap.plan_note,
        )

    def amend(
        self, visit_id: int, author_id: int, reason: str, text: str, secret: str | None = None
    ) -> int:
        self._signature(author_id, secret)
        return self.visits.add_amendment(visit_id, author_id, reason, text)

    def void(
        self, visit_id: int, clinician_id: int, reason: str, secret: str | None = None
    ) -> None:
        """Void a visit opened in error (with the clinician's PIN): kept, labelled, left out
        of the history's counts, the charts and billing."""
        self._signature(clinician_id, secret)
        self.visits.void(visit_id, clinician_id, reason)

    def take_over(self, visit_id: int, clinician_id: int, *, confirmed: bool = False) -> None:
        """Bring a visit live in another room to this one (audited; see artdesk.store.lease)."""
        self.visits.take_over(visit_id, clinician_id, confirmed=confirmed)

    def heartbeat(self, visit_id: int) -> None:
        self.visits.heartbeat(visit_id)

    def owner(self, visit_id: int) -> int:
        """The clinician whose visit it is (no replay)."""
        return self.visits.owner(visit_id)

    def save_draft(self, visit_id: int, draft: dict[str, Any]) -> None:
        """Keep the wrap-up as typed, so a crash before signing loses no word of it."""
        self.visits.save_draft(visit_id, draft)

    def check(self, visit_id: int) -> VisitCheck:
        """Recompute the visit's chains and seal: is the record as it was signed?"""
        return self.visits.check(visit_id)

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _replay(events: Sequence[Event], clock: Clock | None, visit_id: int) -> Runner:
        """The one replay of a journal for reading (resuming is :meth:`resume`'s recover)."""
        try:
            return Runner.replay(events, clock)
        except JournalCorrupt as exc:
            raise _damaged(visit_id, exc) from exc

    def record(self, visit_id: int, *, checked: bool = False) -> VisitRecord:
        """The visit as every screen and paper reads it; NotFound for an unknown visit.
        ``checked``: also recompute its chains and seal (``altered`` says what no longer
        matches) — the papers do, before printing a signature."""
        visit, events = self.visits.get(visit_id)
        record = _record(visit, self._replay(events, None, visit_id).state)
        if checked:
            record = replace(record, altered=self.visits.check(visit_id).problems)
        return record

    def history(self, patient_id: int, *, limit: int = 100, offset: int = 0) -> list[VisitRow]:
        """A patient's visits, newest first, a page of ``limit`` from ``offset``: one
        statement, pain before/after included (the last reading of each counts, as
        :func:`definitions.pain` has it)."""
        return self.visits.for_patient(patient_id, limit=limit, offset=offset)

    def recent(self, *, limit: int = 100, offset: int = 0) -> list[VisitRow]:
        return self.visits.recent(limit=limit, offset=offset)

    def unfinished(self) -> list[VisitRow]:
        """Visits never signed, newest first: offered for resume at start-up."""
        return self.visits.in_progress()

    def pain_history(self, record: VisitRecord, last: int = 20) -> list[PainPoint]:
        """The patient's pain before/after at each visit up to this one, oldest first."""
        rows = self.history(record.patient_id, limit=500)
        points = [
            PainPoint(r.started_at.astimezone().date(), r.pain_before, r.pain_after)
            for r in reversed(rows)
            if r.started_at <= record.started_at
            and (r.pain_before is not None or r.pain_after is not None)
        ]
        return points[-last:]  # the last twenty visits keep the chart readable


def _before(setup: TreatmentSetup) -> tuple[MeasurementData, ...]:
    """Pain before first (the one definition reads the last NPRS before), then the rest."""
    pain: tuple[MeasurementData, ...] = ()
    if setup.pain_before is not None:
        pain = (MeasurementData(PAIN, setup.pain_before, Timing.BEFORE),)
    return pain + tuple(setup.measurements)


def _record(stored: StoredVisit, state: VisitState) -> VisitRecord:
    return VisitRecord(**{f: getattr(stored, f) for f in _STORED_FIELDS}, state=state)


_STORED_FIELDS = tuple(f.name for f in fields(StoredVisit))
