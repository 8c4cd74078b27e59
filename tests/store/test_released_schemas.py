"""Every released schema, as a real clinic file, opens in this version with nothing lost.

``fixtures/schema-NNNN.sqlite`` is a small demo clinic written at schema NNNN; add one for each
new migration (TagStudio keeps such files for the same reason).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from artdesk.protocols import load_shipped_library
from artdesk.store import PatientRepository, open_database
from artdesk.store.migrate import head_revision
from artdesk.treatment import FakeClock, Status
from artdesk.visit import VisitFlow

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema-*.sqlite"))
TABLES = (
    "clinicians",
    "patients",
    "patient_name_tokens",
    "visits",
    "visit_events",
    "measurements",
    "home_care_items",
    "amendments",
)


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_there_is_a_fixture_for_head() -> None:
    assert f"schema-{head_revision()}.sqlite" in [f.name for f in FIXTURES]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_released_schema_opens_upgraded_with_every_row(fixture: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.sqlite"
    shutil.copyfile(fixture, clinic)
    before = counts(clinic)
    assert before["visit_events"] > 100 and before["measurements"] > 10
    database = open_database(clinic, create=False)
    try:
        flow = VisitFlow(database, FakeClock())
        released = fixture.stem.removeprefix("schema-")
        for row in flow.recent(limit=1000):
            record = flow.record(row.id)
            # every visit belongs to an episode of care (0007 gave the older ones one each)
            assert record.episode is not None and record.episode.patient_id == record.patient_id
            if released >= "0007" and record.assessment and not record.body_marks:  # a course
                assert record.visit_of == "visit 1 of 6" and record.signer_ids
                ppt = [m for m in record.measurements if m.instrument == "PPT"]
                assert ppt and ppt[0].entries == (2.1, 2.4, 2.2) and ppt[0].site
            if released >= "0008" and record.body_marks:  # the clinic's calf, marks (0008)
                assert [m.words for m in record.body_marks] == [
                    "pain, right calf",
                    "numbness, right sole of the foot and heel",
                ]
                ran = flow.ran(record.state, load_shipped_library()).get("calf-achilles")
                assert ran.version == 5 and "clinic fixture wording" in ran.structures[0].plain_name
            if record.referral is not None:  # referred, not treated: no journal (from 0003)
                assert record.signed and record.state.status is Status.NOT_STARTED
                assert row.treated_seconds == 0
                continue
            if not record.signed:  # from 0005: a voided visit, one live in Room 1 (0006: at
                # wrap-up with a draft typed, which must come back)
                assert record.voided or record.state.status in (Status.RUNNING, Status.FINISHED)
                if released >= "0006" and not record.voided:
                    draft = VisitFlow(database, FakeClock(), room="Room 1").resume(row.id).draft
                    assert draft is not None and draft["pain_after"] == 2
                continue
            assert record.state.status is Status.FINISHED
            if released < "0003":
                # those releases stored every structure's time as treated; today the time on
                # a structure only palpated or skipped is assessment: the two add up to it
                total = record.treated_seconds + record.assessment_seconds
                assert total == pytest.approx(row.treated_seconds)
            else:
                assert record.treated_seconds == pytest.approx(row.treated_seconds)
        assert PatientRepository(database).count() == before["patients"]
        # the upgrade chained and sealed what was there: every record checks out (0005)
        from artdesk.store.verify import verify_database

        result = verify_database(database)
        assert result.intact, result.lines()[:5]
        assert result.visits == before["visits"]
    finally:
        database.close()
    assert counts(clinic) == before
    con = sqlite3.connect(clinic)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    con.close()
