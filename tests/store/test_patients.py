from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artdesk.store import Database, InvalidInput, PatientData, PatientRepository

TODAY = date(2026, 11, 24)


@pytest.fixture
def patients(db: Database) -> PatientRepository:
    repo = PatientRepository(db, today=lambda: TODAY)
    for name, born, phone in [
        ("Zoë Ægir-Łukasiewicz <b>&amp;", date(1990, 4, 3), "+48 601 222 333"),
        ("Γιώργος Παπαδόπουλος", date(1985, 12, 1), "+30 694 111 2222"),
        ("Анна Иванова", date(1979, 6, 30), "+380 67 333 4444"),
        ("Mary-Kate O'Connor", date(2001, 2, 14), "(020) 7946 0018"),
        ("Nguyễn Thị Mai", date(1995, 9, 9), ""),
        ("Zoe Smith", date(1970, 1, 1), "07700 900123"),
    ]:
        repo.add(PatientData(name, born, phone=phone))
    return repo


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.full_name for r in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoe", ["Zoë Ægir-Łukasiewicz <b>&amp;", "Zoe Smith"]),
        ("ZOË", ["Zoë Ægir-Łukasiewicz <b>&amp;", "Zoe Smith"]),
        ("lukas", ["Zoë Ægir-Łukasiewicz <b>&amp;"]),  # any word, accents folded, Ł → l
        ("ægir-łuk", ["Zoë Ægir-Łukasiewicz <b>&amp;"]),  # hyphenated word typed whole
        ("zo sm", ["Zoe Smith"]),  # every word must match
        ("γιωργ", ["Γιώργος Παπαδόπουλος"]),
        ("παπα", ["Γιώργος Παπαδόπουλος"]),
        ("иван", ["Анна Иванова"]),
        ("oconnor", ["Mary-Kate O'Connor"]),
        ("kate", ["Mary-Kate O'Connor"]),
        ("nguyen mai", ["Nguyễn Thị Mai"]),
        ("1985-12-01", ["Γιώργος Παπαδόπουλος"]),
        ("30.06.1979", ["Анна Иванова"]),
        ("7946", ["Mary-Kate O'Connor"]),
        ("+30 694", ["Γιώργος Παπαδόπουλος"]),
        ("nobody", []),
        ("<b>", ["Zoë Ægir-Łukasiewicz <b>&amp;"]),  # markup is just text in a name
        ("%", []),
    ],
)
def test_search_as_you_type(patients: PatientRepository, query: str, expected: list[str]) -> None:
    assert names(patients.search(query)) == expected
    assert patients.count(query) == len(expected)


def test_empty_search_lists_everyone_by_name_with_paging(patients: PatientRepository) -> None:
    everyone = names(patients.search(""))
    assert len(everyone) == 6 == patients.count()
    assert everyone[0] == "Mary-Kate O'Connor"  # sorted by folded name: m, n, z, z, а, γ…
    assert (
        names(patients.search("", limit=2))
        + names(patients.search("", limit=2, offset=2))
        + names(patients.search("", limit=2, offset=4))
        == everyone
    )
    with pytest.raises(ValueError):
        patients.search("", limit=0)


def test_editing_a_name_updates_its_search_words(patients: PatientRepository) -> None:
    (row,) = patients.search("анна")
    patients.update(row.id, PatientData("Anna Petrova", row.date_of_birth))
    assert patients.search("иван") == [] and names(patients.search("petr")) == ["Anna Petrova"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (PatientData("  ", date(1990, 1, 1)), "full_name", "required"),
        (PatientData("A", None), "date_of_birth", "required"),
        (PatientData("A", date(2027, 1, 1)), "date_of_birth", "future"),
        (PatientData("A", date(1850, 1, 1)), "date_of_birth", "not plausible"),
        (PatientData("A", date(1990, 1, 1), phone="call me"), "phone", "6 digits"),
        (PatientData("A", date(1990, 1, 1), phone="123"), "phone", "6 digits"),
        (PatientData("A", date(1990, 1, 1), email="ana@"), "email", "name@example.org"),
        (PatientData("A" * 301, date(1990, 1, 1)), "full_name", "at most 300"),
        (PatientData("A", date(1990, 1, 1), notes="n" * 20_001), "notes", "at most 20,000"),
    ],
)
def test_bad_input_is_refused_field_by_field(
    db: Database, data: PatientData, field: str, message: str
) -> None:
    repo = PatientRepository(db, today=lambda: TODAY)
    with pytest.raises(InvalidInput) as refused:
        repo.add(data)
    assert field in refused.value.errors and message in refused.value.errors[field]
    assert repo.count() == 0


def test_emoji_rtl_and_markup_are_stored_exactly(db: Database) -> None:
    repo = PatientRepository(db, today=lambda: TODAY)
    name = "שרה כהן 🏃‍♀️ <i>&lt;"
    pid = repo.add(PatientData(name, date(1999, 9, 9), notes="x" * 10_000))
    stored = repo.get(pid)
    assert stored.full_name == name and len(stored.notes) == 10_000
    assert names(repo.search("שרה")) == [name]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40))
def test_whatever_is_typed_in_the_search_box_never_fails(
    patients: PatientRepository, text: str
) -> None:
    rows = patients.search(text + "\U0010ffff", limit=100)  # the largest code point too
    assert rows == [] or all(r.full_name for r in rows)
    rows = patients.search(text, limit=100)
    assert len(rows) == patients.count(text) <= 6
