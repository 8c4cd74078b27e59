"""Issue 11: any text a person can type — every code point, lone surrogates, line breaks,
markup characters — into every text field of a visit, then both papers printed: nothing
crashes; what is stored is printed (or its missing glyphs reported), what cannot be stored is
refused in one line."""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from artdesk.protocols import Library, Side
from artdesk.reports import render_visit
from artdesk.settings import Settings
from artdesk.store import (
    ClinicianRepository,
    HomeCareData,
    InvalidInput,
    MeasurementData,
    PatientData,
    PatientRepository,
    StoreError,
    open_database,
)
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, WrapUp
from tests.builders import setup_for

# any code point, surrogates included (what a broken paste or a non-UTF-8 file gives), with
# the hard cases made common: lone surrogates, every kind of line break, markup, RTL, emoji
HARD = st.sampled_from(
    [
        "\ud83e",
        "\udcff",
        "\n",
        "\r\n",
        "\u2028",
        "\x0b",
        "<b>&amp;",
        "שלום",
        "🦵🏽",
        "\u200b",
        "\x00",
    ]
)
ANY = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec=None, categories=None), max_size=20),
        HARD,
        st.sampled_from(["Tender", "hamstring", "Ravichandran"]),
    ),
    max_size=6,
).map("".join)
FIELDS = (
    "patient",
    "sport",
    "clinician",
    "complaint",
    "note",
    "response",
    "exercise",
    "frequency",
    "exercise_notes",
    "home_care_notes",
    "amend_reason",
    "amend_text",
)


def _words(text: str) -> set[str]:
    """Plain ASCII words that must come back out of the PDF when the text was stored."""
    return set(re.findall(r"(?<![A-Za-z])[A-Za-z]{5,12}(?![A-Za-z])", text))


@settings(
    max_examples=30,  # ~10 s; the hard cases are drawn often (HARD)
    deadline=None,
    # the library is read-only and shared; every example makes its own database
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=st.fixed_dictionaries({f: ANY for f in FIELDS}))
def test_any_text_in_every_field_is_stored_and_printed_or_refused(
    texts: dict[str, str], library: Library
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "clinic.sqlite")
        clock = FakeClock()
        flow = VisitFlow(db, clock)
        stored: list[str] = []
        try:
            try:
                clinician = ClinicianRepository(db).add(texts["clinician"] or "Dr A")
                stored.append(texts["clinician"])
            except InvalidInput:
                clinician = ClinicianRepository(db).add("Dr A")
            try:
                patient = PatientRepository(db).add(
                    PatientData(texts["patient"], date(1990, 1, 1), sport=texts["sport"])
                )
                stored += [texts["patient"], texts["sport"]]
            except InvalidInput:
                patient = PatientRepository(db).add(PatientData("Ana", date(1990, 1, 1)))
            setup = setup_for(library, patient, [("posterior-thigh", Side.RIGHT)])
            try:
                treatment = flow.open_treatment(
                    clinician,
                    setup_for(
                        library,
                        patient,
                        [("posterior-thigh", Side.RIGHT)],
                        complaint=texts["complaint"],
                    ),
                )
                stored.append(texts["complaint"])
            except InvalidInput:
                treatment = flow.open_treatment(clinician, setup)
            runner = treatment.runner
            for _ in range(4):
                clock.advance(5)
                runner.next()
            for kind, call in (
                ("note", lambda: runner.note(texts["note"])),
                (
                    "response",
                    lambda: runner.finding(
                        tension=2, texture=1, tenderness=5, response=texts["response"]
                    ),
                ),
            ):
                try:
                    call()
                    stored.append(texts[kind])
                except (StoreError, ValueError) as refused:  # the runner: an empty note
                    assert not isinstance(refused, UnicodeError), refused  # said, not raw
                    assert "\n" not in str(refused)
            flow.finish(treatment)
            care = HomeCareData(
                texts["exercise"], 3, 10, 0, texts["frequency"], texts["exercise_notes"]
            )
            wrap = WrapUp((MeasurementData("NPRS", 3, "after"),), (care,), texts["home_care_notes"])
            try:
                flow.wrap_up(treatment, clinician, wrap)
                stored += [texts[k] for k in ("exercise", "frequency", "exercise_notes")]
                stored.append(texts["home_care_notes"])
            except InvalidInput as refused:
                assert "\n" not in str(refused)
                flow.wrap_up(treatment, clinician, WrapUp((), ()))
            try:
                flow.amend(
                    treatment.visit_id, clinician, texts["amend_reason"], texts["amend_text"]
                )
                stored += [texts["amend_reason"], texts["amend_text"]]
            except InvalidInput as refused:
                assert "\n" not in str(refused)
            printed = ""
            for document in ("summary", "note"):
                rendered = render_visit(document, flow, treatment.visit_id, library, Settings())
                assert rendered.pages >= 1
                printed += " ".join(
                    p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages
                )
                assert set(rendered.missing) <= set("".join(texts.values()))
            printed = " ".join(printed.split())
            for field, value in texts.items():
                if value in stored:
                    for word in _words(value):
                        assert word in printed, (field, word)
        finally:
            db.close()
