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
