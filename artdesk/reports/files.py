"""The files Settings names for the papers (the clinic logo, an extra font), checked before
printing so a missing or wrong one is said in one line instead of being silently left out or
failing the print with a reportlab message.

The papers leave out a logo or font they cannot read; this says so (the window before
printing, the command line as a warning). A logo that looks right but is damaged inside (a
cut-off PNG) is found by decoding it, and left out too.
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
    if head.startswith(b"OTTO") and "font" in what:
        return "is an OpenType (CFF) font, which the papers cannot use: choose a .ttf file"
    if not any(head.startswith(kind) for kind in kinds):
        return f"is not a {what} file"
    return None


def _undecodable(path: Path) -> str | None:
    """A logo that starts like an image but cannot be decoded (cut off, damaged)."""
    try:
        from reportlab.lib.utils import ImageReader

        ImageReader(str(path)).getRGBData()
    except Exception as exc:  # PIL and reportlab raise many kinds: the file is what matters
        reason = " ".join(str(exc).split()).split("identity=")[0].strip(" :") or type(exc).__name__
        return f"cannot be read as an image ({reason[:80]})"
    return None


def clinic_file_problems(settings: Settings) -> list[str]:
    """One line per file Settings names that the papers cannot use; and, when no clinic
    name, address or phone is set on this PC, that the papers print no clinic header."""
    problems = []
    if not any(str(settings[k]).strip() for k in ("clinic_name", "clinic_address", "clinic_phone")):
        problems.append(
            "No clinic name, address or phone is set on this PC: the paper has no clinic "
            "header (the window's Settings… → Clinic)."
        )
    logo = str(settings["clinic_logo"]).strip()
    if logo:
        why = _file_problem(Path(logo).expanduser(), _IMAGES, "PNG or JPEG image")
        if why is None:
            why = _undecodable(Path(logo).expanduser())
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
