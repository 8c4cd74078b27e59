"""The packaged build and the lean install ship what the program needs.

The build itself runs in ``.ci/run`` (``packaging/build.py``, then ``packaging/smoke.py`` on the
built binary); these tests run without PyInstaller and catch the slip that happens before a
build: a new data file or folder, or a Qt module from a wheel the install no longer pulls.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from artdesk.resources import resource_dir
from artdesk.store import migrate

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def _contents() -> ModuleType:
    # by path: a folder named "packaging" imported as a package would shadow PyPI's packaging
    spec = importlib.util.spec_from_file_location("artdesk_contents", PACKAGING / "contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = _contents()


def _not_shipped(root: Path) -> list[str]:
    shipped = {Path(source) for source, _ in contents.data_files(root)}
    return [
        p.relative_to(root).as_posix() for p in contents.files_to_ship(root) if p not in shipped
    ]


def test_every_data_file_and_migration_is_in_the_bundle_list() -> None:
    wanted = {p.relative_to(ROOT).as_posix() for p in contents.files_to_ship()}
    # the folders the program reads, so the check cannot pass on an empty walk
    for folder in ("protocols", "courses", "body_chart", "fonts", "sounds"):
        assert any(name.startswith(f"resources/{folder}/") for name in wanted), folder
    for name in (
        "resources/screening.toml",
        "resources/body_regions.toml",
        "resources/diagnoses.toml",
        "artdesk/store/migrations/env.py",
        "artdesk/store/migrations/script.py.mako",
    ):
        assert name in wanted
    assert any(n.startswith("artdesk/store/migrations/versions/0001_") for n in wanted)
    missing = _not_shipped(ROOT)
    assert not missing, (
        f"not in the wheel nor the packaged build: {', '.join(missing)} — add a pattern for it "
        "to [tool.setuptools.package-data] in pyproject.toml"
    )


def test_a_new_resource_folder_without_a_pattern_is_caught(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for name in (
        "resources/protocols/neck.toml",
        "resources/translations/artdesk_de.qm",
        "artdesk/store/migrations/versions/0099_later.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert _not_shipped(tmp_path) == ["resources/translations/artdesk_de.qm"]


def test_files_land_where_the_program_looks_for_them() -> None:
    """Inside the bundle each file keeps its place in the source tree: PyInstaller answers
    importlib.resources.files("resources") with the bundle's resources folder, and
    migrate.py finds the migrations beside its own __file__."""
    places = {
        Path(source).relative_to(ROOT).parent.as_posix(): inside
        for source, inside in contents.data_files()
    }
    assert all(inside == source for source, inside in places.items())
    assert resource_dir().relative_to(ROOT).as_posix() == "resources"
    migrations = migrate.MIGRATIONS.relative_to(ROOT).as_posix()
    assert places[migrations] == migrations
    assert places[f"{migrations}/versions"] == f"{migrations}/versions"


def test_hidden_imports_name_what_the_analysis_cannot_see() -> None:
    hidden = contents.hidden_imports()
    assert "resources" in hidden  # reached only by name, through importlib.resources
    # what the migration scripts import: Alembic runs them from files, PyInstaller never reads them
    assert {"alembic.op", "alembic.context", "sqlalchemy", "artdesk.store.models"} <= set(hidden)
    assert all(importlib.util.find_spec(name) is not None for name in hidden)


class _Recorder:
    """Stands in for PyInstaller's build classes and remembers how the spec called them."""

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}

    def __getitem__(self, name: str) -> Any:
        def build(*args: Any, **kwargs: Any) -> Any:
            self.calls.setdefault(name, []).append((args, kwargs))
            made = {"pure": [], "scripts": [], "binaries": [], "datas": [], "kwargs": kwargs}
            return type(name, (), made)()

        return build


def _run_spec(monkeypatch: pytest.MonkeyPatch, *options: str) -> _Recorder:
    recorder = _Recorder()
    names = {name: recorder[name] for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    monkeypatch.setattr(sys, "argv", ["artdesk.spec", *options])
    spec = PACKAGING / "artdesk.spec"
    code = compile(spec.read_text(encoding="utf-8"), str(spec), "exec")
    exec(code, {"SPECPATH": str(PACKAGING), "__file__": str(spec), **names})
    return recorder


def test_the_spec_hands_pyinstaller_the_data_list_and_builds_one_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _run_spec(monkeypatch).calls
    ((args, analysis),) = calls["Analysis"]
    assert [Path(s) for s in args[0]] == [ROOT / "main.py"]
    assert analysis["datas"] == contents.data_files()
    assert analysis["hiddenimports"] == contents.hidden_imports()
    programs = [kwargs for _, kwargs in calls["EXE"]]
    assert [(p["name"], p["console"], p["exclude_binaries"]) for p in programs] == [
        ("artdesk", True, True)  # exclude_binaries: the libraries go beside it (one folder)
    ]
    ((_, folder),) = calls["COLLECT"]
    assert folder["name"] == "artdesk"

    windowed = _run_spec(monkeypatch, "--windowed").calls
    assert sorted((kw["name"], kw["console"]) for _, kw in windowed["EXE"]) == [
        ("ART Desk", False),
        ("artdesk", True),
    ]
    # both in the one folder, the windowed first: a macOS .app starts the first program
    ((collected, _),) = windowed["COLLECT"]
    names = [arg.kwargs["name"] for arg in collected if hasattr(arg, "kwargs")]
    assert names == ["ART Desk", "artdesk"]


def _qt_modules_imported() -> set[str]:
    modules: set[str] = set()
    files = [ROOT / "main.py"]
    for folder in ("ui", "tests", "benchmarks"):
        files += (ROOT / folder).rglob("*.py")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            modules.update(
                n.split(".")[1]
                for n in names
                if n.startswith("PySide6.") and n.split(".")[1].startswith("Qt")
            )
    return modules


def test_every_qt_module_used_comes_from_a_declared_wheel() -> None:
    """The install names PySide6's parts, not the meta-package (which adds WebEngine): a Qt
    module imported anywhere must be in one of the wheels pyproject.toml depends on."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    names = {re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0].lower() for d in dependencies}
    assert "pyside6" not in names, "the PySide6 meta-package pulls WebEngine (~280 MB) unused"
    qt_wheels = sorted(n for n in names if n.startswith("pyside6-"))
    assert "pyside6-essentials" in qt_wheels
    provided: set[str] = set()
    for wheel in qt_wheels:
        for file in importlib.metadata.files(wheel) or []:
            parts = Path(str(file)).parts
            binary = parts[-1].endswith((".so", ".pyd")) and parts[-1].startswith("Qt")
            if len(parts) == 2 and parts[0] == "PySide6" and binary:
                provided.add(parts[1].split(".")[0])
    used = _qt_modules_imported()
    assert {"QtCore", "QtWidgets", "QtMultimedia", "QtPdf"} <= used
    assert used <= provided, f"imported but in no declared wheel: {sorted(used - provided)}"
