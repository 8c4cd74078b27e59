"""What saving an edited protocol does (the editor's decisions, without a window): the version
it is written as, the file, an id that would overwrite another clinic protocol, where each
problem the loader reports belongs on the form."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from artdesk.protocols import load_shipped_library
from artdesk.protocols.clinic import CLINIC, REPLACES, load_with_clinic
from artdesk.protocols.draft import (
    Place,
    names,
    next_version,
    place_of,
    problem_words,
    whole_number,
)
from artdesk.protocols.editing import Edit, Start
from artdesk.protocols.saving import save_protocol
from artdesk.protocols.toml_out import to_toml


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """A clinic folder with its own calf protocol (replacing the shipped one) and a foot of
    its own under a file name of its choosing."""
    shipped = load_shipped_library()
    calf = dataclasses.replace(shipped.get("calf-achilles"), version=7)
    save_protocol(tmp_path, to_toml(calf))
    foot = dataclasses.replace(shipped.get("foot"), id="our-foot", version=2)
    save_protocol(tmp_path, to_toml(foot), file_name="feet.toml")
    return tmp_path


def test_a_copy_of_a_shipped_protocol_replaces_it_one_version_on(tmp_path: Path) -> None:
    library = load_shipped_library()
    shin = library.get("shin")
    edit = Edit.of("shin", library, tmp_path)
    assert edit.start == Start("shin", shin.version, "shipped", shin.name, None)
    assert edit.version("shin") == shin.version + 1
    assert edit.file_name("shin") is None and edit.target("shin") == str(tmp_path / "shin.toml")
    assert "replaces the shipped protocol" in edit.note("shin")
    assert edit.version("our-shin") == 1 and edit.clash("our-shin") is None
    assert edit.note("our-shin") == (
        f"A protocol of its own: saved as version 1 in {tmp_path / 'our-shin.toml'}."
    )
    assert "is the shipped “Calf" in edit.note("calf-achilles")
    assert edit.version("calf-achilles") == library.get("calf-achilles").version + 1
    assert "shipped protocol shin, version" in edit.comment()


def test_a_clinic_protocol_is_saved_over_its_own_file(clinic: Path) -> None:
    library = load_with_clinic(clinic, load_shipped_library())
    edit = Edit.of("our-foot", library, clinic)
    assert edit.start.origin == CLINIC and edit.start.file == "feet.toml"
    assert edit.version("our-foot") == 3
    assert (
        edit.note("our-foot")
        == f"Saving writes version 3 over the clinic's file {clinic / 'feet.toml'}."
    )
    # another clinic protocol's id would overwrite it: refused
    clash = edit.clash("calf-achilles")
    assert clash is not None and "already the clinic's protocol" in clash
    assert edit.version("calf-achilles") == 8  # above the clinic's version 7
    edit.saved_as("our-foot", 3, "Our foot", clinic / "feet.toml")
    assert edit.start == Start("our-foot", 3, CLINIC, "Our foot", "feet.toml")
    assert edit.version("our-foot") == 4  # saved again from the same dialog: one more


def test_a_saved_copy_of_a_shipped_protocol_goes_on_as_the_clinic_s(tmp_path: Path) -> None:
    library = load_shipped_library()
    edit = Edit.of("shin", library, tmp_path)
    version = library.get("shin").version + 1
    edit.saved_as("shin", version, "Shin", tmp_path / "shin.toml")
    assert edit.start.origin == REPLACES and edit.start.file == "shin.toml"
    assert edit.version("shin") == version + 1
    assert edit.note("shin").startswith(f"Saving writes version {version + 1} over")


def test_a_new_protocol_starts_at_version_one(tmp_path: Path) -> None:
    edit = Edit(Start("", 0, None, ""), load_shipped_library(), None)
    assert edit.start.words == "A new protocol." and edit.comment().count("\n") == 0
    assert edit.version("knee") == 1 and edit.note("") == "" and edit.target("knee") == "knee.toml"


def test_each_problem_has_its_place_on_the_form() -> None:
    assert place_of("structures[2].contact") == Place(1, "contact")
    assert place_of("structures[2].home_care[1].sets") == Place(1, "home_care", 0, "sets")
    assert place_of("structures[3].precautions[2]") == Place(2, "precautions", 1)
    assert place_of("structures[1].joints[2]") == Place(0, "joints", 1)
    assert place_of("regions") == Place(None, "regions")
    assert place_of("structures") == Place(None, "structures")
    assert place_of("(file)") == Place(None, "")  # no field: said at the top of the form
    assert place_of("line 5") == Place(None, "", line=5)  # a line of the file's text
    assert problem_words(Place(0, "home_care", 1, "hold_seconds"), "must not be negative") == (
        "row 2, hold seconds: must not be negative"
    )
    assert problem_words(Place(0, "precautions", 0), "x") == "line 1: x"


def test_typed_values() -> None:
    assert [whole_number(t) for t in ("12", " -3 ", "", "three", "1.5")] == [
        12,
        -3,
        None,
        "three",
        "1.5",
    ]
    assert names("Internal rotation + abduction, flexion") == [
        "internal-rotation",
        "abduction",
        "flexion",
    ]
    assert next_version(2, None, 5) == 6 and next_version() == 1
