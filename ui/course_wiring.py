"""A visit's course of care in the window: what the set-up offers (the active episode, a new
one, a new one on a course template), opening the new episode when treatment starts, and what
the wrap-up is given (the measures taken before, to take again; the episode's progress so far).

The rules are the core's (:class:`artdesk.visit.VisitFlow`, :mod:`artdesk.course.templates`);
this routes between them and the set-up and wrap-up pages, like :mod:`ui.visit_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Slot

from artdesk.course import Episode, EpisodeData
from artdesk.course.model import closing_notice
from artdesk.course.templates import (
    TREATED,
    CourseTemplate,
    episode_data,
    measure_text,
    plan_text,
    shipped,
)
from artdesk.measures import INSTRUMENTS, PAIN, Timing
from artdesk.protocols import HomeCare, Library
from artdesk.protocols.marks import BodyMark
from artdesk.store import StoreError
from artdesk.visit import definitions
from ui.background import run_in_background
from ui.course_rows import (
    Protocols,
    activities_of,
    measures_of,
    protocols_of,
    rows_for,
    short,
)
from ui.pages.course_choice import CourseOption, sides_of
from ui.pages.course_panel import WrapUpCourse
from ui.pages.measures_entry import RowSpec

if TYPE_CHECKING:
    from artdesk.visit import Treatment, TreatmentSetup
    from ui.workspace import Workspace

# what the wrap-up is given: home-care suggestions, what the screen kept out, the course, and
# why the course could not be read ("" when it was)
Given = tuple[list[HomeCare], list[str], WrapUpCourse | None, str]
Marks = tuple[tuple[BodyMark, ...], date | None]  # where it hurt at the last visit, and when
# what the set-up is given: the patient's name, the courses offered, the last visit's marks,
# and what could not be read (said in the status bar; the set-up works without it)
SetupRead = tuple[str, list[CourseOption], Marks, list[str]]


def _warm_wording() -> None:
    """Import the papers' wording (and reportlab under it) on a worker, so the wrap-up, which
    reads it, does not pause the window the first time it opens."""
    import artdesk.reports.wording  # noqa: F401


class CourseWiring(QObject):
    def __init__(self, workspace: Workspace, library: Library, today: Callable[[], date]) -> None:
        super().__init__(workspace)
        self._w = workspace
        self._library = library
        self._today = today
        # an episode opened for a set-up whose treatment then could not be saved: used again
        # when the clinician tries again, never opened twice
        self._opened: tuple[tuple[int, str, str], int] | None = None
        self._reading: int | None = None  # the patient whose set-up is being read
        self._wrapping: Treatment | None = None  # the visit whose wrap-up is being read

    # --- the set-up ------------------------------------------------------------------------

    def templates(self, problems: list[str] | None = None) -> list[CourseTemplate]:
        """The shipped course templates, then the clinic's own (when those cannot be read, why
        is added to ``problems``, or said in the status bar when none is given)."""
        from artdesk.store.course_templates import CourseTemplateRepository

        out = list(shipped())
        try:
            out += CourseTemplateRepository(self._w.database).all()
        except StoreError as exc:
            problem = f"The clinic's own course templates could not be read: {exc}"
            if problems is None:
                self._w.message.emit(problem, 15000)
            else:
                problems.append(problem)
        return out

    def options(self, patient_id: int, problems: list[str]) -> tuple[list[CourseOption], Marks]:
        """What a new visit for the patient may belong to (the active episode first), and where
        it hurt at the last visit. Pure reads: runs on a worker."""
        flow = self._w.flow
        returning = flow.returning(patient_id)
        marks = (returning.last_marks, returning.last_day)  # offered at set-up
        episode = returning.episode
        out = []
        if episode is not None:
            protocols = returning.last_protocols or self._resolved(episode.protocols)
            number = episode.visits_attended + 1
            visit = episode.visit_of(number)
            if episode.planned and number > episode.planned:
                visit += " (past the plan: re-evaluate)"
            out.append(
                CourseOption(
                    label=f"Continue: {short(episode.complaint, 60)} — {visit}",
                    detail=self._detail(episode),
                    episode_id=episode.id,
                    complaint=returning.last_complaint or episode.complaint,
                    protocols=protocols,
                    measures=tuple(self._before_rows(episode)),
                    sides=sides_of(protocols, *(s for m in episode.measures for s in m.sides)),
                    activities=episode.psfs_activities,
                    course=episode.course,
                )
            )
        # a new episode closes the active one (the core's rule): said before Start, plainly
        closes = closing_notice(episode) if episode is not None else ""
        out.append(
            CourseOption(
                label="New episode of care",
                detail="A new course of care for this complaint (plan and goals: the episode "
                "on the patient's page).",
                complaint="" if episode else returning.last_complaint,
                protocols=() if episode else returning.last_protocols,
                closes=closes,
            )
        )
        for template in self.templates(problems):
            option = self._template_option(template)
            if closes:
                sides = tuple((side, replace(o, closes=closes)) for side, o in option.by_side)
                option = replace(option, closes=closes, by_side=sides)
            out.append(option)
        return out, marks

    @staticmethod
    def _detail(episode: Episode) -> str:
        parts = [episode.diagnosis] if episode.diagnosis else []
        parts.append(plan_text(episode.plan))
        if episode.opened_at is not None:
            parts.append(f"opened {episode.opened_at.astimezone().date().isoformat()}")
        if episode.reeval_date is not None:
            parts.append(f"re-evaluate {episode.reeval_date.isoformat()}")
        if episode.measures:
            parts.append("measures: " + "; ".join(measure_text(m) for m in episode.measures))
        return " · ".join(parts)

    @staticmethod
    def _resolved(protocols: Protocols) -> Protocols:
        """An episode's protocols with a side (one left to the set-up is left to the clinician)."""
        return tuple(p for p in protocols if p[1] in ("left", "right", "both", "midline"))

    def _before_rows(self, episode: Episode) -> list[RowSpec]:
        """The course's measures before treatment; for an episode without a course, the ones
        taken before treatment in it so far."""
        if episode.measures:
            return rows_for(episode.measures, Timing.BEFORE, episode.psfs_activities)
        try:
            series = self._w.flow.progress(episode.patient_id, episode.id, treatment=False).series
        except StoreError:
            return []
        rows = []
        for s in series:
            if s.instrument.code == PAIN or not s.instrument.before_after:
                continue
            if any(r.timing is Timing.BEFORE for r in s.readings):
                labels = s.latest.labels if s.latest else ()
                rows.append(RowSpec(s.instrument.code, s.side, s.site, labels))
        return rows

    def _template_option(self, template: CourseTemplate) -> CourseOption:
        def on(side: str) -> CourseOption:
            data = episode_data(template, "", self._today(), side)
            protocols = self._resolved(data.protocols)
            return CourseOption(
                label=f"New episode on a course: {template.name}",
                detail=f"{plan_text(template.plan)} · "
                + "; ".join(measure_text(m) for m in template.measures)
                + (f" · {short(template.source, 140)}" if template.source else ""),
                template=template,
                protocols=protocols,
                measures=tuple(rows_for(data.measures, Timing.BEFORE, ())),
                sides=sides_of(protocols, *(s for m in data.measures for s in m.sides)),
                course=template.id,
                side=side,
            )

        sided = any(p[1] == TREATED for p in template.protocols) or any(
            TREATED in m.sides for m in template.measures
        )
        if not sided:
            return on("")
        return replace(on(""), by_side=(("left", on("left")), ("right", on("right"))))

    def begin_setup(self, patient_id: int) -> None:
        """The visit set-up for the patient: what it offers (the name, the courses of care, the
        last visit's marks: queries that can take more than a frame) is read on a worker, then
        the page is filled and shown. Asked again meanwhile: once."""
        w = self._w
        if self._reading == patient_id:
            return
        self._reading = patient_id
        asked_on = w.stack.currentWidget()

        def read() -> SetupRead:
            name = w.patients.get(patient_id).full_name  # StoreError: no set-up at all
            problems: list[str] = []
            try:
                options, marks = self.options(patient_id, problems)
            except StoreError as exc:
                problems.append(f"The patient's course of care could not be read: {exc}")
                options, marks = [], ((), None)
            return name, options, marks, problems

        def show(found: SetupRead) -> None:
            self._reading = None
            if not shiboken6.isValid(w) or w.stack.currentWidget() is not asked_on:
                return  # the clinician went elsewhere meanwhile (or was signed out)
            name, options, marks, problems = found
            for problem in problems:
                w.message.emit(problem, 15000)
            self._opened = None
            w.setup_page.begin(patient_id, name, options)
            # a returning patient: where it hurt last time, one click to take over
            w.setup_page.offer_marks(*marks)
            w.stack.setCurrentWidget(w.setup_page)
            w.setup_page.focus_first_field()

        def unreadable(exc: BaseException) -> None:
            self._reading = None
            if not isinstance(exc, StoreError):
                raise exc
            if shiboken6.isValid(w):
                w._cannot("The visit could not be started", exc)

        run_in_background(read, show, unreadable)

    # --- starting the treatment ------------------------------------------------------------

    @Slot(object)
    def start(self, setup: TreatmentSetup) -> None:
        """Open the new episode the set-up chose (from its template when there is one), then
        the visit in it, on a worker (the page says so and holds its fields meanwhile); then
        treatment mode. A visit that cannot be saved keeps everything typed and says why."""
        w = self._w
        clinician = w.clinician_id()
        if clinician is None:
            w.first_run()
            return
        page = w.setup_page
        if page.working.busy:
            return  # already starting (Ctrl+Enter pressed twice)
        option = page.course_option()
        page.working.hold("Starting the treatment…")

        def open_visit() -> tuple[Treatment, Library, str]:
            name = w.patients.get(setup.patient_id).full_name
            chosen = setup
            if option is not None and option.new:
                chosen = replace(setup, episode_id=self._open_episode(clinician, setup, option))
            treatment = w.flow.open_treatment(clinician, chosen, name)
            problem = ""
            if option is not None and not option.new and chosen.episode_id is not None:
                problem = self._keep_activities(clinician, chosen)
            return treatment, self.protocols_of(treatment), problem

        def treat(opened: tuple[Treatment, Library, str]) -> None:
            if not shiboken6.isValid(w):
                return
            page.working.release()
            treatment, protocols, problem = opened
            self._opened = None
            w.treatment = treatment
            if problem:
                w.message.emit(problem, 15000)
            run_in_background(_warm_wording)  # the wrap-up's words, loaded while the hands work
            w.treat(treatment, protocols)

        def unsaved(exc: BaseException) -> None:
            if not isinstance(exc, (StoreError, OSError)):
                raise exc
            if not shiboken6.isValid(w):
                return
            page.working.release()
            page.show_problem(
                f"The visit could not be saved: {exc}. Everything typed is still here."
            )

        run_in_background(open_visit, treat, unsaved)

    def protocols_of(self, treatment: Treatment) -> Library:
        """The protocol versions the visit runs (a read: on a worker when starting); when the
        visit's own texts cannot be read, today's library, not none."""
        try:
            return self._w.flow.ran(treatment.runner.state, self._library)
        except StoreError:
            return self._library

    def _open_episode(self, clinician: int, setup: TreatmentSetup, option: CourseOption) -> int:
        key = (setup.patient_id, option.course or option.label, option.side)
        if self._opened is not None and self._opened[0] == key:
            return self._opened[1]
        activities = activities_of(setup.measurements)
        if isinstance(option.template, CourseTemplate):
            data = episode_data(option.template, setup.complaint, self._today(), option.side)
            data = replace(data, psfs_activities=activities)
        else:
            data = EpisodeData(
                complaint=setup.complaint,
                protocols=protocols_of(setup.plan),
                measures=measures_of(setup.measurements),
                psfs_activities=activities,
            )
        episode_id = self._w.flow.episodes.open(setup.patient_id, clinician, data)
        self._opened = (key, episode_id)
        return episode_id

    def _keep_activities(self, clinician: int, setup: TreatmentSetup) -> str:
        """The PSFS activities named at this visit, kept with an episode that had none (on a
        worker); why they could not be, or ""."""
        activities = activities_of(setup.measurements)
        if not activities or setup.episode_id is None:
            return ""
        try:
            episode = self._w.flow.episodes.get(setup.episode_id)
            if episode.psfs_activities:
                return ""
            data = EpisodeData(**{f.name: getattr(episode, f.name) for f in fields(EpisodeData)})
            self._w.flow.episodes.update(
                episode.id, clinician, replace(data, psfs_activities=activities)
            )
        except StoreError as exc:
            return f"The PSFS activities could not be kept with the episode: {exc}"
        return ""

    # --- the wrap-up -----------------------------------------------------------------------

    @Slot()
    def wrap_up(self) -> None:
        """The wrap-up of the visit under way. What it is given (the home-care suggestions, the
        visit's record and its episode's progress: a journal replay and queries) is read on a
        worker, so the window does not pause as the last pass ends; then the page is filled and
        shown. A draft put back meanwhile (a visit resumed at its wrap-up) waits for it."""
        w = self._w
        treatment = w.treatment
        assert treatment is not None
        w.treatment_page.stop()
        if self._wrapping is treatment:
            return  # already being read
        self._wrapping = treatment
        w.wrapup_page.expect()

        def show(given: Given) -> None:
            self._wrapping = None
            if not shiboken6.isValid(w) or w.treatment is not treatment:
                return  # left meanwhile (another clinician signed in)
            suggestions, out, course, problem = given
            if problem:
                w.message.emit(f"The course of care could not be read: {problem}", 15000)
            page = w.wrapup_page
            page.begin(
                treatment.patient_name, treatment.state, suggestions, self._today(), out, course
            )
            w.stack.setCurrentWidget(page)
            page.focus_first_field()

        def unreadable(exc: BaseException) -> None:
            self._wrapping = None
            raise exc

        run_in_background(lambda: self._given(treatment), show, unreadable)

    def _given(self, treatment: Treatment) -> Given:
        """On a worker: the wrap-up's suggestions, what the screen kept out, and the course
        (None, with why, when it cannot be read: the wrap-up still works, and says so)."""
        from artdesk.protocols.homecare import left_out, suggest_home_care

        treated = [
            (r.plan.protocol_id, r.plan.structure_key)
            for r in definitions.worked_on(treatment.state)
        ]
        applies = treatment.decision.applies
        suggestions = suggest_home_care(self._library, treated, applies)
        out = left_out(self._library, treated, applies)
        try:
            return suggestions, out, self._course_of(treatment), ""
        except StoreError as exc:
            return suggestions, out, None, str(exc)

    def _course_of(self, treatment: Treatment) -> WrapUpCourse:
        """The visit's measures before (to take again after, same sides and sites) and the
        episode's progress so far (StoreError when it cannot be read)."""
        flow = self._w.flow
        record = flow.record(treatment.visit_id)
        episode = record.episode
        # the measures only (no journal replay per visit): a long episode opens as fast
        series = (
            flow.progress(record.patient_id, episode.id, treatment=False).series if episode else ()
        )
        rows: list[RowSpec] = []
        seen: set[tuple[str, str, str]] = set()
        for m in record.measurements:
            spec = INSTRUMENTS.get(m.instrument)
            if m.timing != Timing.BEFORE or m.is_pain or spec is None or not spec.before_after:
                continue
            key = (m.instrument, str(m.side), m.site)
            if key not in seen:
                seen.add(key)
                rows.append(RowSpec(m.instrument, str(m.side), m.site, m.labels))
        activities = episode.psfs_activities if episode else ()
        if episode is not None:
            for row in rows_for(episode.measures, Timing.AFTER, activities):
                if (row.instrument, row.side, row.site) not in seen:
                    seen.add((row.instrument, row.side, row.site))
                    rows.append(row)
        sides = sides_of([(s.protocol_id, s.side.value, ()) for s in record.state.plan])
        return WrapUpCourse(
            visit_id=record.id,
            visit_of=record.visit_of,
            episode=episode,
            after=tuple(rows),
            sides=sides,
            activities=activities or next((r.labels for r in rows if r.labels), ()),
            series=series,
            treated=tuple(f"{r.plan.structure_name} ({r.plan.side.value})" for r in record.treated),
            pain_before=record.pain_before,
            today=self._today(),
        )
