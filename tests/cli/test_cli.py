from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from artdesk import __version__
from artdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_protocols_lists_the_library_id_first() -> None:
    code, out, _ = run("protocols")
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(lines) >= 11
    assert sum(int(line[3]) for line in lines) >= 24
    assert ["posterior-thigh", "Posterior thigh — hamstrings", "thigh (posterior)", "1"] in lines


def test_check_passes_the_shipped_library() -> None:
    code, out, _ = run("protocols", "--check", str(ROOT / "resources" / "protocols"))
    assert code == 0 and out.startswith("19 protocols OK (34 structures) in 19 files")


def test_check_reports_problems_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("id = 'x'\nversion = 0\n", encoding="utf-8")
    code, out, err = run("protocols", "--check", str(tmp_path))
    assert code == 1
    assert "bad.toml: version: must be greater than zero, not 0" in out.splitlines()
    assert "bad.toml: name: missing required field" in out.splitlines()
    assert "1 of 1 files have problems" in err
    code, _, err = run("protocols", "--check", str(tmp_path / "missing"))
    assert code == 1 and "no such folder" in err


def test_demo_then_patients_and_visits_as_tab_separated_lines(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    code, out, _ = run("demo", "--db", db, "--patients", "25", "--seed", "7")
    # 25 made up, and one patient on each study's course
    assert code == 0 and "27 patients" in out and "3 clinicians" in out
    code, out, _ = run("patients", "--db", db)
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(rows) == 27 and all(r[0].isdigit() and len(r) == 6 for r in rows)
    scripts = "".join(r[1] for r in rows)
    assert any("\u0370" <= c <= "\u03ff" for c in scripts), "no Greek name"
    assert any("\u0400" <= c <= "\u04ff" for c in scripts), "no Cyrillic name"
    assert any(c in scripts for c in "ëéøłüñçÆ"), "no accented Latin name"
    first = rows[0]
    code, out, _ = run("patients", "--db", db, "--search", first[1].split()[0])
    assert first[0] in [line.split("\t")[0] for line in out.splitlines()]
    code, out, _ = run("visits", "--db", db, "--patient", first[0])
    visits = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and visits and all(v[1] == first[0] for v in visits)
    assert [v[3] for v in visits] == sorted((v[3] for v in visits), reverse=True)
    assert {v[4] for v in visits} == {"signed"}


def test_demo_is_believable_pain_mostly_eases_and_visits_span_months(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db), "--patients", "30", "--seed", "3")[0] == 0
    con = sqlite3.connect(db)
    eased = con.execute(
        "SELECT avg(b.value - a.value) FROM measurements b JOIN measurements a"
        " ON a.visit_id = b.visit_id AND a.timing = 'after' AND b.timing = 'before'"
        " AND a.instrument = 'NPRS' AND b.instrument = 'NPRS'"
    ).fetchone()[0]
    first_last = con.execute(
        """SELECT count(*), sum(last < first) FROM (
             SELECT v.patient_id,
               (SELECT m.value FROM measurements m JOIN visits v2 ON v2.id = m.visit_id
                 WHERE v2.patient_id = v.patient_id AND m.timing = 'before'
                   AND m.instrument IN ('NPRS', 'VAS', 'VRS')
                 ORDER BY v2.started_at LIMIT 1) AS first,
               (SELECT m.value FROM measurements m JOIN visits v2 ON v2.id = m.visit_id
                 WHERE v2.patient_id = v.patient_id AND m.timing = 'before'
                   AND m.instrument IN ('NPRS', 'VAS', 'VRS')
                 ORDER BY v2.started_at DESC LIMIT 1) AS last
             FROM visits v GROUP BY v.patient_id)"""
    ).fetchone()
    span = con.execute(
        "SELECT julianday(max(started_at)) - julianday(min(started_at)) FROM visits"
    ).fetchone()[0]
    home_care = con.execute("SELECT count(DISTINCT visit_id) FROM home_care_items").fetchone()[0]
    visits = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    con.close()
    assert eased > 0.5
    assert first_last[1] >= 0.7 * first_last[0]
    assert span > 90
    assert home_care == visits


