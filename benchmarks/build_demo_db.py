"""Build the big demo clinic (default 20 000 patients, ~200 000 visits); report size and time.

    python benchmarks/build_demo_db.py [--patients N] [--out benchmarks/out/clinic-20k.sqlite]
    python benchmarks/build_demo_db.py --bulk --patients 100000 \
        --out benchmarks/out/clinic-100k.sqlite

The demo path drives the real runner for every visit (≈ 20 min for 20 000 patients on a
loaded 2-core machine, 1.3 GB). Baseline in the same run, interleaved: between two of the
build's batches, as many visit and journal rows as it just wrote are written by bare sqlite3
executemany (no runner, no ORM) into a file of their own, so the ratio shows what driving the
real runner costs.

``--bulk`` is the path for the search and scrolling benchmarks at 100 000 patients: the same
made-up people as the demo's (names, dates of birth, phones, sports, search words, by
``artdesk.demo_people``), written in one transaction through SQLAlchemy Core into a database
the migrations made — patients only, no clinicians and no visits (what the patient search and
list read; the start-up benchmark uses the 20 000-patient demo clinic). Seconds, not hours.
Its bare baseline, the same rows and indexes by plain sqlite3, is timed just before and just
after the write (one transaction: nothing to interleave with).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from _common import ROOT
from sqlalchemy import insert

from artdesk.demo import build_demo
from artdesk.protocols import load_shipped_library
from artdesk.store import open_database


class BareWriter:
    """The bare baseline of the demo path: visit and journal rows written by plain sqlite3
    executemany into a file of its own (no runner, no ORM), slice by slice as the build goes,
    so both run under the same load."""

    def __init__(self, path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        self._con = sqlite3.connect(path, isolation_level=None)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=FULL")
        self._con.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, patient INTEGER, started TEXT)")
        self._con.execute(
            "CREATE TABLE e (id INTEGER PRIMARY KEY, v INTEGER, seq INTEGER, kind TEXT,"
            " t REAL, at TEXT, data TEXT)"
        )
        self.seconds = 0.0
        self._visit = 0

    def write(self, visits: int, events: int) -> None:
        started = time.perf_counter()
        per_visit = max(1, events // max(visits, 1))
        for first in range(self._visit, self._visit + visits, 2000):
            ids = range(first, min(self._visit + visits, first + 2000))
            self._con.execute("BEGIN IMMEDIATE")
            self._con.executemany(
                "INSERT INTO v VALUES (?, ?, ?)",
                ((i, i // 10, "2026-01-01 09:00:00") for i in ids),
            )
            self._con.executemany(
                "INSERT INTO e (v, seq, kind, t, at, data) VALUES (?, ?, 'next', ?, ?, '{}')",
                ((i, n, float(n), "2026-01-01 09:00:00") for i in ids for n in range(per_visit)),
            )
            self._con.execute("COMMIT")
        self._visit += visits
        self.seconds += time.perf_counter() - started


def made_up(patients: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``patients`` made-up patients (the demo's people) and their search words, as rows."""
    from artdesk.demo_people import SPORTS, person
    from artdesk.store.text import digits, fold, name_tokens

    rng = random.Random(seed)
    now = datetime.now(UTC)
    people, words = [], []
    for patient_id in range(1, patients + 1):
        full_name, sex, phone_prefix = person(rng)
        phone = f"{phone_prefix}{rng.randint(0, 99999):05d}"
        key = fold(full_name)
        people.append(
            {
                "id": patient_id,
                "full_name": full_name,
                "name_key": key,
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
        words += [
            {"patient_id": patient_id, "token": t[:100], "name_key": key}
            for t in name_tokens(full_name)
        ]
    return people, words


def bulk_patients(path: Path, people: list[dict[str, Any]], words: list[dict[str, Any]]) -> float:
    """The rows into a new database at ``path`` (the migrations make it), in one
    transaction through SQLAlchemy Core; the seconds it took."""
    from artdesk.store.models import Patient, PatientNameToken

    started = time.perf_counter()
    database = open_database(path)
    with database.write() as session:
        session.execute(insert(Patient), people)
        session.execute(insert(PatientNameToken), words)
    database.close()
    return time.perf_counter() - started


def bare_bulk(path: Path, people: list[dict[str, Any]], words: list[dict[str, Any]]) -> float:
    """The same rows by plain sqlite3 into the same two tables and indexes; the seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE patients (id INTEGER PRIMARY KEY, full_name TEXT, name_key TEXT,"
        " date_of_birth TEXT, sex TEXT, phone TEXT, phone_digits TEXT, email TEXT,"
        " sport TEXT, notes TEXT, created_at TEXT, updated_at TEXT)"
    )
    con.execute(
        "CREATE TABLE patient_name_tokens (patient_id INTEGER, token TEXT, name_key TEXT,"
        " PRIMARY KEY (patient_id, token))"
    )
    for sql in (
        "CREATE INDEX b1 ON patients (name_key)",
        "CREATE INDEX b2 ON patients (date_of_birth)",
        "CREATE INDEX b3 ON patients (phone_digits)",
        "CREATE INDEX b4 ON patient_name_tokens (token, name_key, patient_id)",
    ):
        con.execute(sql)
    con.execute("BEGIN IMMEDIATE")
    con.executemany(
        "INSERT INTO patients VALUES (:id, :full_name, :name_key, :date_of_birth, :sex, :phone,"
        " :phone_digits, :email, :sport, :notes, :created_at, :updated_at)",
        (
            {**p, "date_of_birth": str(p["date_of_birth"]), "created_at": "", "updated_at": ""}
            for p in people
        ),
    )
    con.executemany(
        "INSERT INTO patient_name_tokens VALUES (:patient_id, :token, :name_key)", words
    )
    con.execute("COMMIT")
    con.close()
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
    bare_path = out.with_name("bare-baseline.sqlite")
    if args.bulk:
        started = time.perf_counter()
        people, words = made_up(args.patients, args.seed)
        made = time.perf_counter() - started
        bare_before = bare_bulk(bare_path, people, words)  # bracketed: just before and after
        seconds = bulk_patients(out, people, words)
        bare_after = bare_bulk(bare_path, people, words)
        size = out.stat().st_size / 2**20
        print(f"bulk: {args.patients} patients, {len(words)} search words (no visits)")
        print(f"  made up in {made:.1f} s; written in {seconds:.1f} s, {size:.0f} MiB")
        print(
            f"  bare sqlite3, the same rows and indexes: {bare_before:.1f} s before, "
            f"{bare_after:.1f} s after (ratio {2 * seconds / (bare_before + bare_after):.1f}x)"
        )
        print(f"  in all {time.perf_counter() - started - bare_before - bare_after:.1f} s")
        return

    database = open_database(out)
    bare = BareWriter(bare_path)
    counted = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    written = [0, 0]
    paused = 0.0
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        """Between two batches of the build: the bare baseline writes as many rows."""
        nonlocal paused
        pause = time.perf_counter()
        visits = counted.execute("SELECT count(*) FROM visits").fetchone()[0]
        events = counted.execute("SELECT count(*) FROM visit_events").fetchone()[0]
        bare.write(visits - written[0], events - written[1])
        written[:] = [visits, events]
        paused += time.perf_counter() - pause
        build = time.perf_counter() - started - paused
        print(f"  {done}/{total} patients, {build:.0f} s (bare {bare.seconds:.0f} s)", flush=True)

    report = build_demo(
        database, load_shipped_library(), patients=args.patients, seed=args.seed, progress=progress
    )
    seconds = time.perf_counter() - started - paused
    database.close()
    bare.write(report.visits - written[0], report.events - written[1])
    counted.close()
    con = sqlite3.connect(out)  # fold the WAL into the file so its size is the real size
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = out.stat().st_size

    print(
        f"demo database: {report.patients} patients, {report.visits} visits, "
        f"{report.events} journal events"
    )
    print(f"size: {size / 2**20:.0f} MiB ({size / max(report.visits, 1) / 1024:.1f} KiB/visit)")
    print(f"build: {seconds:.1f} s ({report.visits / seconds:.0f} visits/s)")
    print(
        f"bare sqlite3 baseline, same row counts, no runner, written batch by batch between "
        f"the build's: {bare.seconds:.1f} s (ratio {seconds / bare.seconds:.1f}x)"
    )


if __name__ == "__main__":
    main()
