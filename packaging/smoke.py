"""Run the built program headless and check what a clinic PC needs of it.

    python packaging/smoke.py [dist/artdesk/artdesk]

Each check runs the built binary, never the source: a data file or module missing from the
bundle fails here. Exit 0 when all pass, 1 naming the first that did not.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI_SECONDS = 8  # the window must still be up (no import error, no crash) after this long


def _default_binary() -> Path:
    name = "artdesk.exe" if sys.platform == "win32" else "artdesk"
    return ROOT / "dist" / "artdesk" / name


class CheckFailed(Exception):
    pass


def _run(command: list[str], *, cwd: Path, env: dict[str, str]) -> str:
    shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command))
    shown = re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", shown)  # no password in the log
    print(f"$ {shown}", flush=True)
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise CheckFailed(f"{shown}: exit {done.returncode}\n{done.stdout}{done.stderr}")
    return done.stdout


def _source_protocol_count(env: dict[str, str]) -> int:
    """The library as the source checkout lists it, to compare with the bundle's."""
    listing = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "protocols"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return len(listing.splitlines())


def _pdf_text(pdf: Path) -> str:
    """The PDF's text, by poppler's pdftotext (CI has it) or pypdf (the test extra)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        return done.stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def _load_contents():  # packaging/ is no package (it would shadow PyPI's "packaging")
    spec = importlib.util.spec_from_file_location(
        "artdesk_contents", ROOT / "packaging" / "contents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_files(binary: Path) -> None:
    """Every data file of the source tree is in the bundle, at the same place, the same size
    (a file no command reads, a sound or the body chart, would otherwise go missing unseen)."""
    inside = binary.parent / "_internal"  # PyInstaller 6's folder beside the program
    if not inside.is_dir():
        inside = binary.parent
    files = _load_contents().files_to_ship()
    missing = []
    for source in files:
        bundled = inside / source.relative_to(ROOT)
        if not bundled.is_file() or bundled.stat().st_size != source.stat().st_size:
            missing.append(source.relative_to(ROOT).as_posix())
    print(f"  {len(files) - len(missing)} of {len(files)} data files in the bundle")
    if missing:
        raise CheckFailed("missing from the bundle (or not the same file): " + ", ".join(missing))


def check(binary: Path) -> None:
    if not binary.is_file():
        raise CheckFailed(f"{binary}: no built program (run python packaging/build.py)")
    check_files(binary)
    with tempfile.TemporaryDirectory(prefix="artdesk-smoke-") as scratch:
        work = Path(scratch)
        # a fresh home: the bundle must not lean on the user's settings or data folder
        env = {**os.environ, "HOME": str(work), "QT_QPA_PLATFORM": "offscreen"}
        env.pop("ARTDESK_DB", None)
        for name in (
            "XDG_DATA_HOME",
            "XDG_CONFIG_HOME",
            "XDG_CACHE_HOME",
            "APPDATA",
            "LOCALAPPDATA",
        ):
            env[name] = str(work / name.lower())
        exe = str(binary)

        version = _run([exe, "--version"], cwd=work, env=env).strip()
        print(f"  {version}")
        if not version.startswith("ART Desk "):
            raise CheckFailed(f"--version said {version!r}")

        listing = _run([exe, "protocols"], cwd=work, env=env).splitlines()
        expected = _source_protocol_count(env)
        print(f"  {len(listing)} protocols (the source lists {expected})")
        if len(listing) != expected or not listing:
            raise CheckFailed(f"the bundle lists {len(listing)} protocols, the source {expected}")

        courses = _run([exe, "courses"], cwd=work, env=env).splitlines()
        print(f"  {len(courses)} course templates")
        if not courses:
            raise CheckFailed("the bundle lists no course templates")

        database = work / "x.sqlite"
        said = _run([exe, "demo", "--db", str(database), "--patients", "3"], cwd=work, env=env)
        print(f"  {said.strip()}")  # the migrations ran from the bundle's own files
        visits = _run([exe, "visits", "--db", str(database)], cwd=work, env=env).splitlines()
        if not visits:
            raise CheckFailed("the demo made no visits")
        visit = visits[-1].split("\t")[0]

        for paper in ("summary", "note"):
            pdf = work / f"{paper}.pdf"
            _run(
                [exe, paper, "--db", str(database), "--visit", visit, "-o", str(pdf)],
                cwd=work,
                env=env,
            )
            size = pdf.stat().st_size if pdf.exists() else 0
            text = _pdf_text(pdf) if size else ""
            print(f"  {pdf.name}: {size} bytes, {len(text.split())} words")
            if size == 0 or not text.strip():
                raise CheckFailed(f"{paper} of visit {visit}: no PDF, or a PDF with no text")

        said = _run([exe, "verify", "--db", str(database)], cwd=work, env=env)
        print(f"  {said.strip().splitlines()[0]}")
        _check_upgrade(exe, work, env)

        _check_window(exe, database, work, env)
        server = os.environ.get("ARTDESK_TEST_POSTGRES", "")
        if server:
            _check_postgres(exe, server, work, env)
        else:
            print("  (PostgreSQL not checked: ARTDESK_TEST_POSTGRES is not set)")


def _check_postgres(exe: str, server: str, work: Path, env: dict[str, str]) -> None:
    """The bundle carries PostgreSQL's driver: a demo into a scratch database, then verify.
    The scratch database is made and dropped with the build environment's SQLAlchemy."""
    import uuid

    from sqlalchemy import create_engine, make_url, text

    name = f"artdesk_frozen_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        said = _run([exe, "demo", "--db", url, "--patients", "1"], cwd=work, env=env)
        print(f"  {said.strip().split(': ', 1)[-1]}")
        said = _run([exe, "verify", "--db", url], cwd=work, env=env)
        print(f"  {said.strip().splitlines()[0]}")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _check_upgrade(exe: str, work: Path, env: dict[str, str]) -> None:
    """The oldest released schema upgrades to this program's, by Alembic in the bundle."""
    fixtures = sorted((ROOT / "tests" / "store" / "fixtures").glob("schema-*.sqlite"))
    if not fixtures:
        raise CheckFailed("no released-schema fixture in tests/store/fixtures")
    oldest = work / "old" / fixtures[0].name
    oldest.parent.mkdir()
    shutil.copyfile(fixtures[0], oldest)
    patients = _run([exe, "patients", "--db", str(oldest)], cwd=work, env=env).splitlines()
    said = _run([exe, "verify", "--db", str(oldest)], cwd=work, env=env)
    print(
        f"  {fixtures[0].name} upgraded: {len(patients)} patients; {said.strip().splitlines()[0]}"
    )
    if not patients:
        raise CheckFailed(f"{fixtures[0].name}: no patients after the upgrade")


def _check_window(exe: str, database: Path, work: Path, env: dict[str, str]) -> None:
    """The window starts from the bundle (every Qt module and plugin it imports is inside) and
    stays up; it is closed after GUI_SECONDS."""
    print(f"$ {Path(exe).name} --db {database.name}   (the window, offscreen, {GUI_SECONDS} s)")
    window = subprocess.Popen(
        [exe, "--db", str(database)],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(GUI_SECONDS)
    ended = window.poll()
    window.terminate()
    try:
        output, _ = window.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        window.kill()
        output, _ = window.communicate()
    if ended is not None:
        raise CheckFailed(f"the window ended by itself (exit {ended}):\n{output}")
    if "Traceback" in output:
        raise CheckFailed(f"the window printed an error:\n{output}")
    print(f"  still up after {GUI_SECONDS} s")


def main(argv: list[str]) -> int:
    binary = Path(argv[0]) if argv else _default_binary()
    try:
        check(binary.resolve())
    except CheckFailed as failure:
        print(f"smoke check failed: {failure}", file=sys.stderr)
        return 1
    print("packaged build: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