def test_demo_journals_replay_through_the_real_runner(tmp_path: Path) -> None:
    from artdesk.store import open_database
    from artdesk.treatment import FakeClock, Status
    from artdesk.visit import VisitFlow

    db = tmp_path / "demo.sqlite"
    run("demo", "--db", str(db), "--patients", "5", "--seed", "11")
    database = open_database(db)
    try:
        flow = VisitFlow(database, FakeClock())
        for row in flow.recent(limit=20):
            record = flow.record(row.id)
            assert record.state.status is Status.FINISHED
            assert record.treated_seconds == pytest.approx(row.treated_seconds)
            assert record.pain_before == row.pain_before and record.pain_after == row.pain_after
    finally:
        database.close()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["patients", "--db", "{tmp}/missing.sqlite"], "no database at"),
        (["visits", "--db", "{tmp}/missing.sqlite"], "no database at"),
        (["demo", "--db", "{tmp}/no/such/folder/x.sqlite"], "does not exist"),
        (["patients", "--db", "{tmp}/junk.sqlite"], "is not a database"),
        (["patients", "--db", "{tmp}/newer.sqlite"], "newer ART Desk"),
        (["visits", "--db", "{tmp}/ok.sqlite", "--patient", "42"], "no patient 42"),
        (["backup", "--db", "{tmp}/ok.sqlite", "-o", "{tmp}/nowhere/b.sqlite"], "does not exist"),
    ],
)
def test_clear_one_line_errors_and_non_zero_exits(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "junk.sqlite").write_text("not a database at all " * 20)
    assert run("demo", "--db", str(tmp_path / "ok.sqlite"), "--patients", "1")[0] == 0
    newer = tmp_path / "newer.sqlite"
    assert run("demo", "--db", str(newer), "--patients", "0")[0] == 0
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    code, out, err = run(*[a.format(tmp=tmp_path) for a in argv])
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("artdesk: ") and message in err


def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    folder = tmp_path / "Dr O'Brien's Clinic #2? (Ω)"  # URI-special characters in the path
    folder.mkdir()
    db, copy = folder / "live.sqlite", folder / "copy.sqlite"
    run("demo", "--db", str(db), "--patients", "3")
    code, _, _ = run("backup", "--db", str(db), "-o", str(copy))
    assert code == 0
    assert run("patients", "--db", str(copy))[1] == run("patients", "--db", str(db))[1]


def test_environment_variable_names_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.sqlite"
    run("demo", "--db", str(db), "--patients", "2")
    monkeypatch.setenv("ARTDESK_DB", str(db))
    code, out, _ = run("patients")
    assert code == 0 and len(out.splitlines()) == 4  # and the two on the studies' courses


def test_version_and_the_real_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.strip() == f"ART Desk {__version__}"
    result = subprocess.run(
        [sys.executable, "main.py", "frobnicate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "unrecognized arguments: frobnicate" in result.stderr


def test_protocols_show_prints_a_protocol_in_full(library) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("protocols", "--show", "anterior-hip-thigh")
    protocol = library.get("anterior-hip-thigh")
    assert code == 0 and out.startswith(f"{protocol.name}  [anterior-hip-thigh, version")
    for structure in protocol.structures:
        for text in (
            structure.name,
            structure.start_position,
            structure.shortened_position,
            structure.contact,
            structure.lengthening,
        ):
            assert text in out
        for precaution in structure.precautions:
            assert f"! {precaution}" in out  # the cautions stand out
        for item in structure.home_care:
            assert item.exercise in out
    code, out, err = run("protocols", "--show", "knee-magic")
    assert code == 1 and out == "" and err.count("\n") == 1 and "no protocol 'knee-magic'" in err


def test_a_listing_cut_short_by_head_is_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db), "--patients", "300", "--seed", "2")[0] == 0
    result = subprocess.run(
        f"{sys.executable} main.py patients --db '{db}' | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and len(result.stdout.splitlines()) == 1


def test_the_demos_course_patients_marked_where_it_hurt(tmp_path: Path) -> None:
    """The demo shows the body chart as a clinic using it has it: the course patients' visits
    carry marks, in the treated protocol's regions, sealed with the visit."""
    from artdesk.protocols import load_shipped_library
    from artdesk.store import open_database
    from artdesk.treatment import FakeClock
    from artdesk.visit import VisitFlow

    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db), "--patients", "5", "--seed", "11")[0] == 0
    database = open_database(db)
    library = load_shipped_library()
    try:
        flow = VisitFlow(database, FakeClock(), library=library)
        con = sqlite3.connect(db)
        marked = [
            v
            for (v,) in con.execute(
                "SELECT id FROM visits WHERE body_marks IS NOT NULL AND body_marks <> '[]'"
            )
        ]
        con.close()
        assert len(marked) >= 6
        for visit in marked:
            record = flow.record(visit)
            regions = {m.region for m in record.body_marks}
            treated = {r.plan.protocol_id for r in record.treated}
            assert regions and regions <= {g for p in treated for g in library.get(p).regions}
        assert "altered" not in " ".join(run("verify", "--db", str(db))[1:])
    finally:
        database.close()
