"""The files Settings names for the papers (the clinic logo, an extra font), checked before
printing so a missing or wrong one is said in one line instead of being silently left out or
failing the print with a reportlab message.

The papers leave out a logo or font they cannot read (``artdesk.reports``); this says so.
A file that looks right but is damaged inside (a cut-off PNG) fails while the paper is made:
:func:`render_failure` turns that into the same kind of line.
"""

from __future__ import annotations

from pathlib import Path

from artdesk.settings import Settings

_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_FONTS = (b"\x00\x01\x00\x00", b"true", b"ttcf")


def _file_problem(path: Path, kinds: tuple[bytes, ...], what: str) -> str | None:
    if not path.exists():
        return "is not there"
    if path.is_dir():
        return "is a folder, not a file"
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not head:
        return "is empty"
    if head.startswith(b"OTTO") and what == "font":
        return "is an OpenType (CFF) font, which the papers cannot use: choose a .ttf file"
    if not any(head.startswith(kind) for kind in kinds):
        return f"is not a {what} file"
    return None


def clinic_file_problems(settings: Settings) -> list[str]:
    """One line per file Settings names that the papers cannot use."""
    problems = []
    logo = str(settings["clinic_logo"]).strip()
    if logo:
        why = _file_problem(Path(logo).expanduser(), _IMAGES, "PNG or JPEG image")
        if why:
            problems.append(
                f"The clinic logo ({logo}) {why}: the summary is printed without it "
                "(Settings → Clinic logo)."
            )
    font = str(settings["extra_font"]).strip()
    if font:
        why = _file_problem(Path(font).expanduser(), _FONTS, "TrueType font")
        if why:
            problems.append(
                f"The extra font ({font}) {why}: it is not used, so names in other scripts "
                "may print as boxes (Settings → Extra font)."
            )
    return problems


def render_failure(error: BaseException, settings: Settings) -> str:
    """Why a paper could not be made, in one line (a damaged logo file, most often)."""
    import re

    from ui.file_care import said

    text = re.sub(r"identity=\[[^\]]*\]", "", str(error))  # reportlab's wrapper's own name
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    logo = str(settings["clinic_logo"]).strip()
    if logo and ("ImageReader" in str(error) or isinstance(error, OSError)):
        reason = lines[-1] if lines else type(error).__name__
        return (
            f"the clinic logo ({logo}) could not be read ({reason}): choose another file in "
            "Settings → Clinic logo, or empty it"
        )
    return said(error)
