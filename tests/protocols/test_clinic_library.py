"""The clinic's own protocol folder (issue 13 item 2): loaded beside the shipped protocols, a
clinic file may replace a shipped one by id, a broken file is reported and the rest load; the
command line lists with it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from artdesk import cli
from artdesk.protocols import load_shipped_library
from artdesk.protocols.clinic import CLINIC, REPLACES, SHIPPED, clinic_folder, load_with_clinic
from artdesk.resources import protocols_dir


def clinic_copy(folder: Path, shipped_id: str, *, new_id: str = "", name: str = "") -> Path:
    text = (protocols_dir() / f"{shipped_id}.toml").read_text(encoding="utf-8")
    if new_id:
        text = re.sub(r'(?m)^id = ".*"$', f'id = "{new_id}"', text, count=1)
    if name:
        text = re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', text, count=1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{new_id or shipped_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    clinic = tmp_path / "protocols"
    clinic_copy(clinic, "calf-achilles", new_id="runners-calf", name="Runners' calf (clinic)")
    clinic_copy(clinic, "neck", name="Neck — our clinic's way")
    (clinic / "broken.toml").write_text('id = "broken"\nversion = "two"\n', encoding="utf-8")
    (clinic / "not-utf8.toml").write_bytes(b'name = "\xff\xfe"\n')
    return clinic


def test_the_clinic_folder_loads_beside_the_shipped_and_replaces_by_id(folder: Path) -> None:
    shipped = load_shipped_library()
    library = load_with_clinic(folder, load_shipped_library())
    assert library.get("runners-calf").name == "Runners' calf (clinic)"
    assert library.origins["runners-calf"] == CLINIC
    assert library.get("neck").name == "Neck — our clinic's way"  # the clinic's, not shipped
    assert library.origins["neck"] == REPLACES
    assert library.sources["neck"] == str(folder / "neck.toml")
    assert library.origins["shin"] == SHIPPED and library.get("shin") == shipped.get("shin")
    assert set(library.protocols) == set(shipped.protocols) | {"runners-calf"}
    # the broken files are said, each by its path, and stopped nothing else
    broken = {Path(p.file).name for p in library.problems}
    assert broken == {"broken.toml", "not-utf8.toml"}
    assert any("version" in p.field for p in library.problems if "broken" in p.file)


def test_no_folder_yet_is_not_a_problem_and_a_file_in_its_place_is(tmp_path: Path) -> None:
    assert not load_with_clinic(tmp_path / "none-yet").problems
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (problem,) = load_with_clinic(tmp_path / "a-file").problems
    assert "not a folder" in problem.message


def test_the_default_folder_is_beside_the_database(tmp_path: Path) -> None:
    db = tmp_path / "clinic" / "artdesk.sqlite"
    assert clinic_folder("", db) == tmp_path / "clinic" / "protocols"
    assert clinic_folder("  /srv/clinic/protocols ", db) == Path("/srv/clinic/protocols")
    assert clinic_folder("", "postgresql+psycopg://u@server/clinic") is None
    assert clinic_folder("", None) is None


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_lists_with_the_clinic_folder(folder: Path) -> None:
    code, out, err = run("protocols", "--library", str(folder))
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert rows["runners-calf"][-1] == "clinic" and rows["runners-calf"][1].startswith("Runners")
    assert rows["neck"][-1] == "clinic (replaces shipped)"
    assert rows["shin"][-1] == "shipped"
    assert "broken.toml: version" in err and "not-utf8.toml" in err
    assert code == 1  # the broken files are a problem to fix, after the list
    code, out, _ = run("protocols", "--library", str(folder), "--show", "runners-calf")
    assert code == 0 and "Runners' calf (clinic)" in out
    code, _, err = run("protocols", "--library", str(folder / "nowhere"))
    assert code == 1 and "no such folder" in err


def test_the_broken_clinic_files_are_kept_for_the_editor_to_fix(folder: Path) -> None:
    (folder / "zz-neck-twice.toml").write_bytes((folder / "neck.toml").read_bytes())  # an id again
    library = load_with_clinic(folder, load_shipped_library())
    broken = {Path(b.path).name: b for b in library.broken}
    assert set(broken) == {"broken.toml", "not-utf8.toml", "zz-neck-twice.toml"}
    assert broken["broken.toml"].path == str(folder / "broken.toml")
    assert broken["broken.toml"].text == (folder / "broken.toml").read_text(encoding="utf-8")
    assert {p.field for p in broken["broken.toml"].problems} >= {"version", "name"}
    assert all(p.file == str(folder / "broken.toml") for p in broken["broken.toml"].problems)
    assert not broken["not-utf8.toml"].decoded and "\ufffd" in (broken["not-utf8.toml"].text or "")
    (twice,) = broken["zz-neck-twice.toml"].problems
    assert twice.field == "id" and "duplicate id 'neck' (also in neck.toml)" in twice.message
    # each broken file's problems are the library's, as the banner and --check say them
    assert sorted(map(str, library.problems)) == sorted(
        str(p) for b in library.broken for p in b.problems
    )
    other = load_shipped_library()
    other.take(library)  # a reload in place carries them
    assert other.broken == library.broken
    assert load_shipped_library().broken == []  # shipped files never are
