"""The real program is killed mid-pass; started again, it resumes the visit with nothing lost."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _child(mode: str, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ui.gui_child", mode, str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )


def test_sigkill_mid_pass_then_resume_at_the_same_structure_phase_and_pass(
    tmp_path: Path,
) -> None:
    db = tmp_path / "clinic.sqlite"
    first = _child("drive", db)
    try:
        assert first.stdout is not None
        ready, _, _ = select.select([first.stdout], [], [], 60)
        assert ready, "the program did not reach the middle of a pass within 60 s"
        line = first.stdout.readline()
        assert line.startswith("READY"), first.stderr.read() if first.stderr else line
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == -signal.SIGKILL
    _, index, phase, pass_number, status, notes = line.rstrip("\n").split("\t")
    assert (phase, pass_number, status) == ("lengthen", "2", "running")

    second = _child("resume", db)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    resumed = out.strip().splitlines()[-1].split("\t")
    assert resumed[0] == "RESUMED", out + err
    assert resumed[1:4] == [index, phase, pass_number]
    assert resumed[4] == "paused"  # held until the clinician presses P
    assert resumed[5] == notes == "pass 1 eased <b>&amp;"
