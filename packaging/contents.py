"""What goes into the packaged build besides the code PyInstaller finds by itself.

Read by ``packaging/artdesk.spec`` at build time and by ``tests/test_packaging.py``. The data
files are not listed here: they are the ``[tool.setuptools.package-data]`` patterns of
``pyproject.toml``, so the wheel and the packaged build ship the same files from one list (a
data file added without a pattern there is missing from both, and the test says which).

No PyInstaller import here: the test runs without it installed.
"""

from __future__ import annotations

import ast
import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The packages whose data files the program reads at run time: the shipped resources (found
# through importlib.resources over the ``resources`` package) and Alembic's migration scripts
# (found beside ``artdesk/store/migrate.py``; Alembic loads them from .py files, so they must be
# in the bundle as source files, not only compiled into the archive).
DATA_PACKAGES = ("resources", "artdesk.store")


def package_data(root: Path = ROOT) -> dict[str, list[str]]:
    """The package-data patterns of ``pyproject.toml``, by package."""
    with (root / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)
    patterns: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return patterns


def _shipped(path: Path) -> bool:
    """A file of the tree, not a cache or an editor's or file manager's leftover."""
    if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
        return False
    return not path.name.startswith(".") and not path.name.endswith("~")


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """``(source file, folder inside the bundle)`` for every file the patterns match.

    The folder mirrors the package's place in the source tree (``resources/fonts``,
    ``artdesk/store/migrations/versions``): PyInstaller's resource reader answers
    ``importlib.resources.files("resources")`` with the bundle's ``resources`` folder, and
    ``migrate.py``'s ``__file__`` lies in the bundle's ``artdesk/store``.
    """
    found: dict[Path, str] = {}
    patterns = package_data(root)
    for package in DATA_PACKAGES:
        folder = root.joinpath(*package.split("."))
        for pattern in patterns.get(package, []):
            for path in sorted(folder.glob(pattern)):
                if _shipped(path):
                    inside = path.parent.relative_to(root).as_posix()
                    found[path] = inside
    return [(str(path), inside) for path, inside in sorted(found.items())]


def files_to_ship(root: Path = ROOT) -> list[Path]:
    """Every file under the data packages the program may read: all but Python sources of
    the packages themselves (compiled into the archive) and caches. The migration scripts
    are read as files by Alembic, so there every file counts."""
    wanted: list[Path] = []
    for path in sorted((root / "resources").rglob("*")):
        if _shipped(path) and path.suffix != ".py":
            wanted.append(path)
    for path in sorted((root / "artdesk" / "store" / "migrations").rglob("*")):
        if _shipped(path):
            wanted.append(path)
    return wanted


def _imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "__future__":
                continue
            names.add(node.module)
            # ``from alembic import op``: op may be a module PyInstaller would not see otherwise
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def hidden_imports(root: Path = ROOT) -> list[str]:
    """Modules the program loads that PyInstaller cannot see in the code it analyses.

    - ``resources``: reached only by name, through ``importlib.resources.files("resources")``;
    - what the migration scripts import: Alembic runs them from files at start-up, so the
      analysis never reads them;
    - PostgreSQL's driver, when the build machine has it (``pip install -e '.[postgres]'``):
      SQLAlchemy imports it by the URL's name, so a clinic with several rooms needs it inside.
    """
    names = {"resources"}
    for script in sorted((root / "artdesk" / "store" / "migrations").rglob("*.py")):
        names.update(_imports_of(script))
    for driver in ("psycopg", "psycopg_binary"):
        names.add(driver)
    return sorted(name for name in names if _importable(name))
