"""Build the big demo clinic (default 20 000 patients, ~200 000 visits); report size and time.

    python benchmarks/build_demo_db.py [--patients N] [--out benchmarks/out/clinic-20k.sqlite]
    python benchmarks/build_demo_db.py --bulk --patients 100000 \
        --out benchmarks/out/clinic-100k.sqlite

The demo path drives the real runner for every visit (≈ 20 min for 20 000 patients on a
loaded 2-core machine, 1.3 GB). Baseline in the same run: the same number of visit rows
written by bare sqlite3 executemany (no runner, no ORM), so the ratio shows what driving the
real runner costs.

``--bulk`` is the path for the search and scrolling benchmarks at 100 000 patients: the same
made-up people as the demo's (names, dates of birth, phones, sports, search words, by
``artdesk.demo_people``), written in one transaction through SQLAlchemy Core into a database
the migrations made — patients only, no clinicians and no visits (what the patient search and
list read; the start-up benchmark uses the 20 000-patient demo clinic). Seconds, not hours.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import UTC, date, datetime
from pathlib import Path

from _common import ROOT
from sqlalchemy import insert

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


def bulk_patients(path: Path, patients: int, seed: int) -> float:
    """``patients`` made-up patients (and their search words) into a new database at
    ``path``; the seconds it took."""
    from artdesk.demo_people import SPORTS, person
    from artdesk.store.models import Patient, PatientNameToken
    from artdesk.store.text import digits, fold, name_tokens

    started = time.perf_counter()
    database = open_database(path)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    people, words = [], []
    for patient_id in range(1, patients + 1):
        full_name, sex, phone_prefix = person(rng)
        phone = f"{phone_prefix}{rng.randint(0, 99999):05d}"
        people.append(
            {
                "id": patient_id,
                "full_name": full_name,
                "name_key": fold(full_name),
                "date_of_birth": date(
                    rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)
                ),
                "sex": sex,
                "phone": phone,
                "phone_digits": digits(phone),
                "email": f"patient{patient_id}@example.org",
                "sport": rng.choice(SPORTS),
                "notes": "",
                "created_at": now,
                "updated_at": now,
            }
        )
        key = people[-1]["name_key"]
        words += [
            {"patient_id": patient_id, "token": t[:100], "name_key": key}
            for t in name_tokens(full_name)
        ]
    with database.write() as session:
        session.execute(insert(Patient), people)
        session.execute(insert(PatientNameToken), words)
    database.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--bulk", action="store_true", help="patients only, in seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "clinic-20k.sqlite"))
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    if args.bulk:
        seconds = bulk_patients(out, args.patients, args.seed)
        size = out.stat().st_size / 2**20
        print(f"bulk: {args.patients} patients (no visits) in {seconds:.1f} s, {size:.0f} MiB")
        return

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
