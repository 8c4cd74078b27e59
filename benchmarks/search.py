"""Patient search as you type: p50/p95 per keystroke, and scrolling the list to its end.

    python benchmarks/search.py [--db benchmarks/out/clinic-20k.sqlite] [--names 60]
    python benchmarks/search.py --db benchmarks/out/clinic-100k.sqlite   # build_demo_db --bulk

A keystroke is what the window does for it: the patient list's model asks the store for the
first page (100 rows, only the shown columns), formats it, and the list on screen (1366×768,
Qt's offscreen platform) is painted again. Each sampled patient's name is typed letter by
letter (the first word, then "first last-prefix"), plus dates of birth and phone digits.
Measured per keystroke, interleaved with its bare baselines: the same keystroke bare (plain
sqlite3's rows into a QStandardItemModel shown the same way — type size, row colours, no row
numbers — and painted), and plain sqlite3 alone reading the names that start with the same
text (``name_key >= ? AND name_key < ?`` on ix_patients_name_key, LIMIT 100: an index range
with no sort, the cheapest query that could answer it; it finds first words only, so it
answers less than the search does). The store's search alone is timed too (the keystroke
less Qt), and the count of matches apart (the window never counts).

Scrolling to the end: the list shown, scrolled to the bottom again and again until every
patient is loaded (a page of 100 at a time, by key, painted after each), against a bare
QTableView over a QStandardItemModel given the same pages by plain sqlite3, painted the same
way, interleaved run by run; and the pages alone (the store's against plain sqlite3's, no Qt,
and plain sqlite3 paging by OFFSET as the list did before: each page scans all before it).

Budget (DESIGN.md): p95 ≤ 20 ms per keystroke at 100 000 patients (goal 10 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from _common import ROOT, percentile, spread
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from artdesk.patient_list import PatientRow
from artdesk.store import PatientRepository, open_database
from artdesk.store.text import fold
from ui.models.patient_list_model import PatientListModel
from ui.pages.patients_page import PatientsPage
from ui.style import sized


def typed(names: list[str]) -> list[str]:
    queries = []
    for name in names:
        words = name.split()
        queries += [words[0][:n] for n in range(1, len(words[0]) + 1)]
        if len(words) > 1:
            queries += [f"{words[0]} {words[-1][:n]}" for n in range(1, min(len(words[-1]), 5) + 1)]
    return [*queries, "1985-12-01", "12.01.1985", "694 1", "7700"]


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def p50_p95(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return (
        f"{name}: p50 {percentile(ms, 0.5):.2f} ms, p95 {percentile(ms, 0.95):.2f} ms, "
        f"max {ms[-1]:.2f} ms (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "benchmarks" / "out" / "clinic-20k.sqlite"))
    parser.add_argument("--names", type=int, default=60)
    parser.add_argument("--scrolls", type=int, default=3, help="runs of scrolling to the end")
    args = parser.parse_args()
    app = QApplication([])
    database = open_database(args.db, create=False)
    patients = PatientRepository(database)
    total = patients.count()
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    everyone = [row[0] for row in con.execute("SELECT full_name FROM patients")]
    queries = typed(random.Random(5).sample(everyone, min(args.names, len(everyone))))

    page = PatientsPage(PatientListModel(patients))
    page.resize(1366, 768)
    page.show()
    app.processEvents()

    def keystroke(text: str) -> None:
        page.search.setText(text)  # textChanged: the model's query, as typing does
        page.table.viewport().repaint()

    def bare(text: str) -> list[tuple[object, ...]]:
        key = fold(text)
        return con.execute(
            "SELECT id, full_name, date_of_birth, phone, sport FROM patients"
            " WHERE name_key >= ? AND name_key < ? ORDER BY name_key LIMIT 100",
            (key, key + "\U0010ffff"),
        ).fetchall()

    bare_list = QTableView()  # the bare window's keystroke: the rows into Qt's own model,
    bare_list.resize(1366, 768)  # shown as the list shows them (type size, row colours)
    bare_list.verticalHeader().setVisible(False)
    bare_list.setAlternatingRowColors(True)
    sized(bare_list, 12)
    bare_list.show()

    def bare_keystroke(text: str) -> None:
        rows = bare(text)
        items = QStandardItemModel(len(rows), 4)
        for r, row in enumerate(rows):
            for c, value in enumerate(row[1:5]):
                items.setItem(r, c, QStandardItem(str(value)))
        bare_list.setModel(items)
        bare_list.viewport().repaint()

    for text in queries[:20]:  # warm the page cache and the statement caches
        keystroke(text)
        bare_keystroke(text)
    ours, bare_qt, store, base, count = [], [], [], [], []
    for text in queries:  # interleaved, keystroke by keystroke
        page.search.clear()
        app.processEvents()
        ours.append(timed(lambda text=text: keystroke(text)))
        bare_qt.append(timed(lambda text=text: bare_keystroke(text)))
        store.append(timed(lambda text=text: patients.search(text, limit=PatientListModel.PAGE)))
        base.append(timed(lambda text=text: bare(text)))
        count.append(timed(lambda text=text: patients.count(text)))
    print(f"{total} patients, {len(queries)} keystrokes from {args.names} typed names")
    print(p50_p95("keystroke in the window (search, format, paint)", ours))
    print(p50_p95("  bare: plain sqlite3 + QStandardItemModel + paint", bare_qt))
    print(p50_p95("the store's search alone (first page of 100)", store))
    print(p50_p95("  bare: plain sqlite3, the names starting with the text", base))
    print(p50_p95("count of matches (not done per keystroke)", count))

    page.search.clear()
    app.processEvents()
    model = page.model
    table = page.table

    def scroll_to_end() -> int:
        model.set_query("")
        while model.canFetchMore(QModelIndex()):
            table.scrollToBottom()  # the view asks for the next page, as the wheel does
            app.processEvents()
        table.viewport().repaint()
        return model.rowCount()

    def bare_pages(shown: Callable[[list[tuple[object, ...]]], None] = lambda rows: None) -> int:
        n, last = 0, ("", 0)
        while True:
            rows = con.execute(
                "SELECT id, full_name, date_of_birth, phone, sport, name_key FROM patients"
                " WHERE (name_key, id) > (?, ?) ORDER BY name_key, id LIMIT 100",
                last,
            ).fetchall()
            shown(rows)
            n += len(rows)
            if len(rows) < 100:
                return n
            last = (rows[-1][5], rows[-1][0])

    bare_view = QTableView()
    bare_view.resize(1366, 768)
    bare_view.show()

    def bare_scroll() -> int:
        items = QStandardItemModel(0, 4)
        bare_view.setModel(items)

        def shown(rows: list[tuple[object, ...]]) -> None:
            first = items.rowCount()
            items.setRowCount(first + len(rows))  # the page's rows inserted at once
            for r, row in enumerate(rows, first):
                for c, value in enumerate(row[1:5]):
                    items.setItem(r, c, QStandardItem(str(value)))
            bare_view.scrollToBottom()
            app.processEvents()

        return bare_pages(shown)

    def store_pages() -> int:
        rows: list[PatientRow] = []
        while True:
            more = patients.search("", limit=100, after=rows[-1] if rows else None)
            rows += more
            if len(more) < 100:
                return len(rows)

    def offset_pages() -> int:  # how the list paged before keyset paging: OFFSET
        n = 0
        while True:
            rows = con.execute(
                "SELECT id, full_name, date_of_birth, phone, sport FROM patients"
                " ORDER BY name_key, id LIMIT 100 OFFSET ?",
                (n,),
            ).fetchall()
            n += len(rows)
            if len(rows) < 100:
                return n

    scrolled, bare_scrolled, paged, bare_paged, offset = [], [], [], [], []
    for _ in range(args.scrolls):  # interleaved, run by run
        scrolled.append(timed(scroll_to_end))
        bare_scrolled.append(timed(bare_scroll))
        paged.append(timed(store_pages))
        bare_paged.append(timed(bare_pages))
        offset.append(timed(offset_pages))
    assert not scrolled or model.rowCount() == total, (model.rowCount(), total)
    if scrolled:
        print(f"scroll to the end of {total} patients, painted page by page: {spread(scrolled)}")
        print(f"  bare QTableView + QStandardItemModel, same pages: {spread(bare_scrolled)}")
        print(f"  the store's pages alone (by key): {spread(paged)}")
        print(f"  plain sqlite3, the same pages by key: {spread(bare_paged)}")
        print(f"  plain sqlite3, the same pages by OFFSET (the old paging): {spread(offset)}")
    page.close()
    con.close()
    database.close()
    os._exit(0)  # PySide6 6.12 can abort at interpreter exit (refcounts); the figures are out


if __name__ == "__main__":
    main()
