"""Visits to print: made through the real repository and runner on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from artdesk.course import EpisodeData
from artdesk.protocols import Library, Side
from artdesk.settings import Settings
from artdesk.store import (
    ClinicianRepository,
    Database,
    HomeCareData,
    MeasurementData,
    PatientData,
    PatientRepository,
)
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, WrapUp
from tests.builders import setup_for


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(tmp_path / "settings.json")
    s.set("clinic_name", "Riverside Sports Clinic & Rehab <Leeds>")
    s.set("clinic_address", "12 River St\nLeeds LS1 4AB")
    s.set("clinic_phone", "+44 113 496 0000")
    return s


VisitMaker = Callable[..., int]


@pytest.fixture
def make_visit(database: Database, library: Library, clock: FakeClock) -> VisitMaker:
    flow = VisitFlow(database, clock)
    patients = PatientRepository(database, now=clock.now)
    clinicians = ClinicianRepository(database, now=clock.now)
    clinician = clinicians.add("Dr Amelia Hart", "DC")
    clinicians.update_profile(
        clinician,
        full_name="Dr Amelia Hart",
        credentials="DC",
        licence="CH 40219",
        npi="1234567893",
    )
    known: dict[str, int] = {}

    def make(
        name: str = "Zoë Ægir-Łukasiewicz <b>&amp;",
        *,
        notes: tuple[str, ...] = (),
        sign: bool = True,
        pain: tuple[int, int] = (6, 3),
        days_later: int = 0,
        protocols: tuple[tuple[str, Side], ...] = (("calf-achilles", Side.RIGHT),),
        override: str | None = None,
        exercises: int = 2,
        episode: EpisodeData | None = None,
        skip: str = "",
        assessment: str = "",
        plan_note: str = "",
        measures: tuple[MeasurementData, ...] = (),
    ) -> int:
        """``episode``: opened for a new patient before the first visit; ``skip``: the first
        structure skipped with this reason; the clinician's ``assessment`` and ``plan_note``;
        ``measures`` taken besides pain and knee-to-wall."""
        if name not in known:
            known[name] = patients.add(PatientData(name, date(1988, 5, 17), sport="marathon"))
            if episode is not None:
                flow.episodes.open(known[name], clinician, episode)
        clock.advance(days_later * 86400)
        setup = setup_for(
            library,
            known[name],
            protocols,
            complaint="Right Achilles sore after hill repeats",
            answers={"anticoagulants": True, "fracture": bool(override)},
            override=override or "",
            pain_before=pain[0],
        )
        plan = setup.plan
        treatment = flow.open_treatment(clinician, setup)
        runner = treatment.runner
        if skip:
            clock.advance(20)
            runner.skip(skip)
        for step in range(len(plan) * 9):
            clock.advance(5)
            if runner.state.phase.value == "complete" and runner.state.index == len(plan) - 1:
                break
            runner.next()
            if step == 2:
                runner.finding(tension=2, texture=1, tenderness=6, response="eased a little")
                for note in notes:
                    runner.note(note)
        flow.finish(treatment)
        if not sign:
            return treatment.visit_id
        wrap = WrapUp(
            measurements=(
                MeasurementData("NPRS", pain[1], "after"),
                MeasurementData("KTW", 9.5, "after", "right"),
                *measures,
            ),
            home_care=(
                HomeCareData("Heel raises on a step, slow lowering", 3, 15, 0, "once a day"),
                HomeCareData("Wall calf stretch", 3, 1, 30, "twice a day"),
                *(
                    HomeCareData(
                        f"Exercise {n} with a description long enough to wrap onto "
                        "a second line of the page",
                        3,
                        10,
                        5,
                        "once a day",
                    )
                    for n in range(3, exercises + 1)
                ),
            ),
            home_care_notes="Run every other day, flat routes, no hills for a week.",
            next_visit=clock.now().date() + timedelta(days=3),
            assessment=assessment,
            plan_note=plan_note,
        )
        flow.wrap_up(treatment, clinician, wrap)
        return treatment.visit_id

    return make
