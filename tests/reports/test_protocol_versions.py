"""A visit's papers and replay show the protocol version it ran, whatever the library says
after (issue 13 item 4): the text is kept with the visit by its SHA-256."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from artdesk.protocols import Library, Side, load_shipped_library
from artdesk.protocols.clinic import load_with_clinic
from artdesk.reports import render_visit
from artdesk.resources import protocols_dir
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import (
    ClinicianRepository,
    Database,
    HomeCareData,
    MeasurementData,
    PatientData,
    PatientRepository,
    StoreError,
)
from artdesk.store.protocol_versions import ProtocolText
from artdesk.treatment import CommandRejected, FakeClock
from artdesk.visit import VisitFlow, WrapUp
from tests.builders import setup_for

V1_WORDS = "the big calf muscle, clinic wording one"
V2_WORDS = "the calf, as the clinic words it after the edit"


def write_calf(folder: Path, plain_name: str, contact: str, version: int) -> None:
    """The shipped calf protocol as the clinic's own file, with its words changed."""
    text = (protocols_dir() / "calf-achilles.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version = \d+$", f"version = {version}", text, count=1)
    text = text.replace(
        'plain_name = "the large calf muscle (gastrocnemius)"', f'plain_name = "{plain_name}"', 1
    )
    text = re.sub(r'(?m)^contact = ".*"$', f'contact = "{contact}"', text, count=1)
    folder.mkdir(exist_ok=True)
    (folder / "calf-achilles.toml").write_text(text, encoding="utf-8")


def pages(database: Database, visit: int, library: Library, settings: Settings, doc: str) -> str:
    screen, _ = load_screen()
    rendered = render_visit(doc, VisitFlow(database, FakeClock()), visit, library, settings, screen)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages)


def treat(flow: VisitFlow, clock: FakeClock, library: Library, patient: int, by: int) -> int:
    setup = setup_for(library, patient, (("calf-achilles", Side.RIGHT),), pain_before=6)
    treatment = flow.open_treatment(by, setup)
    while True:
        clock.advance(6)
        try:
            treatment.runner.next()
        except CommandRejected:  # past the last structure's review
            break
    flow.finish(treatment)
    flow.wrap_up(
        treatment,
        by,
        WrapUp(
            (MeasurementData("NPRS", 3, "after"),),
            (HomeCareData("Wall calf stretch", 3, 1, 30, "twice a day"),),
        ),
    )
    return treatment.visit_id


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(tmp_path / "settings.json")
    s.set("clinic_name", "Riverside Sports Clinic")
    return s


def test_an_edit_after_a_visit_changes_neither_its_papers_nor_its_replay(
    database: Database, clock: FakeClock, tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "protocols"
    write_calf(folder, V1_WORDS, "Thumb on the medial head, version one contact", 7)
    library = load_with_clinic(folder, load_shipped_library())
    assert library.origins["calf-achilles"] == "clinic-replaces-shipped"
    flow = VisitFlow(database, clock, library=library)
    by = ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    patient = PatientRepository(database).add(PatientData("Zoë Ægir", date(1988, 5, 17)))
    visit = treat(flow, clock, library, patient, by)
    summary, note = (pages(database, visit, library, settings, d) for d in ("summary", "note"))
    assert V1_WORDS in re.sub(r"\s+", " ", summary)
    replayed = flow.record(visit).state

    # the clinic edits the protocol: version 8, other words, another contact
    write_calf(folder, V2_WORDS, "Flat fingers along the lateral head, version two", 8)
    library.take(load_with_clinic(folder, load_shipped_library()))
    assert library.get("calf-achilles").version == 8

    assert pages(database, visit, library, settings, "summary") == summary
    assert pages(database, visit, library, settings, "note") == note
    assert flow.record(visit).state == replayed
    ran = flow.ran(replayed, library).get("calf-achilles")
    assert ran.version == 7 and "version one contact" in ran.structures[0].contact

    # a visit after the edit runs version 8 (the edit took: the test above could fail)
    later = treat(flow, clock, library, patient, by)
    assert V2_WORDS in re.sub(r"\s+", " ", pages(database, later, library, settings, "summary"))
    versions = [v.version for v in flow.protocol_versions.versions("calf-achilles")]
    assert versions == [7, 8]


def test_a_visit_from_before_versions_reads_todays_protocol(
    database: Database, clock: FakeClock, library: Library
) -> None:
    """A plan with no digest (journals from before issue 13): today's protocol of its id."""
    flow = VisitFlow(database, clock)  # no library: nothing kept
    by = ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    visit = treat(flow, clock, library, patient, by)
    state = flow.record(visit).state
    assert flow.protocol_versions.texts(r.plan.protocol_digest for r in state.records) == {}
    assert flow.ran(state, library).get("calf-achilles") is library.get("calf-achilles")


def test_a_kept_version_cannot_be_changed_or_removed(
    database: Database, db_path: Path, library: Library
) -> None:
    flow = VisitFlow(database, FakeClock(), library=library)
    calf = library.get("calf-achilles")
    assert flow.keep_protocols([calf], None) == 1
    assert flow.keep_protocols([calf], None) == 0  # kept once, by its digest
    con = sqlite3.connect(db_path)
    try:
        for sql in (
            "UPDATE protocol_versions SET content = 'x'",
            "DELETE FROM protocol_versions",
            f"INSERT OR REPLACE INTO protocol_versions VALUES ('{calf.digest}', 'calf-achilles',"
            " 1, 'x', 'clinic', '2026-12-01', NULL)",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="ART Desk refuses"):
                con.execute(sql)
    finally:
        con.close()
    assert flow.protocol_versions.texts([calf.digest]) == {calf.digest: calf.text}


def test_a_text_that_is_not_its_digest_is_refused(database: Database, library: Library) -> None:
    calf = library.get("calf-achilles")
    forged = ProtocolText(calf.digest, calf.id, calf.version, calf.text + "\n# changed")
    flow = VisitFlow(database, FakeClock())
    with pytest.raises(StoreError, match="does not match its digest"):
        flow.protocol_versions.keep([forged])


def test_the_command_line_papers_read_the_clinic_folder_beside_the_database(
    database: Database, db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """A visit whose text was not kept (a script's flow, or a visit from before 0008) prints
    today's protocol of its id — the clinic's, from the folder beside the database, as the
    window would, not the shipped one."""
    from tests.cli.test_cli import run

    write_calf(db_path.parent / "protocols", V1_WORDS, "Thumb on the medial head", 7)
    library = load_with_clinic(db_path.parent / "protocols", load_shipped_library())
    flow = VisitFlow(database, clock)  # no library: nothing kept
    by = ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    visit = treat(flow, clock, library, patient, by)
    out = tmp_path / "summary.pdf"
    code, _, err = run("summary", "--db", str(db_path), "--visit", str(visit), "-o", str(out))
    assert code == 0, err
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert V1_WORDS in re.sub(r"\s+", " ", text)
