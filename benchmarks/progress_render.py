"""Progress report render time, warm, against a bare one-page reportlab document — interleaved
in one run (bare, 6 visits, 40 visits, bare, …) so a busy machine slows all three alike.

    python benchmarks/progress_render.py [--runs 100]

The 6-visit episode is the demo clinic's patient on the Tak et al. course (pain VAS and pressure
pain threshold before and after, read from the database through VisitFlow.progress); the
40-visit one is the test suite's long hamstring course (tests/reports/courses.py: four measures,
both sides, 40 rows of visits). Budget (issue 12): ≤ 50 ms per report, warm.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date

from _common import ROOT, bare_page

from artdesk.demo import build_demo
from artdesk.protocols import load_shipped_library
from artdesk.reports import ProgressReport, clinic_from
from artdesk.settings import Settings
from artdesk.store import PatientRepository, open_database
from artdesk.treatment import SystemClock
from artdesk.visit import VisitFlow

assert ROOT  # benchmarks/ run from anywhere: _common puts the project on the path
from tests.reports.courses import long_progress  # noqa: E402

BUDGET_MS = 50.0


def baseline() -> bytes:
    return bare_page("Progress report", 10)


def line(name: str, samples: list[float], bare: float | None = None) -> str:
    ms = sorted(s * 1000 for s in samples)
    median = statistics.median(ms)
    text = f"{name}: median {median:.1f} ms (min {ms[0]:.1f} – max {ms[-1]:.1f})"
    if bare:
        text += f", {median / bare:.1f}× the bare page"
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    database = open_database(f"{folder}/bench.sqlite")
    build_demo(database, load_shipped_library(), patients=3, seed=4)
    flow = VisitFlow(database, SystemClock())
    tak = None
    for patient in PatientRepository(database).search("", limit=100):
        try:
            candidate = flow.progress(patient.id)
        except Exception:  # a patient with no episode
            continue
        if candidate.episode.course.startswith("tak"):
            tak = candidate
    database.close()
    assert tak is not None, "the demo clinic has no patient on the Tak course"
    long = long_progress(40)
    settings = Settings(None)
    settings.set("clinic_name", "Riverside Sports Clinic")
    settings.set("clinic_address", "12 River St\nLeeds LS1 4AB")
    settings.set("clinic_phone", "+44 113 496 0000")
    renderer = ProgressReport(clinic_from(settings))
    today = date(2025, 3, 24)

    def six() -> bytes:
        return renderer.render(tak, today=today).pdf

    def forty() -> bytes:
        return renderer.render(long, today=today).pdf

    jobs: list[tuple[str, Callable[[], bytes]]] = [
        ("bare", baseline),
        ("six", six),
        ("forty", forty),
    ]
    for _ in range(5):  # warm: fonts parsed, modules imported, caches filled
        for _, job in jobs:
            job()
    samples: dict[str, list[float]] = {name: [] for name, _ in jobs}
    for _ in range(args.runs):  # interleaved
        for name, job in jobs:
            started = time.perf_counter()
            job()
            samples[name].append(time.perf_counter() - started)
    bare = statistics.median(samples["bare"]) * 1000
    pages = (
        ProgressReport(clinic_from(settings)).render(p, today=today).pages for p in (tak, long)
    )
    six_pages, forty_pages = pages
    print(f"{args.runs} runs each, warm, interleaved")
    print(line("bare one-page reportlab document", samples["bare"]))
    print(
        line(
            f"progress report, {tak.attended} visits, {len(tak.series)} charts, {six_pages} pages",
            samples["six"],
            bare,
        )
    )
    print(
        line(
            f"progress report, {long.attended} visits, {len(long.series)} charts, "
            f"{forty_pages} pages",
            samples["forty"],
            bare,
        )
    )
    worst = max(statistics.median(samples[k]) * 1000 for k in ("six", "forty"))
    print(f"budget {BUDGET_MS:.0f} ms warm: {'met' if worst <= BUDGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
