"""Patient search as you type on the big demo database: p50/p95 per keystroke.

    python benchmarks/search.py [--db benchmarks/out/clinic-20k.sqlite]

Each sampled patient's name is typed letter by letter (first word, then "first last-prefix"),
and each keystroke runs the repository's search (first page of 50) plus its count. Baseline in
the same run: a bare sqlite3 ``name_key LIKE 'prefix%' LIMIT 50`` query for the same prefixes.
Budget (DESIGN.md): p95 ≤ 20 ms per keystroke.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time

from _common import ROOT, summary

from artdesk.store import PatientRepository, open_database
from artdesk.store.text import fold


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "benchmarks" / "out" / "clinic-20k.sqlite"))
    parser.add_argument("--names", type=int, default=60)
    args = parser.parse_args()
    database = open_database(args.db, create=False)
    patients = PatientRepository(database)
    total = patients.count()
    rng = random.Random(5)
    sample = [row.full_name for row in patients.search("", limit=total)]
    names = rng.sample(sample, min(args.names, len(sample)))
    queries = []
    for name in names:
        words = name.split()
        for n in range(1, len(words[0]) + 1):
            queries.append(words[0][:n])
        if len(words) > 1:
            for n in range(1, min(len(words[-1]), 5) + 1):
                queries.append(f"{words[0]} {words[-1][:n]}")
    queries += ["1985-12-01", "12.01.1985", "694 1", "7700"]

    for q in queries[:20]:  # warm the page cache
        patients.search(q)
    search_times, count_times = [], []
    for q in queries:
        started = time.perf_counter()
        patients.search(q, limit=50)
        search_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        patients.count(q)
        count_times.append(time.perf_counter() - started)

    con = sqlite3.connect(args.db)
    bare = []
    for q in queries:
        started = time.perf_counter()
        con.execute(
            "SELECT id, full_name FROM patients WHERE name_key LIKE ? ORDER BY name_key LIMIT 50",
            (fold(q) + "%",),
        ).fetchall()
        bare.append(time.perf_counter() - started)
    con.close()
    database.close()
    print(f"{total} patients, {len(queries)} keystrokes from {len(names)} typed names")
    print(summary("search (first page of 50)", search_times))
    print(summary("count of matches", count_times))
    both = [a + b for a, b in zip(search_times, count_times, strict=True)]
    print(summary("search + count per keystroke", both))
    print(summary("bare sqlite3 LIKE-prefix baseline", bare))


if __name__ == "__main__":
    main()
