"""Fonts for the PDFs, and the ONE helper every piece of user text goes through.

DejaVu Sans (shipped in resources/fonts) covers Latin with accents, Greek, Cyrillic and
Vietnamese. For other scripts a fallback font is picked per run of text: the extra font set in
Settings, else one found in the system's usual font folders. A character no font has would
print as an empty box (reportlab does not raise), so the renderer reports it and the program
warns before printing.
"""

from __future__ import annotations

import glob
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from artdesk.resources import resource_dir

REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSans-BoldOblique",
)

# Usual places for fonts with the scripts DejaVu lacks (CJK, Thai, Indic, Arabic…). Fonts with
# PostScript (CFF) outlines, such as Noto CJK .otf/.ttc, cannot be embedded by reportlab and
# are passed over when they fail to load.
SYSTEM_FALLBACKS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans*-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "C:/Windows/Fonts/malgun.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/msyh.ttf",
    "C:/Windows/Fonts/meiryo.ttc",
    "C:/Windows/Fonts/YuGothR.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/Nirmala.ttf",
    "C:/Windows/Fonts/tahoma.ttf",
    "C:/Windows/Fonts/arialuni.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)

_CONTROL = {c for c in range(32) if c not in (9, 10)} | {0x7F}


def _register_shipped() -> TTFont:
    folder = resource_dir("fonts")
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        for name, file in (
            (REGULAR, "DejaVuSans.ttf"),
            (BOLD, "DejaVuSans-Bold.ttf"),
            (ITALIC, "DejaVuSans-Oblique.ttf"),
            (BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
        ):
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
    font = pdfmetrics.getFont(REGULAR)
    assert isinstance(font, TTFont)
    return font


def register_shipped() -> None:
    """Register the shipped fonts (once): what a chart drawn on its own needs."""
    _register_shipped()


@dataclass
class _Fallback:
    name: str
    path: str
    font: TTFont

    def has(self, char: str) -> bool:
        return ord(char) in self.font.face.charToGlyph


_LOADED: dict[str, _Fallback | None] = {}


def _load(path: str) -> _Fallback | None:
    """Load and register one fallback font; None if it cannot be embedded."""
    if path in _LOADED:
        return _LOADED[path]
    fallback = None
    try:
        name = "Fallback-" + Path(path).stem.replace(" ", "")
        font = (
            TTFont(name, path, subfontIndex=0)
            if path.lower().endswith(".ttc")
            else TTFont(name, path)
        )
        pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)  # <b> inside a fallback run keeps its font
        fallback = _Fallback(name, path, font)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        fallback = None
    _LOADED[path] = fallback
    return fallback


@dataclass
class FontSet:
    """The shipped fonts plus, loaded only when a text needs them, the fallbacks."""

    extra_font: str = ""
    candidates: Sequence[str] | None = None  # None: SYSTEM_FALLBACKS
    missing: set[str] = field(default_factory=set)
    used_fallbacks: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._primary = _register_shipped()
        self._fallbacks: list[_Fallback] | None = None

    def _all_fallbacks(self) -> list[_Fallback]:
        if self._fallbacks is None:
            paths = [self.extra_font] if self.extra_font else []
            for pattern in SYSTEM_FALLBACKS if self.candidates is None else self.candidates:
                paths += (
                    sorted(glob.glob(pattern)) if any(c in pattern for c in "*?") else [pattern]
                )
            self._fallbacks = [f for p in paths if os.path.isfile(p) and (f := _load(p))]
        return self._fallbacks

    def _font_for(self, char: str) -> str | None:
        """None: the primary font has it. A fallback's name, or '' when nothing has it."""
        if char in " \n\t" or ord(char) in self._primary.face.charToGlyph:
            return None
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return None  # combining marks and format characters go with their base letter
        for fallback in self._all_fallbacks():
            if fallback.has(char):
                self.used_fallbacks.add(fallback.path)
                return fallback.name
        self.missing.add(char)
        return ""

    def text(self, value: object) -> str:
        """User text made safe for a reportlab Paragraph.

        Markup characters are escaped (so ``AT&T`` prints as typed, ``<b>`` is not bold and
        ``<img src=…>`` is never fetched), control characters dropped, line breaks kept, and
        each run of characters the shipped font lacks wrapped in a font that has them.
        """
        raw = "" if value is None else str(value)
        raw = "".join(c for c in raw if ord(c) not in _CONTROL).replace("\t", "    ")
        out: list[str] = []
        run: list[str] = []
        run_font: str | None = None

        def flush() -> None:
            if not run:
                return
            chunk = escape("".join(run)).replace("\n", "<br/>")
            out.append(f'<font name="{run_font}">{chunk}</font>' if run_font else chunk)
            run.clear()

        for char in raw:
            font = self._font_for(char)
            font = font or None  # missing characters stay in the primary font (empty box)
            if font != run_font:
                flush()
                run_font = font
            run.append(char)
        flush()
        return "".join(out)

    def plain(self, value: object, width: float, font: str, size: float) -> str | None:
        """``value`` as a table cell's plain string (drawn as text, never parsed as markup,
        so nothing in it needs escaping) when the shipped font has every character and each
        line fits ``width``; None when it needs a Paragraph (through :meth:`text`) to wrap or
        to switch fonts. A plain cell is several times faster to lay out: a 40-visit table."""
        raw = "" if value is None else str(value)
        raw = "".join(c for c in raw if ord(c) not in _CONTROL).replace("\t", "    ")
        charmap = self._primary.face.charToGlyph
        if any(c != "\n" and ord(c) not in charmap for c in raw):
            return None
        for line in raw.split("\n"):
            if pdfmetrics.stringWidth(line, font, size) > width:
                return None
        return raw

    def check(self, texts: Iterable[str]) -> set[str]:
        """The characters in ``texts`` that no available font can print."""
        for value in texts:
            for char in value:
                self._font_for(char)
        return set(self.missing)
