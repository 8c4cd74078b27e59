"""Start-up to the first painted main window, against a bare PySide6 window, in one run.

    python benchmarks/startup.py [--db benchmarks/out/clinic-20k.sqlite] [--runs 10]

Each sample is a fresh process, timed from spawn to the first Paint event of a top-level
window (then the process exits). ART Desk is started as ``python main.py --db DB``; it
paints its main window before opening the database, so the time until the patient list itself
is painted is reported too. Budget (DESIGN.md): ≤ 1.5 × the bare window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from _common import ROOT

WATCH = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6 import QtWidgets

class _Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
            sys.stdout.write("painted\\n"); sys.stdout.flush(); os._exit(0)
        return False

_Base = QtWidgets.QApplication
class _App(_Base):
    def __init__(self, *a):
        super().__init__(*a)
        self._watch = _Watch()
        self.installEventFilter(self._watch)
QtWidgets.QApplication = _App
"""

BARE = (
    WATCH
    + """
app = QtWidgets.QApplication(sys.argv[:1])
w = QtWidgets.QWidget(); w.resize(1366, 768); w.show()
app.exec()
"""
)

ARTDESK = (
    WATCH
    + """
import runpy
sys.argv = ["main.py", "--db", sys.argv[1]]
runpy.run_path("main.py", run_name="__main__")
"""
)

READY = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6 import QtWidgets
import ui.workspace

_ready = []
_show = ui.workspace.Workspace.show_patients


def _show_patients(self):
    _show(self)
    _ready.append(self)


ui.workspace.Workspace.show_patients = _show_patients


class _Watch(QObject):
    def eventFilter(self, obj, event):
        if (_ready and event.type() == QEvent.Type.Paint
                and obj is _ready[0].patients_page.table.viewport()):
            sys.stdout.write("painted\\n"); sys.stdout.flush(); os._exit(0)
        return False


_Base = QtWidgets.QApplication


class _App(_Base):
    def __init__(self, *a):
        super().__init__(*a)
        self._watch = _Watch()
        self.installEventFilter(self._watch)


QtWidgets.QApplication = _App
import runpy
sys.argv = ["main.py", "--db", sys.argv[1]]
runpy.run_path("main.py", run_name="__main__")
"""


def sample(code: str, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    if "painted" not in result.stdout:
        raise SystemExit(f"no paint: {result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "benchmarks" / "out" / "clinic-20k.sqlite"))
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sample(BARE)  # warm the file cache for both
    sample(ARTDESK, args.db)
    bare, artdesk, ready = [], [], []
    for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
        bare.append(sample(BARE))
        artdesk.append(sample(ARTDESK, args.db))
        ready.append(sample(READY, args.db))
    b, a, r = statistics.median(bare), statistics.median(artdesk), statistics.median(ready)
    print(f"platform {os.environ['QT_QPA_PLATFORM']}, {args.runs} runs each, db {args.db}")
    print(f"bare PySide6 window: median {b * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"ART Desk main window: median {a * 1000:.0f} ms (min {min(artdesk) * 1000:.0f})")
    print(f"ratio {a / b:.2f}x (budget 1.5x)")
    print(
        f"ART Desk patient list painted (database open, pages built): median {r * 1000:.0f} ms"
        f" (min {min(ready) * 1000:.0f}), {r / b:.2f}x the bare window"
    )


if __name__ == "__main__":
    main()
