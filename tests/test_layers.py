"""The core never sees Qt: every artdesk module imports with PySide6 blocked."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import artdesk

ROOT = Path(__file__).resolve().parents[1]


def test_every_artdesk_module_imports_without_qt() -> None:
    modules = sorted(m.name for m in pkgutil.walk_packages(artdesk.__path__, "artdesk."))
    modules = [m for m in modules if ".migrations" not in m]
    assert "artdesk.cli" in modules and "artdesk.store.visits" in modules
    code = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\nsys.modules['shiboken6'] = None\n"
        f"for name in {modules!r}:\n    importlib.import_module(name)\n"
        "assert not any(m.startswith(('PySide6.', 'ui')) for m in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_nothing_connects_to_a_database_at_import_time(tmp_path: Path) -> None:
    code = (
        "import artdesk.store, artdesk.cli, artdesk.demo, sqlite3\n"
        "import gc\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)]\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def _sources() -> list[Path]:
    return [
        p
        for folder in ("artdesk", "ui")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in p.parts
    ]


def test_every_module_reads_in_one_sitting() -> None:
    """No module in artdesk/ or ui/ over 450 lines (migrations excepted)."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}


def test_the_journal_is_replayed_in_one_place() -> None:
    """Runner.replay / Runner.recover: called only by the visit flow, outside the runner."""
    import ast

    callers = []
    for path in _sources():
        if path.is_relative_to(ROOT / "artdesk" / "treatment"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("replay", "recover")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "Runner"
            ):
                callers.append(f"{path.relative_to(ROOT)}:{node.lineno}:{node.func.attr}")
    assert len(callers) <= 2, callers
    assert all(c.startswith("artdesk/visit/flow.py") for c in callers), callers
