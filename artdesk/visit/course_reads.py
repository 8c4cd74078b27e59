"""The course of care as the visit flow reads it: what a returning patient's new visit is
offered, and progress over an episode (:class:`VisitFlow` has these through this mixin)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from artdesk.course import Episode, Progress
from artdesk.protocols.marks import BodyMark
from artdesk.store import NotFound, PatientRepository, VisitRepository
from artdesk.store.episodes import EpisodeRepository
from artdesk.treatment import Clock, Event, Runner
from artdesk.visit import course, definitions

if TYPE_CHECKING:
    from artdesk.visit.flow import VisitRow
    from artdesk.visit.record import VisitRecord


@dataclass(frozen=True, slots=True)
class Returning:
    """What a returning patient's new visit is offered: the active episode, and the last
    visit's complaint and protocols (protocol id, side, structure keys)."""

    episode: Episode | None
    last_complaint: str = ""
    last_protocols: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    last_marks: tuple[BodyMark, ...] = ()  # where it hurt at the last visit (the body chart)
    last_day: date | None = None  # the last visit's day


class CourseReads:
    """Reading a patient's courses of care, mixed into :class:`VisitFlow`: it uses the flow's
    repositories, its history, its record and its one replay (declared here, defined there)."""

    episodes: EpisodeRepository
    visits: VisitRepository
    _clock: Clock
    _patients: PatientRepository

    def history(self, patient_id: int, *, limit: int = 100, offset: int = 0) -> list[VisitRow]:
        raise NotImplementedError

    def record(self, visit_id: int, *, checked: bool = False) -> VisitRecord:
        raise NotImplementedError

    @staticmethod
    def _replay(events: Sequence[Event], clock: Clock | None, visit_id: int) -> Runner:
        raise NotImplementedError

    def returning(self, patient_id: int) -> Returning:
        """What a new visit for this patient is offered: the active episode, the last
        complaint and the last visit's protocols with the structures it planned."""
        episode = self.episodes.active(patient_id)
        rows = self.history(patient_id, limit=10)
        last = next((r for r in rows if not r.voided), None)
        if last is None:
            return Returning(episode)
        last_id = last.id
        complaint, first = self.visits.opening(last_id)
        plan = self._replay(first, None, last_id).state.plan if first else ()
        chosen: dict[tuple[str, str], list[str]] = {}
        for step in plan:
            keys = chosen.setdefault((step.protocol_id, step.side.value), [])
            if step.structure_key not in keys:
                keys.append(step.structure_key)
        day = last.started_at.astimezone().date()
        return Returning(episode, complaint, _merge_sides(chosen), last.body_marks, day)

    def progress(
        self,
        patient_id: int,
        episode_id: int | None = None,
        *,
        treatment: bool = True,
        upto: int | None = None,
    ) -> Progress:
        """Progress over an episode (the active one, else the newest): every measure's
        readings, baseline → latest against the change that matters, goals, attendance and,
        with ``treatment``, the structures treated (one journal replay per visit; the
        window's charts ask without) and the clinician's last Plan as signed. ``upto``: a
        visit id — progress as it stood at that visit (its visits up to it), so a note printed
        later says what was known then. NotFound when the patient has no episode."""
        if episode_id is None:
            episodes = self.episodes.for_patient(patient_id)
            if not episodes:
                raise NotFound(f"patient {patient_id} has no episode of care")
            episode = next((e for e in episodes if e.active), episodes[0])
        else:
            episode = self.episodes.get(episode_id)
            if episode.patient_id != patient_id:
                raise NotFound(f"no episode {episode_id} for patient {patient_id}")
        visits = self.visits.episode_visits(episode.id)
        if upto is not None:
            ids = [v.id for v in visits]
            if upto not in ids:
                raise NotFound(f"visit {upto} is not in episode {episode.id}")
            visits = visits[: ids.index(upto) + 1]
        treated: dict[int, course.Treated] | None = None
        plan = None
        if treatment:  # the report: what was treated, and the clinician's plan in words
            plan = self.visits.last_plan([v.id for v in visits])
            treated = {}
            for v in visits:
                events = self.visits.events(v.id)
                if events:
                    state = self._replay(events, None, v.id).state
                    treated[v.id] = tuple(
                        (
                            r.plan.structure_name,
                            r.plan.side.value,
                            r.passes_done,
                            r.plan.target_passes,
                        )
                        for r in definitions.treated(state)
                    )
        patient = self._patients.get(patient_id)
        today = self._clock.now().astimezone().date()
        if upto is not None and visits:  # as it stood then: goals judged on that day
            today = visits[-1].started_at.astimezone().date()
        return course.progress(
            episode, visits, patient.full_name, patient.date_of_birth, treated, today, plan
        )


def _merge_sides(
    chosen: dict[tuple[str, str], list[str]],
) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(protocol, side) → structures, with a protocol done left and right given as "both"."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for (protocol, side), keys in chosen.items():
        if side == "right" and (protocol, "left") in chosen:
            continue
        if side == "left" and (protocol, "right") in chosen:
            keys = list(dict.fromkeys(keys + chosen[(protocol, "right")]))
            side = "both"
        out.append((protocol, side, tuple(keys)))
    return tuple(out)
