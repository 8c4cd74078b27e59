"""Take-home summary render time, warm, median of 100, against a bare one-page reportlab document.

    python benchmarks/summary_render.py [--runs 100]

Both in this process: the bare baseline is a one-page platypus document with a few paragraphs in
the same embedded DejaVu font; the summary is a demo visit with the pain chart. Budget
(DESIGN.md): ≤ 50 ms per summary.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from _common import bare_page, percentile

from artdesk.demo import build_demo
from artdesk.protocols import load_shipped_library
from artdesk.reports import render_record
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import open_database
from artdesk.treatment import SystemClock
from artdesk.visit import VisitFlow


def baseline() -> bytes:
    return bare_page("Your visit summary", 11)


def timed(function: object, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    database = open_database(f"{folder}/bench.sqlite")
    library = load_shipped_library()
    build_demo(database, library, patients=3, seed=4)
    flow = VisitFlow(database, SystemClock())
    row = max(flow.recent(limit=100), key=lambda r: r.id)
    record = flow.record(row.id)
    history = flow.pain_history(record)
    settings = Settings(None)
    settings.set("clinic_name", "Riverside Sports Clinic")
    screen, _ = load_screen()

    def summary() -> bytes:
        return render_record("summary", record, history, library, settings, screen).pdf

    def note() -> bytes:
        return render_record("note", record, history, library, settings, screen).pdf

    for _ in range(5):  # warm: fonts parsed, modules imported
        baseline(), summary(), note()
    bare = timed(baseline, args.runs)
    summaries = timed(summary, args.runs)
    notes = timed(note, args.runs)
    database.close()
    b, s, n = (statistics.median(x) * 1000 for x in (bare, summaries, notes))
    print(f"{args.runs} runs each, warm; visit {row.id} with a {len(history)}-visit pain chart")
    print(
        f"bare one-page reportlab document: median {b:.1f} ms, "
        f"p95 {percentile(bare, 0.95) * 1000:.1f} ms"
    )
    print(
        f"patient summary: median {s:.1f} ms, p95 {percentile(summaries, 0.95) * 1000:.1f} ms"
        f" ({s / b:.1f}x the bare page; budget 50 ms)"
    )
    print(f"SOAP note: median {n:.1f} ms, p95 {percentile(notes, 0.95) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
