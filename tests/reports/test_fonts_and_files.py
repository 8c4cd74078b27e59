"""Scripts the shipped font lacks, the warning when nothing can print them, atomic files, CLI."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from artdesk.cli import main
from artdesk.protocols import Library
from artdesk.reports import fonts as fonts_module
from artdesk.reports import missing_glyphs_warning, render_visit, write_atomically
from artdesk.reports.fonts import FontSet
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow
from tests.reports.conftest import VisitMaker

DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
needs_droid = pytest.mark.skipif(
    not os.path.exists(DROID), reason="fonts-droid-fallback (installed by .ci/run) is missing"
)


def flow_of(database: Database) -> VisitFlow:
    return VisitFlow(database, FakeClock())


def test_the_escaping_helper_makes_markup_plain_text() -> None:
    fonts = FontSet(candidates=())
    assert fonts.text("AT&T") == "AT&amp;T"
    assert fonts.text("Smith & Sons <b>") == "Smith &amp; Sons &lt;b&gt;"
    assert (
        fonts.text("<img src='http://127.0.0.1/x.png'/>")
        == "&lt;img src='http://127.0.0.1/x.png'/&gt;"
    )
    assert fonts.text("line one\nline two\x00\x07") == "line one<br/>line two"
    assert fonts.text(None) == ""


def test_a_script_no_font_has_is_reported_not_silently_boxed(
    monkeypatch: pytest.MonkeyPatch,
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
) -> None:
    monkeypatch.setattr(fonts_module, "SYSTEM_FALLBACKS", ())
    visit = make_visit("王小明 Wang")
    rendered = render_visit("summary", flow_of(database), visit, library, settings)
    assert rendered.missing == {"王", "小", "明"}
    warning = missing_glyphs_warning(rendered.missing)
    assert warning is not None and "王" in warning and "Settings" in warning
    assert missing_glyphs_warning(frozenset()) is None


@needs_droid
def test_a_fallback_font_prints_cjk_names_per_run(
    monkeypatch: pytest.MonkeyPatch,
    make_visit: VisitMaker,
    database: Database,
    library: Library,
    settings: Settings,
) -> None:
    monkeypatch.setattr(fonts_module, "SYSTEM_FALLBACKS", ())
    settings.set("extra_font", DROID)  # the Settings route; the system search is the other
    visit = make_visit("王小明 Γιώργος")
    for document in ("summary", "note"):
        rendered = render_visit(document, flow_of(database), visit, library, settings)
        assert rendered.missing == frozenset()
        reader = PdfReader(io.BytesIO(rendered.pdf))
        text = " ".join(p.extract_text() for p in reader.pages)
        assert "王小明 Γιώργος" in text
        if document == "note":  # the footer of every page carries the name, fallback and all
            assert all("王小明 Γιώργος · visit" in p.extract_text() for p in reader.pages)
        names = {
            str(f.get_object()["/BaseFont"])
            for p in reader.pages
            for f in p["/Resources"]["/Font"].values()
        }
        assert any("DroidSansFallback" in n for n in names)
        assert any("DejaVuSans" in n for n in names)


@needs_droid
def test_system_fonts_are_searched_when_settings_name_none(
    make_visit: VisitMaker, database: Database, library: Library, settings: Settings
) -> None:
    visit = make_visit("山田 太郎")  # Japanese kanji: Droid Sans Fallback has them
    rendered = render_visit("summary", flow_of(database), visit, library, settings)
    assert rendered.missing == frozenset()


def test_a_font_that_cannot_be_embedded_is_passed_over(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    fonts = FontSet(extra_font=str(broken), candidates=())
    assert fonts.text("王") == "王"  # no crash; the character is reported instead
    assert fonts.missing == {"王"}


def test_files_are_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.pdf"
    write_atomically(target, b"%PDF-old")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]  # no .part left
    monkeypatch.undo()
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_atomically(tmp_path / "missing" / "x.pdf", b"x")


def test_cli_writes_both_documents_and_says_what_is_wrong(
    make_visit: VisitMaker,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visit = make_visit()
    db = str(database.engine.url.database)
    out, err = io.StringIO(), io.StringIO()
    for document in ("summary", "note"):
        target = tmp_path / f"{document}.pdf"
        assert main([document, "--db", db, "--visit", str(visit), "-o", str(target)], out, err) == 0
        assert PdfReader(target).pages
    # no clinic details on this PC: each paper says it has no clinic header, nothing else
    warnings = err.getvalue().splitlines()
    assert "wrote" in out.getvalue() and len(warnings) == 2
    assert all("no clinic header" in w for w in warnings)
    for argv, message in [
        (
            ["summary", "--db", db, "--visit", "9999", "-o", str(tmp_path / "x.pdf")],
            "no visit 9999",
        ),
        (
            ["note", "--db", db, "--visit", str(visit), "-o", str(tmp_path / "no" / "x.pdf")],
            "does not exist",
        ),
        (
            [
                "note",
                "--db",
                str(tmp_path / "none.sqlite"),
                "--visit",
                "1",
                "-o",
                str(tmp_path / "x.pdf"),
            ],
            "no database at",
        ),
    ]:
        err = io.StringIO()
        assert main(argv, io.StringIO(), err) == 1
        assert message in err.getvalue() and err.getvalue().count("\n") == 1
    monkeypatch.setattr(fonts_module, "SYSTEM_FALLBACKS", ())
    other = make_visit("王小明")
    err = io.StringIO()
    assert (
        main(
            ["summary", "--db", db, "--visit", str(other), "-o", str(tmp_path / "wang.pdf")],
            io.StringIO(),
            err,
        )
        == 0
    )
    assert "warning" in err.getvalue() and "王" in err.getvalue()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_typed_text_parses_and_round_trips(text: str) -> None:
    """Whatever a person typed: reportlab's parser accepts the markup, and taking the markup
    apart again gives back exactly the text (less control characters)."""
    import html
    import re

    from reportlab.platypus import Paragraph

    from artdesk.reports.common import stylesheet

    fonts = FontSet(candidates=())
    markup = fonts.text(text)
    Paragraph(markup, stylesheet()["Body"]).wrap(400, 100_000)  # raises on bad markup
    plain = html.unescape(re.sub(r'<font name="[^"]+">|</font>', "", markup.replace("<br/>", "\n")))
    expected = "".join(c for c in text if c in "\t\n" or not (ord(c) < 32 or ord(c) == 0x7F))
    assert plain == expected.replace("\t", "    ")


def test_the_command_line_prints_without_a_bad_logo_or_font_and_says_which(
    make_visit: VisitMaker, database: Database, tmp_path: Path
) -> None:
    from PIL import Image as PILImage

    from artdesk.settings import default_settings_path

    whole = tmp_path / "whole.png"
    PILImage.new("RGB", (400, 200), "navy").save(whole)
    cut = tmp_path / "logo.png"
    cut.write_bytes(whole.read_bytes()[:120])  # a PNG until it is read
    settings = Settings(default_settings_path())  # the file the command line loads
    settings.set("clinic_logo", str(cut))
    settings.set("extra_font", str(tmp_path / "missing.ttf"))
    settings.save()
    visit = make_visit()
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "summary.pdf"
    db = str(database.engine.url.database)
    assert main(["summary", "--db", db, "--visit", str(visit), "-o", str(target)], out, err) == 0
    lines = err.getvalue().splitlines()
    assert any(f"The clinic logo ({cut}) cannot be read as an image" in ln for ln in lines)
    assert any("The extra font" in ln and "is not there" in ln for ln in lines)
    assert PdfReader(target).pages and "Traceback" not in err.getvalue()
