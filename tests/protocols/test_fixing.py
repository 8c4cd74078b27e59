"""Fixing a clinic protocol file that does not load (``artdesk.protocols.fixing``): its text
checked as typed, saved as typed with only the version moved on; what the form could not show
as the file has it."""

from __future__ import annotations

from artdesk.protocols import load_shipped_library
from artdesk.protocols.editing import Edit
from artdesk.protocols.fixing import (
    check_text,
    column_of,
    differences,
    id_and_version,
    toml_table,
    unread_characters,
    with_version,
)
from artdesk.protocols.loader import BrokenFile
from artdesk.resources import protocols_dir

SHIN = (protocols_dir() / "shin.toml").read_text(encoding="utf-8")


def test_the_version_moves_on_and_nothing_else_changes() -> None:
    text = '# ours\nid = "x"  # the id\nversion = 3   # bump me\nname = "v"\n\n[[structures]]\n'
    assert with_version(text, 4) == text.replace("version = 3 ", "version = 4 ")
    missing = '# ours\nid = "x"\n\n[[structures]]\nversion = 9\n'  # a structure's, not the file's
    assert (
        with_version(missing, 1) == '# ours\nid = "x"\n\nversion = 1\n[[structures]]\nversion = 9\n'
    )
    assert with_version('id = "x"', 2) == 'id = "x"\nversion = 2\n'
    assert with_version('version = "two"\n', 2) == "version = 2\n"
    assert with_version('id = "x\n', 2) is None  # not TOML
    # a 'version' line inside a text is not the file's: refused, not changed in the wrong place
    assert with_version('id = """\nversion = 3\n"""\nversion = 1\n', 2) is None


def test_the_text_is_checked_with_the_version_it_is_saved_as() -> None:
    broken = SHIN.replace("\nsides =", "\nsides", 1)
    line = (
        broken.splitlines().index(next(t for t in broken.splitlines() if t.startswith("sides [")))
        + 1
    )
    checked = check_text(broken, lambda _id: 9)
    (problem,) = checked.problems
    assert checked.saving is None and checked.table is None
    assert problem.field == f"line {line}" and problem.message.startswith("invalid TOML:")
    assert column_of(problem.message) == 7  # after 'sides '
    assert problem.message.endswith("— each line is a name, '=' and a value, e.g. passes = 3 "
                                    "(a name has no spaces)")  # fmt: skip
    (quote,) = check_text('id = "shin\n', lambda _id: 1).problems
    assert quote.message.endswith('a text in quotes is not closed on this line: end it with "')
    typed_wrong = SHIN.replace("version = 3", 'version = "three"')
    checked = check_text(typed_wrong, lambda protocol_id: 9 if protocol_id == "shin" else 0)
    assert checked.problems == [] and checked.typed_id == "shin"
    assert checked.saving == SHIN.replace("version = 3", "version = 9")
    assert check_text(SHIN.replace("passes = 3", "passes = 0", 1), lambda _id: 4).saving is None


def test_a_character_that_did_not_read_is_a_problem_until_typed_again() -> None:
    text = 'id = "x"\nname = "Pied \ufffd clinique"\n'
    (problem,) = unread_characters(text, "(editing)")
    assert problem.field == "line 2" and "could not be read" in problem.message
    checked = check_text(text, lambda _id: 1, decoded=False)
    assert checked.problems[0] == problem and checked.saving is None
    assert unread_characters(text.replace("\ufffd", "—"), "(editing)") == []


def test_a_broken_file_still_says_its_id_and_version_and_is_saved_over_itself() -> None:
    broken = SHIN.replace('key = "tibialis-anterior"', 'key = "tibialis-anterior', 1)
    assert toml_table(broken) is None and id_and_version(broken) == ("shin", 3)
    assert id_and_version('version = "two"\nid = 4\n') == ("", 0)
    library = load_shipped_library()
    edit = Edit.of_broken(BrokenFile("/clinic/our shin.toml", broken, ()), library, None)
    assert edit.start.id == "shin" and edit.version("shin") == 4
    assert edit.file_name("shin") == edit.file_name("another-id") == "our shin.toml"
    assert "our shin.toml, which does not load" in edit.start.words
    assert "in place as version 4" in edit.note("shin") and "replaces the shipped" in edit.note(
        "shin"
    )
    assert "did not load before" in edit.comment()


def test_a_broken_file_with_another_clinic_files_id_is_refused_that_id() -> None:
    library = load_shipped_library()
    library.origins["shin"] = "clinic"
    library.sources["shin"] = "/clinic/shin.toml"
    edit = Edit.of_broken(BrokenFile("/clinic/shin copy.toml", SHIN, ()), library, None)
    clash = edit.clash("shin")
    assert clash is not None and "already the clinic's protocol" in clash and "shin.toml" in clash
    assert edit.clash("our-shin") is None


def test_what_the_form_shows_otherwise_is_named_by_its_place() -> None:
    before = {"id": "x", "sides": "left", "structures": [{"key": "a", "passes": "3"}, {"k": 1}]}
    after = {"id": "x", "sides": ["left"], "structures": [{"key": "a", "passes": 3}, {"k": 1}]}
    assert differences(before, after) == ["sides", "structures[1].passes"]
    assert differences(before, before) == []
    assert differences({"a": 1}, {"a": 1, "b": [1]}) == ["b"]
    assert differences({"a": 1}, {"a": 1, "b": [], "c": ""}) == []  # left out, shown empty
    assert differences({"structures": [{}]}, {"structures": []}) == ["structures"]
