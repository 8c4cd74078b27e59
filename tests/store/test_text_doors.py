"""Issue 11 item 4: text at every door — line breaks in one-line fields, invisible names,
broken characters, and search words of any length."""

from __future__ import annotations

from datetime import date

import pytest

from artdesk.store import (
    ClinicianRepository,
    Database,
    InvalidInput,
    PatientData,
    PatientRepository,
)


def test_one_line_fields_flatten_line_breaks(db: Database) -> None:
    clinicians = ClinicianRepository(db)
    who = clinicians.add("Dr Ana\nNúñez\u2028PT", "DC\r\nPhD")
    (row,) = [c for c in clinicians.active() if c.id == who]
    assert row.full_name == "Dr Ana Núñez PT" and row.credentials == "DC PhD"
    patients = PatientRepository(db)
    pid = patients.add(PatientData("Zoë\nÆgir", date(1990, 1, 1), sport="trail\nrunning"))
    stored = patients.get(pid)
    assert stored.full_name == "Zoë Ægir" and stored.sport == "trail running"


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u200d \u2060", "\t\n", "\u0301"])
def test_a_name_needs_a_visible_character(db: Database, name: str) -> None:
    with pytest.raises(InvalidInput, match="name"):
        PatientRepository(db).add(PatientData(name, date(1990, 1, 1)))
    with pytest.raises(InvalidInput, match="required"):
        ClinicianRepository(db).add(name)


def test_broken_characters_are_a_clear_refusal(db: Database) -> None:
    broken = "Ana \udcff"  # what bytes that are not UTF-8 become on a command line
    with pytest.raises(InvalidInput, match="broken characters"):
        PatientRepository(db).add(PatientData(broken, date(1990, 1, 1)))
    with pytest.raises(InvalidInput, match="broken characters"):
        ClinicianRepository(db).add(broken)


def test_search_handles_a_name_word_of_any_length(db: Database) -> None:
    long_word = "Wolfeschlegelsteinhausenbergerdorff" * 5  # 175 letters
    patients = PatientRepository(db)
    pid = patients.add(PatientData(f"Hubert {long_word}", date(1950, 1, 1)))
    for query in (long_word, long_word[:120], long_word[:99], f"hubert {long_word}"):
        assert [p.id for p in patients.search(query)] == [pid], len(query)
