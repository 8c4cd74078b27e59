"""A visit survives SIGKILL: what was committed is there and replays to the same state."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from artdesk.store import VisitRepository, open_database
from artdesk.treatment import Phase, Runner
from tests.store.crash_child import digest

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_mid_pass_loses_nothing_that_was_committed(db_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_child", str(db_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        visit = int(child.stdout.readline().split("\t")[1])
        acknowledged: list[list[str]] = []

        def send(command: str) -> None:
            child.stdin.write(command + "\n")  # type: ignore[union-attr]
            child.stdin.flush()  # type: ignore[union-attr]

        # locate → contact 1 → lengthen 1 → contact 2 → lengthen 2 → contact 3: mid-pass
        for command in ["next"] * 5 + ["note first pass eased <b>&"]:
            send(command)
            acknowledged.append(child.stdout.readline().rstrip("\n").split("\t"))
        assert acknowledged[-1][3:] == ["contact", "3"]
        # a burst of long notes is being written when the kill lands
        for n in range(100):
            send(f"note burst {n} " + "x" * 1_000)
        acknowledged.append(child.stdout.readline().rstrip("\n").split("\t"))
        child.kill()  # SIGKILL: no clean-up, no flush, no goodbye
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        acknowledged += [line.rstrip("\n").split("\t") for line in child.stdout if line.strip()]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(BrokenPipeError):
                    stream.close()

    database = open_database(db_path)
    try:
        events = VisitRepository(database).events(visit)
    finally:
        database.close()
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(events) + 1)), "the journal has a gap"
    last_acknowledged = int(acknowledged[-1][0])
    assert last_acknowledged <= len(events) <= last_acknowledged + 1
    assert len(events) < 1 + 6 + 100, "the kill landed before the burst finished"
    for seq, expected, *_ in acknowledged:
        assert digest(Runner.replay(events[: int(seq)]).state) == expected
    state = Runner.replay(events).state
    assert (state.index, state.phase, state.pass_number) == (0, Phase.CONTACT, 3)
    assert state.current.notes[0].text == "first pass eased <b>&"
