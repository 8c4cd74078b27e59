"""Build the big demo clinic (default 20 000 patients, ~200 000 visits); report size and time.

    python benchmarks/build_demo_db.py [--patients N] [--out benchmarks/out/clinic-20k.sqlite]

Baseline in the same run: the same number of visit rows written by bare sqlite3 executemany
(no runner, no ORM), so the ratio shows what driving the real runner costs.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from _common import ROOT

from artdesk.demo import build_demo
from artdesk.protocols import load_shipped_library
from artdesk.store import open_database


def bare_baseline(path: Path, visits: int, events: int) -> float:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, patient INTEGER, started TEXT)")
    con.execute(
        "CREATE TABLE e (id INTEGER PRIMARY KEY, v INTEGER, seq INTEGER, kind TEXT,"
        " t REAL, at TEXT, data TEXT)"
    )
    started = time.perf_counter()
    per_visit = max(1, events // max(visits, 1))
    batch = 2000
    for first in range(0, visits, batch):
        con.execute("BEGIN IMMEDIATE")
        ids = range(first, min(visits, first + batch))
        con.executemany(
            "INSERT INTO v VALUES (?, ?, ?)", ((i, i // 10, "2026-01-01 09:00:00") for i in ids)
        )
        con.executemany(
            "INSERT INTO e (v, seq, kind, t, at, data) VALUES (?, ?, 'next', ?, ?, '{}')",
            ((i, s, float(s), "2026-01-01 09:00:00") for i in ids for s in range(per_visit)),
        )
        con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "clinic-20k.sqlite"))
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)

    database = open_database(out)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"  {done}/{total} patients, {time.perf_counter() - started:.0f} s", flush=True)

    report = build_demo(
        database, load_shipped_library(), patients=args.patients, seed=args.seed, progress=progress
    )
    seconds = time.perf_counter() - started
    database.close()
    con = sqlite3.connect(out)  # fold the WAL into the file so its size is the real size
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = out.stat().st_size

    bare = bare_baseline(out.with_name("bare-baseline.sqlite"), report.visits, report.events)
    print(
        f"demo database: {report.patients} patients, {report.visits} visits, "
        f"{report.events} journal events"
    )
    print(f"size: {size / 2**20:.0f} MiB ({size / max(report.visits, 1) / 1024:.1f} KiB/visit)")
    print(f"build: {seconds:.1f} s ({report.visits / seconds:.0f} visits/s)")
    print(
        f"bare sqlite3 baseline, same row counts, no runner: {bare:.1f} s "
        f"(ratio {seconds / bare:.1f}x)"
    )


if __name__ == "__main__":
    main()
