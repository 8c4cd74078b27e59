"""Where it hurt (issue 13 item 6, the storage): the body-chart marks go in with the visit,
read back on the record and the history rows, and are sealed with the signature."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from artdesk.protocols import Library
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide, marks_from
from artdesk.store import ClinicianRepository, Database, MeasurementData
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, WrapUp
from tests.builders import setup_for
from tests.store.helpers import patient, unguarded

MARKS = (
    BodyMark("posterior-thigh", MarkSide.RIGHT, Feeling.PAIN),
    BodyMark("low-back", MarkSide.LEFT, Feeling.STIFFNESS),
    BodyMark("plantar-foot", MarkSide.RIGHT, Feeling.NUMBNESS),
)


def signed_with_marks(db: Database, library: Library, clock: FakeClock) -> int:
    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr Test")
    setup = replace(setup_for(library, patient(db)), marks=MARKS)
    treatment = flow.open_treatment(clinician, setup)
    for _ in range(3):
        clock.advance(6)
        treatment.runner.next()
    flow.finish(treatment)
    flow.wrap_up(treatment, clinician, WrapUp((MeasurementData("NPRS", 2, "after"),), ()))
    return treatment.visit_id


def test_marks_are_kept_with_the_visit_and_listed(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit = signed_with_marks(db, library, clock)
    flow = VisitFlow(db, clock)
    record = flow.record(visit, checked=True)
    assert record.body_marks == MARKS and record.altered == ()
    assert [m.words for m in record.body_marks][:2] == [
        "pain, right back of the thigh",  # in the words of resources/body_regions.toml
        "stiffness, left low back",
    ]
    (row,) = flow.history(record.patient_id)
    assert row.body_marks == MARKS


def test_a_changed_mark_shows_as_an_altered_record(
    db: Database, db_path: Path, library: Library, clock: FakeClock
) -> None:
    visit = signed_with_marks(db, library, clock)
    con = unguarded(db_path)
    moved = [m.to_dict() for m in MARKS]
    moved[0]["side"] = "left"  # the pain moved to the other leg after signing
    con.execute("UPDATE visits SET body_marks = ? WHERE id = ?", (json.dumps(moved), visit))
    con.commit()
    con.close()
    altered = VisitFlow(db, clock).record(visit, checked=True).altered
    assert any("changed after signing" in a for a in altered)


def test_a_mark_is_checked_against_the_regions() -> None:
    assert marks_from([m.to_dict() for m in MARKS]) == MARKS
    with pytest.raises(ValueError, match="unknown body region"):
        marks_from([{"region": "elbow-of-the-knee", "side": "left", "feeling": "pain"}])
    with pytest.raises(ValueError, match="left or right"):
        marks_from([{"region": "calf", "side": "midline", "feeling": "pain"}])
    with pytest.raises(ValueError, match="needs region, side and feeling"):
        marks_from([{"region": "calf"}])
