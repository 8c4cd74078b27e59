"""The shipped ICD-10-CM list and its search (artdesk/course/diagnoses.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from artdesk.course import diagnoses
from artdesk.course.diagnoses import (
    Diagnosis,
    DiagnosisFileError,
    check_code,
    load,
    merged,
    normal_code,
    parse,
    search,
    shipped,
)
from artdesk.resources import resource_dir

SHIPPED_FILE = resource_dir("diagnoses.toml")


def codes(found: list[Diagnosis]) -> list[str]:
    return [d.code for d in found]


def test_the_shipped_list_loads_whole() -> None:
    listed = tomllib.loads(SHIPPED_FILE.read_text(encoding="utf-8"))["diagnoses"]
    assert 100 <= len(shipped()) == len(listed) <= 150
    assert shipped() is shipped()  # read once
    assert all(d.text and d.region and not d.clinic for d in shipped())


def test_every_shipped_code_has_the_icd10cm_shape_and_is_listed_once() -> None:
    all_codes = [d.code for d in shipped()]
    assert [c for c in all_codes if check_code(c) is not None] == []
    assert [c for c in all_codes if normal_code(c) != c] == []
    assert len(set(all_codes)) == len(all_codes)


def test_the_codes_a_running_clinic_needs_are_there_by_side() -> None:
    by_code = {d.code: d for d in shipped()}
    assert by_code["M54.50"].text == "Low back pain, unspecified"
    assert by_code["M76.61"].text == "Achilles tendinitis, right leg"
    assert by_code["M76.62"].text == "Achilles tendinitis, left leg"
    assert by_code["M72.2"].text == "Plantar fascial fibromatosis"
    assert by_code["G57.01"].text == "Lesion of sciatic nerve, right lower limb"
    hamstring = by_code["S76.311A"]
    assert hamstring.text == "Strain msl/fasc/tnd post grp at thi lev, right thigh, init"
    assert hamstring.title.startswith("Strain of muscle, fascia and tendon of the posterior")
    assert hamstring.title.endswith("right thigh, initial encounter")
    for right, left in [("M70.61", "M70.62"), ("M76.31", "M76.32"), ("M77.11", "M77.12")]:
        assert "right" in by_code[right].text and "left" in by_code[left].text
    # no header (non-billable) codes: the parents of the coded leaves are not listed
    assert not {"M54.5", "M76.6", "S76.31", "M79.1", "G57.0"} & set(by_code)


def test_no_code_is_a_parent_of_another() -> None:
    all_codes = [d.code.replace(".", "") for d in shipped()]
    parents = [(a, b) for a in all_codes for b in all_codes if a != b and b.startswith(a)]
    assert parents == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("M76.3", ["M76.31", "M76.32"]),
        ("m763", ["M76.31", "M76.32"]),
        ("  m76.6 ", ["M76.61", "M76.62"]),
        ("S86.1", ["S86.111A", "S86.111D", "S86.112A", "S86.112D"]),
        ("g570", ["G57.01", "G57.02", "G57.03"]),
    ],
)
def test_search_by_the_start_of_a_code(query: str, expected: list[str]) -> None:
    assert codes(search(query)) == expected


def test_codes_come_first_and_in_code_order() -> None:
    found = codes(search("M76"))
    assert found and all(c.startswith("M76.") for c in found) and found == sorted(found)


def test_search_by_every_word_in_any_order() -> None:
    assert codes(search("achilles tendinitis left")) == ["M76.62"]
    assert codes(search("right achil")) == ["S86.011A", "M76.61"]  # word starts, any order
    assert codes(search("trochanteric bursitis")) == ["M70.61", "M70.62"]
    assert set(codes(search("hamstring"))) == {"S76.311A", "S76.312A", "S76.311D", "S76.312D"}
    assert codes(search("shin splints left")) == ["S86.892A", "M76.812"]
    assert codes(search("plantar fasciitis")) == ["M72.2"]
    assert codes(search("lateral epicondylitis right")) == ["M77.11"]
    assert search("hamstring elbow") == []  # every word must match


def test_search_ignores_case_and_accents() -> None:
    assert codes(search("ACHILLES TENDINITIS RIGHT")) == ["M76.61"]
    assert codes(search("épicondylitis latéral gauche".replace("gauche", "left"))) == ["M77.12"]
    own = Diagnosis("M76.61", "Tendinopathie d'Achille, côté droit")
    assert codes(search("COTE DROIT achille", extra=[own])) == ["M76.61"]
    assert codes(search("côté", extra=[own])) == ["M76.61"]


def test_search_with_nothing_typed_lists_the_start_and_respects_the_limit() -> None:
    assert len(search("")) == 50 and len(search("", limit=5)) == 5
    assert len(search("pain", limit=3)) == 3
    assert search("pain", limit=0) == []


@pytest.mark.parametrize("code", ["M76.61", "m7661", " S86.111A ", "M1A.0110", "Z3A.01", "M54.2"])
def test_a_well_shaped_code_passes(code: str) -> None:
    assert check_code(code) is None


@pytest.mark.parametrize(
    "code", ["", "  ", "76.61", "M7", "MM6.1", "M76.61234", "M76-61", "M76.6!"]
)
def test_a_badly_shaped_code_is_refused_with_an_example(code: str) -> None:
    problem = check_code(code)
    assert problem is not None
    assert "required" in problem or "e.g. M76.61" in problem


def test_normal_code_writes_the_dot_and_capitals() -> None:
    assert normal_code("m7661") == "M76.61"
    assert normal_code(" s86.111a ") == "S86.111A"
    assert normal_code("m54") == "M54"


def test_a_clinic_code_replaces_the_shipped_one_and_new_ones_follow() -> None:
    base = (Diagnosis("M76.61", "Achilles tendinitis, right leg"), Diagnosis("M72.2", "Plantar"))
    own = [
        Diagnosis("m7661", "Achilles tendinopathy, right (clinic wording)"),
        Diagnosis("Z99.89", "x"),
    ]
    result = merged(base, own)
    assert [(d.code, d.clinic) for d in result] == [
        ("M76.61", True),
        ("M72.2", False),
        ("Z99.89", True),
    ]
    assert result[0].text == "Achilles tendinopathy, right (clinic wording)"
    found = search("M76.61", extra=own)
    assert len(found) == 1 and found[0].clinic


def test_a_broken_file_names_itself_and_the_line() -> None:
    with pytest.raises(DiagnosisFileError, match=r"^diagnoses\.toml: line 2: invalid TOML"):
        parse('[[diagnoses]]\ncode = "M76.61\n', "diagnoses.toml")


def test_each_problem_in_an_entry_is_named() -> None:
    text = (
        '[[diagnoses]]\ncode = "M7661"\ntext = "x"\n'
        '[[diagnoses]]\ncode = "76.1"\ntext = "y"\n'
        '[[diagnoses]]\ncode = "M72.2"\n'
        '[[diagnoses]]\ncode = "M72.2"\ntext = "z"\ncolour = "red"\n'
    )
    with pytest.raises(DiagnosisFileError) as caught:
        parse(text, "clinic.toml")
    message = str(caught.value)
    assert "clinic.toml: diagnoses[1].code: write it as 'M76.61'" in message
    assert "clinic.toml: diagnoses[2].code: '76.1' is not an ICD-10-CM code" in message
    assert "clinic.toml: diagnoses[3].text: missing required field" in message
    assert "clinic.toml: diagnoses[4].colour: unknown field" in message
    assert "clinic.toml: diagnoses[4].code: M72.2 is listed twice (also diagnoses[3])" in message
    assert len(caught.value.problems) == 5


def test_an_empty_or_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DiagnosisFileError, match=r"empty\.toml: \(file\): empty file"):
        parse("  \n", "empty.toml")
    binary = tmp_path / "diagnoses.toml"
    binary.write_bytes(b"\xff\xfe[[diagnoses]]")
    with pytest.raises(DiagnosisFileError, match=r"diagnoses\.toml: \(file\): not UTF-8"):
        load(binary)
    with pytest.raises(DiagnosisFileError, match="cannot read"):
        load(tmp_path / "missing.toml")


def test_a_broken_shipped_file_stops_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "diagnoses.toml"
    broken.write_text('[[diagnoses]]\ncode = "M76.61"\ntext = \n', encoding="utf-8")
    monkeypatch.setattr(diagnoses, "resource_dir", lambda *parts: tmp_path.joinpath(*parts))
    diagnoses.shipped.cache_clear()
    try:
        with pytest.raises(DiagnosisFileError, match=r"^diagnoses\.toml: line 3"):
            shipped()
    finally:
        diagnoses.shipped.cache_clear()


def test_the_list_is_package_data_so_a_wheel_ships_it() -> None:
    root = Path(__file__).resolve().parents[2]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["resources"]
    packaged = {p for pattern in patterns for p in (root / "resources").glob(pattern)}
    assert SHIPPED_FILE.resolve() in {p.resolve() for p in packaged}
